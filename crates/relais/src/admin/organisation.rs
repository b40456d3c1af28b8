//! The organisation's settings page: for now, whether caregivers' positions are recorded at
//! check-in and check-out (off by default; never between visits).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::{Permission, Role, store};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/organisation", get(show))
        .route("/admin/organisation/geolocation", post(set_geolocation))
        .route("/admin/organisation/messaging", post(set_messaging))
}

#[derive(Template)]
#[template(path = "admin_organisation.html")]
struct OrganisationPage {
    ui: Ui,
    geolocation: bool,
    messaging: crate::messaging::settings::Settings,
    roles: [Role; 7],
}

impl OrganisationPage {
    fn may_send_urgent(&self, role: &Role) -> bool {
        self.messaging.urgent_roles.contains(role)
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    user.require(Permission::ManageTeams)?;
    let geolocation = store::punch_geolocation(state.db.reader(), &user.org_id).await?;
    let messaging = crate::messaging::settings::load(state.db.reader(), &user.org_id).await?;
    let ui = ui.with_user(user);
    let page = OrganisationPage { ui: ui.clone(), geolocation, messaging, roles: Role::ALL };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<crate::web::Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("saved", "settings-saved")]);
    page(&state, ui, &user).await
}

#[derive(Deserialize)]
struct GeolocationForm {
    #[serde(default)]
    enabled: String,
}

async fn set_geolocation(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<GeolocationForm>,
) -> AppResult<Response> {
    let outcome = async {
        user.require(Permission::ManageTeams)?;
        let enabled = form.enabled == "on";
        let mut tx = state.db.begin().await?;
        store::set_punch_geolocation(&mut *tx, &user.org_id, enabled).await?;
        let trail = Trail {
            action: "org.punch_geolocation",
            object_type: "organisation",
            object_id: &user.org_id,
            patient_id: None,
            reason: Some(if enabled { "enabled" } else { "disabled" }),
        };
        record(&mut tx, &state, &user, &trail, &[]).await?;
        finish(tx, &state).await?;
        Ok("/admin/organisation?done=saved".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct MessagingForm {
    #[serde(default)]
    urgent_roles: Vec<String>,
    #[serde(default)]
    retention_days: String,
}

async fn set_messaging(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<MessagingForm>,
) -> AppResult<Response> {
    let outcome = async {
        let settings = crate::messaging::settings::parse(&form.urgent_roles, &form.retention_days)?;
        crate::messaging::settings::save(&state, &user, &settings).await?;
        Ok("/admin/organisation?done=saved".to_string())
    }
    .await;
    answer(outcome, ui, |ui| async move { page(&state, ui, &user).await }).await
}
