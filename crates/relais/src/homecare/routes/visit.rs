//! One visit's page in the planning: its window, the caregiver and start time to give it (the
//! accessible way to do what drag and drop does), and its cancellation with a reason.

use crate::homecare::model::VisitId;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::planning::planning_url;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::model::{Caregiver, Visit};
use crate::homecare::planning::{self, local_minute};
use crate::homecare::store::visits as visit_store;
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning/visits/{id}", get(visit_page))
        .route("/planning/visits/{id}/assign", post(assign))
        .route("/planning/visits/{id}/cancel", post(cancel))
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

async fn visit_form(state: &AppState, ui: Ui, user: &CurrentUser, id: &VisitId) -> AppResult<Page> {
    let visit =
        visit_store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)?;
    let day = crate::homecare::scope::stored_day(&visit.day)?;
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
    id: VisitId,
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
    id: VisitId,
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
    let outcome = outcome.map_err(|error| match error {
        AppError::Conflict(_) => {
            AppError::Invalid { field: "caregiver", code: "visit-changed-meanwhile" }
        }
        other => other,
    });
    let next = match outcome {
        Ok(()) => planning_of_visit(&state, &user, &id, "assigned").await,
        Err(error) => Err(error),
    };
    answer(next, ui, |ui| visit_form(&state, ui, &user, &id)).await
}

/// The planning page of the week holding a visit.
async fn planning_of_visit(
    state: &AppState,
    user: &CurrentUser,
    id: &VisitId,
    done: &str,
) -> AppResult<String> {
    let visit =
        visit_store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)?;
    Ok(planning_url(&visit.team_id, &visit.day, &format!("done={done}")))
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
    id: VisitId,
    CsrfForm(form): CsrfForm<CancelForm>,
) -> AppResult<Response> {
    let next = match planning::cancel(&state, &user, &id, &form.reason).await {
        Ok(()) => planning_of_visit(&state, &user, &id, "cancelled").await,
        Err(error) => Err(error),
    };
    answer(next, ui, |ui| visit_form(&state, ui, &user, &id)).await
}
