//! The organisation's settings page: whether arrivals and departures need the home card, whether
//! caregivers' positions are recorded at check-in and check-out (off by default; never between
//! visits), and messaging's rules.

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
        .route("/admin/organisation/presence", post(set_presence))
        .route("/admin/organisation/messaging", post(set_messaging))
}

#[derive(Template)]
#[template(path = "admin_organisation.html")]
struct OrganisationPage {
    ui: Ui,
    geolocation: bool,
    card_required: bool,
    messaging: crate::messaging::settings::Settings,
    roles: [Role; 9],
}

impl OrganisationPage {
    fn may_send_urgent(&self, role: &Role) -> bool {
        self.messaging.urgent_roles.contains(role)
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    user.require(Permission::ManageTeams)?;
    let geolocation = store::punch_geolocation(state.db.reader(), &user.org_id).await?;
    let card_required = store::punch_card_required(state.db.reader(), &user.org_id).await?;
    let messaging = crate::messaging::settings::load(state.db.reader(), &user.org_id).await?;
    let ui = ui.with_user(user);
    let page = OrganisationPage {
        ui: ui.clone(),
        geolocation,
        card_required,
        messaging,
        roles: Role::ALL,
    };
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
    let enabled = form.enabled == "on";
    let outcome = switch(&state, &user, Switch::Geolocation, enabled).await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct PresenceForm {
    #[serde(default)]
    card_required: String,
}

async fn set_presence(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PresenceForm>,
) -> AppResult<Response> {
    let required = form.card_required == "on";
    let outcome = switch(&state, &user, Switch::CardRequired, required).await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

/// The organisation's yes/no settings.
enum Switch {
    Geolocation,
    CardRequired,
}

/// Turns one of the organisation's yes/no settings on or off, audited in the same transaction.
async fn switch(
    state: &AppState,
    user: &CurrentUser,
    setting: Switch,
    on: bool,
) -> AppResult<String> {
    user.require(Permission::ManageTeams)?;
    let mut tx = state.db.begin().await?;
    let action = match setting {
        Switch::Geolocation => {
            store::set_punch_geolocation(&mut *tx, &user.org_id, on).await?;
            "org.punch_geolocation"
        }
        Switch::CardRequired => {
            store::set_punch_card_required(&mut *tx, &user.org_id, on).await?;
            "org.punch_card_required"
        }
    };
    let trail = Trail {
        action,
        object_type: "organisation",
        object_id: &user.org_id,
        patient_id: None,
        reason: Some(if on { "enabled" } else { "disabled" }),
    };
    record(&mut tx, state, user, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok("/admin/organisation?done=saved".to_string())
}

#[derive(Deserialize)]
struct MessagingForm {
    #[serde(default)]
    urgent_roles: Vec<String>,
}

async fn set_messaging(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<MessagingForm>,
) -> AppResult<Response> {
    let outcome = async {
        let settings = crate::messaging::settings::parse(&form.urgent_roles)?;
        crate::messaging::settings::save(&state, &user, &settings).await?;
        Ok("/admin/organisation?done=saved".to_string())
    }
    .await;
    answer(outcome, ui, |ui| async move { page(&state, ui, &user).await }).await
}
