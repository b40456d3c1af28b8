//! Home-care télégestion: patients and their care relationship, caregivers, care plans, the
//! weekly planning with its conflicts and publication, and the round optimiser's proposals.

pub mod actions;
pub mod api;
pub mod board;
pub mod calendar;
pub mod card;
pub mod caregivers;
pub mod conflicts;
pub mod corrections;
pub mod demo;
pub mod demo_history;
pub mod export;
pub mod fhir;
pub mod fields;
pub mod forms;
pub mod hours;
pub mod model;
pub mod optimise;
pub mod patients;
pub mod photos;
pub mod planning;
pub mod realised;
pub mod recurrence;
pub mod round;
pub mod routes;
pub mod routing;
pub mod scope;
pub mod store;
pub mod timeline;
pub mod transparency;
pub mod visit_report;
