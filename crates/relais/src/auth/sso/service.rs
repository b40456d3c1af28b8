//! Single sign-on's rules: where a sign-in starts, what its callback accepts, which account it
//! opens (a linked subject, never an e-mail address alone), and when the provider's word counts
//! as the second factor. Every outcome is written to the security log.

use super::model::{JIT_ROLES, Provider, ProviderId, Refusal};
use super::oidc::{self, Configured, OidcError, VerifiedSignIn};
use super::store::{self, LOGIN_LIFETIME_MS, NewLogin, NewSsoSession, Professional};
use crate::auth::CurrentUser;
use crate::auth::service::{self as auth_service, NewSignIn, event, log_event};
use crate::auth::store::{self as auth_store, Credentials};
use crate::clock::now_ms;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::fields::{Email, Label, Phone};
use crate::org::model::NewPerson;
use crate::org::store as org_store;
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

/// The address the providers send the browser back to (registered with each provider).
pub fn callback_url(base_url: &str) -> String {
    format!("{base_url}/login/sso/callback")
}

pub(super) fn secret_place(provider_id: &ProviderId) -> Place<'_> {
    Place { table: "sso_providers", column: "client_secret_enc", row_id: provider_id.as_str() }
}

pub fn id_token_place(session_public_id: &str) -> Place<'_> {
    Place { table: "sso_sessions", column: "id_token_enc", row_id: session_public_id }
}

async fn configured<'a>(
    state: &AppState,
    provider: &'a Provider,
    base_url: &str,
) -> AppResult<Configured<'a>> {
    let place = secret_place(&provider.id);
    let plain = state
        .keys
        .open_sealed(&state.db, &provider.org_id, place, &provider.client_secret_enc)
        .await?;
    let client_secret = String::from_utf8(plain).map_err(AppError::internal)?;
    Ok(Configured { provider, client_secret, redirect_url: callback_url(base_url) })
}

/// A sign-in sent to its provider: the address to go to, and the value the browser keeps.
pub struct Started {
    pub url: String,
    pub browser_token: String,
}

/// Starts a sign-in (or, for `linking`, the linking of an identity to that person's account).
pub async fn start(
    state: &AppState,
    provider_id: &ProviderId,
    linking: Option<&CurrentUser>,
    login_hint: Option<&str>,
    base_url: &str,
) -> AppResult<Result<Started, Refusal>> {
    let provider = store::provider(state.db.reader(), provider_id)
        .await?
        .filter(|p| p.enabled.0)
        .filter(|p| linking.is_none_or(|user| user.org_id == p.org_id))
        .ok_or(AppError::NotFound)?;
    let configured = configured(state, &provider, base_url).await?;
    // Linking asks the provider to authenticate again: the person picks the account deliberately.
    let fresh = linking.is_some();
    let authorisation = match oidc::authorise(&state.sso, &configured, login_hint, fresh).await {
        Ok(authorisation) => authorisation,
        Err(error) => {
            tracing::warn!(provider = %provider.name, %error, "identity provider unreachable");
            return Ok(Err(Refusal::ProviderDown));
        }
    };
    let browser_token = random_token(32);
    let mut conn = state.db.writer().acquire().await?;
    store::insert_login(
        &mut conn,
        &NewLogin {
            state_hash: &digest(&authorisation.state),
            provider_id: &provider.id,
            browser_hash: &digest(&browser_token),
            nonce: &authorisation.nonce,
            pkce_verifier: &authorisation.pkce_verifier,
            link_user_id: linking.map(|user| user.user_id.as_str()),
        },
    )
    .await?;
    Ok(Ok(Started { url: authorisation.url, browser_token }))
}

/// What the provider sent the browser back with.
pub struct Callback<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    pub browser_token: Option<&'a str>,
}

/// What a callback did.
pub enum Finished {
    SignedIn(NewSignIn),
    Linked,
}

