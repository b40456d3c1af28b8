//! The home workstation self-check and problem reports (`/telework/security`), the guide each
//! item links to, and the IT and DPO overview.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::model::{Answer, CheckItem, DeviceKind, Incident, IncidentKind};
use crate::telework::service::security::{self, BREACH_NOTICE_MS, MySecurity, Overview};
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/security", get(show))
        .route("/telework/security/guide", get(guide))
        .route("/telework/security/devices", post(add_device))
        .route("/telework/security/devices/{id}/check", post(check))
        .route("/telework/security/devices/{id}/retire", post(retire))
        .route("/telework/security/incidents", post(report))
        .route("/telework/security/overview", get(overview))
        .route("/telework/security/advice", post(publish_advice))
        .route("/telework/security/settings", post(settings))
        .route("/telework/security/incidents/{id}/close", post(close))
}

const NOTICES: &[(&str, &str)] = &[
    ("device", "telework-device-added"),
    ("checked", "telework-check-saved"),
    ("retired", "telework-device-retired"),
    ("reported", "telework-incident-sent"),
    ("advice", "telework-advice-published"),
    ("closed", "telework-incident-closed"),
];

#[derive(Template)]
#[template(path = "telework_security.html")]
struct SecurityPage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    mine: MySecurity,
}

impl SecurityPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn items(&self) -> &'static [CheckItem] {
        CheckItem::ALL
    }

    fn answers(&self) -> &'static [Answer] {
        Answer::ALL
    }

    fn kinds(&self) -> &'static [DeviceKind] {
        DeviceKind::ALL
    }

    fn incident_kinds(&self) -> &'static [IncidentKind] {
        IncidentKind::ALL
    }

    fn is_due(&self, checked_at: &Option<i64>) -> bool {
        checked_at.is_none_or(|at| at < self.mine.due_before)
    }

    fn device_name(&self, id: &str) -> String {
        self.mine.devices.iter().find(|d| d.id == id).map(|d| d.name.clone()).unwrap_or_default()
    }

    fn advice_html(&self) -> String {
        let body = self.mine.advice.as_ref().map(|(body, _)| body.as_str()).unwrap_or_default();
        crate::messaging::markdown::render_document(body)
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    let mine = security::mine(state, user).await?;
    let ui = ui.with_user(user);
    let page =
        SecurityPage { ui: ui.clone(), tabs: Tabs::of(user), zone: user.time_zone.clone(), mine };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    page(&state, ui.with_done(&done, NOTICES), &user).await
}

#[derive(Template)]
#[template(path = "telework_security_guide.html")]
struct GuidePage {
    ui: Ui,
    tabs: Tabs,
}

impl GuidePage {
    fn items(&self) -> &'static [CheckItem] {
        CheckItem::ALL
    }
}

async fn guide(ui: Ui, user: CurrentUser) -> AppResult<Page> {
    Page::render(&GuidePage { ui: ui.with_user(&user), tabs: Tabs::of(&user) })
}

#[derive(Deserialize)]
struct DeviceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

async fn add_device(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DeviceForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = DeviceKind::parse(&form.kind)
            .ok_or(AppError::Invalid { field: "kind", code: "field-required" })?;
        security::add_device(&state, &user, &form.name, kind).await?;
        Ok("/telework/security?done=device".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

async fn check(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let outcome = security::check(&state, &user, &id, &form)
        .await
        .map(|()| "/telework/security?done=checked".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

async fn retire(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let outcome = security::retire_device(&state, &user, &id)
        .await
        .map(|()| "/telework/security?done=retired".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    personal_data: Option<String>,
}

async fn report(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = IncidentKind::parse(&form.kind)
            .ok_or(AppError::Invalid { field: "kind", code: "field-required" })?;
        let personal_data = form.personal_data.is_some();
        security::report(&state, &user, kind, &form.description, personal_data).await?;
        Ok("/telework/security?done=reported".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Template)]
#[template(path = "telework_security_overview.html")]
struct OverviewPage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    overview: Overview,
    now: i64,
}

impl OverviewPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn percent(&self, yes: &usize, answered: &usize) -> String {
        if *answered == 0 { "—".into() } else { format!("{} %", yes * 100 / answered) }
    }

    /// Hours left to notify a possible breach (negative: late).
    fn hours_left(&self, incident: &Incident) -> i64 {
        (incident.reported_at + BREACH_NOTICE_MS - self.now) / (60 * crate::clock::MINUTE_MS)
    }

    fn deadline(&self, incident: &Incident) -> String {
        self.at(&(incident.reported_at + BREACH_NOTICE_MS))
    }
}

async fn overview_page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    let overview = security::overview(state, user).await?;
    let ui = ui.with_user(user);
    let page = OverviewPage {
        ui: ui.clone(),
        tabs: Tabs::of(user),
        zone: user.time_zone.clone(),
        overview,
        now: state.clock.now_ms(),
    };
    Page::form(&page, &ui)
}

async fn overview(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    overview_page(&state, ui.with_done(&done, NOTICES), &user).await
}

#[derive(Deserialize)]
struct AdviceForm {
    #[serde(default)]
    advice: String,
}

async fn publish_advice(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AdviceForm>,
) -> AppResult<Response> {
    let outcome = security::publish_advice(&state, &user, &form.advice)
        .await
        .map(|()| "/telework/security/overview?done=advice".to_string());
    answer(outcome, ui, |ui| overview_page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    check_months: String,
}

async fn settings(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> AppResult<Response> {
    let outcome = async {
        let months = form.check_months.trim().parse().map_err(|_| AppError::Invalid {
            field: "check_months",
            code: "telework-check-months-range",
        })?;
        security::set_check_months(&state, &user, months).await?;
        Ok("/telework/security/overview?done=advice".to_string())
    }
    .await;
    answer(outcome, ui, |ui| overview_page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct CloseForm {
    #[serde(default)]
    response: String,
}

async fn close(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<Response> {
    let outcome = security::close(&state, &user, &id, &form.response)
        .await
        .map(|()| "/telework/security/overview?done=closed".to_string());
    answer(outcome, ui, |ui| overview_page(&state, ui, &user)).await
}
