//! SQL for single sign-on: providers, linked identities, sign-ins under way, sessions opened
//! through a provider.

use sqlx::{Any, Executor};

use super::model::{Identity, Provider, ProviderId, ProviderKind};
use crate::clock::{MINUTE_MS, now_ms};

/// How long a browser may stay at the provider before coming back.
pub const LOGIN_LIFETIME_MS: i64 = 10 * MINUTE_MS;

const PROVIDER_COLUMNS: &str = "id, org_id, name, kind, issuer, client_id, client_secret_enc, \
    scopes, acr_values, mfa_acr, jit_role, enabled, password_off";

pub async fn providers_of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Provider>> {
    let sql =
        format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers WHERE org_id = $1 ORDER BY name");
    sqlx::query_as(&sql).bind(org_id).fetch_all(db).await
}

/// The enabled providers of every organisation, for the sign-in page.
pub async fn enabled_providers(
    db: impl Executor<'_, Database = Any>,
) -> sqlx::Result<Vec<Provider>> {
    let sql =
        format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers WHERE enabled = 1 ORDER BY name, id");
    sqlx::query_as(&sql).fetch_all(db).await
}

pub async fn provider(
    db: impl Executor<'_, Database = Any>,
    id: &ProviderId,
) -> sqlx::Result<Option<Provider>> {
    let sql = format!("SELECT {PROVIDER_COLUMNS} FROM sso_providers WHERE id = $1");
    sqlx::query_as(&sql).bind(id.as_str()).fetch_optional(db).await
}

/// A provider as an administrator sets it up (the secret already sealed).
pub struct ProviderFields<'a> {
    pub name: &'a str,
    pub kind: ProviderKind,
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub sealed_secret: &'a [u8],
    pub scopes: &'a str,
    pub acr_values: &'a str,
    pub mfa_acr: &'a str,
    pub jit_role: Option<&'a str>,
    pub enabled: bool,
    pub password_off: bool,
}

