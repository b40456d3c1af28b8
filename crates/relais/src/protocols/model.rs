//! Protocol pages as the services use them.

use serde::Serialize;

use crate::text_enum::text_enum;
use crate::typed_id::typed_id;

typed_id! {
    /// A page of rules: the team's usage protocol, the IT security rules…
    ProtocolId
}

typed_id! {
    /// One published version of a page.
    ProtocolVersionId
}

text_enum! {
    /// What a page is about (the list groups them; the starting templates exist for the first two).
    ProtocolKind { Usage = "usage", Security = "security", Other = "other" }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Protocol {
    pub id: ProtocolId,
    pub org_id: String,
    /// The team whose page it is; none for the whole organisation's.
    pub team_id: Option<String>,
    /// The team's name (joined), empty for the organisation's pages.
    pub team_name: String,
    #[sqlx(try_from = "String")]
    pub kind: ProtocolKind,
    pub title: String,
    pub current_version: i64,
    /// The latest version that asked to be acknowledged (0: none ever did).
    pub required_version: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProtocolVersion {
    pub id: ProtocolVersionId,
    pub protocol_id: ProtocolId,
    pub version: i64,
    pub body: String,
    /// What changed, in a line.
    pub note: String,
    #[sqlx(try_from = "i64")]
    pub needs_ack: crate::typed_id::Flag,
    /// Who published it (joined), empty if they left.
    pub published_by_name: String,
    pub published_at: i64,
}

impl ProtocolVersion {
    pub fn asks_acknowledgement(&self) -> bool {
        self.needs_ack.0
    }
}

/// One person's acknowledgement of one version.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Ack {
    pub protocol_id: ProtocolId,
    pub user_id: String,
    pub version: i64,
    pub acked_at: i64,
}
