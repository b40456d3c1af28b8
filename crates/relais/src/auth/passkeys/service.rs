//! Passkeys through the `webauthn-rs` crate: enrolment from an open session (the password asked
//! again), sign-in without a password (a discoverable credential names its account), and the
//! second factor after a password. The relying party is this server's public address; the
//! ceremony's state stays on the server and is used once; a signature counter that goes back
//! (a cloned authenticator) is refused.

use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Url, Uuid, Webauthn, WebauthnBuilder,
};

use webauthn_rs_proto::ResidentKeyRequirement;

use super::store::{self, CEREMONY_LIFETIME_MS, NewCeremony, NewPasskey, Purpose};
use crate::auth::service::{self as auth_service, NewSignIn, event, log_event, log_event_in};
use crate::auth::session::PartialSession;
use crate::auth::store::{self as auth_store, Credentials};
use crate::auth::{CurrentUser, totp};
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

/// Why a passkey was refused, for the person (an i18n key) and the security log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Expired,
    Invalid,
    UnknownPasskey,
    NameInvalid,
    NameTaken,
    PasswordWrong,
}

impl Refusal {
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::Expired => "passkey-expired",
            Refusal::Invalid => "passkey-invalid",
            Refusal::UnknownPasskey => "passkey-unknown",
            Refusal::NameInvalid => "passkey-name-invalid",
            Refusal::NameTaken => "passkey-name-taken",
            Refusal::PasswordWrong => "password-current-wrong",
        }
    }
}

/// The relying party: this server's address (`public_url`, else the request's). WebAuthn needs
/// a domain name: a server reached by its IP address cannot offer passkeys.
pub fn relying_party(base_url: &str) -> AppResult<Webauthn> {
    let needs_domain = || AppError::Invalid { field: "passkey", code: "passkey-needs-domain" };
    let origin = Url::parse(base_url).map_err(|_| needs_domain())?;
    let rp_id = origin.host_str().ok_or_else(needs_domain)?.to_string();
    if rp_id.parse::<std::net::IpAddr>().is_ok() || rp_id.starts_with('[') {
        return Err(needs_domain());
    }
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|builder| builder.rp_name("Relais").build())
        .map_err(|_| needs_domain())
}

fn user_handle(user_id: &str) -> AppResult<Uuid> {
    Uuid::parse_str(user_id).map_err(AppError::internal)
}

/// A ceremony started: its id (for the answer) and what the browser passes to WebAuthn.
pub struct Started<T> {
    pub ceremony: String,
    pub options: T,
}

async fn save_ceremony(
    state: &AppState,
    user_id: Option<&str>,
    purpose: Purpose,
    label: Option<&str>,
    ceremony_state: &impl serde::Serialize,
) -> AppResult<String> {
    let id = random_token(32);
    let json = serde_json::to_string(ceremony_state).map_err(AppError::internal)?;
    let mut conn = state.db.writer().acquire().await?;
    let ceremony = NewCeremony { id_hash: &digest(&id), user_id, purpose, label, state: &json };
    store::insert_ceremony(&mut conn, &ceremony).await?;
    Ok(id)
}

/// Takes back a ceremony of `purpose` (and of `user_id` when given); `None` if unknown, used,
/// too old or someone else's.
async fn take_ceremony<T: serde::de::DeserializeOwned>(
    state: &AppState,
    id: &str,
    purpose: Purpose,
    user_id: Option<&str>,
) -> AppResult<Option<(T, Option<String>)>> {
    if id.len() > 100 {
        return Ok(None);
    }
    let Some(ceremony) = store::take_ceremony(state.db.writer(), &digest(id)).await? else {
        return Ok(None);
    };
    let fresh = now_ms() - ceremony.created_at <= CEREMONY_LIFETIME_MS;
    if !fresh || ceremony.purpose != purpose || ceremony.user_id.as_deref() != user_id {
        return Ok(None);
    }
    let parsed = serde_json::from_str(&ceremony.state).map_err(AppError::internal)?;
    Ok(Some((parsed, ceremony.label)))
}

fn parse_passkey(row: &store::PasskeyRow) -> AppResult<Passkey> {
    serde_json::from_str(&row.credential).map_err(AppError::internal)
}

