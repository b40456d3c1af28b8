//! SQL for share links. Counting a wrong password or a download is one conditional update, so
//! two visitors at once can neither pass the download limit nor skip the lock.

use sqlx::{Any, Executor};

use super::{LinkId, ShareLink};
use crate::documents::model::{DocumentId, FolderId};

const COLUMNS: &str = "l.id, l.org_id, l.document_id, l.folder_id, l.drop_box, l.password_hash, \
    l.expires_at, l.max_downloads, l.downloads, l.failures, l.locked_at, l.reason, l.created_by, \
    COALESCE(u.display_name, '') AS created_by_name, l.created_at, l.revoked_at, \
    COALESCE(d.name, f.name, '') AS subject_name";

const FROM: &str = "doc_links l LEFT JOIN users u ON u.id = l.created_by \
    LEFT JOIN documents d ON d.id = l.document_id LEFT JOIN doc_folders f ON f.id = l.folder_id";

/// A link as its creator asked for it.
pub struct NewLink<'a> {
    pub id: &'a LinkId,
    pub org_id: &'a str,
    pub token_hash: &'a str,
    pub document_id: Option<&'a DocumentId>,
    pub folder_id: Option<&'a FolderId>,
    pub drop_box: bool,
    pub password_hash: &'a str,
    pub expires_at: i64,
    pub max_downloads: Option<i64>,
    pub reason: Option<&'a str>,
    pub created_by: &'a str,
    pub created_at: i64,
}

pub async fn insert(db: impl Executor<'_, Database = Any>, link: &NewLink<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO doc_links (id, org_id, token_hash, document_id, folder_id, drop_box, \
         password_hash, expires_at, max_downloads, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(link.id)
    .bind(link.org_id)
    .bind(link.token_hash)
    .bind(link.document_id)
    .bind(link.folder_id)
    .bind(i64::from(link.drop_box))
    .bind(link.password_hash)
    .bind(link.expires_at)
    .bind(link.max_downloads)
    .bind(link.reason)
    .bind(link.created_by)
    .bind(link.created_at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn by_token_hash(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> sqlx::Result<Option<ShareLink>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE l.token_hash = $1");
    sqlx::query_as(&sql).bind(token_hash).fetch_optional(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &LinkId,
) -> sqlx::Result<Option<ShareLink>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE l.org_id = $1 AND l.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// Whose links to list.
pub enum Listed<'a> {
    /// One person's links.
    CreatedBy(&'a str),
    /// Every link of the organisation (administrators).
    Organisation,
    Document(&'a DocumentId),
    Folder(&'a FolderId),
}

/// Links of the organisation, newest first (at most 500).
pub async fn list(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    listed: Listed<'_>,
) -> sqlx::Result<Vec<ShareLink>> {
    let (filter, value) = match listed {
        Listed::CreatedBy(user) => ("AND l.created_by = $2", Some(user)),
        Listed::Organisation => ("", None),
        Listed::Document(id) => ("AND l.document_id = $2", Some(id.as_str())),
        Listed::Folder(id) => ("AND l.folder_id = $2", Some(id.as_str())),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE l.org_id = $1 {filter} \
         ORDER BY l.created_at DESC LIMIT 500"
    );
    let query = sqlx::query_as(&sql).bind(org_id);
    match value {
        Some(value) => query.bind(value).fetch_all(db).await,
        None => query.fetch_all(db).await,
    }
}

/// Counts a wrong password; the new count, or none when the link is already locked.
pub async fn count_failure(
    db: impl Executor<'_, Database = Any>,
    id: &LinkId,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE doc_links SET failures = failures + 1 WHERE id = $1 AND locked_at IS NULL \
         RETURNING failures",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Locks the link; `true` for the call that locked it.
pub async fn lock(
    db: impl Executor<'_, Database = Any>,
    id: &LinkId,
    at: i64,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE doc_links SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts one download if the link is still open and under its limit; `false` otherwise.
pub async fn count_download(
    db: impl Executor<'_, Database = Any>,
    id: &LinkId,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE doc_links SET downloads = downloads + 1 WHERE id = $1 AND revoked_at IS NULL \
         AND locked_at IS NULL AND expires_at > $2 \
         AND (max_downloads IS NULL OR downloads < max_downloads)",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes a live link; `false` when it was already revoked.
pub async fn revoke(
    db: impl Executor<'_, Database = Any>,
    id: &LinkId,
    by: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE doc_links SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes back the count of a right password (only wrong ones lock the link).
pub async fn forget_failure(
    db: impl Executor<'_, Database = Any>,
    id: &LinkId,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE doc_links SET failures = failures - 1 WHERE id = $1 AND failures > 0")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
