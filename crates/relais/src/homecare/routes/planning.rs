//! The weekly planning page: the grid per caregiver, conflicts, generation, reassignment by drag
//! and drop, and publication (one visit's own page is `visit.rs`).

use crate::homecare::model::VisitId;
use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use serde::Deserialize;

use super::patients::my_teams;
use super::planning_view::{self, View};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::planning::{self, Week};
use crate::homecare::{board, realised, timeline};
use crate::org::Team;
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning", get(show))
        .route("/planning/timeline.css", get(timeline_css))
        .route("/planning/generate", post(generate))
        .route("/planning/publish", post(publish))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct WeekQuery {
    pub(super) team: Option<String>,
    pub(super) done: Option<String>,
}

/// The team asked for (one of the person's), else their first team.
pub(super) async fn chosen_team(
    state: &AppState,
    user: &CurrentUser,
    wanted: Option<&str>,
) -> AppResult<(Vec<Team>, Team)> {
    let teams = my_teams(state, user).await?;
    let team = match wanted {
        Some(id) => teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?,
        None => teams.first().cloned().ok_or(AppError::Conflict("no_team"))?,
    };
    Ok((teams, team))
}

fn chosen_day(text: &str) -> AppResult<Date> {
    f::day("week", text)
        .map_err(|_| AppError::BadRequest("week must be a date (YYYY-MM-DD)".into()))
}

#[derive(Template)]
#[template(path = "planning.html")]
struct PlanningPage {
    ui: Ui,
    teams: Vec<Team>,
    team: Team,
    week: Week,
    /// The day shown, in the day view.
    day: Option<Date>,
    view: View,
    today: String,
}

impl PlanningPage {
    fn visit_count(&self) -> usize {
        self.week.visits.iter().filter(|v| !v.cancelled()).count()
    }

    fn unassigned_count(&self) -> usize {
        self.week.visits.iter().filter(|v| !v.cancelled() && v.caregiver_id.is_none()).count()
    }

    fn published(&self) -> bool {
        self.week.state.published_at.is_some()
    }

    /// The day the day view opens on: the one shown, else today if in this week, else Monday.
    fn focus_day(&self) -> String {
        match self.day {
            Some(day) => day.to_string(),
            None if self.week.days.iter().any(|d| d.to_string() == self.today) => {
                self.today.clone()
            }
            None => self.week.first_day(),
        }
    }

    /// The day or week `steps` before or after this one.
    fn shift(&self, steps: i64) -> String {
        let (from, span) = match self.day {
            Some(day) => (day, jiff::Span::new().days(steps)),
            None => (self.week.monday, jiff::Span::new().weeks(steps)),
        };
        from.checked_add(span).map(|d| d.to_string()).unwrap_or_default()
    }

    fn link_to(&self, day: &str) -> String {
        match self.day {
            Some(_) => format!("/planning?team={}&view=day&day={day}", self.team.id),
            None => format!("/planning?team={}&week={day}", self.team.id),
        }
    }

    fn previous_label(&self) -> String {
        self.ui.t(if self.day.is_some() { "day-previous" } else { "week-previous-short" })
    }

    fn next_label(&self) -> String {
        self.ui.t(if self.day.is_some() { "day-next" } else { "week-next-short" })
    }

    /// "5 h 10", "35 h" (hours and minutes of work).
    fn duration(&self, minutes: &i64) -> String {
        let hours = ("hours", (minutes / 60).to_string());
        match minutes % 60 {
            0 => self.ui.lang.t_with("duration-whole-hours", &[hours]),
            rest => {
                self.ui.lang.t_with("duration-hours", &[hours, ("minutes", format!("{rest:02}"))])
            }
        }
    }

