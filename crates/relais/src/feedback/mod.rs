//! The feedback box: suggestions and problems about work, tools or organisation, sent named or
//! anonymously to a team's managers or to the organisation; statuses and answers the author
//! follows (an anonymous author by a one-time code), votes, and a monthly summary.

pub mod demo;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
