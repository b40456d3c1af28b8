//! Call rounds ("tour d'appels"): a team calls the people it follows — its patients, or a custom
//! list — weekly or once, with a short script; the caller's phone page gives the next person, a
//! tap to dial, the script and the outcome; a concern alerts the coordinators at once.

pub mod calling;
pub mod demo;
pub mod model;
pub mod record;
pub mod routes;
pub mod service;
pub mod setup;
pub mod store;
