//! SQL of the home-care feature.

pub mod care;
pub mod corrections;
pub mod patients;
pub mod photos;
pub mod rounds;
pub mod visits;
