//! Outgoing webhooks: an administrator registers an address and the events it receives; each
//! event is posted there as JSON (ids only), signed with the webhook's secret, retried with
//! backoff, logged, and the webhook disabled after repeated failures. See `docs/api.md` for how
//! a receiver verifies the signature.

pub mod api;
pub mod catalogue;
pub mod deliver;
pub mod guard;
pub mod pages;
pub mod store;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::jobs::Registry;
use crate::org::Permission;
use crate::org::fields::Label;
use crate::state::AppState;
use store::{NewWebhook, Webhook};

/// How often the dispatcher runs (deliveries leave within this much of their event).
pub const EVERY_MS: i64 = 5_000;
/// The most webhooks an organisation may have.
pub const MAX_PER_ORGANISATION: usize = 50;

pub fn register(jobs: &mut Registry) {
    jobs.every("webhooks.deliver", EVERY_MS, |state| {
        Box::pin(async move {
            deliver::run(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    });
}

/// What an administrator asks for.
pub struct Asked<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub events: &'a [String],
    pub conversation_id: Option<&'a str>,
    pub allow_private: bool,
}

/// Registers a webhook; returns it and its signing secret (shown this once).
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    asked: &Asked<'_>,
) -> AppResult<(Webhook, String)> {
    user.require(Permission::ManageTeams)?;
    let name =
        Label::parse(asked.name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let url = guard::parse(asked.url).map_err(|code| AppError::Invalid { field: "url", code })?;
    let mut events: Vec<&str> = Vec::new();
    for kind in asked.events {
        let known = catalogue::find(kind)
            .ok_or(AppError::Invalid { field: "events", code: "webhook-event-unknown" })?;
        if !events.contains(&known.kind) {
            events.push(known.kind);
        }
    }
    if events.is_empty() {
        return Err(AppError::Invalid { field: "events", code: "webhook-events-required" });
    }
    let conversation_id = match asked.conversation_id.filter(|c| !c.trim().is_empty()) {
        Some(id) => {
            let (conversation, _) =
                crate::messaging::conversations::readable(state, user, id).await.map_err(|_| {
                    AppError::Invalid { field: "conversation_id", code: "webhook-channel-unknown" }
                })?;
            if !conversation.is_channel() {
                return Err(AppError::Invalid {
                    field: "conversation_id",
                    code: "webhook-channel-unknown",
                });
            }
            Some(conversation.id)
        }
        None => None,
    };
    if events.iter().any(|k| catalogue::needs_channel(k)) && conversation_id.is_none() {
        return Err(AppError::Invalid {
            field: "conversation_id",
            code: "webhook-channel-required",
        });
    }
    // The address must be reachable as allowed now; it is checked again at each delivery.
    guard::resolve(&url, asked.allow_private)
        .await
        .map_err(|code| AppError::Invalid { field: "url", code })?;
    if store::list(state.db.reader(), &user.org_id).await?.len() >= MAX_PER_ORGANISATION {
        return Err(AppError::Conflict("webhook-too-many"));
    }
    let id = crate::secrets::new_id();
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    let shown = format!("whsec_{}", URL_SAFE_NO_PAD.encode(secret));
    let key = state.keys.current(&state.db, &user.org_id).await.map_err(AppError::internal)?;
    let sealed = key.seal(store::secret_place(&id), shown.as_bytes());
    let events = events.join(",");
    let new = NewWebhook {
        org_id: &user.org_id,
        name: name.as_str(),
        url: url.as_str(),
        events: &events,
        conversation_id: conversation_id.as_deref(),
        allow_private: asked.allow_private,
        created_by: &user.user_id,
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut tx, &id, &new, &sealed, state.clock.now_ms()).await?;
    audit(&mut tx, state, user, "webhook.create", &id).await?;
    tx.commit().await?;
    let webhook =
        store::find(state.db.reader(), &user.org_id, &id).await?.ok_or(AppError::NotFound)?;
    Ok((webhook, shown))
}

pub async fn list(state: &AppState, user: &CurrentUser) -> AppResult<Vec<Webhook>> {
    user.require(Permission::ManageTeams)?;
    Ok(store::list(state.db.reader(), &user.org_id).await?)
}

pub async fn find(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<Webhook> {
    user.require(Permission::ManageTeams)?;
    store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)
}

pub async fn delete(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<()> {
    user.require(Permission::ManageTeams)?;
    let mut tx = state.db.begin().await?;
    if !store::delete(&mut tx, &user.org_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, state, user, "webhook.delete", id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn enable(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<()> {
    user.require(Permission::ManageTeams)?;
    let mut tx = state.db.begin().await?;
    if !store::enable(&mut tx, &user.org_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, state, user, "webhook.enable", id).await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a delivery again now (after the receiver was fixed).
pub async fn redeliver(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    delivery_id: &str,
) -> AppResult<()> {
    find(state, user, id).await?;
    if !store::retry_now(state.db.writer(), id, delivery_id, state.clock.now_ms()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    id: &str,
) -> sqlx::Result<()> {
    let actor = user.audit_actor();
    let entry =
        crate::audit::Entry::success(Some(&user.org_id), &actor, action, "webhook", Some(id));
    crate::audit::record(conn, &state.audit_key, &entry).await
}

/// A webhook just disabled after failing `DISABLE_AFTER` times in a row: audited, and its
/// creator told by e-mail where e-mail is set up (its page shows it too).
pub async fn disabled(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    webhook: &Webhook,
    last_error: &str,
) -> sqlx::Result<()> {
    let actor = crate::audit::model::Actor::default();
    let detail = format!("{} failures in a row; last: {last_error}", deliver::DISABLE_AFTER);
    let entry = crate::audit::Entry {
        detail: Some(&detail),
        ..crate::audit::Entry::success(
            Some(&webhook.org_id),
            &actor,
            "webhook.disable",
            "webhook",
            Some(&webhook.id),
        )
    };
    crate::audit::record(&mut *conn, &state.audit_key, &entry).await?;
    tracing::warn!(webhook = %webhook.id, error = last_error, "webhook disabled after repeated failures");
    let creator: Option<(String,)> = sqlx::query_as(
        "SELECT u.email FROM webhooks w JOIN users u ON u.id = w.created_by WHERE w.id = $1",
    )
    .bind(&webhook.id)
    .fetch_optional(&mut *conn)
    .await?;
    if let (Some((email,)), Ok(Some(mailer))) =
        (creator, crate::mail::Mailer::from_settings(&state.settings))
    {
        let body = format!(
            "Le webhook « {} » ({}) a été désactivé après {} échecs de suite.\n\
             Dernière erreur : {last_error}\n\n\
             Réactivez-le depuis Administration → Webhooks une fois le destinataire réparé.\n",
            webhook.name,
            webhook.url,
            deliver::DISABLE_AFTER
        );
        let subject = format!("Webhook désactivé : {}", webhook.name);
        tokio::spawn(async move {
            if let Err(error) = mailer.send(&email, &subject, body).await {
                tracing::warn!(%error, "could not send the webhook notice");
            }
        });
    }
    Ok(())
}
