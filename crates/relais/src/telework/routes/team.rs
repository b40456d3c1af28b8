//! The team calendar of a week, the requests waiting for a manager's decision, and the team's
//! rules (minimum on site, meeting day, blackout periods).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use super::Tabs;
use super::mine::WEEKDAYS;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::telework::model::{Day, DayPart, TeamRules};
use crate::telework::service::calendar::{self, Cell, TeamWeek};
use crate::telework::service::days;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/team", get(show))
        .route("/telework/days/{id}/decide", post(decide))
        .route("/telework/team/{id}/rules", post(set_rules))
        .route("/telework/team/{id}/blackouts", post(add_blackout))
}

#[derive(Debug, Default, Deserialize)]
struct WeekQuery {
    team: Option<String>,
    week: Option<String>,
    view: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "telework_team.html")]
struct TeamPage {
    ui: Ui,
    tabs: Tabs,
    week: Option<TeamWeek>,
    waiting: Vec<Day>,
    decides: bool,
}

impl TeamPage {
    fn cell_key(&self, cell: &Cell) -> &'static str {
        match cell {
            Cell::OnSite => "telework-cell-on-site",
            Cell::Remote(DayPart::Day) => "telework-cell-remote",
            Cell::Remote(DayPart::Morning) => "telework-cell-remote-morning",
            Cell::Remote(DayPart::Afternoon) => "telework-cell-remote-afternoon",
            Cell::Asked(_) => "telework-cell-asked",
        }
    }

    fn cell_class(&self, cell: &Cell) -> &'static str {
        match cell {
            Cell::OnSite => "on-site",
            Cell::Remote(DayPart::Day) => "remote",
            Cell::Remote(_) => "remote half",
            Cell::Asked(_) => "asked",
        }
    }

    /// The link to the period before (-1) or after (1), in the same view.
    fn shift(&self, week: &TeamWeek, by: i64) -> String {
        let span = if week.month { by.months() } else { by.weeks() };
        let day = week.first.checked_add(span).map(|d| d.to_string()).unwrap_or_default();
        let view = if week.month { "&view=month" } else { "" };
        format!("/telework/team?team={}&week={day}{view}", week.team.id)
    }

    /// What a cell says in the month view, where columns are narrow.
    fn cell_short(&self, cell: &Cell) -> String {
        match cell {
            Cell::OnSite => String::new(),
            Cell::Remote(DayPart::Day) => self.ui.t("telework-cell-short-remote"),
            Cell::Remote(_) => "½".into(),
            Cell::Asked(_) => "?".into(),
        }
    }

    /// "30 nov. – 4 déc." or "décembre 2026": short enough for a phone.
    fn span(&self, week: &TeamWeek) -> String {
        if week.month {
            let month = self.ui.t(&format!("month-{}", week.first.month()));
            return format!("{month} {}", week.first.year());
        }
        let short = |day: &Date| {
            format!("{} {}", day.day(), self.ui.t(&format!("month-short-{}", day.month())))
        };
        let last = week.days.last().map(short).unwrap_or_default();
        format!("{} – {last}", short(&week.first))
    }

    fn weekdays(&self) -> Vec<(i64, &'static str)> {
        (1..=7).zip(WEEKDAYS).collect()
    }

    fn part_key(&self, part: &DayPart) -> String {
        format!("telework-part-{}", part.as_str())
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    team: Option<&str>,
    day: Date,
    month: bool,
) -> AppResult<Page> {
    let week = calendar::week(state, user, team, day, month).await?;
    let waiting = days::waiting(state, user).await?;
    let ui = ui.with_user(user);
    let decides = user.can(Permission::ApproveTelework);
    let page = TeamPage { ui: ui.clone(), tabs: Tabs::of(user), week, waiting, decides };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let day = match q.week.as_deref() {
        Some(text) => {
            text.parse().map_err(|_| AppError::BadRequest("week must be a date".into()))?
        }
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let notices = [("decided", "telework-decided"), ("rules", "telework-rules-saved")];
    let ui = match q.done.as_deref() {
        Some(done) => match notices.iter().find(|(what, _)| *what == done) {
            Some((_, key)) => ui.with_notice(key),
            None => ui,
        },
        None => ui,
    };
    let month = q.view.as_deref() == Some("month");
    page(&state, ui, &user, q.team.as_deref(), day, month).await
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(AppError::BadRequest("decision must be approve or refuse".into())),
    };
    let outcome = days::decide(&state, &user, &id, approve, &form.comment).await;
    let (team, day) = match &outcome {
        Ok(day) => (Some(day.team_id.clone()), day.day.parse().ok()),
        Err(_) => (None, None),
    };
    let today = crate::org::service::today(&state, &user.org_id).await?;
    let next =
        outcome.map(|d| format!("/telework/team?team={}&week={}&done=decided", d.team_id, d.day));
    answer(next, ui, |ui| page(&state, ui, &user, team.as_deref(), day.unwrap_or(today), false))
        .await
}

#[derive(Deserialize)]
struct RulesForm {
    #[serde(default)]
    min_on_site: String,
    #[serde(default)]
    meeting_weekday: String,
}

async fn set_rules(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(team): IdPath,
    CsrfForm(form): CsrfForm<RulesForm>,
) -> AppResult<Response> {
    let outcome = async {
        let min_on_site = match form.min_on_site.trim() {
            "" => 0,
            text => text.parse().map_err(|_| AppError::Invalid {
                field: "min_on_site",
                code: "telework-min-range",
            })?,
        };
        let meeting_weekday = match form.meeting_weekday.trim() {
            "" => None,
            text => Some(text.parse().map_err(|_| AppError::Invalid {
                field: "meeting_weekday",
                code: "telework-weekday-range",
            })?),
        };
        calendar::set_rules(&state, &user, &team, &TeamRules { min_on_site, meeting_weekday })
            .await?;
        Ok(format!("/telework/team?team={team}&done=rules"))
    }
    .await;
    let today = crate::org::service::today(&state, &user.org_id).await?;
    answer(outcome, ui, |ui| page(&state, ui, &user, Some(&team), today, false)).await
}

#[derive(Deserialize)]
struct BlackoutForm {
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    last_day: String,
    #[serde(default)]
    reason: String,
}

async fn add_blackout(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(team): IdPath,
    CsrfForm(form): CsrfForm<BlackoutForm>,
) -> AppResult<Response> {
    let outcome = async {
        let first = super::date("first_day", &form.first_day)?;
        let last = super::date("last_day", &form.last_day)?;
        calendar::add_blackout(&state, &user, &team, first, last, &form.reason).await?;
        Ok(format!("/telework/team?team={team}&week={first}&done=rules"))
    }
    .await;
    let today = crate::org::service::today(&state, &user.org_id).await?;
    answer(outcome, ui, |ui| page(&state, ui, &user, Some(&team), today, false)).await
}
