//! Versions looked at across documents: the old ones a retention rule removes, and the ones a
//! person uploaded (for the export of their own data).

use sqlx::{Any, Executor};

use crate::documents::model::{SpaceId, Version, VersionId};

/// An old version (not its document's current one), for the retention rule.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OldVersion {
    pub id: VersionId,
    pub space_id: SpaceId,
    pub blob_key: String,
    pub size_bytes: i64,
}

/// The organisation's old versions written before `cutoff`, at most a thousand at a time.
pub async fn old_versions_before(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    cutoff: i64,
) -> sqlx::Result<Vec<OldVersion>> {
    sqlx::query_as(
        "SELECT v.id, d.space_id, v.blob_key, v.size_bytes FROM document_versions v \
         JOIN documents d ON d.id = v.document_id \
         WHERE v.org_id = $1 AND v.created_at < $2 AND v.number <> d.current_version LIMIT 1000",
    )
    .bind(org_id)
    .bind(cutoff)
    .fetch_all(db)
    .await
}

/// A version a person uploaded, with its document's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Uploaded {
    #[sqlx(flatten)]
    pub version: Version,
    pub document_name: String,
}

/// The versions a person uploaded, oldest first.
pub async fn uploaded_by(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<Uploaded>> {
    sqlx::query_as(
        "SELECT v.id, v.document_id, v.number, v.size_bytes, v.media_type, v.sha256, v.blob_key, \
         v.created_by, '' AS created_by_name, v.created_at, d.name AS document_name \
         FROM document_versions v JOIN documents d ON d.id = v.document_id \
         WHERE v.org_id = $1 AND v.created_by = $2 ORDER BY v.created_at",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}
