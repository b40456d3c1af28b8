//! The retention job: for every organisation and every class it sets, deletes what is older
//! than the days in force. Each class's failure is logged and the others still run.

use super::classes::{Kept, classes, cutoff};
use crate::state::AppState;

/// Applies every rule of every organisation; returns how many records went.
pub async fn run(state: &AppState) -> anyhow::Result<u64> {
    let now = state.clock.now_ms();
    let mut removed = 0;
    let mut failures = 0;
    for org_id in crate::org::store::organisation_ids(state.db.reader()).await? {
        let rules =
            crate::privacy::store::retention::rules_of_org(state.db.reader(), &org_id).await?;
        for class in classes() {
            let Kept::Rule { purge, .. } = class.kept else { continue };
            let rule = rules.iter().find(|(key, _)| key == class.key).map(|(_, days)| *days);
            let before = cutoff(now, class.days(state, rule));
            match purge(state.clone(), org_id.clone(), before).await {
                Ok(count) => {
                    if count > 0 {
                        tracing::info!(class = class.key, count, "retention applied");
                    }
                    removed += count;
                }
                Err(error) => {
                    failures += 1;
                    tracing::warn!(class = class.key, %error, "retention could not be applied");
                }
            }
        }
    }
    if failures > 0 {
        anyhow::bail!("{failures} retention classes failed (see the log)");
    }
    Ok(removed)
}