/// Accepts the provider's answer: once, in the browser that started it, with a valid token.
pub async fn finish(
    state: &AppState,
    client: &Client,
    callback: &Callback<'_>,
    current: Option<&CurrentUser>,
    base_url: &str,
) -> AppResult<Result<Finished, Refusal>> {
    let Some(login_state) = callback.state.filter(|s| s.len() <= 200) else {
        return Ok(Err(Refusal::Expired));
    };
    let Some(pending) = store::take_login(state.db.writer(), &digest(login_state)).await? else {
        return refused(state, client, None, Refusal::Expired).await;
    };
    let same_browser =
        callback.browser_token.is_some_and(|token| digest(token) == pending.browser_hash);
    if !same_browser || now_ms() - pending.created_at > LOGIN_LIFETIME_MS {
        return refused(state, client, None, Refusal::Expired).await;
    }
    let provider = store::provider(state.db.reader(), &pending.provider_id)
        .await?
        .filter(|p| p.enabled.0)
        .ok_or(AppError::NotFound)?;
    let code = match (callback.error, callback.code) {
        (None, Some(code)) if code.len() <= 2048 => code,
        _ => return refused(state, client, None, Refusal::Cancelled).await,
    };
    let configured = configured(state, &provider, base_url).await?;
    let verified =
        match oidc::finish(&state.sso, &configured, code, &pending.nonce, &pending.pkce_verifier)
            .await
        {
            Ok(verified) => verified,
            Err(error) => {
                tracing::warn!(provider = %provider.name, %error, "single sign-on refused");
                let refusal = match error {
                    OidcError::Provider(_) => Refusal::ProviderDown,
                    OidcError::Token(_) => Refusal::InvalidToken,
                };
                return refused(state, client, None, refusal).await;
            }
        };
    if let Some(link_user_id) = &pending.link_user_id {
        let Some(user) = current.filter(|user| &user.user_id == link_user_id) else {
            return refused(state, client, None, Refusal::Expired).await;
        };
        return link(state, client, &provider, user, &verified).await;
    }
    let credentials = match account_of(state, client, &provider, &verified).await? {
        Ok(credentials) => credentials,
        Err(refusal) => return refused(state, client, None, refusal).await,
    };
    if !credentials.active.0 {
        return refused(state, client, Some(&credentials), Refusal::Deactivated).await;
    }
    let proven = provider.proves_mfa(verified.acr.as_deref(), &verified.amr);
    let sign_in = auth_service::open_session(state, client, &credentials, proven).await?;
    let sealed_token = state
        .keys
        .seal(
            &state.db,
            &credentials.org_id,
            id_token_place(&sign_in.public_id),
            verified.id_token.as_bytes(),
        )
        .await?;
    store::insert_sso_session(
        state.db.writer(),
        &NewSsoSession {
            session_public_id: &sign_in.public_id,
            org_id: &credentials.org_id,
            provider_id: &provider.id,
            subject: &verified.subject,
            sid: verified.sid.as_deref(),
            sealed_id_token: &sealed_token,
        },
    )
    .await?;
    let outcome = if proven { "success_mfa" } else { "success" };
    log_event(state, client, event(Some(&credentials), None, "sso_sign_in", outcome)).await?;
    Ok(Ok(Finished::SignedIn(sign_in)))
}

async fn refused<T>(
    state: &AppState,
    client: &Client,
    credentials: Option<&Credentials>,
    refusal: Refusal,
) -> AppResult<Result<T, Refusal>> {
    log_event(state, client, event(credentials, None, "sso_sign_in", refusal.outcome())).await?;
    Ok(Err(refusal))
}

fn professional(verified: &VerifiedSignIn) -> Professional<'_> {
    Professional { id: verified.national_id.as_deref(), profession: verified.profession.as_deref() }
}

/// The account the subject is linked to, or one created for it when the provider allows.
async fn account_of(
    state: &AppState,
    client: &Client,
    provider: &Provider,
    verified: &VerifiedSignIn,
) -> AppResult<Result<Credentials, Refusal>> {
    let reader = state.db.reader();
    if let Some(identity) = store::identity(reader, &provider.id, &verified.subject).await? {
        store::touch_identity(
            state.db.writer(),
            &provider.id,
            &verified.subject,
            &professional(verified),
        )
        .await?;
        let credentials = auth_store::credentials_by_id(reader, &identity.user_id).await?;
        return Ok(credentials.ok_or(Refusal::UnknownIdentity));
    }
    let Some(role) = provider.jit_role().filter(|role| JIT_ROLES.contains(role)) else {
        return Ok(Err(Refusal::UnknownIdentity));
    };
    create_account(state, client, provider, verified, role).await
}

