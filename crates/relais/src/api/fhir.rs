//! `/api/v1/fhir`: a team's data as a FHIR R4 Bundle, and the import of Patient and CarePlan
//! bundles, for other health software holding a personal API token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::caller::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::homecare::fhir::{self, ImportReport};
use crate::homecare::fields as f;
use crate::homecare::model::Financer;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ExportQuery {
    team: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// A query parameter that must be there.
fn required<'a>(field: &'static str, value: &'a Option<String>) -> AppResult<&'a str> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or(AppError::Invalid { field, code: "fhir-missing" })
}

/// The team named by the query: one of the caller's, checked by the service.
fn team_of(value: &Option<String>) -> AppResult<&str> {
    let team = required("team", value)?;
    if crate::web::ids::is_id(team) { Ok(team) } else { Err(AppError::NotFound) }
}

pub async fn export(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let user = caller.require(Scope::HomecareRead)?;
    let team = team_of(&q.team)?;
    let from = f::day("from", required("from", &q.from)?)?;
    let to = f::day("to", required("to", &q.to)?)?;
    let bundle = fhir::team_bundle(&state, user, team, from, to).await?;
    let mut response = Json(bundle).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(fhir::MEDIA_TYPE));
    Ok(response)
}

#[derive(Deserialize)]
pub struct ImportQuery {
    team: Option<String>,
    /// The funder of patients that name none (`ssiad`, `apa`, `pch`, `private`).
    financer: Option<String>,
}

pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<ImportQuery>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> AppResult<Response> {
    let user = caller.require(Scope::HomecareWrite)?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(rejection.body_text())
        }
    })?;
    let team = team_of(&q.team)?;
    let financer = f::choice("financer", Financer::parse(required("financer", &q.financer)?))?;
    let report: ImportReport = fhir::import_bundle(&state, user, team, financer, &body).await?;
    Ok((StatusCode::OK, Json(report)).into_response())
}
