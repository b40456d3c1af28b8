//! The SQL of the telework module, one file per subject. Every query is scoped by organisation.

pub mod agreements;
pub mod charter;
pub mod days;
pub mod desks;
pub mod notices;
pub mod posts;
pub mod security;
pub mod time;
