//! Messaging's periodic work, registered with the platform's job worker at start-up.

use crate::clock::MINUTE_MS;
use crate::jobs::Registry;

pub fn register(jobs: &mut Registry) {
    jobs.every("notifications.deliver", MINUTE_MS, |state| {
        Box::pin(async move {
            super::notifications::deliver_due(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    })
    .every("messages.announcements", MINUTE_MS, |state| {
        Box::pin(async move {
            super::announcement::open_due(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        })
    })
    .every("messages.digests", 5 * MINUTE_MS, |state| {
        Box::pin(async move {
            super::digest::send_due(&state).await?;
            Ok(())
        })
    });
}
