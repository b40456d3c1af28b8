//! `/api/v1`: JSON for every module, for the session's pages and for API tokens (a person's or a
//! bot's). The OpenAPI document is generated from the same table of endpoints as the router, so
//! the two cannot disagree. Lists page by signed cursor (`page.rs`), updates take `If-Match`
//! (`version.rs`), tokens have scopes per module and a per-minute limit (`caller.rs`); outgoing
//! and incoming webhooks and bots live in `webhooks/` and `bots.rs`.

pub mod bots;
pub mod caller;
pub mod endpoints;
pub mod fhir;
pub mod incoming;
pub mod json;
pub mod openapi;
pub mod page;
pub mod platform;
pub mod tokens;
pub mod version;
pub mod webhooks;

pub use caller::{ApiCaller, Scope};
