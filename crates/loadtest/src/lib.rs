//! Shared pieces of the benchmark programs.

pub mod chat;
pub mod hhcrsp;
pub mod seed;
pub mod solomon;
