//! Training and help: help pages per module and role (searchable, reached from a "?" on the
//! screens they explain), a person's first steps on the home page, and the cybersecurity
//! awareness course with its quiz (completion per person, coverage per team for IT), and the
//! practice space (one's own copy of the demo organisation).

pub mod course;
pub mod help;
pub mod model;
pub mod practice;
pub mod practice_routes;
pub mod routes;
pub mod steps;
pub mod store;
