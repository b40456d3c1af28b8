//! Single sign-on through OpenID Connect providers configured per organisation (a directory
//! such as Keycloak, Entra ID or LemonLDAP::NG; Pro Santé Connect for health professionals).

pub mod admin;
pub mod logout;
pub mod logout_token;
pub mod model;
pub mod oidc;
pub mod routes;
pub mod service;
pub mod setup;
pub mod store;
