//! Sign-in rules. Every attempt, failed or not, is throttled and written to the security log.

use super::notice::{self, Notice};
use super::session::{PENDING_MFA_MS, PartialSession};
use super::store::{self, Credentials, NewSession};
use super::throttle::{Attempt, Refused};
use super::{password, totp};
use crate::audit;
use crate::clock::{HOUR_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::org::fields::FieldError;
use crate::org::store as org_store;
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

/// Where a person goes after giving their password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Home,
    SecondFactor,
    EnrolTotp,
}

/// A new session: the token for the cookie, and what to do next.
#[derive(Debug)]
pub struct NewSignIn {
    pub token: String,
    /// The session's public id (its row in the sessions list).
    pub public_id: String,
    pub next: NextStep,
    pub locale: String,
}

/// A sign-in event for the audit log: on an account, or on an e-mail that matches none.
pub struct AuthEvent<'a> {
    pub credentials: Option<&'a Credentials>,
    pub email: Option<&'a str>,
    pub name: &'a str,
    pub outcome: &'a str,
}

pub(super) fn event<'a>(
    credentials: Option<&'a Credentials>,
    email: Option<&'a str>,
    name: &'a str,
    outcome: &'a str,
) -> AuthEvent<'a> {
    AuthEvent { credentials, email, name, outcome }
}

/// Writes a sign-in event to the audit log, inside `conn`'s transaction.
pub async fn log_event_in(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    client: &Client,
    event: AuthEvent<'_>,
) -> AppResult<()> {
    let actor = audit::Actor {
        user_id: event.credentials.map(|c| c.user_id.clone()),
        ip: client.ip_text(),
        user_agent: client.user_agent.clone(),
        ..audit::Actor::default()
    };
    let action = format!("auth.{}", event.name);
    let entry = audit::Entry {
        org_id: event.credentials.map(|c| c.org_id.as_str()),
        actor: &actor,
        action: &action,
        object_type: "account",
        object_id: event.credentials.map(|c| c.user_id.as_str()),
        patient_id: None,
        outcome: event.outcome,
        reason: None,
        detail: if event.credentials.is_none() { event.email } else { None },
    };
    audit::record(conn, &state.audit_key, &entry).await?;
    Ok(())
}

