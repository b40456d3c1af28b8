//! Shared pieces of the benchmark programs.

pub mod solomon;
