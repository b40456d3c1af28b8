//! Calendar feeds of telework days: my own and my teams', renewed (the address shown once) or
//! revoked; and the feed itself for calendar apps.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::service::feeds::{self, FeedLine, Words};
use crate::web::{CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/calendar", get(show).post(renew))
        .route("/telework/calendar/revoke", post(revoke))
        .route("/telework/feed/{file}", get(feed))
}

#[derive(Template)]
#[template(path = "telework_calendar.html")]
struct CalendarPage {
    ui: Ui,
    tabs: Tabs,
    feeds: Vec<FeedLine>,
    /// The address just created, shown once, and what it covers.
    link: Option<(String, String)>,
}

impl CalendarPage {
    /// The address just created for `scope`, if any.
    fn link_for(&self, scope: &str) -> Option<&str> {
        self.link.as_ref().filter(|(linked, _)| linked == scope).map(|(_, link)| link.as_str())
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    link: Option<(String, String)>,
) -> AppResult<Page> {
    let feeds = feeds::list(state, user).await?;
    Page::render(&CalendarPage { ui: ui.with_user(user), tabs: Tabs::of(user), feeds, link })
}

async fn show(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    page(&state, ui, &user, None).await
}

#[derive(Deserialize)]
struct ScopeForm {
    #[serde(default)]
    scope: String,
}

async fn renew(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ScopeForm>,
) -> AppResult<Page> {
    let token = feeds::renew(&state, &user, &form.scope).await?;
    let link = format!("{}/telework/feed/{token}.ics", crate::web::base_url(&state, &headers));
    page(&state, ui, &user, Some((form.scope, link))).await
}

async fn revoke(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScopeForm>,
) -> AppResult<Page> {
    feeds::revoke(&state, &user, &form.scope).await?;
    page(&state, ui.with_notice("calendar-revoked"), &user, None).await
}

/// The feed itself (no session: the address is the secret).
async fn feed(
    State(state): State<AppState>,
    ui: Ui,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let token = crate::auth::feeds::token_of(&file).ok_or(AppError::NotFound)?;
    let words = Words {
        telework: ui.t("telework-cell-remote"),
        morning: ui.t("telework-part-morning"),
        afternoon: ui.t("telework-part-afternoon"),
    };
    let body = feeds::feed(&state, token, &words).await?;
    let mut response = body.into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(response)
}
