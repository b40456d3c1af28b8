//! Single sign-on's pages: the way to a provider and back, and one's linked identities.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::model::{Identity, Provider, ProviderId, Refusal};
use super::service::{self, Callback, Finished};
use super::store;
use crate::auth::CurrentUser;
use crate::auth::routes::{sign_in_page, signed_in};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Done, IdPath, Page, Ui, base_url, cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login/sso/callback", get(callback))
        .route("/login/sso/backchannel-logout", post(backchannel_logout))
        .route("/login/sso/{id}", get(start))
        .route("/account/sign-in-methods", get(show_identities))
        .route("/account/sso/{id}/link", post(link))
        .route("/account/sso/{id}/unlink", post(unlink))
}

#[derive(Deserialize)]
struct StartQuery {
    login_hint: Option<String>,
}

fn provider_id(IdPath(id): IdPath) -> AppResult<ProviderId> {
    ProviderId::parse(&id).ok_or(AppError::NotFound)
}

/// The cookie that ties the way back from the provider to this browser.
fn browser_cookie(
    state: &AppState,
    started: &service::Started,
) -> axum_extra::extract::cookie::Cookie<'static> {
    let token = started.browser_token.clone();
    cookies::build(&state.settings, cookies::SSO, token, Some(time::Duration::minutes(10)))
}

/// Sends the browser to the provider (from a link).
fn to_provider(state: &AppState, jar: CookieJar, started: service::Started) -> Response {
    let cookie = browser_cookie(state, &started);
    (jar.add(cookie), Redirect::to(&started.url)).into_response()
}

#[derive(Template)]
#[template(path = "continue_to_provider.html")]
struct ContinuePage {
    ui: Ui,
    title_key: &'static str,
    text_key: &'static str,
    url: String,
}

/// A page that goes on to the provider: after a form, the browser's policy (`form-action 'self'`)
/// forbids a redirect to another site, but not this page's own navigation.
pub(crate) fn continue_to_provider(
    ui: Ui,
    title_key: &'static str,
    text_key: &'static str,
    url: String,
) -> AppResult<Response> {
    Ok(Page::render(&ContinuePage { ui, title_key, text_key, url })?.into_response())
}

async fn refusal_page(state: &AppState, ui: Ui, refusal: Refusal) -> AppResult<Response> {
    let status = match refusal {
        Refusal::ProviderDown => StatusCode::SERVICE_UNAVAILABLE,
        Refusal::UnknownIdentity | Refusal::Deactivated | Refusal::EmailTaken => {
            StatusCode::FORBIDDEN
        }
        Refusal::LinkedElsewhere => StatusCode::CONFLICT,
        Refusal::Expired | Refusal::Cancelled | Refusal::InvalidToken => StatusCode::BAD_REQUEST,
    };
    let ui = ui.with_error("sso", refusal.message_key());
    Ok(sign_in_page(state, ui, String::new()).await?.with_status(status).into_response())
}

async fn start(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    jar: CookieJar,
    id: IdPath,
    Query(query): Query<StartQuery>,
) -> AppResult<Response> {
    let id = provider_id(id)?;
    let hint =
        query.login_hint.as_deref().filter(|h| h.len() <= 254 && !h.chars().any(char::is_control));
    let base = base_url(&state, &headers);
    match service::start(&state, &id, None, hint, &base).await? {
        Ok(started) => Ok(to_provider(&state, jar, started)),
        Err(refusal) => refusal_page(&state, ui, refusal).await,
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    jar: CookieJar,
    current: Option<CurrentUser>,
    Query(query): Query<CallbackQuery>,
) -> AppResult<Response> {
    let browser_token =
        jar.get(&cookies::name(&state.settings, cookies::SSO)).map(|c| c.value().to_string());
    let jar = jar.add(cookies::removal(&state.settings, cookies::SSO));
    let callback = Callback {
        code: query.code.as_deref(),
        state: query.state.as_deref(),
        error: query.error.as_deref(),
        browser_token: browser_token.as_deref(),
    };
    let base = base_url(&state, &headers);
    match service::finish(&state, &client, &callback, current.as_ref(), &base).await? {
        Ok(Finished::SignedIn(sign_in)) => Ok(signed_in(&state, jar, sign_in)),
        Ok(Finished::Linked) => {
            Ok((jar, Redirect::to("/account/sign-in-methods?done=linked")).into_response())
        }
        Err(refusal) if current.is_some() => {
            let to = format!("/account/sign-in-methods?refused={}", refusal.outcome());
            Ok((jar, Redirect::to(&to)).into_response())
        }
        Err(refusal) => Ok((jar, refusal_page(&state, ui, refusal).await?).into_response()),
    }
}

/// One provider of the person's organisation, and their identity there if linked.
struct Method {
    provider: Provider,
    identity: Option<Identity>,
}

#[derive(Template)]
#[template(path = "sign_in_methods.html")]
struct MethodsPage {
    ui: Ui,
    methods: Vec<Method>,
    passkeys: Vec<crate::auth::passkeys::store::PasskeyRow>,
    has_password: bool,
    has_totp: bool,
    time_zone: String,
}

impl MethodsPage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.time_zone)
    }
}

