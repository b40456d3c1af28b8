//! Publishes the outbox in id order after commit. One instance publishes at a time (a PostgreSQL
//! advisory lock; SQLite has a single instance); a failed publication is retried, never skipped.

use std::sync::Arc;
use std::time::Duration;

use sqlx::Row;
use tokio::sync::{Notify, watch};

use super::bus::EventBus;
use super::outbox;
use crate::db::{Backend, Db};

/// Lets a service wake the publisher right after its commit (it also polls).
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

const POLL: Duration = Duration::from_millis(250);
const BATCH: i64 = 500;
const ADVISORY_LOCK: i64 = 0x7265_6c61_6973; // "relais"

pub async fn run(db: Db, bus: Arc<dyn EventBus>, waker: Waker, mut stopped: watch::Receiver<bool>) {
    let mut leader: Option<sqlx::pool::PoolConnection<sqlx::Any>> = None;
    loop {
        if *stopped.borrow() {
            return;
        }
        if db.backend() == Backend::Postgres && leader.is_none() {
            leader = take_leadership(&db).await;
        }
        let leading = db.backend() == Backend::Sqlite || leader.is_some();
        let mut more = false;
        if leading {
            match publish_batch(&db, bus.as_ref()).await {
                Ok(published) => more = published == BATCH as usize,
                Err(error) => tracing::warn!(%error, "publishing events failed; will retry"),
            }
        }
        if more {
            continue;
        }
        tokio::select! {
            _ = waker.0.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = stopped.changed() => {}
        }
    }
}

/// A dedicated connection holding the advisory lock, or `None` if another instance holds it.
async fn take_leadership(db: &Db) -> Option<sqlx::pool::PoolConnection<sqlx::Any>> {
    let mut connection = db.writer().acquire().await.ok()?;
    let row = sqlx::query("SELECT pg_try_advisory_lock($1) AS locked")
        .bind(ADVISORY_LOCK)
        .fetch_one(&mut *connection)
        .await
        .ok()?;
    row.try_get::<bool, _>("locked").ok().filter(|locked| *locked).map(|_| connection)
}

/// Publishes up to one batch in order; stops at the first failure so nothing is reordered.
async fn publish_batch(db: &Db, bus: &dyn EventBus) -> anyhow::Result<usize> {
    let events = outbox::unpublished(db.reader(), BATCH).await?;
    let mut published = Vec::with_capacity(events.len());
    let mut failure = None;
    for event in &events {
        match bus.publish(event).await {
            Ok(()) => published.push(event.id),
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    outbox::mark_published(db.writer(), &published).await?;
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(published.len()),
    }
}