/// Writes a sign-in event that changes nothing else, in a transaction of its own.
pub async fn log_event(state: &AppState, client: &Client, event: AuthEvent<'_>) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    log_event_in(&mut tx, state, client, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks an e-mail and password. `None` means "wrong e-mail or password", whatever the reason
/// (unknown, wrong, deactivated), and takes the same time in every case.
pub async fn sign_in(
    state: &AppState,
    client: &Client,
    email: &str,
    password_text: &str,
) -> AppResult<Option<NewSignIn>> {
    let email = email.trim().to_lowercase();
    let credentials = store::credentials_by_email(state.db.reader(), &email).await?;
    if let Err((which, error)) = state.throttles.check_which(Attempt::Password, &email, client.ip) {
        let outcome = match which {
            Refused::Address => "throttled",
            Refused::AccountCeiling => "throttled_account",
        };
        log_event(state, client, event(credentials.as_ref(), Some(&email), "sign_in", outcome))
            .await?;
        if let (Refused::AccountCeiling, Some(owner)) = (which, &credentials) {
            warn_owner_of_guessing(state, owner).await;
        }
        return Err(error);
    }
    let stored_hash = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let password_ok =
        password::verify(password_text.to_string(), stored_hash, &state.dummy_password_hash).await;
    let outcome = match &credentials {
        None => "unknown_account",
        Some(_) if !password_ok => "wrong_password",
        Some(c) if !c.active.0 => "deactivated",
        Some(c) if password_taken_over(state, &c.user_id).await? => "provider_required",
        Some(_) => "success",
    };
    log_event(state, client, event(credentials.as_ref(), Some(&email), "sign_in", outcome)).await?;
    if outcome == "provider_required" {
        return Err(AppError::Invalid { field: "password", code: "sign-in-provider-required" });
    }
    match credentials {
        Some(credentials) if outcome == "success" => {
            Ok(Some(open_session(state, client, &credentials, false).await?))
        }
        _ => Ok(None),
    }
}

/// Whether a provider took over this person's sign-in (administrators keep their password: the
/// way in when the provider is down).
async fn password_taken_over(state: &AppState, user_id: &str) -> AppResult<bool> {
    let reader = state.db.reader();
    if org_store::roles_of(reader, user_id).await?.contains(&crate::org::Role::Admin) {
        return Ok(false);
    }
    Ok(super::sso::store::password_taken_over_by(reader, user_id).await?.is_some())
}

/// Tells the owner, once a day at most, that their account's ceiling was reached.
async fn warn_owner_of_guessing(state: &AppState, owner: &Credentials) {
    let key = format!("guessing-notice:{}", owner.user_id);
    if state.throttles.notice_due(&key) {
        notice::send(state, &owner.email, &owner.locale, Notice::PasswordGuessing);
    }
}

/// Opens a session after the password (or a provider's word); it is complete at once only when
/// no second factor is due, or when the provider proved one (`mfa_proven`).
pub async fn open_session(
    state: &AppState,
    client: &Client,
    credentials: &Credentials,
    mfa_proven: bool,
) -> AppResult<NewSignIn> {
    let roles = org_store::roles_of(state.db.reader(), &credentials.user_id).await?;
    let next = if mfa_proven {
        NextStep::Home
    } else if credentials.has_second_factor() {
        NextStep::SecondFactor
    } else if roles.iter().any(|role| role.requires_mfa()) {
        NextStep::EnrolTotp
    } else {
        NextStep::Home
    };
    let token = random_token(32);
    let public_id = random_token(12);
    let expires_at = if next == NextStep::Home {
        now_ms() + full_lifetime(state)
    } else {
        now_ms() + PENDING_MFA_MS
    };
    store::insert_session(
        state.db.writer(),
        &NewSession {
            id_hash: &digest(&token),
            public_id: &public_id,
            user_id: &credentials.user_id,
            mfa_done: next == NextStep::Home,
            expires_at,
            ip: &client.ip_text(),
            user_agent: &client.user_agent,
        },
    )
    .await?;
    Ok(NewSignIn { token, public_id, next, locale: credentials.locale.clone() })
}

pub(super) fn full_lifetime(state: &AppState) -> i64 {
    i64::from(state.settings.session.absolute_lifetime_hours) * HOUR_MS
}

/// The person's TOTP secret, decrypted.
pub async fn totp_secret(state: &AppState, credentials: &Credentials) -> AppResult<Option<String>> {
    let Some(sealed) = &credentials.totp_sealed else { return Ok(None) };
    let place = store::totp_place(&credentials.user_id);
    let plain = state.keys.open_sealed(&state.db, &credentials.org_id, place, sealed).await?;
    String::from_utf8(plain).map(Some).map_err(AppError::internal)
}

/// Completes a session with a TOTP code: the session's new token, `None` for a wrong or replayed
/// code.
pub async fn verify_totp(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
    code: &str,
) -> AppResult<Option<String>> {
    let credentials = &session.credentials;
    let Some(secret) = totp_secret(state, credentials).await? else { return Ok(None) };
    throttled(state, client, credentials, Attempt::Totp, "totp").await?;
    let now_secs = u64::try_from(now_ms() / 1000).unwrap_or(0);
    let step = totp::matching_step(&secret, code, now_secs, credentials.totp_last_step);
    let accepted = match step {
        Some(step) => store::claim_totp_step(state.db.writer(), &credentials.user_id, step).await?,
        None => false,
    };
    finish_second_factor(state, client, session, "totp", accepted).await
}

/// Completes a session with a single-use recovery code: the session's new token, or `None`.
pub async fn verify_recovery_code(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
    code: &str,
) -> AppResult<Option<String>> {
    let credentials = &session.credentials;
    if !credentials.has_second_factor() {
        return Ok(None);
    }
    throttled(state, client, credentials, Attempt::RecoveryCode, "recovery_code").await?;
    let hash = digest(&totp::normalise_recovery_code(code));
    let accepted = store::use_recovery_code(state.db.writer(), &credentials.user_id, &hash).await?;
    finish_second_factor(state, client, session, "recovery_code", accepted).await
}

pub(super) async fn throttled(
    state: &AppState,
    client: &Client,
    credentials: &Credentials,
    attempt: Attempt,
    name: &str,
) -> AppResult<()> {
    if let Err(error) = state.throttles.check(attempt, &credentials.email, client.ip) {
        log_event(state, client, event(Some(credentials), None, name, "throttled")).await?;
        return Err(error);
    }
    Ok(())
}

/// Logs the attempt; when accepted, completes the session under a new token (the token that
/// waited for the second factor is worth nothing afterwards) and returns it.
pub(super) async fn finish_second_factor(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
    name: &str,
    accepted: bool,
) -> AppResult<Option<String>> {
    let outcome = if accepted { "success" } else { "wrong_code" };
    if !accepted {
        log_event(state, client, event(Some(&session.credentials), None, name, outcome)).await?;
        return Ok(None);
    }
    let token = random_token(32);
    let mut tx = state.db.begin().await?;
    store::complete_mfa(&mut *tx, &session.id_hash, now_ms() + full_lifetime(state)).await?;
    if !store::rotate_session(&mut *tx, &session.id_hash, &digest(&token)).await? {
        return Err(AppError::Unauthenticated);
    }
    log_event_in(&mut tx, state, client, event(Some(&session.credentials), None, name, outcome))
        .await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Step-up for a sensitive act (signing an agreement): the signed-in person gives their password
/// again. Wrong answers are throttled and logged like a sign-in.
pub async fn confirm_password(
    state: &AppState,
    client: &Client,
    user_id: &str,
    password_text: &str,
) -> AppResult<bool> {
    let credentials = store::credentials_by_id(state.db.reader(), user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    throttled(state, client, &credentials, Attempt::Password, "step_up").await?;
    let hash = credentials.password_hash.clone();
    if password::verify(password_text.to_string(), hash, &state.dummy_password_hash).await {
        return Ok(true);
    }
    log_event(state, client, event(Some(&credentials), None, "step_up", "wrong_password")).await?;
    Ok(false)
}

/// Changes one's own password: the current one is required, other sessions end.
pub async fn change_password(
    state: &AppState,
    client: &Client,
    user_id: &str,
    session_hash: &str,
    current: &str,
    new: &str,
) -> AppResult<Result<(), FieldError>> {
    let credentials = store::credentials_by_id(state.db.reader(), user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    throttled(state, client, &credentials, Attempt::Password, "password_change").await?;
    if !password::verify(
        current.to_string(),
        credentials.password_hash.clone(),
        &state.dummy_password_hash,
    )
    .await
    {
        log_event(
            state,
            client,
            event(Some(&credentials), None, "password_change", "wrong_password"),
        )
        .await?;
        return Ok(Err(FieldError("password-current-wrong")));
    }
    if let Err(error) = password::check_new(new, &[&credentials.email, &credentials.display_name]) {
        return Ok(Err(error));
    }
    let hash = password::hash(new.to_string()).await.map_err(AppError::Internal)?;
    let mut tx = state.db.begin().await?;
    store::set_password(&mut *tx, user_id, &hash).await?;
    store::revoke_sessions_of_user(&mut *tx, user_id, Some(session_hash)).await?;
    log_event_in(
        &mut tx,
        state,
        client,
        event(Some(&credentials), None, "password_change", "success"),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

pub async fn sign_out(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
) -> AppResult<()> {
    store::revoke_session(state.db.writer(), &session.id_hash).await?;
    log_event(state, client, event(Some(&session.credentials), None, "sign_out", "success")).await
}
