//! The worker: runs due jobs one at a time, retries failures with exponential backoff, and keeps
//! the periodic upkeep scheduled.

use std::time::Duration;

use tokio::sync::watch;

use super::store::{self, Job};
use crate::clock::{HOUR_MS, MINUTE_MS, now_ms};
use crate::state::AppState;

/// What a job does. Unknown kinds (from a newer version, say) fail and are retried, then kept as
/// failed for an administrator to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AuditCheckpoint,
    AuditRetention,
    PurgeSessions,
    PurgeEvents,
    PurgeJobs,
    ForgetThrottles,
    Reencrypt,
    DeliverNotifications,
    MessageRetention,
    MorningAnnouncements,
    EmailDigests,
}

impl Kind {
    pub const PERIODIC: [(Kind, i64); 11] = [
        (Kind::AuditCheckpoint, 10 * MINUTE_MS),
        (Kind::AuditRetention, 24 * HOUR_MS),
        (Kind::PurgeSessions, HOUR_MS),
        (Kind::PurgeEvents, HOUR_MS),
        (Kind::PurgeJobs, 24 * HOUR_MS),
        (Kind::ForgetThrottles, 10 * MINUTE_MS),
        (Kind::Reencrypt, HOUR_MS),
        (Kind::DeliverNotifications, MINUTE_MS),
        (Kind::MessageRetention, HOUR_MS),
        (Kind::MorningAnnouncements, MINUTE_MS),
        (Kind::EmailDigests, 5 * MINUTE_MS),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AuditCheckpoint => "audit.checkpoint",
            Kind::AuditRetention => "audit.retention",
            Kind::PurgeSessions => "sessions.purge",
            Kind::PurgeEvents => "events.purge",
            Kind::PurgeJobs => "jobs.purge",
            Kind::ForgetThrottles => "throttles.forget",
            Kind::Reencrypt => "keys.reencrypt",
            Kind::DeliverNotifications => "notifications.deliver",
            Kind::MessageRetention => "messages.retention",
            Kind::MorningAnnouncements => "messages.announcements",
            Kind::EmailDigests => "messages.digests",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::PERIODIC.iter().map(|(kind, _)| *kind).find(|kind| kind.as_str() == text)
    }
}

const LOCK_MS: i64 = 30 * MINUTE_MS;
const MAX_ATTEMPTS: i64 = 5;
const IDLE: Duration = Duration::from_secs(2);

/// Runs jobs until the server stops.
pub async fn run(state: AppState, mut stopped: watch::Receiver<bool>) {
    loop {
        if *stopped.borrow() {
            return;
        }
        if let Err(error) = schedule_periodic(&state).await {
            tracing::warn!(%error, "could not schedule periodic jobs");
        }
        match run_due(&state).await {
            Ok(0) | Err(_) => {
                tokio::select! {
                    _ = tokio::time::sleep(IDLE) => {}
                    _ = stopped.changed() => {}
                }
            }
            Ok(_) => {}
        }
    }
}

/// Makes sure every periodic job has its next run queued.
pub async fn schedule_periodic(state: &AppState) -> sqlx::Result<()> {
    for (kind, _) in Kind::PERIODIC {
        if !store::pending(state.db.reader(), kind.as_str()).await? {
            store::enqueue(state.db.writer(), kind.as_str(), "{}", now_ms(), MAX_ATTEMPTS).await?;
        }
    }
    Ok(())
}

/// Runs every job due now; returns how many ran.
pub async fn run_due(state: &AppState) -> sqlx::Result<usize> {
    let mut ran = 0;
    while let Some(job) = store::claim(state.db.writer(), LOCK_MS).await? {
        ran += 1;
        match execute(state, &job).await {
            Ok(()) => {
                store::finish(state.db.writer(), &job.id).await?;
                if let Some(every) = Kind::parse(&job.kind).and_then(period) {
                    store::enqueue(
                        state.db.writer(),
                        &job.kind,
                        "{}",
                        now_ms() + every,
                        MAX_ATTEMPTS,
                    )
                    .await?;
                }
            }
            Err(error) => {
                let message = format!("{error:#}");
                tracing::warn!(kind = %job.kind, attempt = job.attempts, error = %message, "job failed");
                let retry_at =
                    (job.attempts < job.max_attempts).then(|| now_ms() + backoff_ms(job.attempts));
                store::fail(state.db.writer(), &job.id, &message, retry_at).await?;
            }
        }
    }
    Ok(ran)
}

fn period(kind: Kind) -> Option<i64> {
    Kind::PERIODIC.iter().find(|(k, _)| *k == kind).map(|(_, every)| *every)
}

/// 10 s, 20 s, 40 s … capped at one hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (10_000i64.saturating_mul(2i64.saturating_pow(exponent))).min(HOUR_MS)
}

async fn execute(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let Some(kind) = Kind::parse(&job.kind) else {
        anyhow::bail!("unknown job kind {:?}", job.kind);
    };
    match kind {
        Kind::AuditCheckpoint => {
            crate::audit::service::checkpoint(&state.db, &state.audit_key, &state.settings).await?;
        }
        Kind::AuditRetention => {
            crate::audit::service::prune(&state.db, state.settings.audit.retention_months).await?;
        }
        Kind::PurgeSessions => {
            crate::auth::store::purge_old_sessions(state.db.writer()).await?;
        }
        Kind::PurgeEvents => {
            crate::events::outbox::purge(state.db.writer(), 24 * HOUR_MS).await?;
        }
        Kind::PurgeJobs => {
            store::purge(state.db.writer(), 30 * 24 * HOUR_MS).await?;
        }
        Kind::ForgetThrottles => state.throttles.forget_idle(),
        Kind::Reencrypt => {
            crate::crypto::rotation::reencrypt_all(&state.db, &state.keys, |_, _| {}).await?;
        }
        Kind::DeliverNotifications => {
            crate::messaging::notifications::deliver_due(state)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        Kind::MessageRetention => {
            crate::messaging::retention::run(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        Kind::MorningAnnouncements => {
            crate::messaging::announcement::open_due(state)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        Kind::EmailDigests => {
            crate::messaging::digest::send_due(state).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1), 10_000);
        assert_eq!(backoff_ms(2), 20_000);
        assert_eq!(backoff_ms(4), 80_000);
        assert_eq!(backoff_ms(30), HOUR_MS);
    }

    #[test]
    fn kinds_round_trip() {
        for (kind, _) in Kind::PERIODIC {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("mystery"), None);
    }
}
