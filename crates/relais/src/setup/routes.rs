use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::service::{self, SetupInput};
use crate::auth::routes::signed_in;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/setup", get(show).post(create))
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    ui: Ui,
    token: String,
    organisation: String,
    display_name: String,
    email: String,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    let token = query.token.ok_or(AppError::LinkExpired)?;
    service::check_token(&state, &token).await?;
    let page = SetupPage {
        ui,
        token,
        organisation: String::new(),
        display_name: String::new(),
        email: String::new(),
    };
    Ok(Page::render(&page)?.into_response())
}

#[derive(Deserialize)]
struct SetupForm {
    token: String,
    organisation: String,
    display_name: String,
    email: String,
    password: String,
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> AppResult<Response> {
    let input = SetupInput {
        organisation: &form.organisation,
        display_name: &form.display_name,
        email: &form.email,
        password: &form.password,
        lang: ui.lang,
    };
    match service::complete(&state, &client, &form.token, input).await? {
        Ok(sign_in) => Ok(signed_in(&state, jar, sign_in)),
        Err((field, error)) => {
            let ui = ui.with_error(field, error.0);
            let page = SetupPage {
                ui: ui.clone(),
                token: form.token,
                organisation: form.organisation,
                display_name: form.display_name,
                email: form.email,
            };
            Ok(Page::form(&page, &ui)?.into_response())
        }
    }
}
