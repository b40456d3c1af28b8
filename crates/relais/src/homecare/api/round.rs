//! The caregiver's side: the day's round, check-in and check-out, the visit report. Each write
//! takes the `Idempotency-Key` the phone's offline outbox uses: the same key and body apply
//! once, so a program of one's own can retry as the phone does.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::planning::day;
use super::views::*;
use crate::api::json::ApiJson;
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::homecare::model::{PunchKind, VisitId};
use crate::homecare::round::{self, Presence, Punch};
use crate::homecare::store::rounds::Position;
use crate::homecare::visit_report::{self, Report};
use crate::state::AppState;
use crate::web::IdPath;

pub async fn my_day(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> AppResult<Json<Vec<StopOut>>> {
    let user = caller.require(Scope::HomecareRead)?;
    let Ok(Path(text)) = path else { return Err(AppError::NotFound) };
    let stops = round::my_day(&state, user, day("day", &text)?).await?;
    Ok(Json(stops.into_iter().map(StopOut::from).collect()))
}

fn idempotency_key(headers: &HeaderMap) -> AppResult<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        return Err(AppError::BadRequest("the Idempotency-Key header is required".into()));
    }
    Ok(key.to_string())
}

/// An RFC 3339 time sent by the client, as milliseconds.
fn instant(field: &'static str, text: Option<&str>) -> AppResult<Option<i64>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse::<jiff::Timestamp>()
            .map(|t| Some(t.as_millisecond()))
            .map_err(|_| AppError::Invalid { field, code: "datetime-invalid" }),
    }
}

fn position(sent: &PunchIn) -> AppResult<Option<Position>> {
    let invalid = |field| AppError::Invalid { field, code: "coordinate-invalid" };
    match (sent.latitude, sent.longitude, sent.accuracy) {
        (None, None, None) => Ok(None),
        (Some(lat), Some(lon), Some(accuracy)) => {
            if !lat.is_finite() || lat.abs() > 90.0 {
                return Err(invalid("latitude"));
            }
            if !lon.is_finite() || lon.abs() > 180.0 {
                return Err(invalid("longitude"));
            }
            if !accuracy.is_finite() || !(0.0..=100_000.0).contains(&accuracy) {
                return Err(invalid("accuracy"));
            }
            Ok(Some(Position {
                latitude_e6: (lat * 1e6).round() as i64,
                longitude_e6: (lon * 1e6).round() as i64,
                accuracy_m: accuracy.round() as i64,
            }))
        }
        _ => Err(invalid("accuracy")),
    }
}

async fn punch(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
    headers: &HeaderMap,
    sent: &PunchIn,
    kind: PunchKind,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::HomecareWrite)?;
    let key = idempotency_key(headers)?;
    let visit_id = VisitId::parse(id).ok_or(AppError::NotFound)?;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let presence = match sent.method.as_str() {
        "code" => Presence::Code(text(&sent.code)),
        "scan" => Presence::Scan(text(&sent.secret)),
        "manual" => Presence::Manual(text(&sent.reason)),
        "declared" => Presence::Declared,
        _ => return Err(AppError::Invalid { field: "method", code: "choice-invalid" }),
    };
    let punch = Punch {
        kind,
        presence: &presence,
        device_at: instant("at", sent.at.as_deref())?,
        position: position(sent)?,
        key: &key,
    };
    round::punch(state, user, &visit_id, &punch).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn check_in(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ApiJson(sent): ApiJson<PunchIn>,
) -> AppResult<StatusCode> {
    punch(&state, &caller, &id, &headers, &sent, PunchKind::CheckIn).await
}

pub async fn check_out(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ApiJson(sent): ApiJson<PunchIn>,
) -> AppResult<StatusCode> {
    punch(&state, &caller, &id, &headers, &sent, PunchKind::CheckOut).await
}

pub async fn report(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ApiJson(sent): ApiJson<ReportIn>,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::HomecareWrite)?;
    let key = idempotency_key(&headers)?;
    let visit_id = VisitId::parse(&id).ok_or(AppError::NotFound)?;
    let report = Report { outcome: &sent.outcome, note: &sent.note, flags: &sent.flags };
    let at = instant("at", sent.at.as_deref())?;
    visit_report::report(&state, user, &visit_id, &report, at, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}
