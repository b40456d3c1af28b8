//! Working conditions (QVCT): anonymous pulse surveys built from a question bank, answered once
//! by each person asked, with results shown only once closed and above a minimum group.

pub mod action_store;
pub mod actions;
pub mod bank;
pub mod compare;
pub mod demo;
pub mod recurrence;
pub mod results;
pub mod results_routes;
pub mod routes;
pub mod service;
pub mod store;
pub mod trend;
