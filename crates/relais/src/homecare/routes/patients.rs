//! Patient pages: the list, creation, the record with contacts and care plan, break-the-glass.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::model::*;
use crate::homecare::patients::{self, PatientRecord};
use crate::homecare::store::care;
use crate::org::{Permission, Team, service as org_service};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/patients", get(list).post(create))
        .route("/patients/{id}", get(show))
        .route("/patients/{id}/contacts", post(add_contact))
        .route("/patients/{id}/care-plan", post(add_care_plan_item))
        .route("/patients/{id}/emergency-access", post(break_the_glass))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PatientForm {
    team: String,
    given_name: String,
    family_name: String,
    birth_family_name: String,
    birth_first_names: String,
    birth_date: String,
    sex: String,
    birth_place_code: String,
    ins_matricule: String,
    ins_oid: String,
    identity_status: String,
    address: String,
    postcode: String,
    city: String,
    latitude: String,
    longitude: String,
    phone: String,
    access_notes: String,
    financer: String,
    funded_hours: String,
    status: String,
}

impl PatientForm {
    fn parse(&self) -> Result<PatientInput, AppError> {
        let birth_date = f::day("birth_date", &self.birth_date)?;
        if birth_date > jiff::Zoned::now().date() {
            return Err(AppError::Invalid { field: "birth_date", code: "date-in-future" });
        }
        let identity = Identity {
            birth_family_name: f::label("birth_family_name", &self.birth_family_name)?,
            birth_first_names: f::label("birth_first_names", &self.birth_first_names)?,
            birth_date: birth_date.to_string(),
            sex: f::choice("sex", Sex::parse(&self.sex))?,
            birth_place_code: f::place_code("birth_place_code", &self.birth_place_code)?,
            ins_matricule: f::ins_matricule("ins_matricule", &self.ins_matricule)?,
            ins_oid: f::ins_oid("ins_oid", &self.ins_oid)?,
            status: f::choice("identity_status", IdentityStatus::parse(&self.identity_status))?,
        };
        let needs_ins =
            matches!(identity.status, IdentityStatus::Retrieved | IdentityStatus::Qualified);
        if needs_ins && (identity.ins_matricule.is_empty() || identity.ins_oid.is_empty()) {
            return Err(AppError::Invalid {
                field: "ins_matricule",
                code: "ins-required-for-status",
            });
        }
        let hours = f::number(
            "funded_hours",
            if self.funded_hours.trim().is_empty() { "0" } else { &self.funded_hours },
            0..=744,
        )?;
        Ok(PatientInput {
            team_id: self.team.clone(),
            given_name: f::label("given_name", &self.given_name)?,
            family_name: f::label("family_name", &self.family_name)?,
            identity,
            address: f::label("address", &self.address)?,
            postcode: f::postcode("postcode", &self.postcode)?,
            city: f::label("city", &self.city)?,
            place: Coordinates {
                latitude_e6: f::degrees("latitude", &self.latitude, 90.0)?,
                longitude_e6: f::degrees("longitude", &self.longitude, 180.0)?,
            },
            phone: f::phone("phone", &self.phone)?,
            access_notes: f::long_text("access_notes", &self.access_notes, 1000)?,
            financer: f::choice("financer", Financer::parse(&self.financer))?,
            funded_minutes_per_month: hours * 60,
            status: if self.status.is_empty() {
                PatientStatus::Active
            } else {
                f::choice("status", PatientStatus::parse(&self.status))?
            },
        })
    }
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

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<DoneQuery>,
) -> AppResult<Page> {
    let ui = if q.done.as_deref() == Some("emergency") {
        ui.with_notice("emergency-access-granted")
    } else {
        ui
    };
    list_page(&state, ui, &user, PatientForm::default()).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PatientForm>,
) -> AppResult<Response> {
    let outcome = match form.parse() {
        Ok(input) => patients::create(&state, &user, input).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/patients/{id}")).into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(list_page(&state, ui.with_error(field, code), &user, form).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CarePlanForm {
    label: String,
    skill: String,
    days: Vec<String>,
    window_start: String,
    window_end: String,
    duration: String,
    caregivers: String,
    sync_kind: String,
    min_gap: String,
    max_gap: String,
    preferred: String,
    excluded: String,
    first_day: String,
    last_day: String,
}

impl CarePlanForm {
    fn parse(&self, patient_id: &str) -> Result<CarePlanItem, AppError> {
        let invalid = |field, code| AppError::Invalid { field, code };
        let mut days = 0;
        for day in &self.days {
            days |= 1 << f::number("days", day, 0..=6)?;
        }
        if days == 0 {
            return Err(invalid("days", "hours-no-day"));
        }
        let window_start = f::clock("window_start", &self.window_start)?;
        let window_end = f::clock("window_end", &self.window_end)?;
        if window_end <= window_start {
            return Err(invalid("window_end", "hours-end-before-start"));
        }
        let duration = f::number("duration", &self.duration, 5..=600)?;
        if duration > window_end - window_start {
            return Err(invalid("duration", "duration-longer-than-window"));
        }
        let caregivers = f::number(
            "caregivers",
            if self.caregivers.is_empty() { "1" } else { &self.caregivers },
            1..=2,
        )?;
        let sync_kind = if self.sync_kind.is_empty() {
            SyncKind::Simultaneous
        } else {
            f::choice("sync_kind", SyncKind::parse(&self.sync_kind))?
        };
        let gap = |field, text: &str| {
            f::number(field, if text.trim().is_empty() { "0" } else { text }, 0..=240)
        };
        let (min_gap, max_gap) = (gap("min_gap", &self.min_gap)?, gap("max_gap", &self.max_gap)?);
        if max_gap < min_gap {
            return Err(invalid("max_gap", "gap-max-below-min"));
        }
        let person = |field, text: &str| -> Result<Option<String>, AppError> {
            match text.trim() {
                "" => Ok(None),
                id if crate::web::ids::is_id(id) => Ok(Some(id.to_string())),
                _ => Err(invalid(field, "caregiver-unknown")),
            }
        };
        let (preferred, excluded) =
            (person("preferred", &self.preferred)?, person("excluded", &self.excluded)?);
        if preferred.is_some() && preferred == excluded {
            return Err(invalid("excluded", "caregiver-preferred-and-excluded"));
        }
        let first_day = f::day("first_day", &self.first_day)?;
        let last_day = match self.last_day.trim() {
            "" => None,
            text => Some(f::day("last_day", text)?),
        };
        if last_day.is_some_and(|last| last < first_day) {
            return Err(invalid("last_day", "date-end-before-start"));
        }
        Ok(CarePlanItem {
            id: String::new(),
            patient_id: patient_id.to_string(),
            label: f::label("label", &self.label)?,
            skill: f::choice("skill", Skill::parse(&self.skill))?,
            days,
            window_start_minute: window_start,
            window_end_minute: window_end,
            duration_minutes: duration,
            caregivers,
            sync_kind,
            min_gap_minutes: min_gap,
            max_gap_minutes: max_gap,
            preferred_caregiver: preferred,
            excluded_caregiver: excluded,
            first_day: first_day.to_string(),
            last_day: last_day.map(|d| d.to_string()),
        })
    }
}

#[derive(Template)]
#[template(path = "patient.html")]
struct PatientPage {
    ui: Ui,
    record: PatientRecord,
    caregivers: Vec<Caregiver>,
    can_plan: bool,
    plan_form: CarePlanForm,
}

impl PatientPage {
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
    id: &str,
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
    let page = PatientPage {
        ui: ui.clone(),
        record,
        caregivers,
        can_plan: user.can(Permission::PlanRounds),
        plan_form,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(q): Query<DoneQuery>,
) -> AppResult<Page> {
    let ui = match q.done.as_deref() {
        Some("contact") => ui.with_notice("contact-added"),
        Some("care-plan") => ui.with_notice("care-plan-added"),
        Some("emergency") => ui.with_notice("emergency-access-granted"),
        _ => ui,
    };
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
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = f::choice("kind", ContactKind::parse(&form.kind))?;
        let name = f::label("name", &form.name)?;
        let phone = f::phone("contact_phone", &form.contact_phone)?;
        patients::add_contact(&state, &user, &id, kind, &name, &phone).await
    }
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/patients/{id}?done=contact")).into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(record_page(&state, ui.with_error(field, code), &user, &id, CarePlanForm::default())
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
}

async fn add_care_plan_item(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<CarePlanForm>,
) -> AppResult<Response> {
    let outcome = match form.parse(&id) {
        Ok(item) => patients::add_care_plan_item(&state, &user, item).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/patients/{id}?done=care-plan")).into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(record_page(&state, ui.with_error(field, code), &user, &id, form)
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
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
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> AppResult<Response> {
    match patients::break_the_glass(&state, &user, &id, &form.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/patients/{id}?done=emergency")).into_response()),
        Err(AppError::Invalid { field, code }) => {
            let page =
                EmergencyPage { ui: ui.with_user(&user).with_error(field, code), patient_id: id };
            Ok(Page::render(&page)?.with_status(StatusCode::UNPROCESSABLE_ENTITY).into_response())
        }
        Err(error) => Err(error),
    }
}
