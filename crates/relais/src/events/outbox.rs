//! The outbox: events written with the change that caused them, read back by the publisher and
//! by WebSocket clients resuming after a reconnect.

use sqlx::{Any, AnyConnection, Executor};

use super::Event;
use crate::clock::now_ms;

/// Records an event inside the caller's transaction. Returns its id.
pub async fn emit(
    conn: &mut AnyConnection,
    org_id: &str,
    audience: &str,
    kind: &str,
    payload: &serde_json::Value,
) -> sqlx::Result<i64> {
    let id: i64 =
        sqlx::query_scalar("UPDATE outbox_head SET seq = seq + 1 WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO outbox (id, at, org_id, audience, kind, payload) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(now_ms())
    .bind(org_id)
    .bind(audience)
    .bind(kind)
    .bind(payload.to_string())
    .execute(conn)
    .await?;
    Ok(id)
}

/// An outbox row; its payload is JSON text, and JSON that does not parse is an error.
#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    at: i64,
    org_id: String,
    audience: String,
    kind: String,
    payload: String,
}

fn events(rows: Vec<Stored>) -> sqlx::Result<Vec<Event>> {
    rows.into_iter()
        .map(|row| {
            Ok(Event {
                payload: serde_json::from_str(&row.payload)
                    .map_err(|error| sqlx::Error::Decode(Box::new(error)))?,
                id: row.id,
                at: row.at,
                org_id: row.org_id,
                audience: row.audience,
                kind: row.kind,
            })
        })
        .collect()
}

/// Unpublished events, oldest first.
pub async fn unpublished(
    db: impl Executor<'_, Database = Any>,
    limit: i64,
) -> sqlx::Result<Vec<Event>> {
    let rows = sqlx::query_as(
        "SELECT id, at, org_id, audience, kind, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    events(rows)
}

pub async fn mark_published(
    db: impl Executor<'_, Database = Any>,
    ids: &[i64],
) -> sqlx::Result<()> {
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else { return Ok(()) };
    sqlx::query(
        "UPDATE outbox SET published_at = $1 WHERE id >= $2 AND id <= $3 AND published_at IS NULL",
    )
    .bind(now_ms())
    .bind(first)
    .bind(last)
    .execute(db)
    .await?;
    Ok(())
}

/// Events of an organisation after `after` and up to `up_to` (already delivered), for a client
/// catching up.
pub async fn after(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    after: i64,
    up_to: i64,
    limit: i64,
) -> sqlx::Result<Vec<Event>> {
    let rows = sqlx::query_as(
        "SELECT id, at, org_id, audience, kind, payload FROM outbox \
         WHERE org_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4",
    )
    .bind(org_id)
    .bind(after)
    .bind(up_to)
    .bind(limit)
    .fetch_all(db)
    .await?;
    events(rows)
}

/// Events of every organisation after `after`, oldest first (for the webhooks' dispatcher).
/// Ids are taken in commit order (`outbox_head` is locked until commit), so no later event
/// becomes visible before an earlier one.
pub async fn since(
    db: impl Executor<'_, Database = Any>,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<Event>> {
    let rows = sqlx::query_as(
        "SELECT id, at, org_id, audience, kind, payload FROM outbox WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    events(rows)
}

/// The newest published id, and the oldest id still kept (older ones have been deleted).
pub async fn published_range(db: impl Executor<'_, Database = Any>) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COALESCE(MAX(id), 0) AS newest, COALESCE(MIN(id), 0) AS oldest FROM outbox WHERE published_at IS NOT NULL",
    )
    .fetch_one(db)
    .await
}

/// The newest id written (published or not), and how many wait to be published.
pub async fn backlog(db: impl Executor<'_, Database = Any>) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT seq FROM outbox_head WHERE id = 1) AS head, \
         (SELECT COUNT(*) FROM outbox WHERE published_at IS NULL) AS waiting",
    )
    .fetch_one(db)
    .await
}

/// Deletes published events older than `max_age_ms` (clients older than that resynchronise).
pub async fn purge(db: impl Executor<'_, Database = Any>, max_age_ms: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM outbox WHERE published_at IS NOT NULL AND at < $1")
        .bind(now_ms() - max_age_ms)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
