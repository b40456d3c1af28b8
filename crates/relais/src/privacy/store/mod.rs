//! Data protection's SQL, one file per table family.

pub mod breaches;
pub mod exports;
pub mod requests;
pub mod retention;
