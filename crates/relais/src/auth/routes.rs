//! Sign-in pages: password, second factor, TOTP enrolment, one-time links, sign-out.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::enrolment;
use super::service::{self, NewSignIn, NextStep};
use super::session::PartialSession;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Page, Ui, cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(show_sign_in).post(sign_in))
        .route("/login/totp", get(show_second_factor).post(second_factor))
        .route("/login/recovery", post(recovery_code))
        .route("/account/totp", get(show_enrolment).post(confirm_enrolment))
        .route("/logout", post(sign_out))
        .merge(super::link_routes::router())
        .merge(super::sso::routes::router())
        .merge(super::sso::admin::router())
        .merge(super::passkeys::routes::router())
}

/// Sets the session and language cookies of a new sign-in and goes to its next step.
pub fn signed_in(state: &AppState, jar: CookieJar, sign_in: NewSignIn) -> Response {
    let (jar, next) = with_session_cookies(state, jar, sign_in);
    (jar, Redirect::to(next)).into_response()
}

/// The session and language cookies of a new sign-in, and where it goes next.
pub fn with_session_cookies(
    state: &AppState,
    jar: CookieJar,
    sign_in: NewSignIn,
) -> (CookieJar, &'static str) {
    let session = cookies::build(&state.settings, cookies::SESSION, sign_in.token, None);
    let lang = cookies::build(
        &state.settings,
        cookies::LANG,
        sign_in.locale,
        Some(time::Duration::days(365)),
    );
    (jar.add(session).add(lang), next_path(sign_in.next))
}

