//! Document types as the services use them.

use serde::Serialize;

use super::rights::{Level, SpaceKind};
use crate::homecare::model::PatientId;
use crate::typed_id::typed_id;

typed_id! {
    /// A document space: the organisation's, a team's or a person's.
    SpaceId
}

typed_id! {
    FolderId
}

typed_id! {
    DocumentId
}

typed_id! {
    /// One stored version of a document.
    VersionId
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Space {
    pub id: SpaceId,
    #[sqlx(try_from = "String")]
    pub kind: SpaceKind,
    pub team_id: Option<String>,
    pub owner_id: Option<String>,
    /// The team's name for a team space (the query joins it), empty otherwise.
    pub team_name: String,
    pub quota_bytes: Option<i64>,
    pub used_bytes: i64,
    pub root_id: FolderId,
}

impl Space {
    /// The space's name in `lang`, as the pages and WebDAV show it.
    pub fn name(&self, lang: crate::i18n::Lang) -> String {
        match self.kind {
            SpaceKind::Organisation => lang.t("documents-space-organisation"),
            SpaceKind::Team => self.team_name.clone(),
            SpaceKind::Personal => lang.t("documents-space-personal"),
        }
    }

    pub fn facts(&self) -> super::rights::SpaceFacts<'_> {
        super::rights::SpaceFacts {
            kind: self.kind,
            team_id: self.team_id.as_deref(),
            owner_id: self.owner_id.as_deref(),
        }
    }
}

/// A space with what the reader may do in it.
#[derive(Debug, Clone, Serialize)]
pub struct SpaceAccess {
    pub space: Space,
    pub level: Level,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Folder {
    pub id: FolderId,
    pub space_id: SpaceId,
    pub parent_id: Option<FolderId>,
    pub name: String,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: DocumentId,
    pub space_id: SpaceId,
    pub folder_id: FolderId,
    pub name: String,
    pub patient_id: Option<PatientId>,
    pub current_version: i64,
    pub size_bytes: i64,
    pub media_type: String,
    pub created_by: Option<String>,
    pub updated_by: Option<String>,
    /// The name of who changed it last (joined), empty if they left.
    pub updated_by_name: String,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    pub locked_by: Option<String>,
    /// The name of who holds the lock (joined), empty if none.
    pub locked_by_name: String,
    pub locked_until: Option<i64>,
}

impl Document {
    /// Who holds the "being edited" lock at `now`, if anyone.
    pub fn lock_holder(&self, now: i64) -> Option<&str> {
        match (&self.locked_by, self.locked_until) {
            (Some(by), Some(until)) if until > now => Some(by),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Version {
    pub id: VersionId,
    pub document_id: DocumentId,
    pub number: i64,
    pub size_bytes: i64,
    pub media_type: String,
    pub sha256: String,
    pub blob_key: String,
    pub created_by: Option<String>,
    /// The author's name (joined), empty if they left.
    pub created_by_name: String,
    pub created_at: i64,
}
