//! Turning TOTP on, or moving it to a new authenticator: the server chooses the secret and keeps
//! it sealed until confirmed; from an open session the person proves who they are again (password,
//! and a code of the current factor when replacing it).

use super::notice::{self, Notice};
use super::service::{event, full_lifetime, log_event, log_event_in, throttled, totp_secret};
use super::session::PartialSession;
use super::store::{self, Credentials};
use super::throttle::Attempt;
use super::{password, totp};
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

/// What the enrolment page shows: the secret, its URL and QR code.
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

/// The secret offered on the enrolment page: a new one chosen here (`fresh`), or the one offered
/// before (after a wrong code). It is kept sealed until confirmed; the browser never chooses it.
pub async fn enrolment(
    state: &AppState,
    credentials: &Credentials,
    fresh: bool,
) -> AppResult<Enrolment> {
    let offered = if fresh { None } else { pending_secret(state, credentials).await? };
    let secret = match offered {
        Some(secret) => secret,
        None => {
            let secret = totp::new_secret();
            let key = state.keys.current(&state.db, &credentials.org_id).await?;
            let sealed =
                key.seal(store::pending_totp_place(&credentials.user_id), secret.as_bytes());
            store::set_pending_totp(state.db.writer(), &credentials.user_id, Some(&sealed)).await?;
            secret
        }
    };
    let otpauth_url = totp::otpauth_url(&secret, &credentials.email).map_err(AppError::internal)?;
    let qr_svg = crate::web::qr::qr_svg(&otpauth_url).map_err(AppError::internal)?;
    Ok(Enrolment { secret, otpauth_url, qr_svg })
}

async fn pending_secret(state: &AppState, credentials: &Credentials) -> AppResult<Option<String>> {
    let Some(sealed) = store::pending_totp(state.db.reader(), &credentials.user_id).await? else {
        return Ok(None);
    };
    let place = store::pending_totp_place(&credentials.user_id);
    match state.keys.open_sealed(&state.db, &credentials.org_id, place, &sealed).await {
        Ok(plain) => Ok(String::from_utf8(plain).ok()),
        // Sealed under a key since rotated away, say: offer a new one.
        Err(_) => Ok(None),
    }
}

/// What confirming an enrolment needs besides the new code. A complete session (signed in
/// minutes or hours ago, perhaps by someone else at an unlocked screen) proves the person again
/// with the password; replacing a second factor needs a code of the current one too.
pub struct StepUp<'a> {
    pub password: &'a str,
    pub current_code: &'a str,
}

/// Why an enrolment was refused: the field and the message key.
pub type Refusal = (&'static str, &'static str);

/// A confirmed enrolment: the recovery codes (shown once) and the session's new token.
pub struct Enrolled {
    pub codes: Vec<String>,
    pub token: String,
}

/// Turns TOTP on, or moves it to a new authenticator, once the person proves who they are and
/// that their app shows the right code for the offered secret.
pub async fn confirm_enrolment(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
    step_up: &StepUp<'_>,
    code: &str,
) -> AppResult<Result<Enrolled, Refusal>> {
    let credentials = &session.credentials;
    let replacing = credentials.has_totp();
    if replacing && !session.record.mfa_done.0 {
        return Err(AppError::Forbidden);
    }
    if session.record.mfa_done.0 {
        throttled(state, client, credentials, Attempt::Password, "totp_enrolment").await?;
        let hash = credentials.password_hash.clone();
        if !password::verify(step_up.password.to_string(), hash, &state.dummy_password_hash).await {
            log_event(
                state,
                client,
                event(Some(credentials), None, "totp_enrolment", "wrong_password"),
            )
            .await?;
            return Ok(Err(("password", "password-current-wrong")));
        }
    }
    if replacing && !current_factor_proven(state, client, credentials, step_up.current_code).await?
    {
        log_event(
            state,
            client,
            event(Some(credentials), None, "totp_enrolment", "wrong_current_code"),
        )
        .await?;
        return Ok(Err(("current_code", "totp-current-code-wrong")));
    }
    let Some(secret) = pending_secret(state, credentials).await? else {
        return Ok(Err(("code", "totp-code-wrong")));
    };
    throttled(state, client, credentials, Attempt::Totp, "totp_enrolment").await?;
    let now_secs = u64::try_from(now_ms() / 1000).unwrap_or(0);
    let Some(step) = totp::matching_step(&secret, code, now_secs, None) else {
        log_event(state, client, event(Some(credentials), None, "totp_enrolment", "wrong_code"))
            .await?;
        return Ok(Err(("code", "totp-code-wrong")));
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> =
        codes.iter().map(|c| digest(&totp::normalise_recovery_code(c))).collect();
    let key = state.keys.current(&state.db, &credentials.org_id).await?;
    let sealed = key.seal(store::totp_place(&credentials.user_id), secret.as_bytes());
    let token = random_token(32);
    let new_hash = digest(&token);
    let mut tx = state.db.begin().await?;
    store::set_totp(&mut *tx, &credentials.user_id, Some(&sealed), Some(step)).await?;
    store::set_pending_totp(&mut *tx, &credentials.user_id, None).await?;
    store::replace_recovery_codes(&mut tx, &credentials.user_id, &hashes).await?;
    store::complete_mfa(&mut *tx, &session.id_hash, now_ms() + full_lifetime(state)).await?;
    if !store::rotate_session(&mut *tx, &session.id_hash, &new_hash).await? {
        return Err(AppError::Unauthenticated);
    }
    if replacing {
        // Whoever signed in with the old factor is signed out everywhere else.
        store::revoke_sessions_of_user(&mut *tx, &credentials.user_id, Some(&new_hash)).await?;
    }
    let name = if replacing { "totp_replaced" } else { "totp_enrolment" };
    log_event_in(&mut tx, state, client, event(Some(credentials), None, name, "success")).await?;
    tx.commit().await?;
    // Enrolling right after the password, as a first sign-in requires, is the person at work;
    // a change from an open session is worth a word to them.
    if session.record.mfa_done.0 {
        notice::send(state, &credentials.email, &credentials.locale, Notice::SecondFactorChanged);
    }
    Ok(Ok(Enrolled { codes, token }))
}

/// A code of the person's current authenticator, or one of their recovery codes.
async fn current_factor_proven(
    state: &AppState,
    client: &Client,
    credentials: &Credentials,
    code: &str,
) -> AppResult<bool> {
    throttled(state, client, credentials, Attempt::Totp, "totp_enrolment").await?;
    let Some(secret) = totp_secret(state, credentials).await? else { return Ok(false) };
    let now_secs = u64::try_from(now_ms() / 1000).unwrap_or(0);
    if let Some(step) = totp::matching_step(&secret, code, now_secs, credentials.totp_last_step) {
        return Ok(store::claim_totp_step(state.db.writer(), &credentials.user_id, step).await?);
    }
    let hash = digest(&totp::normalise_recovery_code(code));
    Ok(store::use_recovery_code(state.db.writer(), &credentials.user_id, &hash).await?)
}
