//! Retention: messages older than the organisation's limit (a retention rule, applied by the
//! privacy feature's job) are deleted with everything attached
//! (reactions, mentions, index entries, notifications, urgent reasons), except pinned messages and
//! their threads. A thread's first message that still has younger replies keeps its place, its
//! text erased.

use sqlx::AnyConnection;

use crate::clock::now_ms;
use crate::error::AppResult;
use crate::state::AppState;

const BATCH: i64 = 500;

/// Deletes the organisation's messages written before `cutoff` (ms); returns how many.
pub async fn purge_before(state: &AppState, org_id: &str, cutoff: i64) -> AppResult<u64> {
    let mut deleted = 0;
    loop {
        let mut tx = state.db.begin().await?;
        let (removed, erased) = one_batch(&mut tx, org_id, cutoff).await?;
        tx.commit().await?;
        deleted += removed as u64;
        if removed + erased < BATCH as usize {
            return Ok(deleted);
        }
    }
}

/// Deletes the files attached before `cutoff` (the messages stay, saying a file was removed);
/// returns how many.
pub async fn purge_attachments_before(
    state: &AppState,
    org_id: &str,
    cutoff: i64,
) -> AppResult<u64> {
    let done = sqlx::query("DELETE FROM message_attachments WHERE org_id = $1 AND created_at < $2")
        .bind(org_id)
        .bind(cutoff)
        .execute(state.db.writer())
        .await?;
    Ok(done.rows_affected())
}

/// Deletes up to one batch of expired messages (replies first); returns (deleted, erased).
async fn one_batch(
    conn: &mut AnyConnection,
    org_id: &str,
    cutoff: i64,
) -> sqlx::Result<(usize, usize)> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.id, (SELECT COUNT(*) FROM messages r WHERE r.thread_root_id = m.id) AS replies \
         FROM messages m WHERE m.org_id = $1 AND m.created_at < $2 AND m.pinned = 0 \
         AND (m.thread_root_id IS NULL OR m.thread_root_id NOT IN (SELECT id FROM messages WHERE pinned = 1)) \
         AND (m.body_enc IS NOT NULL OR NOT EXISTS (SELECT 1 FROM messages r WHERE r.thread_root_id = m.id)) \
         ORDER BY m.thread_root_id IS NULL, m.created_at LIMIT $3",
    )
    .bind(org_id)
    .bind(cutoff)
    .bind(BATCH)
    .fetch_all(&mut *conn)
    .await?;
    let (mut deleted, mut erased) = (0, 0);
    for (id, replies) in rows {
        for table in [
            "message_reactions",
            "message_mentions",
            "message_terms",
            "notifications",
            "urgent_overrides",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE message_id = $1"))
                .bind(&id)
                .execute(&mut *conn)
                .await?;
        }
        if replies > 0 {
            sqlx::query("UPDATE messages SET body_enc = NULL, deleted_at = $1 WHERE id = $2")
                .bind(now_ms())
                .bind(&id)
                .execute(&mut *conn)
                .await?;
            erased += 1;
        } else {
            sqlx::query("DELETE FROM messages WHERE id = $1").bind(&id).execute(&mut *conn).await?;
            deleted += 1;
        }
    }
    Ok((deleted, erased))
}
