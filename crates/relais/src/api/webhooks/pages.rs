//! Administration → Webhooks: the list with each webhook's state (a disabled one says why and
//! offers to turn it back on), the form to register one (its secret shown once), and a
//! webhook's delivery log with the status, the last error and a button to send again.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::catalogue::{self, EventKind};
use super::store::{self, Delivery, Webhook};
use crate::auth::CurrentUser;
use crate::clock::format_local;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::web::ids::is_id;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/webhooks", get(list).post(create))
        .route("/admin/webhooks/{id}", get(log))
        .route("/admin/webhooks/{id}/enable", post(enable))
        .route("/admin/webhooks/{id}/delete", post(remove))
        .route("/admin/webhooks/{id}/deliveries/{delivery}/retry", post(retry))
}

/// A channel one may choose for message events.
pub struct Channel {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin_webhooks.html")]
struct WebhooksPage {
    ui: Ui,
    webhooks: Vec<Webhook>,
    channels: Vec<Channel>,
    events: &'static [EventKind],
    /// The secret of a webhook just registered, shown this once.
    created: Option<String>,
    form: Form,
    time_zone: String,
}

impl WebhooksPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }

    fn chosen(&self, kind: &str) -> bool {
        self.form.events.iter().any(|k| k == kind)
    }

    fn channel_name(&self, webhook: &Webhook) -> String {
        let id = webhook.conversation_id.as_deref().unwrap_or_default();
        self.channels.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default()
    }
}

#[derive(Default, Deserialize)]
struct Form {
    #[serde(default)]
    name: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    conversation_id: String,
    #[serde(default)]
    allow_private: Option<String>,
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    form: Form,
    created: Option<String>,
) -> AppResult<Page> {
    let webhooks = super::list(state, user).await?;
    let channels = crate::messaging::conversations::list(state, user)
        .await?
        .into_iter()
        .filter(|s| s.conversation.is_channel() && !s.conversation.archived())
        .map(|s| Channel { id: s.conversation.id, name: s.title })
        .collect();
    let ui = ui.with_user(user);
    let page = WebhooksPage {
        ui: ui.clone(),
        webhooks,
        channels,
        events: catalogue::EVENTS,
        created,
        form,
        time_zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

async fn list(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    page(&state, ui, &user, Form::default(), None).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Form>,
) -> AppResult<Response> {
    let asked = super::Asked {
        name: &form.name,
        url: &form.url,
        events: &form.events,
        conversation_id: Some(form.conversation_id.as_str()),
        allow_private: form.allow_private.is_some(),
    };
    match super::create(&state, &user, &asked).await {
        Ok((_, secret)) => {
            let ui = ui.with_notice("webhook-created");
            Ok(page(&state, ui, &user, Form::default(), Some(secret)).await?.into_response())
        }
        Err(AppError::Invalid { field, code }) => {
            Ok(page(&state, ui.with_error(field, code), &user, form, None).await?.into_response())
        }
        Err(AppError::Conflict(code)) => {
            Ok(page(&state, ui.with_error("name", code), &user, form, None).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "admin_webhook.html")]
struct LogPage {
    ui: Ui,
    webhook: Webhook,
    deliveries: Vec<Delivery>,
    time_zone: String,
}

impl LogPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }
}

async fn log(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    user.require(Permission::ManageTeams)?;
    let webhook = super::find(&state, &user, &id).await?;
    let deliveries = store::deliveries_of(state.db.reader(), &webhook.id, 100).await?;
    let ui = ui.with_user(&user);
    let page = LogPage { ui: ui.clone(), webhook, deliveries, time_zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

async fn enable(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    super::enable(&state, &user, &id).await?;
    Ok(Redirect::to(&format!("/admin/webhooks/{id}")).into_response())
}

async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    super::delete(&state, &user, &id).await?;
    Ok(Redirect::to("/admin/webhooks").into_response())
}

async fn retry(
    State(state): State<AppState>,
    user: CurrentUser,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let Ok(Path((id, delivery))) = path else { return Err(AppError::NotFound) };
    if !is_id(&id) || !is_id(&delivery) {
        return Err(AppError::NotFound);
    }
    super::redeliver(&state, &user, &id, &delivery).await?;
    Ok(Redirect::to(&format!("/admin/webhooks/{id}")).into_response())
}
