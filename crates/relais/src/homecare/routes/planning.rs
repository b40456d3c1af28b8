//! The weekly planning page: the grid per caregiver, conflicts, generation, reassignment (drag
//! and drop, or the visit's form), cancellation, publication, and the caregivers' profiles.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use serde::Deserialize;

use super::patients::my_teams;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::caregivers::{self, Profile};
use crate::homecare::conflicts::Conflict;
use crate::homecare::fields as f;
use crate::homecare::model::{AbsenceKind, Caregiver, Coordinates, Skill, Transport, Visit};
use crate::homecare::planning::{self, Week, local_minute};
use crate::homecare::store::{care, visits as visit_store};
use crate::org::{Person, Team};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning", get(show))
        .route("/planning/generate", post(generate))
        .route("/planning/publish", post(publish))
        .route("/planning/visits/{id}", get(visit_page))
        .route("/planning/visits/{id}/assign", post(assign))
        .route("/planning/visits/{id}/cancel", post(cancel))
        .route("/planning/caregivers", get(caregivers_page))
        .route("/planning/caregivers/{id}", post(save_caregiver))
        .route("/planning/caregivers/{id}/absences", post(add_absence))
}

#[derive(Debug, Default, Deserialize)]
struct WeekQuery {
    team: Option<String>,
    week: Option<String>,
    done: Option<String>,
    error: Option<String>,
}

