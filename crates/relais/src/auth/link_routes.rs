//! The pages of one-time links: activating an account, resetting a password.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::links;
use super::routes::signed_in;
use super::store::LinkPurpose;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/activate", get(show_activation).post(activate))
        .route("/reset-password", get(show_reset).post(reset))
}

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage {
    ui: Ui,
    token: String,
    action: &'static str,
    title_key: &'static str,
    display_name: String,
    email: String,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn show_link(
    state: &AppState,
    ui: Ui,
    token: Option<String>,
    purpose: LinkPurpose,
) -> AppResult<Response> {
    let token = token.filter(|t| t.len() <= 100).ok_or(AppError::LinkExpired)?;
    let account = links::link_account(state, &token, purpose).await?;
    let (action, title_key) = link_page(purpose);
    let page = SetPasswordPage {
        ui,
        token,
        action,
        title_key,
        display_name: account.display_name,
        email: account.email,
    };
    Ok(Page::render(&page)?.into_response())
}

fn link_page(purpose: LinkPurpose) -> (&'static str, &'static str) {
    match purpose {
        LinkPurpose::Activation => ("/activate", "activate-title"),
        LinkPurpose::PasswordReset => ("/reset-password", "reset-title"),
    }
}

async fn show_activation(
    State(state): State<AppState>,
    ui: Ui,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    show_link(&state, ui, query.token, LinkPurpose::Activation).await
}

async fn show_reset(
    State(state): State<AppState>,
    ui: Ui,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    show_link(&state, ui, query.token, LinkPurpose::PasswordReset).await
}

#[derive(Deserialize)]
struct SetPasswordForm {
    token: String,
    password: String,
    password_confirm: String,
}

async fn use_link(
    state: AppState,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    form: SetPasswordForm,
    purpose: LinkPurpose,
) -> AppResult<Response> {
    let account = links::link_account(&state, &form.token, purpose).await?;
    let error = if form.password != form.password_confirm {
        "password-mismatch"
    } else {
        match links::use_link(&state, &client, &form.token, purpose, &form.password).await? {
            Ok(sign_in) => return Ok(signed_in(&state, jar, sign_in)),
            Err(error) => error.0,
        }
    };
    let (action, title_key) = link_page(purpose);
    let ui = ui.with_error("password", error);
    let page = SetPasswordPage {
        ui: ui.clone(),
        token: form.token,
        action,
        title_key,
        display_name: account.display_name,
        email: account.email,
    };
    Ok(Page::form(&page, &ui)?.into_response())
}

async fn activate(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SetPasswordForm>,
) -> AppResult<Response> {
    use_link(state, ui, client, jar, form, LinkPurpose::Activation).await
}

async fn reset(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SetPasswordForm>,
) -> AppResult<Response> {
    use_link(state, ui, client, jar, form, LinkPurpose::PasswordReset).await
}
