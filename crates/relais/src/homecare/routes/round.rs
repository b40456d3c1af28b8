//! The caregiver's phone: "My day", check-in and check-out (card QR, short code or manual with a
//! reason), the visit report, and the page shown without network.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use jiff::civil::Date;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::model::{PunchKind, VisitId};
use crate::homecare::photos;
use crate::homecare::planning::local_minute;
use crate::homecare::round::{self, Presence, Punch, Stop};
use crate::homecare::store::rounds::Position;
use crate::homecare::visit_report::{self, FLAGS, OUTCOMES, Report};
use crate::state::AppState;
use crate::web::upload::upload_limit;
use crate::web::{CsrfForm, CsrfUpload, Page, Ui, answer};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/round/visits/{id}/photo", post(add_photo).layer(upload_limit(state)))
        .route("/round", get(my_day))
        .route("/round/card", get(scanned_card))
        .route("/round/offline", get(offline))
        .route("/round/visits/{id}/check-in", post(check_in))
        .route("/round/visits/{id}/check-out", post(check_out))
        .route("/round/visits/{id}/report", post(report))
}

#[derive(Debug, Default, Deserialize)]
struct DayQuery {
    day: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    ui: Ui,
    day: Date,
    stops: Vec<Stop>,
    zone: jiff::tz::TimeZone,
    /// Only the visits of this patient (after scanning their card), with the card's secret.
    scanned: Option<String>,
    /// Whether the organisation records the position at check-in and check-out.
    geolocation: bool,
    /// Whether arrivals and departures need the home card (else one tap).
    card_required: bool,
}

impl RoundPage {
    fn time(&self, at: &i64) -> String {
        crate::org::fields::clock_text(u16::try_from(local_minute(*at, &self.zone).0).unwrap_or(0))
    }

    fn planned(&self, stop: &Stop) -> String {
        self.time(&stop.visit.planned_start_at.unwrap_or(stop.visit.window_start_at))
    }

    fn shift_day(&self, days: i64) -> String {
        self.day
            .checked_add(jiff::Span::new().days(days))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// A fresh idempotency key for each form: replaying a queued submission applies it once.
    fn key(&self) -> String {
        crate::secrets::new_id()
    }

    /// The arrival and departure forms of a stop: (action, button, hidden until the arrival is
    /// queued). The departure is there, hidden, before the arrival, so that a caregiver without
    /// network can queue the whole visit.
    fn steps(&self, stop: &Stop) -> Vec<(&'static str, &'static str, bool)> {
        match (stop.checked_in_at, stop.checked_out_at) {
            (None, _) => {
                vec![("check-in", "round-check-in", false), ("check-out", "round-check-out", true)]
            }
            (Some(_), None) => vec![("check-out", "round-check-out", false)],
            (Some(_), Some(_)) => Vec::new(),
        }
    }

    /// The report form: `None` once sent, hidden until the arrival is recorded or queued.
    fn report_step(&self, stop: &Stop) -> Option<bool> {
        stop.outcome.is_none().then_some(stop.checked_in_at.is_none())
    }

    fn outcomes(&self) -> &'static [&'static str] {
        &OUTCOMES
    }

    fn flags(&self) -> &'static [&'static str] {
        &FLAGS
    }

    fn consents(&self) -> &'static [&'static str] {
        &photos::CONSENTS
    }
}

async fn day_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    day: Date,
    scanned: Option<(String, String)>,
) -> AppResult<Page> {
    let mut stops = round::my_day(state, user, day).await?;
    if let Some((patient, _)) = &scanned {
        stops.retain(|s| &s.patient.id == patient);
    }
    let zone = crate::org::service::zone(state, &user.org_id).await?;
    let geolocation = crate::org::store::punch_geolocation(state.db.reader(), &user.org_id).await?;
    let ui = ui.with_user(user);
    let scanned = scanned.map(|(_, secret)| secret);
    let card_required =
        crate::org::store::punch_card_required(state.db.reader(), &user.org_id).await?;
    let page = RoundPage { ui: ui.clone(), day, stops, zone, scanned, geolocation, card_required };
    Page::form(&page, &ui)
}

/// The day a round form came from (its hidden `day`), so that the answer shows that day again,
/// not today; forms without one (or with a malformed one) stand for today.
struct FormDay(Option<Date>);

impl FormDay {
    fn of(text: &str) -> Self {
        Self(f::day("day", text).ok())
    }

    /// Where to go after the form, with what was done.
    fn url(&self, done: &str) -> String {
        match self.0 {
            Some(day) => format!("/round?day={day}&done={done}"),
            None => format!("/round?done={done}"),
        }
    }

    /// The day to show again when the form is refused.
    async fn date(&self, state: &AppState, user: &CurrentUser) -> AppResult<Date> {
        match self.0 {
            Some(day) => Ok(day),
            None => crate::org::service::today(state, &user.org_id).await,
        }
    }
}

