//! `/api/v1`: JSON for the features that exist, for the session's pages and for personal API
//! tokens. The OpenAPI document is generated from the same table of endpoints as the router,
//! so the two cannot disagree.

pub mod caller;
pub mod endpoints;
pub mod fhir;
pub mod json;
pub mod openapi;
pub mod tokens;

pub use caller::{ApiCaller, Scope};
