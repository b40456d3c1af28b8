//! The audit log: who did what to which object (and which patient), when, from where, and how it
//! ended — reads of patient data included. Rows form a keyed hash chain that nobody can quietly
//! edit, delete, insert into or reorder; signed checkpoints also catch a truncated tail.

pub mod anchor;
pub mod chain;
pub mod model;
pub mod refusals;
pub mod routes;
pub mod service;
pub mod store;
pub mod trail;

pub use model::{Actor, Entry};
pub use service::{record, record_now};
