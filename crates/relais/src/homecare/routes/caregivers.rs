//! The coordinator's page of the team's caregivers: planning profiles and absences.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::planning::{WeekQuery, chosen_team};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::homecare::caregivers::{self, Profile};
use crate::homecare::fields as f;
use crate::homecare::model::{AbsenceKind, Caregiver, Coordinates, Skill, Transport};
use crate::homecare::store::care;
use crate::org::{Person, Team};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning/caregivers", get(caregivers_page))
        .route("/planning/caregivers/{id}", post(save_caregiver))
        .route("/planning/caregivers/{id}/absences", post(add_absence))
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
    let next = outcome.map(|()| format!("/planning/caregivers?team={}&done=saved", form.team));
    answer(next, ui, |ui| caregivers_form(&state, ui, &user, Some(&form.team))).await
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
    let next = outcome.map(|()| format!("/planning/caregivers?team={}&done=absence", form.team));
    answer(next, ui, |ui| caregivers_form(&state, ui, &user, Some(&form.team))).await
}
