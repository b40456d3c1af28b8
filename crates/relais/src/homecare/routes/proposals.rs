//! The optimiser from the planning page: start, follow (page or JSON), cancel, then accept all,
//! accept some, or discard the proposal.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::planning::planning_url;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::model::{Caregiver, Patient, PatientId, VisitId};
use crate::homecare::optimise::{self, Change, Proposal};
use crate::homecare::planning;
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning/optimise", post(start))
        .route("/planning/proposals/{id}", get(show))
        .route("/planning/proposals/{id}/status", get(status_json))
        .route("/planning/proposals/{id}/cancel", post(cancel))
        .route("/planning/proposals/{id}/accept", post(accept))
        .route("/planning/proposals/{id}/discard", post(discard))
}

#[derive(Deserialize)]
struct StartForm {
    team: String,
    day: String,
    #[serde(default)]
    scope: String,
}

async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<StartForm>,
) -> AppResult<Response> {
    let day =
        f::day("day", &form.day).map_err(|_| AppError::BadRequest("day must be a date".into()))?;
    match optimise::start(&state, &user, &form.team, day, form.scope == "week").await {
        Ok(id) => Ok(Redirect::to(&format!("/planning/proposals/{id}")).into_response()),
        Err(AppError::Conflict(code)) => {
            let back = planning_url(&form.team, &day.to_string(), &format!("error={code}"));
            Ok(Redirect::to(&back).into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "planning_proposal.html")]
struct ProposalPage {
    ui: Ui,
    id: String,
    team_id: String,
    first_day: String,
    status: String,
    percent: u32,
    proposal: Proposal,
    caregivers: Vec<Caregiver>,
    patients: std::collections::HashMap<PatientId, Patient>,
    zone: jiff::tz::TimeZone,
}

impl ProposalPage {
    fn name(&self, id: &Option<String>) -> String {
        id.as_ref()
            .and_then(|id| self.caregivers.iter().find(|c| &c.user_id == id))
            .map(|c| c.display_name.clone())
            .unwrap_or_else(|| self.ui.t("unassigned"))
    }

    fn patient(&self, id: &str) -> String {
        self.patients.get(id).map(|p| p.short_name()).unwrap_or_default()
    }

    /// "lun. 7 déc. 10:00" (or "Mon 7 Dec 10:00"), in the organisation's zone.
    fn when(&self, at: Option<i64>) -> String {
        let Some(local) = at
            .and_then(|at| jiff::Timestamp::from_millisecond(at).ok())
            .map(|at| at.to_zoned(self.zone.clone()))
        else {
            return String::new();
        };
        format!("{} {}", self.ui.day_short(&local.date().to_string()), local.strftime("%H:%M"))
    }

    fn minutes(&self, value: &f64) -> String {
        format!("{value:.0}")
    }

    /// The changes grouped by the caregiver who would do them, with who gains or loses visits.
    fn by_caregiver(&self) -> Vec<CaregiverDiff<'_>> {
        self.caregivers
            .iter()
            .filter_map(|caregiver| {
                let id = &caregiver.user_id;
                let changes: Vec<&Change> =
                    self.proposal.changes.iter().filter(|c| &c.to_caregiver == id).collect();
                let gained =
                    changes.iter().filter(|c| c.from_caregiver.as_ref() != Some(id)).count();
                let lost = self
                    .proposal
                    .changes
                    .iter()
                    .filter(|c| c.from_caregiver.as_ref() == Some(id) && &c.to_caregiver != id)
                    .count();
                let kept = changes.iter().filter(|c| c.continuity).count();
                let travel = self.proposal.travel_by_caregiver.get(id).copied();
                (!changes.is_empty() || lost > 0).then(|| CaregiverDiff {
                    id: id.clone(),
                    travel,
                    name: caregiver.display_name.clone(),
                    gained: figure(gained),
                    lost: figure(lost),
                    kept: figure(kept),
                    changes,
                })
            })
            .collect()
    }
}

/// What a proposal changes for one caregiver.
struct CaregiverDiff<'a> {
    id: String,
    name: String,
    /// Visits they would take (new to them), visits they would give away.
    gained: i64,
    lost: i64,
    /// Visits going to the patient's usual or preferred caregiver.
    kept: i64,
    /// Their travel minutes before and after, when the proposal recorded them.
    travel: Option<crate::homecare::optimise::Travel>,
    changes: Vec<&'a Change>,
}

fn figure(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[derive(Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(q): Query<ShowQuery>,
) -> AppResult<Page> {
    let status = optimise::status(&state, &user, &id).await?;
    let day: jiff::civil::Date =
        status.row.first_day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?;
    let week = planning::week(&state, &user, &status.row.team_id, day).await?;
    let ui = match q.done.as_deref() {
        Some("accepted") => ui.with_user(&user).with_notice("proposal-accepted-some"),
        _ => ui.with_user(&user),
    };
    let page = ProposalPage {
        ui,
        id: id.clone(),
        team_id: status.row.team_id.clone(),
        first_day: status.row.first_day.clone(),
        status: status.row.status.as_str().to_string(),
        percent: status.percent,
        proposal: status.proposal.unwrap_or_default(),
        caregivers: week.caregivers,
        patients: week.patients,
        zone: week.zone,
    };
    Page::render(&page)
}

#[derive(serde::Serialize)]
struct StatusBody {
    status: String,
    percent: u32,
    best_cost: Option<f64>,
}

async fn status_json(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Json<StatusBody>> {
    let status = optimise::status(&state, &user, &id).await?;
    Ok(Json(StatusBody {
        status: status.row.status.as_str().to_string(),
        percent: status.percent,
        best_cost: status.run.as_ref().and_then(|r| r.best_cost()),
    }))
}

async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    optimise::cancel(&state, &user, &id).await?;
    Ok(Redirect::to(&format!("/planning/proposals/{id}")).into_response())
}

#[derive(Deserialize)]
struct AcceptForm {
    #[serde(default)]
    visits: Vec<VisitId>,
    #[serde(default)]
    all: String,
    /// Accept only the changes that go to this caregiver.
    #[serde(default)]
    caregiver: String,
}

async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> AppResult<Response> {
    let of_caregiver: Vec<VisitId> = if form.caregiver.is_empty() {
        Vec::new()
    } else {
        let proposal = optimise::status(&state, &user, &id).await?.proposal.unwrap_or_default();
        let to_them = proposal.changes.into_iter().filter(|c| c.to_caregiver == form.caregiver);
        to_them.map(|c| c.visit_id).collect()
    };
    let selected = match (form.all == "1", form.caregiver.is_empty()) {
        (true, _) => None,
        (false, false) => Some(of_caregiver.as_slice()),
        (false, true) => Some(form.visits.as_slice()),
    };
    let outcome = optimise::accept(&state, &user, &id, selected).await?;
    if outcome.remaining > 0 {
        let back = format!("/planning/proposals/{id}?done=accepted");
        return Ok(Redirect::to(&back).into_response());
    }
    back_to_week(&state, &user, &id, "accepted").await
}

async fn discard(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    optimise::discard(&state, &user, &id).await?;
    back_to_week(&state, &user, &id, "discarded").await
}

async fn back_to_week(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    done: &str,
) -> AppResult<Response> {
    let status = optimise::status(state, user, id).await?;
    let back = planning_url(&status.row.team_id, &status.row.first_day, &format!("done={done}"));
    Ok(Redirect::to(&back).into_response())
}
