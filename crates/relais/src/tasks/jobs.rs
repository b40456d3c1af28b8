//! The boards' periodic work: recurring cards created at their moment, notices of cards due soon
//! or overdue, and notices delivered when people are back at work.

use crate::clock::MINUTE_MS;
use crate::jobs::Registry;

pub fn register(jobs: &mut Registry) {
    jobs.every("tasks.recurrences", MINUTE_MS, |state| {
        Box::pin(async move {
            super::service::recurrences::run(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    })
    .every("tasks.notices", super::service::notices::EVERY_MS, |state| {
        Box::pin(async move {
            super::service::notices::run(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    });
}
