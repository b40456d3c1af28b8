//! The worker: runs due jobs one at a time, retries failures with exponential backoff, and keeps
//! the periodic upkeep scheduled.

use std::time::Duration;

use tokio::sync::watch;

use super::registry::Registry;
use super::store::{self, Job};
use crate::clock::{HOUR_MS, MINUTE_MS, now_ms};
use crate::state::AppState;

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
    for job in state.jobs.periodic() {
        store::enqueue(state.db.writer(), job.kind, "{}", now_ms(), MAX_ATTEMPTS).await?;
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
                // Done and the next run queued together: a crash between them loses no run.
                let mut tx = state.db.begin().await?;
                store::finish(&mut *tx, &job.id).await?;
                if let Some(periodic) = state.jobs.find(&job.kind) {
                    let next = now_ms() + periodic.every_ms;
                    store::enqueue(&mut *tx, &job.kind, "{}", next, MAX_ATTEMPTS).await?;
                }
                tx.commit().await?;
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

/// 10 s, 20 s, 40 s … capped at one hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (10_000i64.saturating_mul(2i64.saturating_pow(exponent))).min(HOUR_MS)
}

async fn execute(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let Some(periodic) = state.jobs.find(&job.kind) else {
        anyhow::bail!("unknown job kind {:?}", job.kind);
    };
    (periodic.work)(state.clone()).await
}

/// The platform's own upkeep: audit checkpoints and retention, purges, re-encryption.
pub fn register_platform(jobs: &mut Registry) {
    jobs.every("audit.checkpoint", 10 * MINUTE_MS, |state| {
        Box::pin(async move {
            crate::audit::service::checkpoint(&state.db, &state.audit_key, &state.settings).await?;
            Ok(())
        })
    })
    .every("audit.retention", 24 * HOUR_MS, |state| {
        Box::pin(async move {
            crate::audit::service::prune(&state.db, state.settings.audit.retention_months).await?;
            Ok(())
        })
    })
    .every("events.purge", HOUR_MS, |state| {
        Box::pin(async move {
            crate::events::outbox::purge(state.db.writer(), 24 * HOUR_MS).await?;
            Ok(())
        })
    })
    .every("jobs.purge", 24 * HOUR_MS, |state| {
        Box::pin(async move {
            store::purge(state.db.writer(), super::KEPT_DAYS * 24 * HOUR_MS).await?;
            Ok(())
        })
    })
    .every("throttles.forget", 10 * MINUTE_MS, |state| {
        Box::pin(async move {
            state.throttles.forget_idle();
            Ok(())
        })
    })
    .every("keys.reencrypt", HOUR_MS, |state| {
        Box::pin(async move {
            crate::crypto::rotation::reencrypt_all(&state.db, &state.keys, |_, _| {}).await?;
            Ok(())
        })
    });
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
}