#[derive(Deserialize)]
struct MethodsQuery {
    #[serde(flatten)]
    done: Done,
    refused: Option<String>,
}

async fn methods_page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    let reader = state.db.reader();
    let identities = store::identities_of_user(reader, &user.user_id).await?;
    let providers = store::providers_of_org(reader, &user.org_id).await?;
    let methods = providers
        .into_iter()
        .filter(|p| p.enabled.0 || identities.iter().any(|i| i.provider_id == p.id))
        .map(|provider| {
            let identity = identities.iter().find(|i| i.provider_id == provider.id).cloned();
            Method { provider, identity }
        })
        .collect();
    let credentials = crate::auth::store::credentials_by_id(reader, &user.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let passkeys = crate::auth::passkeys::store::passkeys_of_user(reader, &user.user_id).await?;
    let page = MethodsPage {
        ui: ui.with_user(user),
        methods,
        passkeys,
        has_password: credentials.password_hash.is_some(),
        has_totp: credentials.has_totp(),
        time_zone: user.time_zone.clone(),
    };
    let status_ui = page.ui.clone();
    Page::form(&page, &status_ui)
}

async fn show_identities(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<MethodsQuery>,
) -> AppResult<Page> {
    let notices = [
        ("linked", "sso-linked"),
        ("unlinked", "sso-unlinked"),
        ("passkey-added", "passkey-added-notice"),
        ("passkey-removed", "passkey-removed-notice"),
    ];
    let ui = ui.with_done(&query.done, &notices);
    let refusal = [
        Refusal::Expired,
        Refusal::Cancelled,
        Refusal::ProviderDown,
        Refusal::InvalidToken,
        Refusal::LinkedElsewhere,
    ]
    .into_iter()
    .find(|r| query.refused.as_deref() == Some(r.outcome()));
    let ui = match refusal {
        Some(refusal) => ui.with_error("sso", refusal.message_key()),
        None => ui,
    };
    methods_page(&state, ui, &user).await
}

async fn link(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    jar: CookieJar,
    user: CurrentUser,
    id: IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let id = provider_id(id)?;
    let base = base_url(&state, &headers);
    match service::start(&state, &id, Some(&user), None, &base).await? {
        Ok(started) => {
            let cookie = browser_cookie(&state, &started);
            let (title, text) = ("sso-to-provider-title", "sso-to-provider-text");
            let page = continue_to_provider(ui, title, text, started.url)?;
            Ok((jar.add(cookie), page).into_response())
        }
        Err(refusal) => {
            let ui = ui.with_error("sso", refusal.message_key());
            let page = methods_page(&state, ui, &user).await?;
            Ok(page.with_status(StatusCode::SERVICE_UNAVAILABLE).into_response())
        }
    }
}

async fn unlink(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    user: CurrentUser,
    id: IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let id = provider_id(id)?;
    match service::unlink(&state, &client, &user, &id).await? {
        Ok(()) => Ok(Redirect::to("/account/sign-in-methods?done=unlinked").into_response()),
        Err(key) => {
            let ui = ui.with_error("sso", key);
            let page = methods_page(&state, ui, &user).await?;
            Ok(page.with_status(StatusCode::CONFLICT).into_response())
        }
    }
}

#[derive(Deserialize)]
struct LogoutToken {
    logout_token: String,
}

/// The provider's server tells this one that a session ended (no browser, no CSRF token: the
/// signed token is the proof).
async fn backchannel_logout(
    State(state): State<AppState>,
    axum::Form(form): axum::Form<LogoutToken>,
) -> AppResult<Response> {
    let status = if super::logout::backchannel_logout(&state, &form.logout_token).await? {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, [(axum::http::header::CACHE_CONTROL, "no-store")]).into_response())
}
