//! Shared pieces of the benchmark programs.

pub mod hhcrsp;
pub mod solomon;
pub mod chat;
