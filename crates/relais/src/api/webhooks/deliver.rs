//! From the outbox to the receivers. A periodic job (every few seconds, on whichever instance
//! takes it) does two things:
//! 1. dispatch: reads the outbox after the webhooks' cursor and queues one delivery per event and
//!    subscribed webhook, in the transaction that moves the cursor (a second instance racing
//!    moves nothing and queues nothing twice: the cursor moves by compare-and-set, and a
//!    delivery is unique per webhook and event);
//! 2. send: claims the due deliveries and posts them concurrently, each signed, with a timeout,
//!    no redirects, to the address checked at this moment; a failure is retried with backoff
//!    until `MAX_ATTEMPTS`, and a webhook failing `DISABLE_AFTER` times in a row is disabled
//!    (audited, shown on its page).
//!
//! Deliveries have their own rows rather than one job each: they are the delivery log the
//! administrator reads, and a busy channel would otherwise flood the jobs' history.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use super::catalogue;
use super::guard;
use super::store::{self, Attempt, Delivery, Outcome, Webhook};
use crate::api::json::rfc3339;
use crate::clock::HOUR_MS;
use crate::error::{AppError, AppResult};
use crate::events::Event;
use crate::state::AppState;

/// Attempts per delivery: 5 s, 10 s, 20 s … between them (about 10 minutes in all).
pub const MAX_ATTEMPTS: i64 = 8;
/// Failed attempts in a row after which a webhook is disabled.
pub const DISABLE_AFTER: i64 = 15;
/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries sent per run (concurrently).
const BATCH: i64 = 20;
/// Outbox events read per transaction.
const EVENTS_PER_READ: i64 = 500;

/// The delay before attempt `attempts + 1`.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    5_000i64.saturating_mul(2i64.saturating_pow(exponent)).min(HOUR_MS)
}

/// The job: queue what happened, then send what is due.
pub async fn run(state: &AppState) -> AppResult<()> {
    dispatch(state).await?;
    send_due(state).await?;
    Ok(())
}

/// Queues deliveries for the events after the cursor; returns how many were queued.
pub async fn dispatch(state: &AppState) -> AppResult<usize> {
    let mut queued = 0;
    loop {
        let from = store::cursor(state.db.reader()).await?;
        let events = crate::events::outbox::since(state.db.reader(), from, EVENTS_PER_READ).await?;
        let Some(last) = events.last().map(|e| e.id) else { return Ok(queued) };
        let webhooks = store::active(state.db.reader()).await?;
        let mut tx = state.db.begin().await?;
        let mut previous: Option<&Event> = None;
        let mut added = 0;
        for event in &events {
            // One change announced to several audiences is one event for a webhook.
            let repeat = previous.is_some_and(|p| {
                p.org_id == event.org_id && p.kind == event.kind && p.payload == event.payload
            });
            previous = Some(event);
            if repeat || catalogue::find(&event.kind).is_none() {
                continue;
            }
            for webhook in webhooks.iter().filter(|w| concerns(w, event)) {
                let body = body(event);
                store::insert_delivery(
                    &mut tx,
                    &webhook.id,
                    event.id,
                    &event.kind,
                    &body,
                    event.at,
                )
                .await?;
                added += 1;
            }
        }
        if !store::advance(&mut tx, from, last).await? {
            // Another instance read the same events first; it queued them.
            continue;
        }
        tx.commit().await?;
        queued += added;
    }
}

fn concerns(webhook: &Webhook, event: &Event) -> bool {
    if webhook.org_id != event.org_id
        || !webhook.wants(&event.kind)
        || event.at < webhook.created_at
    {
        return false;
    }
    if catalogue::needs_channel(&event.kind) {
        let channel = event.payload.get("conversation_id").and_then(|v| v.as_str());
        return channel.is_some() && channel == webhook.conversation_id.as_deref();
    }
    true
}

/// What a receiver gets: the event's kind, when, and the ids it concerns.
fn body(event: &Event) -> String {
    json!({
        "event": event.kind,
        "event_id": event.id,
        "occurred_at": rfc3339(event.at),
        "organisation_id": event.org_id,
        "data": event.payload,
    })
    .to_string()
}

