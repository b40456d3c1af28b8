//! The exceptions queue of a team's week, each resolved by a correction; and the month's export of
//! realised visits.

use crate::homecare::model::PatientId;
use crate::homecare::model::VisitId;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use serde::Deserialize;

use super::planning::{chosen_team, team_week_url};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::corrections::{self, CODES, Decision};
use crate::homecare::fields as f;
use crate::homecare::planning::local_minute;
use crate::homecare::realised::{ExceptionKind, Realised};
use crate::homecare::recurrence::{days_of_week, week_start};
use crate::homecare::{export, store};
use crate::org::Team;
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/planning/exceptions", get(show))
        .route("/planning/exceptions/{id}", post(correct))
        .route("/planning/export.csv", get(export_month))
}

#[derive(Debug, Default, Deserialize)]
struct WeekQuery {
    team: Option<String>,
    week: Option<String>,
    done: Option<String>,
}

async fn chosen_day(state: &AppState, user: &CurrentUser, text: Option<&str>) -> AppResult<Date> {
    match text {
        Some(text) => {
            f::day("week", text).map_err(|_| AppError::BadRequest("week must be a date".into()))
        }
        None => crate::org::service::today(state, &user.org_id).await,
    }
}

#[derive(Template)]
#[template(path = "planning_exceptions.html")]
struct ExceptionsPage {
    ui: Ui,
    team: Team,
    monday: Date,
    items: Vec<(Realised, Vec<ExceptionKind>)>,
    patients: std::collections::HashMap<PatientId, String>,
    /// Where each patient lives, to say how far from home a punch's position was.
    homes: std::collections::HashMap<PatientId, crate::homecare::model::Coordinates>,
    zone: jiff::tz::TimeZone,
}

impl ExceptionsPage {
    fn clock(&self, at: &Option<i64>) -> String {
        at.map(|at| {
            crate::org::fields::clock_text(
                u16::try_from(local_minute(at, &self.zone).0).unwrap_or(0),
            )
        })
        .unwrap_or_default()
    }

    fn arrival(&self, r: &Realised) -> String {
        self.clock(&r.check_in.as_ref().map(|p| p.device_at))
    }

    fn departure(&self, r: &Realised) -> String {
        self.clock(&r.check_out.as_ref().map(|p| p.device_at))
    }

    /// How far from the patient's home the phone was at arrival and departure, when recorded:
    /// (i18n key, metres, accuracy) for each punch with a position.
    fn distances(&self, r: &Realised) -> Vec<(&'static str, i64, i64)> {
        let Some(home) = self.homes.get(&r.visit.patient_id) else { return Vec::new() };
        [("round-arrived", &r.check_in), ("round-left", &r.check_out)]
            .into_iter()
            .filter_map(|(key, punch)| {
                let position = punch.as_ref()?.position()?;
                let metres = position.coordinates().metres_to(*home).round() as i64;
                Some((key, metres, position.accuracy_m))
            })
            .collect()
    }

    fn planned(&self, r: &Realised) -> String {
        self.clock(&Some(r.visit.planned_start_at.unwrap_or(r.visit.window_start_at)))
    }

    /// The start and end to propose: the punches, else the plan.
    fn proposed_start(&self, r: &Realised) -> String {
        let arrival = self.arrival(r);
        if arrival.is_empty() { self.planned(r) } else { arrival }
    }

    fn proposed_end(&self, r: &Realised) -> String {
        let departure = self.departure(r);
        if departure.is_empty() { self.clock(&r.visit.planned_end_at()) } else { departure }
    }

    fn patient(&self, r: &Realised) -> String {
        self.patients.get(&r.visit.patient_id).cloned().unwrap_or_default()
    }

    fn codes(&self) -> &'static [&'static str] {
        &CODES
    }

    fn usual(&self, kinds: &[ExceptionKind]) -> &'static str {
        kinds.first().map(|k| k.usual_code()).unwrap_or("MDT")
    }

    fn next_week(&self, weeks: i64) -> String {
        self.monday
            .checked_add(jiff::Span::new().weeks(weeks))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    team: Option<&str>,
    day: Date,
) -> AppResult<Page> {
    let (_, team) = chosen_team(state, user, team).await?;
    let monday = week_start(day);
    let sunday = days_of_week(monday)[6];
    let items = corrections::queue(state, user, &team.id, monday, sunday).await?;
    let of_team = store::patients::list_of_team(state.db.reader(), &user.org_id, &team.id).await?;
    let patients = of_team.iter().map(|p| (p.id.clone(), p.short_name())).collect();
    let homes = of_team.iter().map(|p| (p.id.clone(), p.place)).collect();
    let zone = crate::org::service::zone(state, &user.org_id).await?;
    let ui = ui.with_user(user);
    let page = ExceptionsPage { ui: ui.clone(), team, monday, items, patients, homes, zone };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<WeekQuery>,
) -> AppResult<Page> {
    let ui = if q.done.as_deref() == Some("corrected") {
        ui.with_notice("correction-saved")
    } else {
        ui
    };
    page(&state, ui, &user, q.team.as_deref(), chosen_day(&state, &user, q.week.as_deref()).await?)
        .await
}

#[derive(Deserialize)]
struct CorrectionForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    comment: String,
}

async fn correct(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    CsrfForm(form): CsrfForm<CorrectionForm>,
) -> AppResult<Response> {
    let visit = store::visits::find(state.db.reader(), &user.org_id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let outcome = async {
        let minute = |field, text: &str| match text.trim() {
            "" => Ok(None),
            text => f::clock(field, text).map(Some),
        };
        let decision = Decision {
            code: &form.code,
            start_minute: minute("start", &form.start)?,
            end_minute: minute("end", &form.end)?,
            comment: &form.comment,
        };
        corrections::correct(&state, &user, &id, &decision).await
    }
    .await;
    let back = team_week_url("/planning/exceptions", &visit.team_id, &visit.day, "done=corrected");
    let day: Date = visit.day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?;
    answer(outcome.map(|()| back), ui, |ui| page(&state, ui, &user, Some(&visit.team_id), day))
        .await
}

#[derive(Debug, Default, Deserialize)]
struct MonthQuery {
    team: Option<String>,
    month: Option<String>,
}

/// The month's realised visits as CSV (`month=YYYY-MM`).
async fn export_month(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let (_, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let day = match q.month.as_deref() {
        Some(month) => f::day("month", &format!("{month}-01"))
            .map_err(|_| AppError::BadRequest("month must be YYYY-MM".into()))?,
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let csv = export::realised_month(&state, &user, &team.id, day).await?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let name = format!("attachment; filename=\"visites-{}.csv\"", day.strftime("%Y-%m"));
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
