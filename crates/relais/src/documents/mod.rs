//! Shared documents: a space for the organisation, one per team and one per person, with folders,
//! versions, a trash, rights per space with overrides per folder, and documents linked to a
//! patient that only the care relationship opens. Files are sealed with the organisation's key
//! as they stream in, and stored as blobs (`crate::blobs`).

pub mod dav;
pub mod demo;
pub mod jobs;
pub mod links;
pub mod model;
pub mod names;
pub mod rights;
pub mod routes;
pub mod service;
pub mod store;
