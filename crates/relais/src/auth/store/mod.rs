//! SQL for sign-in: credentials and recovery codes here, sessions and one-time links beside.

mod links;
mod sessions;

pub use links::*;
pub use sessions::*;

use sqlx::{Any, AnyConnection, Executor};

use crate::clock::now_ms;

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    #[sqlx(rename = "id")]
    pub user_id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub time_zone: String,
    pub password_hash: Option<String>,
    /// The TOTP secret, sealed with the organisation's data key.
    #[sqlx(rename = "totp_secret_enc")]
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    #[sqlx(try_from = "i64")]
    pub active: crate::typed_id::Flag,
    /// How many passkeys the person has enrolled.
    pub passkeys: i64,
}

impl Credentials {
    pub fn has_totp(&self) -> bool {
        self.totp_sealed.is_some()
    }

    /// A TOTP authenticator or a passkey: what completes a sign-in after the password.
    pub fn has_second_factor(&self) -> bool {
        self.has_totp() || self.passkeys > 0
    }
}

/// Where a person's sealed TOTP secret lives (its encryption is bound to this place).
pub fn totp_place(user_id: &str) -> crate::crypto::Place<'_> {
    crate::crypto::Place { table: "users", column: "totp_secret_enc", row_id: user_id }
}

const CREDENTIAL_COLUMNS: &str = "id, org_id, email, display_name, locale, time_zone, \
    password_hash, totp_secret_enc, totp_last_step, active, \
    (SELECT COUNT(*) FROM passkeys p WHERE p.user_id = users.id) AS passkeys";

pub async fn credentials_by_email(
    db: impl Executor<'_, Database = Any>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE email = $1");
    sqlx::query_as(&sql).bind(email).fetch_optional(db).await
}

pub async fn credentials_by_id(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<Credentials>> {
    let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM users WHERE id = $1");
    sqlx::query_as(&sql).bind(user_id).fetch_optional(db).await
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

/// Where a person's TOTP secret waits, sealed, between the enrolment page and its confirmation.
pub fn pending_totp_place(user_id: &str) -> crate::crypto::Place<'_> {
    crate::crypto::Place { table: "users", column: "totp_pending_enc", row_id: user_id }
}

/// Keeps (or clears) the secret offered on the enrolment page: the server chooses it, never
/// the browser.
pub async fn set_pending_totp(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    sealed_secret: Option<&[u8]>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET totp_pending_enc = $1 WHERE id = $2")
        .bind(sealed_secret)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn pending_totp(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<Vec<u8>>> {
    let found: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT totp_pending_enc FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(found.flatten())
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
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(db)
        .await
}