/// `Relais-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">`.
pub fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length: this never fails.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Sends the due deliveries; returns how many were attempted.
pub async fn send_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let lock_ms = 3 * i64::try_from(TIMEOUT.as_millis()).unwrap_or(30_000);
    let due = {
        let mut conn = state.db.writer().acquire().await?;
        store::claim_due(&mut conn, now, BATCH, lock_ms).await?
    };
    let count = due.len();
    let attempts = due.into_iter().map(|delivery| attempt(state, delivery));
    for result in futures_util::future::join_all(attempts).await {
        result?;
    }
    Ok(count)
}

async fn attempt(state: &AppState, delivery: Delivery) -> AppResult<()> {
    let found = store::with_secret(state.db.reader(), &delivery.webhook_id).await?;
    let (status, error) = match &found {
        Some((webhook, _)) if !webhook.active() => (None, Some("webhook-disabled".to_string())),
        Some((webhook, sealed)) => {
            let secret = state
                .keys
                .open_sealed(&state.db, &webhook.org_id, store::secret_place(&webhook.id), sealed)
                .await
                .map_err(AppError::internal)?;
            post(webhook, &secret, &delivery, state.clock.now_ms()).await
        }
        None => return Ok(()),
    };
    let now = state.clock.now_ms();
    let delivered = status.is_some_and(|s| (200..300).contains(&s)) && error.is_none();
    let attempts = delivery.attempts + 1;
    let outcome = if delivered {
        Outcome::Delivered
    } else if attempts >= MAX_ATTEMPTS || found.as_ref().is_some_and(|(w, _)| !w.active()) {
        Outcome::Failed
    } else {
        Outcome::Retry(now + backoff_ms(attempts))
    };
    let error = match (&error, status) {
        (Some(error), _) => Some(error.clone()),
        (None, Some(status)) if !delivered => Some(format!("HTTP {status}")),
        _ => None,
    };
    let mut tx = state.db.begin().await?;
    let record = Attempt { status, error: error.as_deref(), outcome };
    store::record_attempt(&mut *tx, &delivery.id, &record, now).await?;
    if let Some((webhook, _)) = found.filter(|(w, _)| w.active()) {
        if delivered {
            store::succeeded(&mut *tx, &webhook.id).await?;
        } else if store::failed(&mut tx, &webhook.id, DISABLE_AFTER, now).await? {
            super::disabled(&mut tx, state, &webhook, error.as_deref().unwrap_or_default()).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// One POST: the status answered, or why there was none.
async fn post(
    webhook: &Webhook,
    secret: &[u8],
    delivery: &Delivery,
    now: i64,
) -> (Option<i64>, Option<String>) {
    let url = match guard::parse(&webhook.url) {
        Ok(url) => url,
        Err(code) => return (None, Some(code.to_string())),
    };
    let address = match guard::resolve(&url, webhook.allow_private == 1).await {
        Ok(address) => address,
        Err(code) => return (None, Some(code.to_string())),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("Relais-Webhooks/", env!("CARGO_PKG_VERSION")));
    if let Some(host) = url.host_str() {
        builder = builder.resolve(host, address);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => return (None, Some(error.to_string())),
    };
    let timestamp = now / 1000;
    let request = client
        .post(url)
        .header("content-type", "application/json")
        .header("relais-event", &delivery.kind)
        .header("relais-delivery", &delivery.id)
        .header("relais-signature", signature(secret, timestamp, &delivery.body))
        .body(delivery.body.clone());
    match request.send().await {
        Ok(response) => {
            let status = i64::from(response.status().as_u16());
            if response.status().is_redirection() {
                return (Some(status), Some(format!("HTTP {status}: redirects are not followed")));
            }
            (Some(status), None)
        }
        Err(error) if error.is_timeout() => (None, Some("timeout".to_string())),
        Err(error) if error.is_connect() => (None, Some("connection refused".to_string())),
        Err(error) => (None, Some(error.to_string().chars().take(300).collect())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_is_hmac_sha256_of_time_and_body() {
        // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            super::signature(b"secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }

    #[test]
    fn backoff_doubles_and_stops_at_an_hour() {
        assert_eq!(super::backoff_ms(1), 5_000);
        assert_eq!(super::backoff_ms(2), 10_000);
        assert_eq!(super::backoff_ms(20), 3_600_000);
    }
}
