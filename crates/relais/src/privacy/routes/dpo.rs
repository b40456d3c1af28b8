//! The DPO's requests: the queue with deadlines, one request to decide, legal holds.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::privacy::model::RequestId;
use crate::privacy::requests::{self, Decision, Opened};
use crate::privacy::store::requests::{Hold, holds_of_org};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/privacy", get(show))
        .route("/admin/privacy/requests/{id}", get(show_request).post(decide))
        .route("/admin/privacy/holds", post(set_hold))
        .route("/admin/privacy/holds/{id}/lift", post(lift_hold))
}

/// A person the DPO may place a hold on: (id, name).
type PersonChoice = (String, String);

#[derive(Template)]
#[template(path = "privacy_admin.html")]
struct QueuePage {
    ui: Ui,
    requests: Vec<Opened>,
    holds: Vec<Hold>,
    people: Vec<PersonChoice>,
    hold: HoldForm,
    zone: String,
}

impl QueuePage {
    fn when(&self, at: &i64) -> String {
        crate::clock::format_local(*at, &self.zone)
    }
}

async fn queue_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    hold: HoldForm,
) -> AppResult<Page> {
    let requests = requests::queue(state, user).await?;
    let holds = holds_of_org(state.db.reader(), &user.org_id).await?;
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &user.org_id)
        .await?
        .into_iter()
        .filter(|person| person.active)
        .map(|person| (person.id, person.display_name))
        .collect();
    drop(conn);
    let ui = ui.with_user(user);
    let page =
        QueuePage { ui: ui.clone(), requests, holds, people, hold, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("decided", "privacy-decided"), ("hold", "privacy-hold-saved")]);
    queue_page(&state, ui, &user, HoldForm::default()).await
}

#[derive(Template)]
#[template(path = "privacy_request.html")]
struct RequestPage {
    ui: Ui,
    opened: Opened,
    form: DecisionForm,
    zone: String,
}

impl RequestPage {
    fn when(&self, at: &i64) -> String {
        crate::clock::format_local(*at, &self.zone)
    }
}

async fn request_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &RequestId,
    form: DecisionForm,
) -> AppResult<Page> {
    let opened = requests::one(state, user, id).await?;
    let ui = ui.with_user(user);
    let page = RequestPage { ui: ui.clone(), opened, form, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

async fn show_request(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let id = RequestId::parse(&id).ok_or(AppError::NotFound)?;
    request_page(&state, ui, &user, &id, DecisionForm::default()).await
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct DecisionForm {
    decision: String,
    reason: String,
    password: String,
}

async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    client: Client,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    let id = RequestId::parse(&id).ok_or(AppError::NotFound)?;
    let outcome = async {
        let grant = match form.decision.as_str() {
            "grant" => true,
            "refuse" => false,
            _ => {
                return Err(AppError::Invalid {
                    field: "decision",
                    code: "privacy-decision-unknown",
                });
            }
        };
        let decision = Decision { grant, reason: &form.reason, password: &form.password };
        requests::decide(&state, &user, &client, &id, &decision).await?;
        Ok("/admin/privacy?done=decided".to_string())
    }
    .await;
    let shown = DecisionForm { password: String::new(), ..form.clone() };
    answer(outcome, ui, |ui| request_page(&state, ui, &user, &id, shown)).await
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct HoldForm {
    hold_user: String,
    hold_reason: String,
}

async fn set_hold(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<HoldForm>,
) -> AppResult<Response> {
    let outcome = requests::set_hold(&state, &user, &form.hold_user, &form.hold_reason)
        .await
        .map(|()| "/admin/privacy?done=hold".to_string());
    answer(outcome, ui, |ui| queue_page(&state, ui, &user, form.clone())).await
}

#[derive(Debug, Default, Deserialize)]
struct Nothing {}

async fn lift_hold(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Nothing>,
) -> AppResult<Response> {
    user.require(Permission::HandlePrivacy)?;
    let outcome = requests::lift_hold(&state, &user, &id)
        .await
        .map(|()| "/admin/privacy?done=hold".to_string());
    answer(outcome, ui, |ui| queue_page(&state, ui, &user, HoldForm::default())).await
}
