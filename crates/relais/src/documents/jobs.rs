//! The documents' periodic work: emptying the trash of what stayed there longer than the
//! organisation's days.

use crate::clock::HOUR_MS;
use crate::jobs::Registry;

pub fn register(jobs: &mut Registry) {
    jobs.every("documents.trash", HOUR_MS, |state| {
        Box::pin(async move { super::service::retention::empty_trash(&state).await })
    });
}