pub async fn insert_provider(
    db: impl Executor<'_, Database = Any>,
    id: &ProviderId,
    org_id: &str,
    fields: &ProviderFields<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sso_providers (id, org_id, name, kind, issuer, client_id, client_secret_enc, \
         scopes, acr_values, mfa_acr, jit_role, enabled, password_off, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id.as_str())
    .bind(org_id)
    .bind(fields.name)
    .bind(fields.kind.as_str())
    .bind(fields.issuer)
    .bind(fields.client_id)
    .bind(fields.sealed_secret)
    .bind(fields.scopes)
    .bind(fields.acr_values)
    .bind(fields.mfa_acr)
    .bind(fields.jit_role)
    .bind(i64::from(fields.enabled))
    .bind(i64::from(fields.password_off))
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn update_provider(
    db: impl Executor<'_, Database = Any>,
    id: &ProviderId,
    org_id: &str,
    fields: &ProviderFields<'_>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE sso_providers SET name = $1, kind = $2, issuer = $3, client_id = $4, \
         client_secret_enc = $5, scopes = $6, acr_values = $7, mfa_acr = $8, jit_role = $9, \
         enabled = $10, password_off = $11 WHERE id = $12 AND org_id = $13",
    )
    .bind(fields.name)
    .bind(fields.kind.as_str())
    .bind(fields.issuer)
    .bind(fields.client_id)
    .bind(fields.sealed_secret)
    .bind(fields.scopes)
    .bind(fields.acr_values)
    .bind(fields.mfa_acr)
    .bind(fields.jit_role)
    .bind(i64::from(fields.enabled))
    .bind(i64::from(fields.password_off))
    .bind(id.as_str())
    .bind(org_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn name_taken(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    name: &str,
    except: Option<&ProviderId>,
) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM sso_providers WHERE org_id = $1 AND name = $2 AND id <> $3",
    )
    .bind(org_id)
    .bind(name)
    .bind(except.map_or("", |id| id.as_str()))
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

pub async fn identity(
    db: impl Executor<'_, Database = Any>,
    provider_id: &ProviderId,
    subject: &str,
) -> sqlx::Result<Option<Identity>> {
    sqlx::query_as(
        "SELECT provider_id, subject, user_id, professional_id, profession, linked_at, last_used_at \
         FROM sso_identities WHERE provider_id = $1 AND subject = $2",
    )
    .bind(provider_id.as_str())
    .bind(subject)
    .fetch_optional(db)
    .await
}

pub async fn identities_of_user(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Identity>> {
    sqlx::query_as(
        "SELECT provider_id, subject, user_id, professional_id, profession, linked_at, last_used_at \
         FROM sso_identities WHERE user_id = $1 ORDER BY linked_at",
    )
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// What a provider says of a professional, kept with their identity (Pro Santé Connect).
pub struct Professional<'a> {
    pub id: Option<&'a str>,
    pub profession: Option<&'a str>,
}

/// Links a subject to an account; false when the subject, or the account at this provider, is
/// linked already (the primary key and the unique key decide, even with two requests racing).
pub async fn link_identity(
    db: impl Executor<'_, Database = Any>,
    provider_id: &ProviderId,
    subject: &str,
    user_id: &str,
    professional: &Professional<'_>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO sso_identities (provider_id, subject, user_id, professional_id, profession, \
         linked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
    )
    .bind(provider_id.as_str())
    .bind(subject)
    .bind(user_id)
    .bind(professional.id)
    .bind(professional.profession)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn touch_identity(
    db: impl Executor<'_, Database = Any>,
    provider_id: &ProviderId,
    subject: &str,
    professional: &Professional<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sso_identities SET last_used_at = $1, \
         professional_id = COALESCE($2, professional_id), profession = COALESCE($3, profession) \
         WHERE provider_id = $4 AND subject = $5",
    )
    .bind(now_ms())
    .bind(professional.id)
    .bind(professional.profession)
    .bind(provider_id.as_str())
    .bind(subject)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn unlink_identity(
    db: impl Executor<'_, Database = Any>,
    provider_id: &ProviderId,
    user_id: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query("DELETE FROM sso_identities WHERE provider_id = $1 AND user_id = $2")
        .bind(provider_id.as_str())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// A sign-in under way, as the callback finds it.
#[derive(Debug, sqlx::FromRow)]
pub struct PendingLogin {
    pub provider_id: ProviderId,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub link_user_id: Option<String>,
    pub created_at: i64,
}

pub struct NewLogin<'a> {
    pub state_hash: &'a str,
    pub provider_id: &'a ProviderId,
    pub browser_hash: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub link_user_id: Option<&'a str>,
}

/// Records a sign-in under way, and forgets those abandoned.
pub async fn insert_login(
    conn: &mut sqlx::AnyConnection,
    login: &NewLogin<'_>,
) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query("DELETE FROM sso_logins WHERE created_at < $1")
        .bind(now - LOGIN_LIFETIME_MS)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sso_logins (state_hash, provider_id, browser_hash, nonce, pkce_verifier, \
         link_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(login.state_hash)
    .bind(login.provider_id.as_str())
    .bind(login.browser_hash)
    .bind(login.nonce)
    .bind(login.pkce_verifier)
    .bind(login.link_user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a sign-in under way: it is deleted in the same statement, so a callback is used once,
/// even when two arrive together.
pub async fn take_login(
    db: impl Executor<'_, Database = Any>,
    state_hash: &str,
) -> sqlx::Result<Option<PendingLogin>> {
    sqlx::query_as(
        "DELETE FROM sso_logins WHERE state_hash = $1 \
         RETURNING provider_id, browser_hash, nonce, pkce_verifier, link_user_id, created_at",
    )
    .bind(state_hash)
    .fetch_optional(db)
    .await
}

pub struct NewSsoSession<'a> {
    pub session_public_id: &'a str,
    pub org_id: &'a str,
    pub provider_id: &'a ProviderId,
    pub subject: &'a str,
    pub sid: Option<&'a str>,
    pub sealed_id_token: &'a [u8],
}

pub async fn insert_sso_session(
    db: impl Executor<'_, Database = Any>,
    session: &NewSsoSession<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sso_sessions (session_public_id, org_id, provider_id, subject, sid, \
         id_token_enc) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(session.session_public_id)
    .bind(session.org_id)
    .bind(session.provider_id.as_str())
    .bind(session.subject)
    .bind(session.sid)
    .bind(session.sealed_id_token)
    .execute(db)
    .await?;
    Ok(())
}

/// The provider and sealed ID token of a session opened through a provider.
pub async fn sso_session(
    db: impl Executor<'_, Database = Any>,
    session_public_id: &str,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT provider_id, id_token_enc FROM sso_sessions WHERE session_public_id = $1",
    )
    .bind(session_public_id)
    .fetch_optional(db)
    .await
}

/// Ends the sessions a provider's back-channel logout names, by its session id or its subject.
pub async fn revoke_sessions_of(
    db: impl Executor<'_, Database = Any>,
    provider_id: &ProviderId,
    sid: Option<&str>,
    subject: Option<&str>,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND public_id IN \
         (SELECT session_public_id FROM sso_sessions WHERE provider_id = $2 \
          AND (sid = $3 OR ($3 IS NULL AND subject = $4)))",
    )
    .bind(now_ms())
    .bind(provider_id.as_str())
    .bind(sid)
    .bind(subject)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// The enabled provider that took over this person's sign-in, if any: its name.
pub async fn password_taken_over_by(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT p.name FROM sso_identities i JOIN sso_providers p ON p.id = i.provider_id \
         WHERE i.user_id = $1 AND p.enabled = 1 AND p.password_off = 1 ORDER BY p.name LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}
