//! Events and live updates: every change others should see is written to the outbox in the
//! same transaction, published after commit in order (in-process, or through NATS JetStream
//! between instances), and delivered to the WebSocket connections allowed to see it.

pub mod audience;
pub mod bus;
pub mod hub;
pub mod outbox;
pub mod publisher;
pub mod ws;

use serde::Serialize;

pub use audience::{Audience, Groups};

/// One event, as stored in the outbox and sent to clients.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub org_id: String,
    /// Who may receive it (see `Audience`): `org:<id>`, `user:<id>`, or a group such as
    /// `team:<id>` or `conversation:<id>`.
    pub audience: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// A change of the groups a listener belongs to: the group's audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    Joined(String),
    Left(String),
}

/// Who listens on a live connection: a person of an organisation, and the groups (teams,
/// conversations…) they belong to, followed as they join and leave.
#[derive(Debug, Clone, Default)]
pub struct Listener {
    pub org_id: String,
    pub user_id: String,
    pub groups: std::collections::HashSet<String>,
}

impl Listener {
    /// Whether this person may receive the event: everyone of the organisation, this person, or
    /// the members of a group they belong to.
    pub fn sees(&self, event: &Event) -> bool {
        if event.org_id != self.org_id {
            return false;
        }
        match Audience::parse(&event.audience) {
            Some(Audience::Org(id)) => id == self.org_id,
            Some(Audience::User(id)) => id == self.user_id,
            Some(group @ Audience::Group { .. }) => self.groups.contains(&group.to_string()),
            None => false,
        }
    }

    /// Follows this person's own joins and leaves (an event to them whose payload names the
    /// group in `joins` or `leaves`), so the next events are filtered right.
    pub fn follow(&mut self, event: &Event) -> Option<Membership> {
        if event.audience != Audience::User(self.user_id.clone()).to_string()
            || event.org_id != self.org_id
        {
            return None;
        }
        let group = |key: &str| {
            let text = event.payload.get(key)?.as_str()?;
            matches!(Audience::parse(text)?, Audience::Group { .. }).then(|| text.to_string())
        };
        if let Some(joined) = group(audience::JOINS) {
            self.groups.insert(joined.clone());
            return Some(Membership::Joined(joined));
        }
        let left = group(audience::LEAVES)?;
        self.groups.remove(&left);
        Some(Membership::Left(left))
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
        joined.payload = serde_json::json!({ "joins": "conversation:c1" });
        me.follow(&joined);
        assert!(me.sees(&event("a", "conversation:c1")));
        let mut someone_else = joined.clone();
        someone_else.audience = "user:u2".into();
        someone_else.payload = serde_json::json!({ "joins": "conversation:c2" });
        me.follow(&someone_else);
        assert!(!me.sees(&event("a", "conversation:c2")));
        let mut sneaky = joined.clone();
        sneaky.payload = serde_json::json!({ "joins": "org:b" });
        assert_eq!(me.follow(&sneaky), None, "only groups can be joined");
        joined.kind = "conversation.left".into();
        joined.payload = serde_json::json!({ "leaves": "conversation:c1" });
        me.follow(&joined);
        assert!(!me.sees(&event("a", "conversation:c1")));
    }
}
