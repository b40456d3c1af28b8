//! Retention in one place: every class of data Relais keeps, how long the law lets an
//! organisation keep it, what the organisation chose, and the job that applies it.

pub mod apply;
pub mod classes;
pub mod service;
