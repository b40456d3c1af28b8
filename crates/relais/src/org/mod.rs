//! Organisations (tenants), sites, teams, people and their roles.

pub mod fields;
pub mod model;
pub mod roles;
pub mod service;
pub mod store;

pub use model::{Person, Site, Team};
pub use roles::{Permission, Role};
