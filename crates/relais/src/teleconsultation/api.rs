//! Teleconsultation in `/api/v1`, for a booking site: schedule a consultation with a patient
//! (answered with the patient's link and code, shown this once), follow its status, cancel it.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Consultation, Kind};
use super::service::{self, ScheduleInput};
use crate::api::endpoints::{Endpoint, Parameter};
use crate::api::json::{ApiJson, rfc3339};
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::homecare::model::PatientId;
use crate::org::Permission;
use crate::state::AppState;
use crate::web::IdPath;

const CONSULTATION: Parameter = Parameter::path("id", "The consultation's id");

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post(
            "/api/v1/teleconsultations",
            Scope::HomecareWrite,
            "Schedule a teleconsultation with a patient of the caller's care relationship",
            post(schedule),
        )
        .takes::<ScheduleIn>()
        .gives::<ScheduledOut>()
        .status(StatusCode::CREATED)
        .needs(Permission::SeePatientData),
        Endpoint::get(
            "/api/v1/teleconsultations/{id}",
            Scope::HomecareRead,
            "A teleconsultation and where it stands",
            get(one),
        )
        .gives::<ConsultationOut>()
        .with([CONSULTATION]),
        Endpoint::post(
            "/api/v1/teleconsultations/{id}/cancel",
            Scope::HomecareWrite,
            "Cancel a teleconsultation (its links stop working)",
            post(cancel),
        )
        .status(StatusCode::NO_CONTENT)
        .with([CONSULTATION]),
    ]
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    pub patient_id: String,
    /// doctor, nurse, psychologist or social_worker.
    pub kind: String,
    /// RFC 3339.
    pub starts_at: String,
    /// 10 to 120.
    pub duration_minutes: i64,
}

#[derive(Serialize, JsonSchema)]
pub struct ScheduledOut {
    pub id: String,
    /// The patient's link to the waiting room: send it to them (it is not kept in clear).
    pub patient_link: String,
    /// The code the patient types on entering.
    pub patient_code: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ConsultationOut {
    pub id: String,
    pub patient_id: String,
    pub professional_id: String,
    pub kind: String,
    pub starts_at: String,
    pub duration_minutes: i64,
    /// scheduled, in_progress, ended (report to write), done or cancelled.
    pub status: String,
    pub reported: bool,
}

impl From<Consultation> for ConsultationOut {
    fn from(c: Consultation) -> Self {
        Self {
            status: c.phase().to_string(),
            id: c.id,
            patient_id: c.patient_id.to_string(),
            professional_id: c.professional_id,
            kind: c.kind.as_str().to_string(),
            starts_at: rfc3339(c.starts_at),
            duration_minutes: c.duration_minutes,
            reported: c.reported_at.is_some(),
        }
    }
}

async fn schedule(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    ApiJson(asked): ApiJson<ScheduleIn>,
) -> AppResult<(StatusCode, Json<ScheduledOut>)> {
    let user = caller.require(Scope::HomecareWrite)?;
    let patient_id = PatientId::parse(&asked.patient_id)
        .ok_or(AppError::Invalid { field: "patient_id", code: "patient-unknown" })?;
    let kind = Kind::parse(&asked.kind)
        .ok_or(AppError::Invalid { field: "kind", code: "choice-invalid" })?;
    let starts_at = asked
        .starts_at
        .trim()
        .parse::<jiff::Timestamp>()
        .map_err(|_| AppError::Invalid { field: "starts_at", code: "datetime-invalid" })?
        .as_millisecond();
    let input = ScheduleInput { kind, starts_at, duration_minutes: asked.duration_minutes };
    let (id, invitation) = service::schedule(&state, user, &patient_id, input).await?;
    let link = format!("{}/visio/{}", crate::web::base_url(&state, &headers), invitation.link);
    Ok((
        StatusCode::CREATED,
        Json(ScheduledOut { id, patient_link: link, patient_code: invitation.code }),
    ))
}

async fn one(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<ConsultationOut>> {
    let user = caller.require(Scope::HomecareRead)?;
    Ok(Json(service::visible(&state, user, &id).await?.into()))
}

async fn cancel(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::HomecareWrite)?;
    service::cancel(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
