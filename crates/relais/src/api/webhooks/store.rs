//! Webhooks, their deliveries and the outbox cursor, as stored.

use sqlx::{Any, AnyConnection, Executor};

use crate::crypto::Place;

/// The states of a webhook, as the database accepts them.
pub const WEBHOOK_STATES: [&str; 2] = ["active", "disabled"];
/// The states of a delivery, as the database accepts them.
pub const DELIVERY_STATES: [&str; 3] = ["pending", "delivered", "failed"];

pub fn secret_place(webhook_id: &str) -> Place<'_> {
    Place { table: "webhooks", column: "secret_enc", row_id: webhook_id }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Webhook {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub url: String,
    /// Comma-separated event kinds.
    pub events: String,
    pub conversation_id: Option<String>,
    pub allow_private: i64,
    /// active or disabled.
    pub state: String,
    pub failures: i64,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

impl Webhook {
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.events.split(',').filter(|k| !k.is_empty())
    }

    pub fn wants(&self, kind: &str) -> bool {
        self.kinds().any(|k| k == kind)
    }

    pub fn active(&self) -> bool {
        self.state == "active"
    }
}

const COLUMNS: &str = "id, org_id, name, url, events, conversation_id, allow_private, state, \
                       failures, disabled_at, created_at";

pub struct NewWebhook<'a> {
    pub org_id: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub events: &'a str,
    pub conversation_id: Option<&'a str>,
    pub allow_private: bool,
    pub created_by: &'a str,
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    new: &NewWebhook<'_>,
    secret_enc: &[u8],
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO webhooks (id, org_id, name, url, events, conversation_id, secret_enc, \
         allow_private, state, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10)",
    )
    .bind(id)
    .bind(new.org_id)
    .bind(new.name)
    .bind(new.url)
    .bind(new.events)
    .bind(new.conversation_id)
    .bind(secret_enc)
    .bind(i64::from(new.allow_private))
    .bind(new.created_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Webhook>> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE org_id = $1 ORDER BY created_at");
    sqlx::query_as(&sql).bind(org_id).fetch_all(db).await
}

/// Every active webhook (for the dispatcher: there are few).
pub async fn active(db: impl Executor<'_, Database = Any>) -> sqlx::Result<Vec<Webhook>> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE state = 'active'");
    sqlx::query_as(&sql).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Webhook>> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE id = $1 AND org_id = $2");
    sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(db).await
}

/// The webhook and its sealed secret, for a delivery.
pub async fn with_secret(
    db: impl Executor<'_, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<(Webhook, Vec<u8>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        webhook: Webhook,
        secret_enc: Vec<u8>,
    }
    let sql = format!("SELECT {COLUMNS}, secret_enc FROM webhooks WHERE id = $1");
    let row: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(db).await?;
    Ok(row.map(|r| (r.webhook, r.secret_enc)))
}

pub async fn delete(conn: &mut AnyConnection, org_id: &str, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM webhooks WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns a disabled webhook back on, its failure count reset.
pub async fn enable(conn: &mut AnyConnection, org_id: &str, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE webhooks SET state = 'active', failures = 0, disabled_at = NULL \
         WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A delivery went through: the failures in a row start again from zero.
pub async fn succeeded(db: impl Executor<'_, Database = Any>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE webhooks SET failures = 0 WHERE id = $1").bind(id).execute(db).await?;
    Ok(())
}

/// One more failure in a row; past `limit` the webhook is disabled. Returns whether this
/// failure disabled it (once: the update is conditional on it being active).
pub async fn failed(conn: &mut AnyConnection, id: &str, limit: i64, at: i64) -> sqlx::Result<bool> {
    sqlx::query("UPDATE webhooks SET failures = failures + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "UPDATE webhooks SET state = 'disabled', disabled_at = $1 \
         WHERE id = $2 AND state = 'active' AND failures >= $3",
    )
    .bind(at)
    .bind(id)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub event_id: i64,
    pub kind: String,
    pub body: String,
    /// pending, delivered or failed.
    pub state: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, event_id, kind, body, state, attempts, next_at, \
                                last_status, last_error, created_at, finished_at";

/// Queues an event for a webhook, once (a second dispatcher racing adds nothing).
pub async fn insert_delivery(
    conn: &mut AnyConnection,
    webhook_id: &str,
    event_id: i64,
    kind: &str,
    body: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, webhook_id, event_id, kind, body, state, next_at, \
         created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) \
         ON CONFLICT (webhook_id, event_id) DO NOTHING",
    )
    .bind(crate::secrets::new_id())
    .bind(webhook_id)
    .bind(event_id)
    .bind(kind)
    .bind(body)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due deliveries for `lock_ms` (one instance sends each; a sender that
/// dies leaves it to be claimed again once the lock runs out).
pub async fn claim_due(
    conn: &mut AnyConnection,
    now: i64,
    limit: i64,
    lock_ms: i64,
) -> sqlx::Result<Vec<Delivery>> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE state = 'pending' AND next_at <= $1 \
         AND (locked_until IS NULL OR locked_until < $1) ORDER BY next_at LIMIT $2"
    );
    let due: Vec<Delivery> =
        sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(&mut *conn).await?;
    let mut claimed = Vec::with_capacity(due.len());
    for delivery in due {
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET locked_until = $1 WHERE id = $2 AND state = 'pending' \
             AND (locked_until IS NULL OR locked_until < $3)",
        )
        .bind(now + lock_ms)
        .bind(&delivery.id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 1 {
            claimed.push(delivery);
        }
    }
    Ok(claimed)
}

/// What one attempt gave.
pub struct Attempt<'a> {
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    /// Delivered, or the next attempt's time, or none left (failed).
    pub outcome: Outcome,
}

pub enum Outcome {
    Delivered,
    Retry(i64),
    Failed,
}

pub async fn record_attempt(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    attempt: &Attempt<'_>,
    at: i64,
) -> sqlx::Result<()> {
    let (state, next_at, finished_at) = match attempt.outcome {
        Outcome::Delivered => ("delivered", at, Some(at)),
        Outcome::Retry(next) => ("pending", next, None),
        Outcome::Failed => ("failed", at, Some(at)),
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, next_at = $2, \
         locked_until = NULL, last_status = $3, last_error = $4, finished_at = $5 WHERE id = $6",
    )
    .bind(state)
    .bind(next_at)
    .bind(attempt.status)
    .bind(attempt.error)
    .bind(finished_at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A webhook's latest deliveries, newest first.
pub async fn deliveries_of(
    db: impl Executor<'_, Database = Any>,
    webhook_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<Delivery>> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    sqlx::query_as(&sql).bind(webhook_id).bind(limit).fetch_all(db).await
}

/// Sends a failed or pending delivery again, now.
pub async fn retry_now(
    db: impl Executor<'_, Database = Any>,
    webhook_id: &str,
    id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET state = 'pending', next_at = $1, finished_at = NULL, \
         locked_until = NULL WHERE id = $2 AND webhook_id = $3 AND state <> 'delivered'",
    )
    .bind(now)
    .bind(id)
    .bind(webhook_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The last outbox event read for webhooks.
pub async fn cursor(db: impl Executor<'_, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT last_event_id FROM webhook_cursor WHERE id = 1").fetch_one(db).await
}

/// Moves the cursor from `from` to `to`; false when another instance moved it first.
pub async fn advance(conn: &mut AnyConnection, from: i64, to: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE webhook_cursor SET last_event_id = $1 WHERE id = 1 AND last_event_id = $2",
    )
    .bind(to)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
