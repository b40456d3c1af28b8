//! Sign-in: passwords, TOTP and recovery codes, sessions, one-time links, throttling and the
//! security log.

pub mod enrolment;
pub mod feeds;
pub mod link_routes;
pub mod links;
pub mod notice;
pub mod passkeys;
pub mod password;
pub mod routes;
pub mod service;
pub mod session;
pub mod sso;
pub mod store;
pub mod throttle;
pub mod totp;

pub use session::{CurrentUser, PartialSession};
