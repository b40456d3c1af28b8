//! Data protection (GDPR): the export of one's own data, requests to the DPO (erasure,
//! rectification) with legal holds, retention per class of data in one place, the register of
//! processing activities and the data-breach register. See docs/identity.md.

pub mod actions;
pub mod breaches;
pub mod erasure;
pub mod export;
pub mod model;
pub mod register;
pub mod requests;
pub mod retention;
pub mod routes;
pub mod store;

use crate::clock::HOUR_MS;
use crate::jobs::Registry;

pub fn register_jobs(jobs: &mut Registry) {
    jobs.every(export::job::KIND, HOUR_MS, |state| {
        Box::pin(async move { export::job::run(&state).await })
    })
    .every("privacy.retention", HOUR_MS, |state| {
        Box::pin(async move {
            retention::apply::run(&state).await?;
            Ok(())
        })
    });
}
