//! Organisations (tenants), sites, teams, people and their roles, and when each person is
//! reachable (the right to disconnect).

pub mod availability;
pub mod fields;
pub mod model;
pub mod roles;
pub mod service;
pub mod store;

pub use model::{Person, Site, Team};
pub use roles::{Permission, Role};
