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

impl Event {
    /// Whether a person (of `org_id`, with `user_id`) may receive this event.
    pub fn visible_to(&self, org_id: &str, user_id: &str) -> bool {
        if self.org_id != org_id {
            return false;
        }
        match self.audience.split_once(':') {
            Some(("org", id)) => id == org_id,
            Some(("user", id)) => id == user_id,
            _ => false,
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

    #[test]
    fn events_reach_only_their_audience() {
        assert!(event("a", "org:a").visible_to("a", "u1"));
        assert!(!event("a", "org:a").visible_to("b", "u1"));
        assert!(event("a", "user:u1").visible_to("a", "u1"));
        assert!(!event("a", "user:u1").visible_to("a", "u2"));
        assert!(!event("a", "org:b").visible_to("a", "u1"), "audience of another organisation");
        assert!(!event("a", "nonsense").visible_to("a", "u1"));
    }
}