/// The team asked for (one of the person's), else their first team.
async fn chosen_team(
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

fn chosen_day(text: Option<&str>) -> AppResult<Date> {
    match text {
        Some(text) => f::day("week", text)
            .map_err(|_| AppError::BadRequest("week must be a date (YYYY-MM-DD)".into())),
        None => Ok(jiff::Zoned::now().date()),
    }
}

#[derive(Template)]
#[template(path = "planning.html")]
struct PlanningPage {
    ui: Ui,
    teams: Vec<Team>,
    team: Team,
    week: Week,
    today: String,
}

impl PlanningPage {
    fn visits_of(&self, caregiver: Option<&str>, day: &Date) -> Vec<&Visit> {
        let day = day.to_string();
        self.week
            .visits
            .iter()
            .filter(|v| v.day == day && v.caregiver_id.as_deref() == caregiver && !v.cancelled)
            .collect()
    }

    fn unassigned_count(&self) -> usize {
        self.week.visits.iter().filter(|v| !v.cancelled && v.caregiver_id.is_none()).count()
    }

    fn time(&self, at: &Option<i64>) -> String {
        at.map(|at| {
            crate::org::fields::clock_text(
                u16::try_from(local_minute(at, &self.week.zone).0).unwrap_or(0),
            )
        })
        .unwrap_or_default()
    }

    fn window(&self, visit: &Visit) -> String {
        let text = |at| {
            crate::org::fields::clock_text(
                u16::try_from(local_minute(at, &self.week.zone).0).unwrap_or(0),
            )
        };
        format!("{}–{}", text(visit.window_start_at), text(visit.window_end_at))
    }

    fn patient(&self, visit: &Visit) -> String {
        self.week.patients.get(&visit.patient_id).map(|p| p.short_name()).unwrap_or_default()
    }

    fn conflicts_of(&self, visit: &Visit) -> Vec<&Conflict> {
        self.week.conflicts.iter().filter(|c| c.visit_id.as_ref() == Some(&visit.id)).collect()
    }

    fn caregiver_conflicts(&self, caregiver: &Caregiver) -> Vec<&Conflict> {
        self.week
            .conflicts
            .iter()
            .filter(|c| c.visit_id.is_none() && c.caregiver_id.as_ref() == Some(&caregiver.user_id))
            .collect()
    }

    fn day_label(&self, day: &Date) -> String {
        let weekday = crate::homecare::recurrence::weekday_index(*day);
        format!("{} {}", self.ui.t(&format!("weekday-short-{weekday}")), day.strftime("%d/%m"))
    }

    fn shift_week(&self, weeks: i64) -> String {
        self.week
            .monday
            .checked_add(jiff::Span::new().weeks(weeks))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    fn published(&self) -> bool {
        self.week.state.published_at.is_some()
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let (teams, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let day = chosen_day(q.week.as_deref())?;
    let week = planning::week(&state, &user, &team.id, day).await?;
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
    let today = jiff::Zoned::now().date().to_string();
    Page::render(&PlanningPage { ui, teams, team, week, today })
}

#[derive(Deserialize)]
struct WeekForm {
    team: String,
    week: String,
}

/// Back to the planning page (the team and week were checked by the service before).
fn back_to(team: &str, week: &str, query: &str) -> Response {
    let week = week.parse::<Date>().map(|d| d.to_string()).unwrap_or_default();
    if !crate::web::ids::is_id(team) {
        return Redirect::to("/planning").into_response();
    }
    Redirect::to(&format!("/planning?team={team}&week={week}&{query}")).into_response()
}

async fn generate(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WeekForm>,
) -> AppResult<Response> {
    let day = chosen_day(Some(&form.week))?;
    planning::generate(&state, &user, &form.team, day).await?;
    Ok(back_to(&form.team, &form.week, "done=generated"))
}

async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WeekForm>,
) -> AppResult<Response> {
    let day = chosen_day(Some(&form.week))?;
    match planning::publish(&state, &user, &form.team, day).await {
        Ok(()) => Ok(back_to(&form.team, &form.week, "done=published")),
        Err(AppError::Conflict(code)) => {
            Ok(back_to(&form.team, &form.week, &format!("error={code}")))
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "planning_visit.html")]
struct VisitPage {
    ui: Ui,
    visit: Visit,
    patient: String,
    caregivers: Vec<Caregiver>,
    start: String,
    window: String,
}

async fn visit_form(state: &AppState, ui: Ui, user: &CurrentUser, id: &str) -> AppResult<Page> {
    let visit =
        visit_store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)?;
    let day: Date = visit.day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?;
    let week = planning::week(state, user, &visit.team_id, day).await?;
    let text = |at: i64| {
        crate::org::fields::clock_text(u16::try_from(local_minute(at, &week.zone).0).unwrap_or(0))
    };
    let ui = ui.with_user(user);
    let page = VisitPage {
        ui: ui.clone(),
        patient: week.patients.get(&visit.patient_id).map(|p| p.short_name()).unwrap_or_default(),
        start: text(visit.planned_start_at.unwrap_or(visit.window_start_at)),
        window: format!("{}–{}", text(visit.window_start_at), text(visit.window_end_at)),
        caregivers: week.caregivers,
        visit,
    };
    Page::form(&page, &ui)
}

async fn visit_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    visit_form(&state, ui, &user, &id).await
}

#[derive(Deserialize)]
struct AssignForm {
    #[serde(default)]
    caregiver: String,
    #[serde(default)]
    start: String,
    version: i64,
}

async fn assign(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> AppResult<Response> {
    let outcome = async {
        let caregiver = match form.caregiver.trim() {
            "" => None,
            id if crate::web::ids::is_id(id) => Some(id.to_string()),
            _ => return Err(AppError::Invalid { field: "caregiver", code: "caregiver-unknown" }),
        };
        let start = match form.start.trim() {
            "" => None,
            text => Some(f::clock("start", text)?),
        };
        planning::assign(&state, &user, &id, form.version, caregiver.as_deref(), start).await
    }
    .await;
    match outcome {
        Ok(()) => after_visit_change(&state, &user, &id, "assigned").await,
        Err(AppError::Invalid { field, code }) => {
            Ok(visit_form(&state, ui.with_error(field, code), &user, &id).await?.into_response())
        }
        Err(AppError::Conflict(_)) => Ok(visit_form(
            &state,
            ui.with_error("caregiver", "visit-changed-meanwhile"),
            &user,
            &id,
        )
        .await?
        .into_response()),
        Err(error) => Err(error),
    }
}

async fn after_visit_change(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    done: &str,
) -> AppResult<Response> {
    let visit =
        visit_store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)?;
    Ok(back_to(&visit.team_id, &visit.day, &format!("done={done}")))
}

#[derive(Deserialize)]
struct CancelForm {
    #[serde(default)]
    reason: String,
}

async fn cancel(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<CancelForm>,
) -> AppResult<Response> {
    match planning::cancel(&state, &user, &id, &form.reason).await {
        Ok(()) => after_visit_change(&state, &user, &id, "cancelled").await,
        Err(AppError::Invalid { field, code }) => {
            Ok(visit_form(&state, ui.with_error(field, code), &user, &id).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "planning_caregivers.html")]
struct CaregiversPage {
    ui: Ui,
    team: Team,
    carers: Vec<(Person, Option<Caregiver>)>,
}

impl CaregiversPage {
    fn has_skill(&self, profile: &Option<Caregiver>, skill: &Skill) -> bool {
        profile.as_ref().is_some_and(|p| p.skills.contains(skill))
    }

    fn contract_hours(&self, profile: &Option<Caregiver>) -> String {
        profile
            .as_ref()
            .map(|p| (p.contract_minutes_per_week / 60).to_string())
            .unwrap_or_else(|| "35".into())
    }

    fn transport_is(&self, profile: &Option<Caregiver>, transport: &Transport) -> bool {
        profile.as_ref().is_some_and(|p| &p.transport == transport)
    }

    fn coordinate(&self, profile: &Option<Caregiver>, latitude: bool) -> String {
        profile
            .as_ref()
            .map(|p| {
                let value = if latitude { p.start.latitude_e6 } else { p.start.longitude_e6 };
                format!("{:.6}", value as f64 / 1e6)
            })
            .unwrap_or_default()
    }
}

async fn caregivers_form(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    team: Option<&str>,
) -> AppResult<Page> {
    let (_, team) = chosen_team(state, user, team).await?;
    let people = caregivers::carers_of_team(state, user, &team.id).await?;
    let mut carers = Vec::new();
    for person in people {
        let profile = care::find_caregiver(state.db.reader(), &user.org_id, &person.id).await?;
        carers.push((person, profile));
    }
    let ui = ui.with_user(user);
    Page::form(&CaregiversPage { ui: ui.clone(), team, carers }, &ui)
}

async fn caregivers_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let ui = match q.done.as_deref() {
        Some("saved") => ui.with_notice("caregiver-saved"),
        Some("absence") => ui.with_notice("absence-added"),
        _ => ui,
    };
    caregivers_form(&state, ui, &user, q.team.as_deref()).await
}

#[derive(Deserialize)]
struct CaregiverForm {
    team: String,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    contract_hours: String,
    #[serde(default)]
    transport: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
}

async fn save_caregiver(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<CaregiverForm>,
) -> AppResult<Response> {
    let outcome = async {
        let skills = form
            .skills
            .iter()
            .map(|s| f::choice("skills", Skill::parse(s)))
            .collect::<Result<Vec<_>, _>>()?;
        let profile = Profile {
            skills,
            contract_minutes_per_week: f::number("contract_hours", &form.contract_hours, 1..=48)?
                * 60,
            transport: f::choice("transport", Transport::parse(&form.transport))?,
            start: Coordinates {
                latitude_e6: f::degrees("latitude", &form.latitude, 90.0)?,
                longitude_e6: f::degrees("longitude", &form.longitude, 180.0)?,
            },
        };
        caregivers::save_profile(&state, &user, &form.team, &id, profile).await
    }
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/planning/caregivers?team={}&done=saved", form.team))
            .into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(caregivers_form(&state, ui.with_error(field, code), &user, Some(&form.team))
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Deserialize)]
struct AbsenceForm {
    team: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    last_day: String,
}

async fn add_absence(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AbsenceForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = f::choice("kind", AbsenceKind::parse(&form.kind))?;
        let first = f::day("first_day", &form.first_day)?;
        let last = f::day("last_day", &form.last_day)?;
        caregivers::add_absence(&state, &user, &form.team, &id, first, last, kind).await
    }
    .await;
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/planning/caregivers?team={}&done=absence", form.team))
                .into_response())
        }
        Err(AppError::Invalid { field, code }) => {
            Ok(caregivers_form(&state, ui.with_error(field, code), &user, Some(&form.team))
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
}
