//! SQL for credentials, sessions, one-time links, recovery codes and the security log.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Executor, Row};

use crate::clock::now_ms;

/// What sign-in needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub time_zone: String,
    pub password_hash: Option<String>,
    /// The TOTP secret, sealed with the organisation's data key.
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub active: bool,
}

impl Credentials {
    pub fn has_totp(&self) -> bool {
        self.totp_sealed.is_some()
    }
}

/// Where a person's sealed TOTP secret lives (its encryption is bound to this place).
pub fn totp_place(user_id: &str) -> crate::crypto::Place<'_> {
    crate::crypto::Place { table: "users", column: "totp_secret_enc", row_id: user_id }
}

const CREDENTIAL_COLUMNS: &str = "id, org_id, email, display_name, locale, time_zone, \
    password_hash, totp_secret_enc, totp_last_step, active";

fn credentials_from_row(row: &AnyRow) -> sqlx::Result<Credentials> {
    Ok(Credentials {
        user_id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        locale: row.try_get("locale")?,
        time_zone: row.try_get("time_zone")?,
        password_hash: row.try_get("password_hash")?,
        totp_sealed: row.try_get("totp_secret_enc")?,
        totp_last_step: row.try_get("totp_last_step")?,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

pub async fn credentials_by_email(
    db: impl Executor<'_, Database = Any>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE email = $1");
    let row = sqlx::query(&sql).bind(email).fetch_optional(db).await?;
    row.as_ref().map(credentials_from_row).transpose()
}

pub async fn credentials_by_id(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<Credentials>> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(&sql).bind(user_id).fetch_optional(db).await?;
    row.as_ref().map(credentials_from_row).transpose()
}

pub async fn set_password(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_totp(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    sealed_secret: Option<&[u8]>,
    last_step: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET totp_secret_enc = $1, totp_last_step = $2 WHERE id = $3")
        .bind(sealed_secret)
        .bind(last_step)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Records that `step` was used; false if it (or a later one) already was — a replay, even
/// when two requests race.
pub async fn claim_totp_step(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    step: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE users SET totp_last_step = $1 \
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user_id: &str,
    code_hashes: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Marks a recovery code used; false if it does not exist or was used already.
pub async fn use_recovery_code(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    code_hash: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now_ms())
    .bind(user_id)
    .bind(code_hash)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn unused_recovery_codes(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(db)
        .await?
        .try_get(0)
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub public_id: String,
    pub user_id: String,
    pub mfa_done: bool,
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

fn session_from_row(row: &AnyRow) -> sqlx::Result<SessionRecord> {
    Ok(SessionRecord {
        public_id: row.try_get("public_id")?,
        user_id: row.try_get("user_id")?,
        mfa_done: row.try_get::<i64, _>("mfa_done")? != 0,
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        expires_at: row.try_get("expires_at")?,
        ip: row.try_get("ip")?,
        user_agent: row.try_get("user_agent")?,
    })
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
    let row = sqlx::query(&sql).bind(id_hash).fetch_optional(db).await?;
    row.as_ref().map(session_from_row).transpose()
}

pub async fn active_sessions(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<SessionRecord>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL \
         AND mfa_done = 1 AND expires_at > $2 ORDER BY last_seen_at DESC"
    );
    let rows = sqlx::query(&sql).bind(user_id).bind(now_ms()).fetch_all(db).await?;
    rows.iter().map(session_from_row).collect()
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

/// Deletes sessions that ended more than a day ago.
pub async fn purge_old_sessions(db: impl Executor<'_, Database = Any>) -> sqlx::Result<u64> {
    let cutoff = now_ms() - crate::clock::HOUR_MS * 24;
    let result = sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)",
    )
    .bind(cutoff)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

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
    let row = sqlx::query(
        "SELECT user_id FROM one_time_links \
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now_ms())
    .fetch_optional(db)
    .await?;
    row.map(|row| row.try_get("user_id")).transpose()
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
