//! The telework module's periodic work: notices delivered when people are back at work, and
//! reminders (charter to accept, self-check due).

use crate::clock::{HOUR_MS, MINUTE_MS};
use crate::jobs::Registry;

pub fn register(jobs: &mut Registry) {
    jobs.every("telework.notices", MINUTE_MS, |state| {
        Box::pin(async move {
            super::service::notices::deliver_due(&state)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    })
    .every("telework.reminders", HOUR_MS, |state| {
        Box::pin(async move {
            super::service::notices::remind(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    });
}
