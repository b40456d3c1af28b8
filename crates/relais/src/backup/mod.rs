//! `relais backup` and `relais restore`: one consistent, encrypted archive of every table and
//! file, portable between SQLite and PostgreSQL, with a manifest of checksums.

pub mod archive;
mod blobs;
pub mod purge;
pub mod tables;

pub use archive::{backup, restore};
