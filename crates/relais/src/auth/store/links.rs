//! One-time links (activation, password reset), stored by the digest of their token.

use sqlx::{Any, Executor};

use crate::clock::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Activation,
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Activation => "activation",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }
}

pub async fn insert_link(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
    purpose: LinkPurpose,
    user_id: &str,
    created_by: Option<&str>,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO one_time_links (token_hash, purpose, user_id, created_by, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(user_id)
    .bind(created_by)
    .bind(now_ms())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// The person a link is for, if it is unused and unexpired.
pub async fn valid_link(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
    purpose: LinkPurpose,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT user_id FROM one_time_links \
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now_ms())
    .fetch_optional(db)
    .await
}

/// Uses a link once; false if it was used meanwhile or has expired.
pub async fn consume_link(
    db: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> sqlx::Result<bool> {
    let now = now_ms();
    let result = sqlx::query(
        "UPDATE one_time_links SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Ends every unused link of a person (a new link replaces the old ones).
pub async fn expire_links_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE one_time_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now_ms())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
