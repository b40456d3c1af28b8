//! SQL of the documents feature.

pub mod documents;
pub mod folders;
pub mod spaces;
