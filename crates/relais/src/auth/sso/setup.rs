//! An administrator's setting up of a provider: the form read and checked field by field, the
//! secret sealed, the change audited. A password is asked again (step-up): whoever controls a
//! provider controls who signs in.

use serde::Deserialize;

use super::model::{JIT_ROLES, PRO_SANTE_CONNECT_ISSUER, ProviderId, ProviderKind};
use super::store::{self, ProviderFields};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::web::Client;

/// The provider form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProviderForm {
    pub name: String,
    pub kind: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: String,
    pub acr_values: String,
    pub mfa_acr: String,
    pub jit_role: String,
    pub enabled: String,
    pub password_off: String,
    pub password: String,
}

/// A provider's settings, checked.
struct Checked {
    name: String,
    kind: ProviderKind,
    issuer: String,
    client_id: String,
    scopes: String,
    acr_values: String,
    mfa_acr: String,
    jit_role: Option<&'static str>,
    enabled: bool,
    password_off: bool,
}

fn invalid(field: &'static str, code: &'static str) -> AppError {
    AppError::Invalid { field, code }
}

/// Space-separated words of `[A-Za-z0-9_:.-]` (scopes, authentication levels), at most ten.
fn words(text: &str, field: &'static str) -> AppResult<String> {
    let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "openid").collect();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_:.-/".contains(c);
    if words.len() > 10 || words.iter().any(|w| w.len() > 100 || !w.chars().all(allowed)) {
        return Err(invalid(field, "sso-words-invalid"));
    }
    Ok(words.join(" "))
}

/// An issuer is an `https://` address; plain `http://` only on this machine (tests, a provider
/// beside Relais).
fn issuer(text: &str, kind: ProviderKind) -> AppResult<String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() && kind == ProviderKind::ProSanteConnect {
        return Ok(PRO_SANTE_CONNECT_ISSUER.to_string());
    }
    let url = openidconnect::url::Url::parse(text)
        .map_err(|_| invalid("issuer", "sso-issuer-invalid"))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !scheme_ok || text.len() > 300 || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("issuer", "sso-issuer-invalid"));
    }
    Ok(text.to_string())
}

fn check(form: &ProviderForm) -> AppResult<Checked> {
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(invalid("name", "sso-name-invalid"));
    }
    let kind =
        ProviderKind::parse(&form.kind).ok_or_else(|| invalid("kind", "sso-kind-invalid"))?;
    let client_id = form.client_id.trim();
    if client_id.is_empty() || client_id.len() > 200 || client_id.chars().any(char::is_control) {
        return Err(invalid("client_id", "sso-client-id-invalid"));
    }
    let (default_scopes, default_acr, default_mfa) = kind.defaults();
    let or_default = |text: &str, default: &str| {
        if text.trim().is_empty() { default.to_string() } else { text.to_string() }
    };
    let jit_role = match form.jit_role.as_str() {
        "" => None,
        text => Some(
            JIT_ROLES
                .iter()
                .find(|role| role.as_str() == text)
                .map(|role| role.as_str())
                .ok_or_else(|| invalid("jit_role", "sso-jit-role-invalid"))?,
        ),
    };
    Ok(Checked {
        name: name.to_string(),
        kind,
        issuer: issuer(&form.issuer, kind)?,
        client_id: client_id.to_string(),
        scopes: words(&or_default(&form.scopes, default_scopes), "scopes")?,
        acr_values: words(&or_default(&form.acr_values, default_acr), "acr_values")?,
        mfa_acr: words(&or_default(&form.mfa_acr, default_mfa), "mfa_acr")?,
        jit_role,
        enabled: form.enabled == "on",
        password_off: form.password_off == "on",
    })
}

/// Adds a provider (`id` none) or changes one; an empty secret keeps the one stored.
pub async fn save(
    state: &AppState,
    user: &CurrentUser,
    client: &Client,
    id: Option<&ProviderId>,
    form: &ProviderForm,
) -> AppResult<ProviderId> {
    user.require(Permission::ManagePeople)?;
    let checked = check(form)?;
    let existing = match id {
        Some(id) => Some(
            store::provider(state.db.reader(), id)
                .await?
                .filter(|p| p.org_id == user.org_id)
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let secret = form.client_secret.trim();
    if secret.len() > 500 || secret.chars().any(char::is_control) {
        return Err(invalid("client_secret", "sso-secret-invalid"));
    }
    if secret.is_empty() && existing.is_none() {
        return Err(invalid("client_secret", "sso-secret-required"));
    }
    if form.password.len() > 1024
        || !crate::auth::service::confirm_password(state, client, &user.user_id, &form.password)
            .await?
    {
        return Err(invalid("password", "password-current-wrong"));
    }
    let id = existing.as_ref().map(|p| p.id.clone()).unwrap_or_else(ProviderId::generate);
    let sealed_secret = match (&existing, secret) {
        (Some(existing), "") => existing.client_secret_enc.clone(),
        _ => {
            let place = super::service::secret_place(&id);
            state.keys.seal(&state.db, &user.org_id, place, secret.as_bytes()).await?
        }
    };
    let fields = ProviderFields {
        name: &checked.name,
        kind: checked.kind,
        issuer: &checked.issuer,
        client_id: &checked.client_id,
        sealed_secret: &sealed_secret,
        scopes: &checked.scopes,
        acr_values: &checked.acr_values,
        mfa_acr: &checked.mfa_acr,
        jit_role: checked.jit_role,
        enabled: checked.enabled,
        password_off: checked.password_off,
    };
    let mut tx = state.db.begin().await?;
    if store::name_taken(&mut *tx, &user.org_id, &checked.name, existing.as_ref().map(|p| &p.id))
        .await?
    {
        return Err(invalid("name", "sso-name-taken"));
    }
    // The unique key (organisation, name) decides when two administrators race.
    let (written, action) = if existing.is_some() {
        let written =
            store::update_provider(&mut *tx, &id, &user.org_id, &fields).await.map(|_| ());
        (written, "sso.provider_update")
    } else {
        (store::insert_provider(&mut *tx, &id, &user.org_id, &fields).await, "sso.provider_add")
    };
    match written {
        Err(error) if error.as_database_error().is_some_and(|e| e.is_unique_violation()) => {
            return Err(invalid("name", "sso-name-taken"));
        }
        other => other?,
    }
    let reason = match (checked.enabled, checked.password_off) {
        (true, true) => "enabled; password sign-in off for linked people",
        (true, false) => "enabled",
        (false, _) => "disabled",
    };
    let trail = Trail {
        action,
        object_type: "sso_provider",
        object_id: id.as_str(),
        patient_id: None,
        reason: Some(reason),
    };
    record(&mut tx, state, user, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(id)
}
