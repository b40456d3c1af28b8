//! Events and live updates: every change others should see is written to the outbox in the
//! same transaction, published after commit in order (in-process, or through NATS JetStream
//! between instances), and delivered to the WebSocket connections allowed to see it.

pub mod bus;
pub mod hub;
pub mod outbox;
pub mod publisher;
pub mod ws;

use serde::Serialize;

/// One event, as stored in the outbox and sent to clients.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub org_id: String,
    /// Who may receive it: `org:<id>` (everyone in the organisation) or `user:<id>`.
    pub audience: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// A change of the conversations a listener belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    Joined(String),
    Left(String),
}

/// Who listens on a live connection: a person of an organisation, and the conversations they
/// belong to (followed as they join and leave).
#[derive(Debug, Clone, Default)]
pub struct Listener {
    pub org_id: String,
    pub user_id: String,
    pub conversations: std::collections::HashSet<String>,
}

impl Listener {
    /// Whether this person may receive the event: `org:<id>` (everyone in the organisation),
    /// `user:<id>` (this person) or `conversation:<id>` (its members).
    pub fn sees(&self, event: &Event) -> bool {
        if event.org_id != self.org_id {
            return false;
        }
        match event.audience.split_once(':') {
            Some(("org", id)) => id == self.org_id,
            Some(("user", id)) => id == self.user_id,
            Some(("conversation", id)) => self.conversations.contains(id),
            _ => false,
        }
    }

    /// Follows this person's own joins and leaves, so the next events are filtered right.
    pub fn follow(&mut self, event: &Event) -> Option<Membership> {
        if event.audience != format!("user:{}", self.user_id) || event.org_id != self.org_id {
            return None;
        }
        let id = event.payload.get("conversation_id").and_then(|v| v.as_str())?.to_string();
        match event.kind.as_str() {
            "conversation.joined" => {
                self.conversations.insert(id.clone());
                Some(Membership::Joined(id))
            }
            "conversation.left" => {
                self.conversations.remove(&id);
                Some(Membership::Left(id))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(org: &str, audience: &str) -> Event {
        Event {
            id: 1,
            at: 0,
            org_id: org.into(),
            audience: audience.into(),
            kind: "k".into(),
            payload: serde_json::json!({}),
        }
    }

    fn listener(org: &str, user: &str) -> Listener {
        Listener { org_id: org.into(), user_id: user.into(), ..Listener::default() }
    }

    #[test]
    fn events_reach_only_their_audience() {
        assert!(listener("a", "u1").sees(&event("a", "org:a")));
        assert!(!listener("b", "u1").sees(&event("a", "org:a")));
        assert!(listener("a", "u1").sees(&event("a", "user:u1")));
        assert!(!listener("a", "u2").sees(&event("a", "user:u1")));
        assert!(
            !listener("a", "u1").sees(&event("a", "org:b")),
            "audience of another organisation"
        );
        assert!(!listener("a", "u1").sees(&event("a", "nonsense")));
    }

    #[test]
    fn conversation_events_follow_joins_and_leaves() {
        let mut me = listener("a", "u1");
        assert!(!me.sees(&event("a", "conversation:c1")));
        let mut joined = event("a", "user:u1");
        joined.kind = "conversation.joined".into();
        joined.payload = serde_json::json!({ "conversation_id": "c1" });
        me.follow(&joined);
        assert!(me.sees(&event("a", "conversation:c1")));
        let mut someone_else = joined.clone();
        someone_else.audience = "user:u2".into();
        someone_else.payload = serde_json::json!({ "conversation_id": "c2" });
        me.follow(&someone_else);
        assert!(!me.sees(&event("a", "conversation:c2")));
        joined.kind = "conversation.left".into();
        me.follow(&joined);
        assert!(!me.sees(&event("a", "conversation:c1")));
    }
}
