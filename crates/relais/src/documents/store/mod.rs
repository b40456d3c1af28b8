//! SQL of the documents feature.

pub mod documents;
pub mod favourites;
pub mod folders;
pub mod spaces;
pub mod versions;
