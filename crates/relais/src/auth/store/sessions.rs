//! Sessions: stored by the digest of their token.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::typed_id::Flag;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub public_id: String,
    pub user_id: String,
    #[sqlx(try_from = "i64")]
    pub mfa_done: Flag,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ip: String,
    pub user_agent: String,
}

pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub public_id: &'a str,
    pub user_id: &'a str,
    pub mfa_done: bool,
    pub expires_at: i64,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub async fn insert_session(
    db: impl Executor<'_, Database = Any>,
    session: &NewSession<'_>,
) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (id_hash, public_id, user_id, mfa_done, created_at, last_seen_at, \
         expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)",
    )
    .bind(session.id_hash)
    .bind(session.public_id)
    .bind(session.user_id)
    .bind(i64::from(session.mfa_done))
    .bind(now)
    .bind(session.expires_at)
    .bind(session.ip)
    .bind(session.user_agent)
    .execute(db)
    .await?;
    Ok(())
}

const SESSION_COLUMNS: &str =
    "public_id, user_id, mfa_done, created_at, last_seen_at, expires_at, ip, user_agent";

/// A session that has not been revoked (expiry is checked by the caller).
pub async fn find_session(
    db: impl Executor<'_, Database = Any>,
    id_hash: &str,
) -> sqlx::Result<Option<SessionRecord>> {
    let sql =
        format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1 AND revoked_at IS NULL");
    sqlx::query_as(&sql).bind(id_hash).fetch_optional(db).await
}

pub async fn active_sessions(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<SessionRecord>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL \
         AND mfa_done = 1 AND expires_at > $2 ORDER BY last_seen_at DESC"
    );
    sqlx::query_as(&sql).bind(user_id).bind(now_ms()).fetch_all(db).await
}

pub async fn touch_session(
    db: impl Executor<'_, Database = Any>,
    id_hash: &str,
    ip: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, ip = $2 WHERE id_hash = $3")
        .bind(now_ms())
        .bind(ip)
        .bind(id_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Gives a session a new token (its digest): done at every change of privilege, so a token
/// seen before the change is worth nothing after it. False when the session is gone.
pub async fn rotate_session(
    db: impl Executor<'_, Database = Any>,
    old_hash: &str,
    new_hash: &str,
) -> sqlx::Result<bool> {
    let result =
        sqlx::query("UPDATE sessions SET id_hash = $1 WHERE id_hash = $2 AND revoked_at IS NULL")
            .bind(new_hash)
            .bind(old_hash)
            .execute(db)
            .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn complete_mfa(
    db: impl Executor<'_, Database = Any>,
    id_hash: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET mfa_done = 1, expires_at = $1 WHERE id_hash = $2")
        .bind(expires_at)
        .bind(id_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn revoke_session(
    db: impl Executor<'_, Database = Any>,
    id_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(id_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Revokes one of a person's sessions by its public id; false if there is no such session.
pub async fn revoke_session_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    public_id: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 \
         WHERE user_id = $2 AND public_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(user_id)
    .bind(public_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Revokes all of a person's sessions except `keep` (a session id hash), if given.
pub async fn revoke_sessions_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    keep: Option<&str>,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 \
         WHERE user_id = $2 AND revoked_at IS NULL AND id_hash <> $3",
    )
    .bind(now_ms())
    .bind(user_id)
    .bind(keep.unwrap_or(""))
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// Deletes the organisation's sessions that ended (expired or signed out) before `cutoff`: the
/// sign-in history is kept as long as the retention rule says.
pub async fn purge_ended_before(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    cutoff: i64,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "DELETE FROM sessions WHERE (expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)) \
         AND user_id IN (SELECT id FROM users WHERE org_id = $2)",
    )
    .bind(cutoff)
    .bind(org_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
