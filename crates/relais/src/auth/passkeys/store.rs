//! SQL for passkeys and the WebAuthn ceremonies under way.

use sqlx::{Any, Executor};

use crate::clock::{MINUTE_MS, now_ms};
use crate::text_enum::text_enum;

/// How long a ceremony (the browser asking the authenticator) may take.
pub const CEREMONY_LIFETIME_MS: i64 = 5 * MINUTE_MS;

text_enum! {
    /// What a WebAuthn ceremony is for.
    Purpose { Register = "register", SignIn = "sign_in", SecondFactor = "second_factor" }
}

/// A passkey as listed on one's sign-in methods.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub credential: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, name, credential, created_at, last_used_at";

pub async fn passkeys_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<PasskeyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at");
    sqlx::query_as(&sql).bind(user_id).fetch_all(db).await
}

pub async fn passkey_by_credential(
    db: impl Executor<'_, Database = Any>,
    credential_id: &str,
) -> sqlx::Result<Option<PasskeyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1");
    sqlx::query_as(&sql).bind(credential_id).fetch_optional(db).await
}

pub struct NewPasskey<'a> {
    pub org_id: &'a str,
    pub user_id: &'a str,
    pub name: &'a str,
    pub credential_id: &'a str,
    pub credential: &'a str,
}

/// Stores a new passkey; false when its name or its credential is taken already.
pub async fn insert_passkey(
    db: impl Executor<'_, Database = Any>,
    passkey: &NewPasskey<'_>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO passkeys (id, org_id, user_id, name, credential_id, credential, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(crate::secrets::new_id())
    .bind(passkey.org_id)
    .bind(passkey.user_id)
    .bind(passkey.name)
    .bind(passkey.credential_id)
    .bind(passkey.credential)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Records a use, with the credential as updated (its counter).
pub async fn record_use(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    credential: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
        .bind(credential)
        .bind(now_ms())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete_passkey(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub struct NewCeremony<'a> {
    pub id_hash: &'a str,
    pub user_id: Option<&'a str>,
    pub purpose: Purpose,
    pub label: Option<&'a str>,
    pub state: &'a str,
}

/// Records a ceremony under way, and forgets those abandoned.
pub async fn insert_ceremony(
    conn: &mut sqlx::AnyConnection,
    ceremony: &NewCeremony<'_>,
) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query("DELETE FROM webauthn_ceremonies WHERE created_at < $1")
        .bind(now - CEREMONY_LIFETIME_MS)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO webauthn_ceremonies (id_hash, user_id, purpose, label, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ceremony.id_hash)
    .bind(ceremony.user_id)
    .bind(ceremony.purpose.as_str())
    .bind(ceremony.label)
    .bind(ceremony.state)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A ceremony taken back: deleted in the same statement, so an answer is used once.
#[derive(Debug, sqlx::FromRow)]
pub struct Ceremony {
    pub user_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub purpose: Purpose,
    pub label: Option<String>,
    pub state: String,
    pub created_at: i64,
}

pub async fn take_ceremony(
    db: impl Executor<'_, Database = Any>,
    id_hash: &str,
) -> sqlx::Result<Option<Ceremony>> {
    sqlx::query_as(
        "DELETE FROM webauthn_ceremonies WHERE id_hash = $1 \
         RETURNING user_id, purpose, label, state, created_at",
    )
    .bind(id_hash)
    .fetch_optional(db)
    .await
}
