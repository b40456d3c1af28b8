//! SQL of the right-to-disconnect indicators: raw facts of a period, aggregated in Rust.

use sqlx::{Any, Executor, Row};

/// (author, sent at) of every message of the organisation in `[from, to)`.
pub async fn messages_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query("SELECT author_id, created_at FROM messages WHERE org_id = $1 AND created_at >= $2 AND created_at < $3")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

/// (recipient, created at, urgent) of every notification of the organisation in `[from, to)`.
pub async fn notifications_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(String, i64, bool)>> {
    sqlx::query("SELECT user_id, created_at, urgent FROM notifications WHERE org_id = $1 AND created_at >= $2 AND created_at < $3")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get::<i64, _>(2)? != 0)))
        .collect()
}

/// Authors of the urgent overrides of the organisation in `[from, to)`.
pub async fn overrides_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query("SELECT author_id FROM urgent_overrides WHERE org_id = $1 AND created_at >= $2 AND created_at < $3")
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect()
}
