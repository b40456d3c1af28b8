//! First start: a one-time link to create the first organisation and its administrator.

pub mod routes;
pub mod service;
mod store;