/// Creates the account of someone the provider knows and Relais does not. Their e-mail address
/// must be verified by the provider and used by nobody here: an existing account is never
/// taken over by an address.
async fn create_account(
    state: &AppState,
    client: &Client,
    provider: &Provider,
    verified: &VerifiedSignIn,
    role: crate::org::Role,
) -> AppResult<Result<Credentials, Refusal>> {
    let email = verified.email.as_deref().filter(|_| verified.email_verified);
    let Some(email) = email.and_then(|e| Email::parse(e).ok()) else {
        return Ok(Err(Refusal::UnknownIdentity));
    };
    let name = verified.name.clone().unwrap_or_else(|| email.as_str().to_string());
    let display_name = Label::parse(&name).or_else(|_| Label::parse(email.as_str()));
    let (Ok(display_name), Ok(job_title), Ok(phone)) =
        (display_name, Label::parse_optional(""), Phone::parse_optional(""))
    else {
        return Ok(Err(Refusal::UnknownIdentity));
    };
    let person = NewPerson {
        email,
        display_name,
        job_title,
        phone,
        roles: vec![role],
        team_ids: Vec::new(),
        locale: crate::i18n::Lang::default(),
    };
    let mut tx = state.db.begin().await?;
    if org_store::email_taken(&mut *tx, person.email.as_str()).await? {
        return Ok(Err(Refusal::EmailTaken));
    }
    let user_id = match org_store::insert_person(&mut tx, &provider.org_id, &person).await {
        Ok(id) => id,
        Err(error) if is_unique_violation(&error) => return Ok(Err(Refusal::EmailTaken)),
        Err(error) => return Err(error.into()),
    };
    if !store::link_identity(
        &mut *tx,
        &provider.id,
        &verified.subject,
        &user_id,
        &professional(verified),
    )
    .await?
    {
        return Ok(Err(Refusal::LinkedElsewhere));
    }
    let credentials =
        auth_store::credentials_by_id(&mut *tx, &user_id).await?.ok_or(AppError::NotFound)?;
    auth_service::log_event_in(
        &mut tx,
        state,
        client,
        event(Some(&credentials), None, "sso_account_created", "success"),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(credentials))
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.is_unique_violation())
}

/// Links the provider's subject to the signed-in person's account.
async fn link(
    state: &AppState,
    client: &Client,
    provider: &Provider,
    user: &CurrentUser,
    verified: &VerifiedSignIn,
) -> AppResult<Result<Finished, Refusal>> {
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if let Some(identity) =
        store::identity(state.db.reader(), &provider.id, &verified.subject).await?
    {
        if identity.user_id == user.user_id {
            return Ok(Ok(Finished::Linked));
        }
        return refused(state, client, Some(&credentials), Refusal::LinkedElsewhere).await;
    }
    let linked = store::link_identity(
        state.db.writer(),
        &provider.id,
        &verified.subject,
        &user.user_id,
        &professional(verified),
    )
    .await?;
    if !linked {
        return refused(state, client, Some(&credentials), Refusal::LinkedElsewhere).await;
    }
    log_event(state, client, event(Some(&credentials), None, "sso_link", "success")).await?;
    Ok(Ok(Finished::Linked))
}

/// Unlinks one's identity at a provider, unless it is the only way left to sign in.
pub async fn unlink(
    state: &AppState,
    client: &Client,
    user: &CurrentUser,
    provider_id: &ProviderId,
) -> AppResult<Result<(), &'static str>> {
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let identities = store::identities_of_user(state.db.reader(), &user.user_id).await?;
    if !identities.iter().any(|identity| &identity.provider_id == provider_id) {
        return Err(AppError::NotFound);
    }
    if credentials.password_hash.is_none() && identities.len() == 1 {
        return Ok(Err("sso-unlink-last-way"));
    }
    store::unlink_identity(state.db.writer(), provider_id, &user.user_id).await?;
    log_event(state, client, event(Some(&credentials), None, "sso_unlink", "success")).await?;
    Ok(Ok(()))
}
