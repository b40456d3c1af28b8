//! Declared working time: my week (declare a day, confirm my usual hours), the team's week for a
//! manager (totals, approve), and the month's export for payroll.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::org::fields::{clock_text, parse_clock};
use crate::state::AppState;
use crate::telework::model::Place;
use crate::telework::service::time::{self, Entry, MyWeek, TeamTime};
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/time", get(show).post(declare))
        .route("/telework/time/confirm", post(confirm))
        .route("/telework/time/remove", post(remove))
        .route("/telework/time/team", get(team))
        .route("/telework/time/approve", post(approve))
        .route("/telework/time/export.csv", get(export))
}

#[derive(Debug, Default, Deserialize)]
struct WeekQuery {
    week: Option<String>,
    team: Option<String>,
    done: Option<String>,
}

async fn chosen_day(state: &AppState, user: &CurrentUser, text: Option<&str>) -> AppResult<Date> {
    match text {
        Some(text) => text.parse().map_err(|_| AppError::BadRequest("week must be a date".into())),
        None => crate::org::service::today(state, &user.org_id).await,
    }
}

/// Minutes as "7 h 30" / "7 h 30 min".
fn duration(minutes: i64) -> String {
    let sign = if minutes < 0 { "−" } else { "" };
    let minutes = minutes.abs();
    format!("{sign}{} h {:02}", minutes / 60, minutes % 60)
}

fn shift(monday: &Date, weeks: i64) -> String {
    monday.checked_add(weeks.weeks()).map(|d| d.to_string()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "telework_time.html")]
struct TimePage {
    ui: Ui,
    tabs: Tabs,
    week: MyWeek,
    today: Date,
}

impl TimePage {
    fn clock(&self, minute: &i64) -> String {
        clock_text(u16::try_from(*minute).unwrap_or(0))
    }

    fn hours(&self, minutes: &i64) -> String {
        duration(*minutes)
    }

    fn shift(&self, weeks: i64) -> String {
        shift(&self.week.monday, weeks)
    }

    fn places(&self) -> &'static [Place] {
        Place::ALL
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser, day: Date) -> AppResult<Page> {
    let week = time::my_week(state, user, day).await?;
    let today = crate::org::service::today(state, &user.org_id).await?;
    let ui = ui.with_user(user);
    Page::form(&TimePage { ui: ui.clone(), tabs: Tabs::of(user), week, today }, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let ui = match q.done.as_deref() {
        Some("declared") => ui.with_notice("telework-time-saved"),
        Some("removed") => ui.with_notice("telework-time-removed"),
        _ => ui,
    };
    page(&state, ui, &user, chosen_day(&state, &user, q.week.as_deref()).await?).await
}

#[derive(Deserialize)]
struct DeclareForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    r#break: String,
    #[serde(default)]
    place: String,
}

fn minute(field: &'static str, text: &str) -> Result<i64, AppError> {
    match text.trim() {
        "24:00" => Ok(1440),
        text => parse_clock(text)
            .map(i64::from)
            .ok_or(AppError::Invalid { field, code: "time-invalid" }),
    }
}

async fn declare(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DeclareForm>,
) -> AppResult<Response> {
    let day = super::date("day", &form.day).ok();
    let outcome = async {
        let entry = Entry {
            day: super::date("day", &form.day)?,
            start_minute: minute("start", &form.start)?,
            end_minute: minute("end", &form.end)?,
            break_minutes: match form.r#break.trim() {
                "" => 0,
                text => text.parse().map_err(|_| AppError::Invalid {
                    field: "break",
                    code: "telework-time-break",
                })?,
            },
            place: Place::parse(&form.place)
                .ok_or(AppError::Invalid { field: "place", code: "field-required" })?,
        };
        time::declare(&state, &user, &entry).await?;
        Ok(format!("/telework/time?week={}&done=declared", entry.day))
    }
    .await;
    let today = crate::org::service::today(&state, &user.org_id).await?;
    answer(outcome, ui, |ui| page(&state, ui, &user, day.unwrap_or(today))).await
}

#[derive(Deserialize)]
struct DayForm {
    #[serde(default)]
    day: String,
}

async fn confirm(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DayForm>,
) -> AppResult<Response> {
    let day = super::date("day", &form.day)?;
    let outcome = time::confirm_planned(&state, &user, day)
        .await
        .map(|()| format!("/telework/time?week={day}&done=declared"));
    answer(outcome, ui, |ui| page(&state, ui, &user, day)).await
}

async fn remove(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DayForm>,
) -> AppResult<Response> {
    let day = super::date("day", &form.day)?;
    let outcome = time::remove(&state, &user, day)
        .await
        .map(|()| format!("/telework/time?week={day}&done=removed"));
    answer(outcome, ui, |ui| page(&state, ui, &user, day)).await
}

#[derive(Template)]
#[template(path = "telework_time_team.html")]
struct TeamTimePage {
    ui: Ui,
    tabs: Tabs,
    team: Option<TeamTime>,
    exports: bool,
}

impl TeamTimePage {
    fn hours(&self, minutes: &i64) -> String {
        duration(*minutes)
    }

    fn shift(&self, monday: &Date, weeks: i64) -> String {
        shift(monday, weeks)
    }

    fn month(&self, monday: &Date) -> String {
        monday.strftime("%Y-%m").to_string()
    }
}

async fn team(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let day = chosen_day(&state, &user, q.week.as_deref()).await?;
    let team = time::team_week(&state, &user, q.team.as_deref(), day).await?;
    let ui = if q.done.as_deref() == Some("approved") {
        ui.with_notice("telework-time-approved-notice")
    } else {
        ui
    };
    let exports = user.can(Permission::ManageTelework);
    Page::render(&TeamTimePage { ui: ui.with_user(&user), tabs: Tabs::of(&user), team, exports })
}

#[derive(Deserialize)]
struct ApproveForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    week: String,
    #[serde(default)]
    team: String,
}

async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ApproveForm>,
) -> AppResult<Response> {
    let day: Date =
        form.week.parse().map_err(|_| AppError::BadRequest("week must be a date".into()))?;
    time::approve_week(&state, &user, &form.user, day).await?;
    let team = Some(form.team.as_str()).filter(|t| crate::web::ids::is_id(t)).unwrap_or_default();
    let next = format!("/telework/time/team?team={team}&week={day}&done=approved");
    Ok(axum::response::Redirect::to(&next).into_response())
}

#[derive(Deserialize)]
struct MonthQuery {
    month: Option<String>,
}

async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let month = match q.month.as_deref() {
        Some(month) => format!("{month}-01")
            .parse()
            .map_err(|_| AppError::BadRequest("month must be YYYY-MM".into()))?,
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let csv = time::export_month(&state, &user, month).await?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let name = format!("attachment; filename=\"temps-declare-{}.csv\"", month.strftime("%Y-%m"));
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