/// Starts enrolling a passkey named `name`, after the password (for those who have one).
pub async fn start_enrolment(
    state: &AppState,
    client: &Client,
    user: &CurrentUser,
    name: &str,
    password: &str,
    base_url: &str,
) -> AppResult<Result<Started<CreationChallengeResponse>, Refusal>> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Ok(Err(Refusal::NameInvalid));
    }
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if credentials.password_hash.is_some()
        && (password.len() > 1024
            || !auth_service::confirm_password(state, client, &user.user_id, password).await?)
    {
        return Ok(Err(Refusal::PasswordWrong));
    }
    let existing = store::passkeys_of_user(state.db.reader(), &user.user_id).await?;
    if existing.iter().any(|p| p.name == name) {
        return Ok(Err(Refusal::NameTaken));
    }
    let exclude = existing
        .iter()
        .map(parse_passkey)
        .map(|p| p.map(|p| p.cred_id().clone()))
        .collect::<AppResult<Vec<_>>>()?;
    let webauthn = relying_party(base_url)?;
    let (mut options, registration) = webauthn
        .start_passkey_registration(
            user_handle(&user.user_id)?,
            &user.email,
            &user.display_name,
            Some(exclude),
        )
        .map_err(AppError::internal)?;
    // A passkey is found by the browser without typing an address: ask for a discoverable one.
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    let ceremony =
        save_ceremony(state, Some(&user.user_id), Purpose::Register, Some(name), &registration)
            .await?;
    Ok(Ok(Started { ceremony, options }))
}

/// Finishes an enrolment; the recovery codes when these are the person's first ones.
pub async fn finish_enrolment(
    state: &AppState,
    client: &Client,
    user: &CurrentUser,
    ceremony: &str,
    answer: &RegisterPublicKeyCredential,
    base_url: &str,
) -> AppResult<Result<Vec<String>, Refusal>> {
    let taken = take_ceremony::<PasskeyRegistration>(
        state,
        ceremony,
        Purpose::Register,
        Some(&user.user_id),
    )
    .await?;
    let Some((registration, Some(name))) = taken else { return Ok(Err(Refusal::Expired)) };
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let webauthn = relying_party(base_url)?;
    let passkey = match webauthn.finish_passkey_registration(answer, &registration) {
        Ok(passkey) => passkey,
        Err(error) => {
            tracing::info!(%error, "passkey enrolment refused");
            log_event(
                state,
                client,
                event(Some(&credentials), None, "passkey_enrolment", "invalid"),
            )
            .await?;
            return Ok(Err(Refusal::Invalid));
        }
    };
    let json = serde_json::to_string(&passkey).map_err(AppError::internal)?;
    let credential_id = credential_text(passkey.cred_id().as_ref());
    let first_factor = !credentials.has_second_factor()
        && auth_store::unused_recovery_codes(state.db.reader(), &user.user_id).await? == 0;
    let codes = if first_factor { totp::new_recovery_codes() } else { Vec::new() };
    let mut tx = state.db.begin().await?;
    let new = NewPasskey {
        org_id: &user.org_id,
        user_id: &user.user_id,
        name: &name,
        credential_id: &credential_id,
        credential: &json,
    };
    if !store::insert_passkey(&mut *tx, &new).await? {
        return Ok(Err(Refusal::NameTaken));
    }
    if !codes.is_empty() {
        let hashes: Vec<String> =
            codes.iter().map(|c| digest(&totp::normalise_recovery_code(c))).collect();
        auth_store::replace_recovery_codes(&mut tx, &user.user_id, &hashes).await?;
    }
    log_event_in(
        &mut tx,
        state,
        client,
        event(Some(&credentials), None, "passkey_enrolment", "success"),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(codes))
}

fn credential_text(id: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

/// Removes one of one's passkeys.
pub async fn remove(
    state: &AppState,
    client: &Client,
    user: &CurrentUser,
    passkey_id: &str,
) -> AppResult<()> {
    if !store::delete_passkey(state.db.writer(), &user.user_id, passkey_id).await? {
        return Err(AppError::NotFound);
    }
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user.user_id).await?;
    log_event(state, client, event(credentials.as_ref(), None, "passkey_removed", "success")).await
}

/// Starts a sign-in without password: any passkey of this site may answer.
pub async fn start_sign_in(
    state: &AppState,
    base_url: &str,
) -> AppResult<Started<RequestChallengeResponse>> {
    let webauthn = relying_party(base_url)?;
    let (mut options, authentication) =
        webauthn.start_discoverable_authentication().map_err(AppError::internal)?;
    // Started by a button, not by the address field's suggestions.
    options.mediation = None;
    let ceremony = save_ceremony(state, None, Purpose::SignIn, None, &authentication).await?;
    Ok(Started { ceremony, options })
}

