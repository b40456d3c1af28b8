//! Telework organisation: which posts can be done remotely (assessed on a grid, reasons written
//! out), the charter and who accepted it, individual agreements, days asked and decided against
//! the team's rules, and the team calendar. Nothing is collected from anyone's device and no
//! activity is tracked: what people declare is what is stored.

pub mod demo;
pub mod eligibility;
pub mod jobs;
pub mod model;
pub mod routes;
pub mod rules;
pub mod service;
pub mod store;
pub mod transparency;