fn next_path(next: NextStep) -> &'static str {
    match next {
        NextStep::Home => "/",
        NextStep::SecondFactor => "/login/totp",
        NextStep::EnrolTotp => "/account/totp",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct SignInPage {
    ui: Ui,
    email: String,
    /// The identity providers one may sign in with (id, name).
    providers: Vec<(String, String)>,
}

/// The sign-in page, with the identity providers' buttons.
pub(crate) async fn sign_in_page(state: &AppState, ui: Ui, email: String) -> AppResult<Page> {
    let providers = super::sso::store::enabled_providers(state.db.reader())
        .await?
        .into_iter()
        .map(|p| (p.id.as_str().to_string(), p.name))
        .collect();
    Page::render(&SignInPage { ui, email, providers })
}

async fn show_sign_in(
    State(state): State<AppState>,
    ui: Ui,
    session: Option<PartialSession>,
) -> AppResult<Response> {
    if let Some(session) = session {
        let next = match (session.record.mfa_done.0, session.credentials.has_second_factor()) {
            (true, _) => NextStep::Home,
            (false, true) => NextStep::SecondFactor,
            (false, false) => NextStep::EnrolTotp,
        };
        return Ok(Redirect::to(next_path(next)).into_response());
    }
    Ok(sign_in_page(&state, ui, String::new()).await?.into_response())
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    password: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> AppResult<Response> {
    let plausible = form.email.len() <= 254
        && form.password.len() <= 1024
        && !form.email.chars().any(char::is_control);
    let outcome = if plausible {
        service::sign_in(&state, &client, &form.email, &form.password).await
    } else {
        Ok(None)
    };
    match outcome {
        Ok(Some(sign_in)) => Ok(signed_in(&state, jar, sign_in)),
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code);
            let page = sign_in_page(&state, ui, form.email).await?;
            Ok(page.with_status(axum::http::StatusCode::FORBIDDEN).into_response())
        }
        Err(error) => Err(error),
        Ok(None) => {
            let ui = ui.with_error("password", "sign-in-failed");
            let email = if plausible { form.email } else { String::new() };
            let page = sign_in_page(&state, ui, email).await?;
            Ok(page.with_status(axum::http::StatusCode::UNAUTHORIZED).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "login_totp.html")]
struct SecondFactorPage {
    ui: Ui,
    has_totp: bool,
    has_passkeys: bool,
}

impl SecondFactorPage {
    fn of(ui: Ui, session: &PartialSession) -> Self {
        let credentials = &session.credentials;
        Self { ui, has_totp: credentials.has_totp(), has_passkeys: credentials.passkeys > 0 }
    }
}

async fn show_second_factor(ui: Ui, session: PartialSession) -> AppResult<Response> {
    if session.record.mfa_done.0 {
        return Ok(Redirect::to("/").into_response());
    }
    if !session.credentials.has_second_factor() {
        return Ok(Redirect::to("/account/totp").into_response());
    }
    Ok(Page::render(&SecondFactorPage::of(ui, &session))?.into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

/// Sets the session cookie to the token a change of privilege gave, and goes on to `to`.
fn with_new_token(state: &AppState, jar: CookieJar, token: String, to: &str) -> Response {
    let session = cookies::build(&state.settings, cookies::SESSION, token, None);
    (jar.add(session), Redirect::to(to)).into_response()
}

async fn second_factor(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    session: PartialSession,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> AppResult<Response> {
    if let Some(token) = service::verify_totp(&state, &client, &session, &form.code).await? {
        return Ok(with_new_token(&state, jar, token, "/"));
    }
    let ui = ui.with_error("code", "totp-code-wrong");
    Ok(Page::form(&SecondFactorPage::of(ui.clone(), &session), &ui)?.into_response())
}

async fn recovery_code(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    session: PartialSession,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> AppResult<Response> {
    if let Some(token) =
        service::verify_recovery_code(&state, &client, &session, &form.code).await?
    {
        return Ok(with_new_token(&state, jar, token, "/"));
    }
    let ui = ui.with_error("recovery", "recovery-code-wrong");
    Ok(Page::form(&SecondFactorPage::of(ui.clone(), &session), &ui)?.into_response())
}

#[derive(Template)]
#[template(path = "totp_enrol.html")]
struct EnrolmentPage {
    ui: Ui,
    secret: String,
    qr_svg: String,
    otpauth_url: String,
    forced: bool,
    /// The session is complete: the password is asked again.
    ask_password: bool,
    /// A second factor exists: a code of it (or a recovery code) is asked too.
    ask_current_code: bool,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    ui: Ui,
    codes: Vec<String>,
}

async fn enrolment_page(
    state: &AppState,
    ui: Ui,
    session: &PartialSession,
    fresh: bool,
) -> AppResult<Page> {
    let enrolment = enrolment::enrolment(state, &session.credentials, fresh).await?;
    let ui = if session.record.mfa_done.0 {
        ui.with_nav(&session.credentials.display_name, &session.roles)
    } else {
        ui
    };
    let page = EnrolmentPage {
        forced: !session.record.mfa_done.0,
        ask_password: session.record.mfa_done.0,
        ask_current_code: session.credentials.has_totp(),
        secret: enrolment.secret,
        qr_svg: enrolment.qr_svg,
        otpauth_url: enrolment.otpauth_url,
        ui,
    };
    let status_ui = page.ui.clone();
    Page::form(&page, &status_ui)
}

async fn show_enrolment(
    State(state): State<AppState>,
    ui: Ui,
    session: PartialSession,
) -> AppResult<Response> {
    if !session.record.mfa_done.0 && session.credentials.has_second_factor() {
        return Ok(Redirect::to("/login/totp").into_response());
    }
    Ok(enrolment_page(&state, ui, &session, true).await?.into_response())
}

#[derive(Deserialize)]
struct EnrolmentForm {
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    current_code: String,
}

async fn confirm_enrolment(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    session: PartialSession,
    CsrfForm(form): CsrfForm<EnrolmentForm>,
) -> AppResult<Response> {
    if !session.record.mfa_done.0 && session.credentials.has_second_factor() {
        return Err(AppError::Forbidden);
    }
    if form.password.len() > 1024 || form.code.len() > 64 || form.current_code.len() > 64 {
        return Err(AppError::BadRequest("field too long".into()));
    }
    let step_up = enrolment::StepUp { password: &form.password, current_code: &form.current_code };
    match enrolment::confirm_enrolment(&state, &client, &session, &step_up, &form.code).await? {
        Ok(enrolled) => {
            let cookie = cookies::build(&state.settings, cookies::SESSION, enrolled.token, None);
            let page = Page::render(&RecoveryCodesPage { ui, codes: enrolled.codes })?;
            Ok((jar.add(cookie), page).into_response())
        }
        Err((field, code)) => {
            let ui = ui.with_error(field, code);
            Ok(enrolment_page(&state, ui, &session, false).await?.into_response())
        }
    }
}

/// Signs out here, then at the identity provider when the session came from one.
async fn sign_out(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    session: Option<PartialSession>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let mut to = None;
    if let Some(session) = session {
        let base = crate::web::base_url(&state, &headers);
        let (public_id, org_id) = (&session.record.public_id, &session.credentials.org_id);
        to = super::sso::logout::provider_logout(&state, public_id, org_id, &base).await?;
        service::sign_out(&state, &client, &session).await?;
    }
    let jar = jar.add(cookies::removal(&state.settings, cookies::SESSION));
    match to {
        Some(url) => {
            let (title, text) = ("sso-signed-out-title", "sso-signed-out-text");
            let page = super::sso::routes::continue_to_provider(ui, title, text, url)?;
            Ok((jar, page).into_response())
        }
        None => Ok((jar, Redirect::to("/login")).into_response()),
    }
}
