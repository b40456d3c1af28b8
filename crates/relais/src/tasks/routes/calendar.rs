//! The calendar of due dates (a month, my cards or all of my boards'), my iCalendar feed of due
//! dates (created or renewed, the address shown once; revoked), and the feed itself.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::priority_key;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::service::calendar::{self, Day, Month, Words};
use crate::tasks::service::mine::Mine;
use crate::web::{CsrfForm, Page, Ui};

#[derive(Template)]
#[template(path = "task_calendar.html")]
struct CalendarPage {
    ui: Ui,
    month: Month,
    /// The person's feed, if any, and whether it carries titles.
    feed: Option<bool>,
    /// The address just created, shown once.
    link: Option<String>,
    zone: String,
}

impl CalendarPage {
    fn title(&self) -> String {
        let first = self.month.first;
        format!("{} {}", self.ui.t(&format!("month-long-{}", first.month())), first.year())
    }

    fn shift(&self, months: i8) -> String {
        let moved = self.month.first.checked_add(jiff::Span::new().months(months));
        let month = moved.map(|d| d.strftime("%Y-%m").to_string()).unwrap_or_default();
        let who = if self.month.mine_only { "mine" } else { "all" };
        format!("/tasks/calendar?month={month}&who={who}")
    }

    fn this_month(&self) -> String {
        self.month.first.strftime("%Y-%m").to_string()
    }

    fn weekday(&self, index: &usize) -> String {
        self.ui.t(&format!("weekday-abbr-{index}"))
    }

    fn day_label(&self, day: &Day) -> String {
        self.ui.day_short(&day.date.to_string())
    }

    fn time(&self, task: &Mine) -> String {
        let text = task.card.due_at.map(|at| crate::clock::format_local(at, &self.zone));
        let time = text.and_then(|t| t.split_once(' ').map(|(_, time)| time.to_string()));
        time.filter(|t| t != "23:59").unwrap_or_default()
    }

    fn priority(&self, task: &Mine) -> String {
        self.ui.t(&priority_key(task.card.priority))
    }

    fn count(&self) -> usize {
        self.month.weeks.iter().flatten().filter(|d| d.in_month).map(|d| d.cards.len()).sum()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    who: String,
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    query: &MonthQuery,
    link: Option<String>,
) -> AppResult<Page> {
    let ui = ui.with_user(user);
    let mine_only = query.who != "all";
    let month = match calendar::month(state, user, Some(&query.month), mine_only).await {
        Err(AppError::Invalid { field, code }) => {
            return Err(AppError::BadRequest(format!("{field}: {}", ui.t(code))));
        }
        other => other?,
    };
    let feed = calendar::feed_of(state, user).await?;
    let zone = user.time_zone.clone();
    Page::render(&CalendarPage { ui, month, feed, link, zone })
}

pub async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<MonthQuery>,
) -> AppResult<Page> {
    page(&state, ui, &user, &query, None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedForm {
    /// `on` when the feed carries the cards' titles.
    titles: Option<String>,
}

pub async fn renew(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<FeedForm>,
) -> AppResult<Page> {
    let token = calendar::renew(&state, &user, form.titles.is_some()).await?;
    let link = format!("{}/tasks/feed/{token}.ics", crate::web::base_url(&state, &headers));
    page(&state, ui, &user, &MonthQuery::default(), Some(link)).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn revoke(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Page> {
    calendar::revoke(&state, &user).await?;
    page(&state, ui.with_notice("calendar-revoked"), &user, &MonthQuery::default(), None).await
}

/// The feed itself (no session: the address is the secret).
pub async fn feed(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let token = crate::auth::feeds::token_of(&file).ok_or(AppError::NotFound)?;
    let words = Words { due: ui.t("task-feed-due"), patient_card: ui.t("task-feed-patient") };
    let base = crate::web::base_url(&state, &headers);
    let body = calendar::feed(&state, token, &base, &words).await?;
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok(response)
}