/// Checks an assertion against the stored passkey and records its new counter.
async fn verify(
    state: &AppState,
    client: &Client,
    row: &store::PasskeyRow,
    credentials: &Credentials,
    outcome: Result<
        webauthn_rs::prelude::AuthenticationResult,
        webauthn_rs::prelude::WebauthnError,
    >,
    name: &str,
) -> AppResult<bool> {
    let result = match outcome {
        Ok(result) => result,
        Err(error) => {
            tracing::info!(%error, "passkey assertion refused");
            log_event(state, client, event(Some(credentials), None, name, "invalid")).await?;
            return Ok(false);
        }
    };
    let mut passkey = parse_passkey(row)?;
    passkey.update_credential(&result);
    let json = serde_json::to_string(&passkey).map_err(AppError::internal)?;
    store::record_use(state.db.writer(), &row.id, &json).await?;
    Ok(true)
}

/// Finishes a sign-in without password: the passkey names its account, proves two factors
/// (possession, and the PIN or biometrics the authenticator verified).
pub async fn finish_sign_in(
    state: &AppState,
    client: &Client,
    ceremony: &str,
    answer: &PublicKeyCredential,
    base_url: &str,
) -> AppResult<Result<NewSignIn, Refusal>> {
    let taken =
        take_ceremony::<DiscoverableAuthentication>(state, ceremony, Purpose::SignIn, None).await?;
    let Some((authentication, _)) = taken else { return Ok(Err(Refusal::Expired)) };
    let webauthn = relying_party(base_url)?;
    let Ok((handle, credential_id)) = webauthn.identify_discoverable_authentication(answer) else {
        return Ok(Err(Refusal::Invalid));
    };
    let row = store::passkey_by_credential(state.db.reader(), &credential_text(credential_id))
        .await?
        .filter(|row| user_handle(&row.user_id).ok() == Some(handle));
    let Some(row) = row else { return Ok(Err(Refusal::UnknownPasskey)) };
    let credentials = auth_store::credentials_by_id(state.db.reader(), &row.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let passkey = parse_passkey(&row)?;
    let outcome = webauthn.finish_discoverable_authentication_v2(answer, authentication, &passkey);
    if !verify(state, client, &row, &credentials, outcome, "passkey_sign_in").await? {
        return Ok(Err(Refusal::Invalid));
    }
    if !credentials.active.0 {
        log_event(state, client, event(Some(&credentials), None, "passkey_sign_in", "deactivated"))
            .await?;
        return Ok(Err(Refusal::UnknownPasskey));
    }
    let sign_in = auth_service::open_session(state, client, &credentials, true).await?;
    log_event(state, client, event(Some(&credentials), None, "passkey_sign_in", "success")).await?;
    Ok(Ok(sign_in))
}

/// Starts the second factor with one of the person's passkeys.
pub async fn start_second_factor(
    state: &AppState,
    session: &PartialSession,
    base_url: &str,
) -> AppResult<Option<Started<RequestChallengeResponse>>> {
    let rows = store::passkeys_of_user(state.db.reader(), &session.credentials.user_id).await?;
    let passkeys = rows.iter().map(parse_passkey).collect::<AppResult<Vec<_>>>()?;
    if passkeys.is_empty() {
        return Ok(None);
    }
    let webauthn = relying_party(base_url)?;
    let (options, authentication) =
        webauthn.start_passkey_authentication(&passkeys).map_err(AppError::internal)?;
    let user_id = Some(session.credentials.user_id.as_str());
    let ceremony =
        save_ceremony(state, user_id, Purpose::SecondFactor, None, &authentication).await?;
    Ok(Some(Started { ceremony, options }))
}

/// Finishes the second factor: the session's new token, or the refusal.
pub async fn finish_second_factor(
    state: &AppState,
    client: &Client,
    session: &PartialSession,
    ceremony: &str,
    answer: &PublicKeyCredential,
    base_url: &str,
) -> AppResult<Result<String, Refusal>> {
    let user_id = session.credentials.user_id.as_str();
    let taken = take_ceremony::<PasskeyAuthentication>(
        state,
        ceremony,
        Purpose::SecondFactor,
        Some(user_id),
    )
    .await?;
    let Some((authentication, _)) = taken else { return Ok(Err(Refusal::Expired)) };
    let credential_id = credential_text(answer.get_credential_id());
    let row = store::passkey_by_credential(state.db.reader(), &credential_id)
        .await?
        .filter(|row| row.user_id == user_id);
    let Some(row) = row else { return Ok(Err(Refusal::UnknownPasskey)) };
    let webauthn = relying_party(base_url)?;
    let outcome = webauthn.finish_passkey_authentication(answer, &authentication);
    let credentials = &session.credentials;
    if !verify(state, client, &row, credentials, outcome, "passkey").await? {
        return Ok(Err(Refusal::Invalid));
    }
    match auth_service::finish_second_factor(state, client, session, "passkey", true).await? {
        Some(token) => Ok(Ok(token)),
        None => Ok(Err(Refusal::Invalid)),
    }
}
