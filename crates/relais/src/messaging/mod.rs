//! Team messaging: channels, direct and group messages, threads, mentions, reactions, pins,
//! read state, search over encrypted messages, and the right to disconnect (notifications held
//! outside working hours unless an allowed person marks a message urgent, with a reason).

pub mod actions;
pub mod announcement;
pub mod api;
pub mod attachments;
pub mod conversations;
pub mod demo;
pub mod digest;
pub mod export;
pub mod indicators;
pub mod jobs;
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

/// The audience of a conversation's events: its members.
pub fn audience(conversation_id: &str) -> String {
    crate::events::Audience::group("conversation", conversation_id).to_string()
}

/// A person's live connections receive the events of the conversations they belong to.
pub fn register_groups(groups: &mut crate::events::Groups) {
    groups.register(|state, _org_id, user_id| {
        Box::pin(async move {
            let ids = store::ids_of_member(state.db.reader(), &user_id).await?;
            Ok(ids.iter().map(|id| crate::events::Audience::group("conversation", id)).collect())
        })
    });
}