async fn my_day(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<DayQuery>,
) -> AppResult<Page> {
    let day = match q.day.as_deref() {
        Some(text) => {
            f::day("day", text).map_err(|_| AppError::BadRequest("day must be a date".into()))?
        }
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let ui = match q.done.as_deref() {
        Some("check_in") => ui.with_notice("round-checked-in"),
        Some("check_out") => ui.with_notice("round-checked-out"),
        Some("photo") => ui.with_notice("round-photo-added"),
        Some("report") => ui.with_notice("round-reported"),
        _ => ui,
    };
    day_page(&state, ui, &user, day, None).await
}

#[derive(Template)]
#[template(path = "round_offline.html")]
struct OfflinePage {
    ui: Ui,
}

/// The page the phone shows without network: no data from the server, the phone's encrypted copy
/// of today's stops and its outbox are filled in by the script.
async fn offline(ui: Ui) -> AppResult<Page> {
    Page::render(&OfflinePage { ui })
}

#[derive(Deserialize)]
struct CardQuery {
    p: String,
    s: String,
}

/// Where the home card's QR code leads: today's visits of that patient, ready to check in.
async fn scanned_card(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<CardQuery>,
) -> AppResult<Page> {
    if !crate::web::ids::is_id(&q.p) || q.s.len() > 100 {
        return Err(AppError::NotFound);
    }
    let today = crate::org::service::today(&state, &user.org_id).await?;
    day_page(&state, ui, &user, today, Some((q.p, q.s))).await
}

#[derive(Deserialize)]
struct PunchForm {
    key: String,
    #[serde(default)]
    device_at: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    accuracy: String,
    #[serde(default)]
    day: String,
}

impl PunchForm {
    /// The phone's position, when its script added one (all three values, or none).
    fn position(&self) -> AppResult<Option<Position>> {
        let texts = [&self.latitude, &self.longitude, &self.accuracy].map(|t| t.trim());
        if texts.iter().all(|t| t.is_empty()) {
            return Ok(None);
        }
        let accuracy: f64 = texts[2]
            .parse()
            .ok()
            .filter(|a: &f64| a.is_finite() && (0.0..=100_000.0).contains(a))
            .ok_or(AppError::Invalid { field: "accuracy", code: "coordinate-invalid" })?;
        Ok(Some(Position {
            latitude_e6: f::degrees("latitude", texts[0], 90.0)?,
            longitude_e6: f::degrees("longitude", texts[1], 180.0)?,
            accuracy_m: accuracy.round() as i64,
        }))
    }

    fn presence(&self) -> AppResult<Presence> {
        match self.method.as_str() {
            "scan" => Ok(Presence::Scan(self.secret.clone())),
            "manual" => Ok(Presence::Manual(self.reason.clone())),
            "declared" => Ok(Presence::Declared),
            "code" | "" => Ok(Presence::Code(self.code.clone())),
            _ => Err(AppError::Invalid { field: "method", code: "choice-invalid" }),
        }
    }
}

/// The device's clock at submission (milliseconds), when the page's script filled it in.
fn device_at(text: &str) -> AppResult<Option<i64>> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest("device_at must be milliseconds".into())),
    }
}

async fn punch(
    state: AppState,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    form: PunchForm,
    kind: PunchKind,
) -> AppResult<Response> {
    let outcome = async {
        let presence = form.presence()?;
        let sent = Punch {
            kind,
            presence: &presence,
            device_at: device_at(&form.device_at)?,
            position: form.position()?,
            key: &form.key,
        };
        round::punch(&state, &user, &id, &sent).await
    }
    .await;
    let day = FormDay::of(&form.day);
    let next = outcome.map(|()| day.url(kind.as_str()));
    let shown = day.date(&state, &user).await?;
    answer(next, ui, |ui| day_page(&state, ui, &user, shown, None)).await
}

async fn check_in(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    CsrfForm(form): CsrfForm<PunchForm>,
) -> AppResult<Response> {
    punch(state, ui, user, id, form, PunchKind::CheckIn).await
}

async fn check_out(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    CsrfForm(form): CsrfForm<PunchForm>,
) -> AppResult<Response> {
    punch(state, ui, user, id, form, PunchKind::CheckOut).await
}

#[derive(Deserialize)]
struct ReportForm {
    key: String,
    #[serde(default)]
    device_at: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    day: String,
}

async fn report(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let outcome = async {
        let written = Report { outcome: &form.outcome, note: &form.note, flags: &form.flags };
        visit_report::report(&state, &user, &id, &written, device_at(&form.device_at)?, &form.key)
            .await
    }
    .await;
    let day = FormDay::of(&form.day);
    let next = outcome.map(|()| day.url("report"));
    let shown = day.date(&state, &user).await?;
    answer(next, ui, |ui| day_page(&state, ui, &user, shown, None)).await
}

/// A photo of the visit, with who consented to it (needs the network: photos are not queued).
async fn add_photo(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: VisitId,
    CsrfUpload(upload): CsrfUpload,
) -> AppResult<Response> {
    let outcome = match upload.file("photo") {
        Some(file) => photos::add(&state, &user, &id, upload.text("consent"), &file.bytes).await,
        None => Err(AppError::Invalid { field: "photo", code: "file-missing" }),
    };
    let day = FormDay::of(upload.text("day"));
    let next = outcome.map(|_| day.url("photo"));
    let shown = day.date(&state, &user).await?;
    answer(next, ui, |ui| day_page(&state, ui, &user, shown, None)).await
}
