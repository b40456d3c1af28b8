//! Task boards: a team's boards (and each person's own) with lists, cards, assignees, due dates,
//! labels, checklists, comments, a link to a patient within the care relationship, recurring
//! cards, "my tasks" across boards, cards made from messages, and notices that follow the right
//! to disconnect. Card text is sealed; every change is in the card's history and the audit log.

pub mod api;
pub mod demo;
pub mod jobs;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
pub mod transparency;