    /// Why visits are left in the tray, said plainly: the half-days short of caregivers.
    fn shortage(&self) -> Option<String> {
        let mut groups: Vec<(String, bool, i64)> = Vec::new();
        for block in &self.view.tray {
            let morning = block.start_minute < 13 * 60;
            match groups.iter_mut().find(|(d, m, _)| *d == block.day && *m == morning) {
                Some(group) => group.2 += 1,
                None => groups.push((block.day.clone(), morning, 1)),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(day, morning, count)| {
                let half = self.ui.t(if *morning { "morning" } else { "afternoon" });
                let when = format!("{} {half}", self.ui.day_short(day));
                self.ui.lang.t_count("planning-shortage-part", *count, &[("when", when)])
            })
            .collect();
        (!parts.is_empty()).then(|| self.ui.t1("planning-shortage", "parts", &parts.join(" ; ")))
    }
}

#[derive(Debug, Default, Deserialize)]
struct PlanningQuery {
    team: Option<String>,
    week: Option<String>,
    view: Option<String>,
    day: Option<String>,
    done: Option<String>,
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<PlanningQuery>,
) -> AppResult<Page> {
    let (teams, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let zone = crate::org::service::zone(&state, &user.org_id).await?;
    let today = state.clock.today(&zone);
    let day = match (q.view.as_deref(), q.day.as_deref()) {
        (Some("day"), Some(text)) => Some(chosen_day(text)?),
        (Some("day"), None) => Some(today),
        _ => None,
    };
    let anchor = match day {
        Some(day) => day,
        None => q.week.as_deref().map(chosen_day).transpose()?.unwrap_or(today),
    };
    let week = planning::week(&state, &user, &team.id, anchor).await?;
    let states = visit_states(&state, &user, &week).await?;
    let view = planning_view::build(&week, &states, day);
    let ui = match q.done.as_deref() {
        Some("generated") => ui.with_notice("planning-generated"),
        Some("published") => ui.with_notice("planning-published"),
        Some("assigned") => ui.with_notice("visit-assigned"),
        Some("cancelled") => ui.with_notice("visit-cancelled"),
        Some("accepted") => ui.with_notice("proposal-accepted"),
        Some("discarded") => ui.with_notice("proposal-discarded"),
        _ => ui,
    };
    let ui = match q.error.as_deref() {
        Some("week_has_unassigned_visits") => ui.with_error("publish", "planning-unassigned-left"),
        Some("week_not_generated") => ui.with_error("publish", "planning-not-generated"),
        Some("nothing_to_optimise") => ui.with_error("optimise", "planning-nothing-to-optimise"),
        _ => ui,
    };
    let ui = ui.with_user(&user);
    let today = today.to_string();
    Page::render(&PlanningPage { ui, teams, team, week, day, view, today })
}

/// Where each visit of the week stands now (arrived, done, late…), from its punches.
async fn visit_states(
    state: &AppState,
    user: &CurrentUser,
    week: &Week,
) -> AppResult<HashMap<VisitId, &'static str>> {
    let last = week.days.last().copied().unwrap_or(week.monday);
    let realised = realised::load(state, &user.org_id, &week.team_id, week.monday, last).await?;
    let now = crate::clock::now_ms();
    Ok(realised
        .iter()
        .map(|r| {
            let at = board::state_of(&r.visit, r.check_in.is_some(), r.check_out.is_some(), now);
            (r.visit.id.clone(), at.as_str())
        })
        .collect())
}

/// The generated part of the timeline's stylesheet (positions as classes: no inline style).
async fn timeline_css() -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        timeline::stylesheet(),
    )
        .into_response()
}

#[derive(Deserialize)]
struct WeekForm {
    team: String,
    week: String,
    /// The coordinator confirms publishing with visits still unassigned.
    #[serde(default)]
    with_unassigned: String,
}

/// The planning page of a team's week, with a notice or error in `query`. Anything that is not
/// an id or a date is left out, so the address is always safe to redirect to.
pub(super) fn planning_url(team: &str, week: &str, query: &str) -> String {
    team_week_url("/planning", team, week, query)
}

/// A page of a team's week (`path` is one of ours, never from the request).
pub(super) fn team_week_url(path: &'static str, team: &str, week: &str, query: &str) -> String {
    let week = week.parse::<Date>().map(|d| d.to_string()).unwrap_or_default();
    if !crate::web::ids::is_id(team) {
        return path.into();
    }
    format!("{path}?team={team}&week={week}&{query}")
}

fn back_to(team: &str, week: &str, query: &str) -> Response {
    Redirect::to(&planning_url(team, week, query)).into_response()
}

async fn generate(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WeekForm>,
) -> AppResult<Response> {
    let day = chosen_day(&form.week)?;
    planning::generate(&state, &user, &form.team, day).await?;
    Ok(back_to(&form.team, &form.week, "done=generated"))
}

async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WeekForm>,
) -> AppResult<Response> {
    let day = chosen_day(&form.week)?;
    let confirmed = form.with_unassigned == "1";
    match planning::publish(&state, &user, &form.team, day, confirmed).await {
        Ok(()) => Ok(back_to(&form.team, &form.week, "done=published")),
        Err(AppError::Conflict(code)) => {
            Ok(back_to(&form.team, &form.week, &format!("error={code}")))
        }
        Err(error) => Err(error),
    }
}
