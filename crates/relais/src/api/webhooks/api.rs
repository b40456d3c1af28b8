//! Webhooks in `/api/v1` (scope `org:write` or `org:read`, for administrators).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::store::{Delivery, Webhook};
use super::{Asked, catalogue};
use crate::api::endpoints::{Endpoint, Parameter};
use crate::api::json::{ApiJson, rfc3339};
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::web::IdPath;
use crate::web::ids::is_id;

const WEBHOOK: Parameter = Parameter::path("id", "The webhook's id");

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get(
            "/api/v1/webhooks/events",
            Scope::OrgRead,
            "The events a webhook may receive",
            get(events),
        )
        .gives::<Vec<EventOut>>(),
        Endpoint::get("/api/v1/webhooks", Scope::OrgRead, "The organisation's webhooks", get(list))
            .gives::<Vec<WebhookOut>>()
            .needs(Permission::ManageTeams),
        Endpoint::post(
            "/api/v1/webhooks",
            Scope::OrgWrite,
            "Register a webhook; its signing secret is answered this once",
            post(create),
        )
        .takes::<NewWebhookIn>()
        .gives::<CreatedOut>()
        .status(StatusCode::CREATED)
        .needs(Permission::ManageTeams),
        Endpoint::new(
            Method::DELETE,
            "/api/v1/webhooks/{id}",
            Scope::OrgWrite,
            "Delete a webhook",
            delete(remove),
        )
        .status(StatusCode::NO_CONTENT)
        .needs(Permission::ManageTeams)
        .with([WEBHOOK]),
        Endpoint::post(
            "/api/v1/webhooks/{id}/enable",
            Scope::OrgWrite,
            "Turn a disabled webhook back on",
            post(enable),
        )
        .status(StatusCode::NO_CONTENT)
        .needs(Permission::ManageTeams)
        .with([WEBHOOK]),
        Endpoint::get(
            "/api/v1/webhooks/{id}/deliveries",
            Scope::OrgRead,
            "The webhook's latest 100 deliveries, newest first",
            get(deliveries),
        )
        .gives::<Vec<DeliveryOut>>()
        .needs(Permission::ManageTeams)
        .with([WEBHOOK]),
        Endpoint::post(
            "/api/v1/webhooks/{id}/deliveries/{delivery}/retry",
            Scope::OrgWrite,
            "Send a delivery again now",
            post(retry),
        )
        .status(StatusCode::NO_CONTENT)
        .needs(Permission::ManageTeams)
        .with([WEBHOOK, Parameter::path("delivery", "The delivery's id")]),
    ]
}

#[derive(Serialize, JsonSchema)]
pub struct EventOut {
    pub kind: String,
    /// The scope a token needs to read what the event is about.
    pub scope: String,
    /// Whether a webhook for it names a channel.
    pub needs_channel: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct WebhookOut {
    pub id: String,
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub conversation_id: Option<String>,
    pub allow_private: bool,
    /// active or disabled.
    pub state: String,
    /// Failed attempts in a row.
    pub failures: i64,
    pub disabled_at: Option<String>,
    pub created_at: String,
}

impl From<Webhook> for WebhookOut {
    fn from(w: Webhook) -> Self {
        Self {
            events: w.kinds().map(str::to_string).collect(),
            id: w.id,
            name: w.name,
            url: w.url,
            conversation_id: w.conversation_id,
            allow_private: w.allow_private == 1,
            state: w.state,
            failures: w.failures,
            disabled_at: w.disabled_at.map(rfc3339),
            created_at: rfc3339(w.created_at),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct CreatedOut {
    pub webhook: WebhookOut,
    /// `whsec_…`: the key of the `Relais-Signature` HMAC. Shown this once.
    pub secret: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookIn {
    pub name: String,
    /// http or https; loopback and private networks only with allow_private.
    pub url: String,
    pub events: Vec<String>,
    /// The channel whose messages are announced (for message events).
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub allow_private: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct DeliveryOut {
    pub id: String,
    pub event: String,
    pub event_id: i64,
    /// pending, delivered or failed.
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: String,
    /// The next attempt, while pending.
    pub next_attempt_at: Option<String>,
    pub finished_at: Option<String>,
}

impl From<Delivery> for DeliveryOut {
    fn from(d: Delivery) -> Self {
        Self {
            next_attempt_at: (d.state == "pending").then(|| rfc3339(d.next_at)),
            id: d.id,
            event: d.kind,
            event_id: d.event_id,
            state: d.state,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: rfc3339(d.created_at),
            finished_at: d.finished_at.map(rfc3339),
        }
    }
}

async fn events(caller: ApiCaller) -> AppResult<Json<Vec<EventOut>>> {
    caller.require(Scope::OrgRead)?;
    Ok(Json(
        catalogue::EVENTS
            .iter()
            .map(|e| EventOut {
                kind: e.kind.to_string(),
                scope: e.scope.as_str().to_string(),
                needs_channel: catalogue::needs_channel(e.kind),
            })
            .collect(),
    ))
}

async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> AppResult<Json<Vec<WebhookOut>>> {
    let user = caller.require(Scope::OrgRead)?;
    Ok(Json(super::list(&state, user).await?.into_iter().map(WebhookOut::from).collect()))
}

async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(new): ApiJson<NewWebhookIn>,
) -> AppResult<(StatusCode, Json<CreatedOut>)> {
    let user = caller.require(Scope::OrgWrite)?;
    let asked = Asked {
        name: &new.name,
        url: &new.url,
        events: &new.events,
        conversation_id: new.conversation_id.as_deref(),
        allow_private: new.allow_private,
    };
    let (webhook, secret) = super::create(&state, user, &asked).await?;
    Ok((StatusCode::CREATED, Json(CreatedOut { webhook: webhook.into(), secret })))
}

async fn remove(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::OrgWrite)?;
    super::delete(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn enable(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::OrgWrite)?;
    super::enable(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn deliveries(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<Vec<DeliveryOut>>> {
    let user = caller.require(Scope::OrgRead)?;
    let webhook = super::find(&state, user, &id).await?;
    let rows = super::store::deliveries_of(state.db.reader(), &webhook.id, 100).await?;
    Ok(Json(rows.into_iter().map(DeliveryOut::from).collect()))
}

async fn retry(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::OrgWrite)?;
    let Ok(Path((id, delivery))) = path else { return Err(AppError::NotFound) };
    if !is_id(&id) || !is_id(&delivery) {
        return Err(AppError::NotFound);
    }
    super::redeliver(&state, user, &id, &delivery).await?;
    Ok(StatusCode::NO_CONTENT)
}
