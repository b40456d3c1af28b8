//! Background jobs: a table of work to do, and a worker that runs it with retries and backoff.
//! Periodic upkeep (audit checkpoints, retention, purges, re-encryption) runs as jobs too, so an
//! administrator sees what ran, when, and what failed.

pub mod registry;
pub mod routes;
pub mod store;
pub mod worker;

pub use registry::{Periodic, Registry};

/// How long a finished job's row is kept (the jobs page's history).
pub const KEPT_DAYS: i64 = 30;
