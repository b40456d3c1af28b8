//! Exports: queued by the person, built by the job, kept seven days.

use sqlx::{Any, Executor};

use crate::privacy::model::{Export, ExportId};

const COLUMNS: &str =
    "id, user_id, state, done, total, blob_key, size_bytes, error, created_at, expires_at";

/// Queues an export; `false` when one is already queued or running for this person (the
/// database's `privacy_exports_one_pending` decides, even under a race).
pub async fn queue(
    db: impl Executor<'_, Database = Any>,
    id: &ExportId,
    org_id: &str,
    user_id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO privacy_exports (id, org_id, user_id, state, created_at) \
         VALUES ($1, $2, $3, 'queued', $4) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(org_id)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's exports, newest first.
pub async fn of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Export>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM privacy_exports WHERE user_id = $1 ORDER BY created_at DESC LIMIT 10"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// One export of a person (another's is "not found").
pub async fn find(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &ExportId,
) -> sqlx::Result<Option<Export>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM privacy_exports WHERE id = $1 AND user_id = $2"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// Takes the oldest queued export, or one left running by an instance that died (`stale_before`).
pub async fn claim(
    db: impl Executor<'_, Database = Any> + Copy,
    now: i64,
    stale_before: i64,
) -> sqlx::Result<Option<(ExportId, String, String)>> {
    let next: Option<(ExportId, String, String)> = sqlx::query_as(
        "SELECT id, org_id, user_id FROM privacy_exports \
         WHERE state = 'queued' OR (state = 'running' AND COALESCE(ready_at, created_at) < $1) \
         ORDER BY created_at LIMIT 1",
    )
    .bind(stale_before)
    .fetch_optional(db)
    .await?;
    let Some((id, org_id, user_id)) = next else { return Ok(None) };
    // `ready_at` holds the claim's time while running: a second claimer sees it moved on.
    let claimed = sqlx::query(
        "UPDATE privacy_exports SET state = 'running', done = 0, total = 0, ready_at = $1 \
         WHERE id = $2 AND (state = 'queued' OR (state = 'running' AND COALESCE(ready_at, created_at) < $3))",
    )
    .bind(now)
    .bind(&id)
    .bind(stale_before)
    .execute(db)
    .await?;
    Ok((claimed.rows_affected() == 1).then_some((id, org_id, user_id)))
}

/// Progress of a running export.
pub async fn progress(
    db: impl Executor<'_, Database = Any>,
    id: &ExportId,
    done: i64,
    total: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE privacy_exports SET done = $1, total = $2 WHERE id = $3 AND state = 'running'",
    )
    .bind(done)
    .bind(total)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The archive is stored: the export is ready until `expires_at`.
pub async fn ready(
    db: impl Executor<'_, Database = Any>,
    id: &ExportId,
    blob_key: &str,
    size_bytes: i64,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE privacy_exports SET state = 'ready', done = total, blob_key = $1, size_bytes = $2, \
         ready_at = $3, expires_at = $4 WHERE id = $5",
    )
    .bind(blob_key)
    .bind(size_bytes)
    .bind(now)
    .bind(expires_at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn failed(
    db: impl Executor<'_, Database = Any>,
    id: &ExportId,
    error: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE privacy_exports SET state = 'failed', error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Exports past their seven days, with their archive's key (to delete after the rows).
pub async fn expired(
    db: impl Executor<'_, Database = Any>,
    now: i64,
) -> sqlx::Result<Vec<(ExportId, Option<String>)>> {
    sqlx::query_as(
        "SELECT id, blob_key FROM privacy_exports WHERE (state = 'ready' AND expires_at < $1) \
         OR (state = 'failed' AND created_at < $1 - 604800000)",
    )
    .bind(now)
    .fetch_all(db)
    .await
}

pub async fn delete(db: impl Executor<'_, Database = Any>, id: &ExportId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM privacy_exports WHERE id = $1").bind(id).execute(db).await?;
    Ok(())
}

/// Every archive key of a person's exports (an erasure deletes them).
pub async fn keys_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT blob_key FROM privacy_exports WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().filter_map(|(key,)| key).collect())
}
