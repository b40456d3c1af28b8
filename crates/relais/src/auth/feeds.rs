//! Calendar feeds: a secret, revocable address that a calendar app polls without a session. The
//! token is shown once and stored as a digest; one feed per person, kind and scope. Features
//! decide what a feed carries and audit its renewal and revocation.

use sqlx::{Any, AnyConnection, Executor};

use crate::secrets::{digest, random_token};

/// Who a feed belongs to, and what it covers ('' for the person's own, else e.g. a team's id).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Feed {
    pub user_id: String,
    pub org_id: String,
    pub scope: String,
}

/// Creates or renews the feed (the old address stops working); returns the new token.
pub async fn renew(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    kind: &str,
    scope: &str,
) -> sqlx::Result<String> {
    let token = random_token(24);
    revoke(&mut *conn, user_id, kind, scope).await?;
    sqlx::query(
        "INSERT INTO feeds (token_digest, user_id, org_id, kind, scope, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(org_id)
    .bind(kind)
    .bind(scope)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(token)
}

pub async fn revoke(
    conn: &mut AnyConnection,
    user_id: &str,
    kind: &str,
    scope: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM feeds WHERE user_id = $1 AND kind = $2 AND scope = $3")
        .bind(user_id)
        .bind(kind)
        .bind(scope)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn exists(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    kind: &str,
    scope: &str,
) -> sqlx::Result<bool> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM feeds WHERE user_id = $1 AND kind = $2 AND scope = $3",
    )
    .bind(user_id)
    .bind(kind)
    .bind(scope)
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}

/// The feed of `kind` a token opens, if it is still valid.
pub async fn find(
    db: impl Executor<'_, Database = Any>,
    kind: &str,
    token: &str,
) -> sqlx::Result<Option<Feed>> {
    sqlx::query_as("SELECT user_id, org_id, scope FROM feeds WHERE token_digest = $1 AND kind = $2")
        .bind(digest(token))
        .bind(kind)
        .fetch_optional(db)
        .await
}

/// The token in a feed's file name (`<token>.ics`), if it looks like one we issue.
pub fn token_of(file: &str) -> Option<&str> {
    let token = file.strip_suffix(".ics")?;
    let plausible = !token.is_empty()
        && token.len() <= 64
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plausible.then_some(token)
}
