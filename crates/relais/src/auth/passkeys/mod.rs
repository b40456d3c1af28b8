//! Passkeys (WebAuthn): a second factor in place of TOTP, and a sign-in without password.

pub mod routes;
pub mod service;
pub mod store;
