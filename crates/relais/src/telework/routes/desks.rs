//! Flex office: the desks of a site for a day, booked in one click; the week's occupancy.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::service::desks::{self, SiteDay};
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/desks", get(show).post(add))
        .route("/telework/desks/{id}/book", post(book))
        .route("/telework/desks/bookings/{id}/release", post(release))
}

#[derive(Debug, Default, Deserialize)]
struct DayQuery {
    site: Option<String>,
    day: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "telework_desks.html")]
struct DesksPage {
    ui: Ui,
    tabs: Tabs,
    view: SiteDay,
    me: String,
}

impl DesksPage {
    fn shift(&self, days: i64) -> String {
        self.view.day.checked_add(days.days()).map(|d| d.to_string()).unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    site: Option<&str>,
    day: Date,
) -> AppResult<Page> {
    let view = desks::site_day(state, user, site, day).await?;
    let ui = ui.with_user(user);
    let page = DesksPage { ui: ui.clone(), tabs: Tabs::of(user), view, me: user.user_id.clone() };
    Page::form(&page, &ui)
}

async fn chosen_day(state: &AppState, user: &CurrentUser, text: Option<&str>) -> AppResult<Date> {
    match text {
        Some(text) => text.parse().map_err(|_| AppError::BadRequest("day must be a date".into())),
        None => crate::org::service::today(state, &user.org_id).await,
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<DayQuery>,
) -> AppResult<Page> {
    let notices = [
        ("booked", "telework-desk-booked"),
        ("released", "telework-desk-released"),
        ("added", "telework-desk-added"),
    ];
    let ui = match notices.iter().find(|(what, _)| q.done.as_deref() == Some(*what)) {
        Some((_, key)) => ui.with_notice(key),
        None => ui,
    };
    let day = chosen_day(&state, &user, q.day.as_deref()).await?;
    page(&state, ui, &user, q.site.as_deref(), day).await
}

#[derive(Deserialize)]
struct DeskForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    name: String,
}

async fn add(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DeskForm>,
) -> AppResult<Response> {
    let outcome = desks::add(&state, &user, &form.site, &form.room, &form.name)
        .await
        .map(|()| format!("/telework/desks?site={}&done=added", form.site));
    // `desks::add` refuses a site that is not one of the organisation's: the redirect is safe.
    let today = crate::org::service::today(&state, &user.org_id).await?;
    answer(outcome, ui, |ui| page(&state, ui, &user, Some(&form.site), today)).await
}

#[derive(Deserialize)]
struct BookForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    site: String,
}

async fn book(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<BookForm>,
) -> AppResult<Response> {
    let day = super::date("day", &form.day)?;
    let site = Some(form.site.as_str()).filter(|s| crate::web::ids::is_id(s));
    let outcome = desks::book(&state, &user, &id, day).await.map(|()| {
        format!("/telework/desks?site={}&day={day}&done=booked", site.unwrap_or_default())
    });
    answer(outcome, ui, |ui| page(&state, ui, &user, site, day)).await
}

async fn release(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<BookForm>,
) -> AppResult<Response> {
    let day = super::date("day", &form.day)?;
    let site = Some(form.site.as_str()).filter(|s| crate::web::ids::is_id(s));
    let outcome = desks::release(&state, &user, &id).await.map(|()| {
        format!("/telework/desks?site={}&day={day}&done=released", site.unwrap_or_default())
    });
    answer(outcome, ui, |ui| page(&state, ui, &user, site, day)).await
}
