//! Patient pages: the list, creation, the record with contacts and care plan, break-the-glass.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::forms::{CarePlanForm, PatientForm};
use crate::homecare::model::*;
use crate::homecare::patients::{self, PatientRecord};
use crate::homecare::photos;
use crate::homecare::store::care;
use crate::homecare::store::photos::PhotoRow;
use crate::org::{Permission, Team, service as org_service};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/patients", get(list).post(create))
        .route("/patients/{id}", get(show))
        .route("/patients/{id}/contacts", post(add_contact))
        .route("/patients/{id}/care-plan", post(add_care_plan_item))
        .route("/patients/{id}/emergency-access", post(break_the_glass))
        .route("/patients/{id}/photos/{photo}", get(photo))
}

#[derive(Template)]
#[template(path = "patients.html")]
struct PatientsPage {
    ui: Ui,
    patients: Vec<Patient>,
    teams: Vec<Team>,
    can_create: bool,
    form: PatientForm,
}

impl PatientsPage {
    fn team_name(&self, id: &str) -> String {
        self.teams.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_default()
    }
}

async fn list_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    form: PatientForm,
) -> AppResult<Page> {
    let patients = patients::list(state, user).await?;
    let my_teams = my_teams(state, user).await?;
    let ui = ui.with_user(user);
    let page = PatientsPage {
        ui: ui.clone(),
        patients,
        teams: my_teams,
        can_create: user.can(Permission::PlanRounds),
        form,
    };
    Page::form(&page, &ui)
}

/// The teams the person belongs to.
pub async fn my_teams(state: &AppState, user: &CurrentUser) -> AppResult<Vec<Team>> {
    let me = org_service::show_self(state, user).await?;
    let teams = crate::org::store::list_teams(state.db.reader(), &user.org_id).await?;
    Ok(teams.into_iter().filter(|t| me.in_team(&t.id)).collect())
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<crate::web::Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("emergency", "emergency-access-granted")]);
    list_page(&state, ui, &user, PatientForm::default()).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PatientForm>,
) -> AppResult<Response> {
    let today = crate::org::service::today(&state, &user.org_id).await?;
    let outcome = match form.parse(today) {
        Ok(input) => patients::create(&state, &user, input).await,
        Err(error) => Err(error),
    };
    let next = outcome.map(|id| format!("/patients/{id}"));
    answer(next, ui, |ui| list_page(&state, ui, &user, form)).await
}

#[derive(Template)]
#[template(path = "patient.html")]
struct PatientPage {
    ui: Ui,
    record: PatientRecord,
    caregivers: Vec<Caregiver>,
    can_plan: bool,
    plan_form: CarePlanForm,
    photos: Vec<PhotoRow>,
    teleconsultations: Vec<crate::teleconsultation::model::Consultation>,
    can_teleconsult: bool,
    time_zone: String,
}

impl PatientPage {
    fn who(&self, id: &str) -> String {
        self.caregiver_name(&Some(id.to_string()))
    }

    fn when(&self, at: &i64) -> String {
        crate::clock::format_local(*at, &self.time_zone)
    }

    fn caregiver_name(&self, id: &Option<String>) -> String {
        id.as_ref()
            .and_then(|id| self.caregivers.iter().find(|c| &c.user_id == id))
            .map(|c| c.display_name.clone())
            .unwrap_or_default()
    }

    fn days_text(&self, days: &i64) -> String {
        (0..7)
            .filter(|d| days & (1 << d) != 0)
            .map(|d| self.ui.t(&format!("weekday-short-{d}")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn clock(&self, minute: &i64) -> String {
        crate::org::fields::clock_text(u16::try_from(*minute).unwrap_or(0))
    }
}

#[derive(Template)]
#[template(path = "patient_emergency.html")]
struct EmergencyPage {
    ui: Ui,
    patient_id: String,
}

async fn record_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &PatientId,
    plan_form: CarePlanForm,
) -> AppResult<Page> {
    let ui = ui.with_user(user);
    let record = match patients::open(state, user, id).await {
        Ok(record) => record,
        Err(AppError::NotFound) if user.can(Permission::SeePatientData) => {
            let page = EmergencyPage { ui, patient_id: id.to_string() };
            return Ok(Page::render(&page)?.with_status(StatusCode::NOT_FOUND));
        }
        Err(error) => return Err(error),
    };
    let caregivers =
        care::caregivers_of_team(state.db.reader(), &user.org_id, &record.patient.team_id).await?;
    let photos = photos::of_patient(state, user, id).await?;
    let teleconsultations =
        crate::teleconsultation::store::of_patient(state.db.reader(), &user.org_id, id).await?;
    let page = PatientPage {
        ui: ui.clone(),
        record,
        caregivers,
        can_plan: user.can(Permission::PlanRounds),
        plan_form,
        photos,
        teleconsultations,
        can_teleconsult: user.can(Permission::HoldTeleconsultations),
        time_zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
    Query(done): Query<crate::web::Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(
        &done,
        &[
            ("contact", "contact-added"),
            ("care-plan", "care-plan-added"),
            ("emergency", "emergency-access-granted"),
        ],
    );
    record_page(&state, ui, &user, &id, CarePlanForm::default()).await
}

#[derive(Deserialize)]
struct ContactForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact_phone: String,
}

async fn add_contact(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = f::choice("kind", ContactKind::parse(&form.kind))?;
        let name = f::label("name", &form.name)?;
        let phone = f::phone("contact_phone", &form.contact_phone)?;
        patients::add_contact(&state, &user, &id, kind, &name, &phone).await
    }
    .await;
    let next = outcome.map(|()| format!("/patients/{id}?done=contact"));
    answer(next, ui, |ui| record_page(&state, ui, &user, &id, CarePlanForm::default())).await
}

async fn add_care_plan_item(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
    CsrfForm(form): CsrfForm<CarePlanForm>,
) -> AppResult<Response> {
    let outcome = match form.parse(&id) {
        Ok(item) => patients::add_care_plan_item(&state, &user, item).await,
        Err(error) => Err(error),
    };
    let next = outcome.map(|_| format!("/patients/{id}?done=care-plan"));
    answer(next, ui, |ui| record_page(&state, ui, &user, &id, form)).await
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn break_the_glass(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> AppResult<Response> {
    let outcome = patients::break_the_glass(&state, &user, &id, &form.reason).await;
    let next = outcome.map(|()| format!("/patients/{id}?done=emergency"));
    answer(next, ui, |ui| async {
        let ui = ui.with_user(&user);
        Page::form(&EmergencyPage { ui: ui.clone(), patient_id: id.to_string() }, &ui)
    })
    .await
}

/// One photo of a patient, shown inline (its type was read from its bytes at upload).
async fn photo(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, photo)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = PatientId::parse(&id).ok_or(AppError::NotFound)?;
    if !crate::web::ids::is_id(&photo) {
        return Err(AppError::NotFound);
    }
    let (media_type, bytes) = photos::open(&state, &user, &id, &photo).await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let media_type = HeaderValue::from_str(&media_type).map_err(AppError::internal)?;
    headers.insert(header::CONTENT_TYPE, media_type);
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    Ok(response)
}
