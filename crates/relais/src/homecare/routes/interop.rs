//! The FHIR exchange page of a team: export its data as a FHIR R4 Bundle for a period, import
//! patients and care plans from a bundle and see what was refused.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, http::StatusCode};
use jiff::civil::Date;
use serde::Deserialize;

use super::planning::chosen_team;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fhir::{self, ImportReport};
use crate::homecare::fields as f;
use crate::homecare::model::Financer;
use crate::org::{Permission, Team};
use crate::state::AppState;
use crate::web::upload::upload_limit;
use crate::web::{CsrfUpload, Page, Ui};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/planning/fhir", get(show).post(import).layer(upload_limit(state)))
        .route("/planning/fhir/export", get(export))
}

#[derive(Debug, Default, Deserialize)]
struct TeamQuery {
    team: Option<String>,
}

#[derive(Template)]
#[template(path = "planning_fhir.html")]
struct FhirPage {
    ui: Ui,
    teams: Vec<Team>,
    team: Team,
    from: String,
    to: String,
    report: Option<ImportReport>,
}

impl FhirPage {
    fn financers(&self) -> &'static [Financer] {
        Financer::ALL
    }
}

/// This month in the organisation's zone.
async fn month_bounds(state: &AppState, user: &CurrentUser) -> AppResult<(Date, Date)> {
    let today = crate::org::service::today(state, &user.org_id).await?;
    Ok((today.first_of_month(), today.last_of_month()))
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    team: Option<&str>,
    report: Option<ImportReport>,
) -> AppResult<Page> {
    user.require(Permission::PlanRounds)?;
    let (teams, team) = chosen_team(state, user, team).await?;
    let (from, to) = month_bounds(state, user).await?;
    let page = FhirPage {
        ui: ui.with_user(user),
        teams,
        team,
        from: from.to_string(),
        to: to.to_string(),
        report,
    };
    Page::form(&page, &page.ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<TeamQuery>,
) -> AppResult<Page> {
    page(&state, ui, &user, q.team.as_deref(), None).await
}

#[derive(Debug, Default, Deserialize)]
struct ExportQuery {
    team: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let (_, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let (default_from, default_to) = month_bounds(&state, &user).await?;
    let day = |field, text: Option<&str>, default: Date| match text {
        Some(text) if !text.is_empty() => f::day(field, text),
        _ => Ok(default),
    };
    let from = day("from", q.from.as_deref(), default_from)?;
    let to = day("to", q.to.as_deref(), default_to)?;
    let bundle = fhir::team_bundle(&state, &user, &team.id, from, to).await?;
    let body = serde_json::to_vec_pretty(&bundle).map_err(AppError::internal)?;
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(fhir::MEDIA_TYPE));
    let name = format!("attachment; filename=\"relais-fhir-{from}-{to}.json\"");
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn import(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfUpload(upload): CsrfUpload,
) -> AppResult<Response> {
    let team = upload.text("team").to_string();
    let outcome = async {
        let financer = f::choice("financer", Financer::parse(upload.text("financer")))?;
        let file =
            upload.file("file").ok_or(AppError::Invalid { field: "file", code: "file-missing" })?;
        fhir::import_bundle(&state, &user, &team, financer, &file.bytes).await.map_err(|error| {
            match error {
                AppError::BadRequest(_) => {
                    AppError::Invalid { field: "file", code: "fhir-not-json" }
                }
                AppError::PayloadTooLarge => {
                    AppError::Invalid { field: "file", code: "file-too-large" }
                }
                other => other,
            }
        })
    }
    .await;
    match outcome {
        Ok(report) => Ok(page(&state, ui, &user, Some(&team), Some(report)).await?.into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(page(&state, ui.with_error(field, code), &user, Some(&team), None)
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
}
