//! The team's usage protocol and the organisation's rules (IT security, and any other page a team
//! wants everyone to know): versioned Markdown pages whose new versions may ask to be
//! acknowledged, with starting texts for a home-care team. The telework charter, which has its
//! own acceptance rules, lives with telework and is linked from the list.

pub mod demo;
pub mod model;
pub mod routes;
pub mod service;
pub mod starters;
pub mod store;
