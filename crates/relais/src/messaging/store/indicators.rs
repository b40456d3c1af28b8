//! SQL of the right-to-disconnect indicators: raw facts of a period, aggregated in Rust.

use sqlx::{Any, Executor};

use crate::typed_id::Flag;

/// (author, sent at) of every message of the organisation in `[from, to)`.
pub async fn messages_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT author_id, created_at FROM messages WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 \
         AND author_id NOT IN (SELECT id FROM users WHERE bot = 1)")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await
}

/// (recipient, created at, urgent) of every notification of the organisation in `[from, to)`.
pub async fn notifications_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(String, i64, bool)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as("SELECT user_id, created_at, urgent FROM notifications WHERE org_id = $1 AND created_at >= $2 AND created_at < $3")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await?;
    rows.into_iter()
        .map(|(user_id, at, urgent)| {
            let urgent = Flag::try_from(urgent).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok((user_id, at, urgent.0))
        })
        .collect()
}

/// Authors of the urgent overrides of the organisation in `[from, to)`.
pub async fn overrides_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT author_id FROM urgent_overrides WHERE org_id = $1 AND created_at >= $2 AND created_at < $3")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await
}
