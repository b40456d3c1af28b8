//! Who receives an event: everyone of the organisation, one person, or the members of a group
//! (a team, a conversation…). Features name their groups; at start-up each registers how to find
//! the groups a person belongs to, so the platform never asks a feature's tables itself.

use futures_util::future::BoxFuture;

use crate::state::AppState;

/// In an event to a person, the payload key naming a group they just joined.
pub const JOINS: &str = "joins";
/// In an event to a person, the payload key naming a group they just left.
pub const LEAVES: &str = "leaves";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Everyone in the organisation.
    Org(String),
    /// One person.
    User(String),
    /// The members of a group: `kind` is the feature's name for it (`team`, `conversation`).
    Group { kind: String, id: String },
}

impl Audience {
    pub fn org(id: &str) -> Self {
        Self::Org(id.to_string())
    }

    pub fn user(id: &str) -> Self {
        Self::User(id.to_string())
    }

    /// The members of a team (the day board of that team, not the whole organisation).
    pub fn team(id: &str) -> Self {
        Self::group("team", id)
    }

    pub fn group(kind: &str, id: &str) -> Self {
        Self::Group { kind: kind.to_string(), id: id.to_string() }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once(':')?;
        if id.is_empty() || kind.is_empty() {
            return None;
        }
        Some(match kind {
            "org" => Self::org(id),
            "user" => Self::user(id),
            _ => Self::group(kind, id),
        })
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Org(id) => write!(f, "org:{id}"),
            Self::User(id) => write!(f, "user:{id}"),
            Self::Group { kind, id } => write!(f, "{kind}:{id}"),
        }
    }
}

/// Finds the groups a person (organisation, user) belongs to, as audiences.
pub type GroupsOf =
    fn(AppState, String, String) -> BoxFuture<'static, anyhow::Result<Vec<Audience>>>;

/// The group finders the features registered.
#[derive(Clone, Default)]
pub struct Groups {
    finders: Vec<GroupsOf>,
}

impl std::fmt::Debug for Groups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Groups").field("finders", &self.finders.len()).finish()
    }
}

impl Groups {
    pub fn register(&mut self, finder: GroupsOf) -> &mut Self {
        self.finders.push(finder);
        self
    }

    /// Every group the person belongs to, from every feature.
    pub async fn of(
        &self,
        state: &AppState,
        org_id: &str,
        user_id: &str,
    ) -> anyhow::Result<Vec<Audience>> {
        let mut all = Vec::new();
        for finder in &self.finders {
            all.extend(finder(state.clone(), org_id.to_string(), user_id.to_string()).await?);
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_read_back_as_written() {
        for audience in [Audience::org("o"), Audience::user("u"), Audience::team("t")] {
            assert_eq!(Audience::parse(&audience.to_string()), Some(audience));
        }
        assert_eq!(Audience::parse("nonsense"), None);
        assert_eq!(Audience::parse("team:"), None);
    }
}
