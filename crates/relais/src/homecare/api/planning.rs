//! Patients, caregivers, weeks, optimisations, exceptions and hours: the coordinator's side.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use serde::Deserialize;

use super::views::*;
use crate::api::json::ApiJson;
use crate::api::page::{self, Page, PageQuery};
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::homecare::model::{PatientId, VisitId};
use crate::homecare::{corrections, hours, optimise, patients, planning};
use crate::state::AppState;
use crate::web::IdPath;
use crate::web::ids::is_id;

/// A day of the path or the query.
pub fn day(field: &'static str, text: &str) -> AppResult<Date> {
    text.trim().parse().map_err(|_| AppError::Invalid { field, code: "date-invalid" })
}

/// `{team}/…/{day}` of a path.
fn team_and_day(
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> AppResult<(String, Date)> {
    let Ok(Path((team, text))) = path else { return Err(AppError::NotFound) };
    if !is_id(&team) {
        return Err(AppError::NotFound);
    }
    Ok((team, day("day", &text)?))
}

type TeamDay = Result<Path<(String, String)>, axum::extract::rejection::PathRejection>;

pub async fn patient_list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(asked): Query<PageQuery>,
) -> AppResult<Json<Page<PatientOut>>> {
    let user = caller.require(Scope::HomecareRead)?;
    let position = page::position(&state, "patients", &asked).await?;
    let mut all = patients::list(&state, user).await?;
    all.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    let rows: Vec<_> = all
        .into_iter()
        .filter(|p| position.after.as_deref().is_none_or(|after| p.id.as_str() > after))
        .take(position.limit + 1)
        .collect();
    let page =
        page::page(&state, "patients", &position, rows, |p| p.id.to_string(), PatientOut::from)
            .await?;
    Ok(Json(page))
}

pub async fn patient(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<PatientRecordOut>> {
    let user = caller.require(Scope::HomecareRead)?;
    let id = PatientId::parse(&id).ok_or(AppError::NotFound)?;
    let record = patients::open(&state, user, &id).await?;
    Ok(Json(PatientRecordOut {
        patient: record.patient.into(),
        access_notes: record.access_notes,
        care_plan: record.care_plan.into_iter().map(CareOut::from).collect(),
    }))
}

pub async fn caregivers(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(team): IdPath,
) -> AppResult<Json<Vec<CaregiverOut>>> {
    let user = caller.require(Scope::HomecareRead)?;
    let zone = crate::org::service::zone(&state, &user.org_id).await?;
    let week = planning::week(&state, user, &team, state.clock.today(&zone)).await?;
    Ok(Json(week.caregivers.into_iter().map(CaregiverOut::from).collect()))
}

pub async fn week(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: TeamDay,
) -> AppResult<Json<WeekOut>> {
    let user = caller.require(Scope::HomecareRead)?;
    let (team, any_day) = team_and_day(path)?;
    let week = planning::week(&state, user, &team, any_day).await?;
    Ok(Json(WeekOut {
        monday: week.first_day(),
        state: if week.state.published_at.is_some() { "published" } else { "draft" }.into(),
        conflicts: week.conflicts.len(),
        team_id: week.team_id,
        caregivers: week.caregivers.into_iter().map(CaregiverOut::from).collect(),
        visits: week.visits.into_iter().map(VisitOut::from).collect(),
    }))
}

pub async fn generate(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: TeamDay,
) -> AppResult<Json<GeneratedOut>> {
    let user = caller.require(Scope::HomecareWrite)?;
    let (team, any_day) = team_and_day(path)?;
    let added = planning::generate(&state, user, &team, any_day).await?;
    Ok(Json(GeneratedOut { added }))
}

pub async fn optimise_start(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(team): IdPath,
    ApiJson(asked): ApiJson<OptimiseIn>,
) -> AppResult<(StatusCode, Json<StartedOut>)> {
    let user = caller.require(Scope::HomecareWrite)?;
    let any_day = day("day", &asked.day)?;
    let id = optimise::start(&state, user, &team, any_day, asked.whole_week).await?;
    Ok((StatusCode::ACCEPTED, Json(StartedOut { id })))
}

pub async fn optimisation(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<OptimisationOut>> {
    let user = caller.require(Scope::HomecareRead)?;
    let status = optimise::status(&state, user, &id).await?;
    let proposal = status.proposal;
    Ok(Json(OptimisationOut {
        id: status.row.id,
        team_id: status.row.team_id,
        first_day: status.row.first_day,
        last_day: status.row.last_day,
        status: status.row.status.as_str().to_string(),
        percent: status.percent,
        travel_before_minutes: proposal.as_ref().map(|p| p.travel_before_minutes),
        travel_after_minutes: proposal.as_ref().map(|p| p.travel_after_minutes),
        changes: proposal
            .as_ref()
            .map(|p| p.changes.iter().cloned().map(ChangeOut::from).collect())
            .unwrap_or_default(),
        unassigned: proposal
            .map(|p| p.unassigned.into_iter().map(LeftOutOut::from).collect())
            .unwrap_or_default(),
    }))
}

pub async fn optimisation_cancel(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::HomecareWrite)?;
    optimise::cancel(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn optimisation_accept(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(asked): ApiJson<AcceptIn>,
) -> AppResult<Json<AcceptedOut>> {
    let user = caller.require(Scope::HomecareWrite)?;
    let selected: Option<Vec<VisitId>> = match asked.visit_ids {
        None => None,
        Some(ids) => Some(
            ids.iter()
                .map(|id| {
                    VisitId::parse(id)
                        .ok_or(AppError::Invalid { field: "visit_ids", code: "visit-unknown" })
                })
                .collect::<AppResult<_>>()?,
        ),
    };
    let done = optimise::accept(&state, user, &id, selected.as_deref()).await?;
    Ok(Json(AcceptedOut {
        applied: done.applied,
        skipped: done.skipped,
        remaining: done.remaining,
    }))
}

#[derive(Deserialize)]
pub struct Span {
    from: Option<String>,
    to: Option<String>,
}

pub async fn exceptions(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(team): IdPath,
    Query(span): Query<Span>,
) -> AppResult<Json<Vec<ExceptionOut>>> {
    let user = caller.require(Scope::HomecareRead)?;
    let zone = crate::org::service::zone(&state, &user.org_id).await?;
    let today = state.clock.today(&zone);
    let first = match span.from.as_deref() {
        Some(text) => day("from", text)?,
        None => crate::homecare::recurrence::week_start(today),
    };
    let last = match span.to.as_deref() {
        Some(text) => day("to", text)?,
        None => today,
    };
    if last < first || (last - first).get_days() > 62 {
        return Err(AppError::Invalid { field: "to", code: "date-range-invalid" });
    }
    let queue = corrections::queue(&state, user, &team, first, last).await?;
    Ok(Json(queue.into_iter().map(ExceptionOut::from).collect()))
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

pub async fn month_hours(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(team): IdPath,
    Query(asked): Query<MonthQuery>,
) -> AppResult<Json<HoursOut>> {
    let user = caller.require(Scope::HomecareRead)?;
    let any_day = match asked.month.as_deref() {
        Some(text) => day("month", &format!("{}-01", text.trim()))?,
        None => {
            let zone = crate::org::service::zone(&state, &user.org_id).await?;
            state.clock.today(&zone)
        }
    };
    Ok(Json(hours::month(&state, user, &team, any_day).await?.into()))
}
