//! API tokens (a person's, or a bot's): `rlt_` + 256 random bits, shown once, stored as a SHA-256
//! digest, with scopes per module and a per-minute request count.

use sqlx::{Any, Executor};

use super::caller::Scope;
use crate::clock::{MINUTE_MS, now_ms};
use crate::secrets::{digest, new_id, random_token};

pub const PREFIX: &str = "rlt_";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub scopes: Scopes,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// A token's scopes, stored as `messaging:read,tasks:write`; a scope the code does not know is a decode
/// error, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes(pub Vec<Scope>);

impl TryFrom<String> for Scopes {
    type Error = crate::text_enum::UnknownValue;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.split(',')
            .map(|part| {
                Scope::parse(part).ok_or_else(|| crate::text_enum::UnknownValue {
                    what: "Scope",
                    text: part.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Scopes)
    }
}

impl std::ops::Deref for Scopes {
    type Target = [Scope];

    fn deref(&self) -> &[Scope] {
        &self.0
    }
}

const COLUMNS: &str = "id, user_id, name, scopes, created_at, expires_at, last_used_at";

/// Creates a token; returns its id and the secret to show once.
pub async fn create(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    name: &str,
    scopes: &[Scope],
    expires_at: Option<i64>,
) -> sqlx::Result<(String, String)> {
    let id = new_id();
    let secret = format!("{PREFIX}{}", random_token(32));
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(name)
    .bind(digest(&secret))
    .bind(scopes.join(","))
    .bind(now_ms())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok((id, secret))
}

/// The live token with this secret (not revoked, not expired).
pub async fn find_live(
    db: impl Executor<'_, Database = Any>,
    secret: &str,
) -> sqlx::Result<Option<ApiToken>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL \
         AND expires_at > $2"
    );
    sqlx::query_as(&sql).bind(digest(secret)).bind(now_ms()).fetch_optional(db).await
}

/// The requests of a token in the current minute, counted with this one.
pub struct Counted {
    pub count: i64,
    /// Seconds until the minute ends (for `Retry-After`).
    pub retry_after_secs: u64,
}

/// Counts one request of the token in the current minute (and marks it used), in one statement:
/// two instances counting at once both count (the row's lock orders them).
pub async fn count_request(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    now: i64,
) -> sqlx::Result<Counted> {
    let window = now - now.rem_euclid(MINUTE_MS);
    let count: i64 = sqlx::query_scalar(
        "UPDATE api_tokens SET last_used_at = $1, \
         window_count = CASE WHEN window_start = $2 THEN window_count + 1 ELSE 1 END, \
         window_start = $2 WHERE id = $3 RETURNING window_count",
    )
    .bind(now)
    .bind(window)
    .bind(id)
    .fetch_one(db)
    .await?;
    Ok(Counted { count, retry_after_secs: retry_after_secs(window, now) })
}

/// Seconds until the minute starting at `window` ends (at least one).
pub fn retry_after_secs(window: i64, now: i64) -> u64 {
    let left_ms = (window + MINUTE_MS - now).max(1);
    u64::try_from((left_ms + 999) / 1000).unwrap_or(1)
}

/// Marks a token used (WebDAV: file managers send bursts of requests, not limited per minute).
pub async fn touch(db: impl Executor<'_, Database = Any>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn list(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC"
    );
    sqlx::query_as(&sql).bind(user_id).fetch_all(db).await
}

/// Revokes every live token of a person (deactivated: reactivation must not bring back a token
/// that may have leaked meanwhile).
pub async fn revoke_all_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// Revokes one of a person's tokens; false if there is no such live token.
pub async fn revoke(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}
