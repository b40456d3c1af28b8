//! Team messaging: channels, direct and group messages, threads, mentions, reactions, pins,
//! read state, search over encrypted messages, and the right to disconnect (notifications held
//! outside working hours unless an allowed person marks a message urgent, with a reason).

pub mod announcement;
pub mod attachments;
pub mod conversations;
pub mod demo;
pub mod digest;
pub mod disconnect;
pub mod indicators;
pub mod markdown;
pub mod model;
pub mod notifications;
pub mod posting;
pub mod reading;
pub mod retention;
pub mod routes;
pub mod search;
pub mod settings;
pub mod store;
pub mod text;
pub mod writer;

/// The audience of a conversation's events (see `events::Event::visible_to`).
pub fn audience(conversation_id: &str) -> String {
    format!("conversation:{conversation_id}")
}
