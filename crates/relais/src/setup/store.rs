use sqlx::{Any, Executor};

use crate::clock::now_ms;

/// Replaces any unused setup token by a new one.
pub async fn replace_token(
    db: impl Executor<'_, Database = Any> + Copy,
    token_hash: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM setup_tokens WHERE used_at IS NULL").execute(db).await?;
    sqlx::query(
        "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(token_hash)
    .bind(now_ms())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn token_is_valid(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(db)
    .await?;
    Ok(row.is_some())
}

/// Uses the token once; false if it was used meanwhile or has expired.
pub async fn consume_token(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> sqlx::Result<bool> {
    let now = now_ms();
    let result = sqlx::query(
        "UPDATE setup_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}
