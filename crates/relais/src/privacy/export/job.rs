//! The export job: takes queued exports one by one, reports progress as it collects, stores the
//! sealed archive, and removes archives past their seven days.

use super::archive::{self, Reader};
use super::collect::{STEPS, collect};
use crate::auth::CurrentUser;
use crate::clock::{DAY_MS, MINUTE_MS};
use crate::crypto::sealed_blob::{self, Sealed};
use crate::error::AppResult;
use crate::privacy::model::ExportId;
use crate::privacy::store::exports as store;
use crate::state::AppState;

/// The job kind; a request queues a run of it at once.
pub const KIND: &str = "privacy.exports";

/// An export left running this long was lost with its instance and is taken again.
const STALE_MS: i64 = 30 * MINUTE_MS;

/// Builds every queued export, then removes the expired ones.
pub async fn run(state: &AppState) -> anyhow::Result<()> {
    loop {
        let now = state.clock.now_ms();
        let Some((id, org_id, user_id)) =
            store::claim(state.db.writer(), now, now - STALE_MS).await?
        else {
            break;
        };
        if let Err(error) = build(state, &id, &org_id, &user_id).await {
            tracing::warn!(%error, export = id.as_str(), "an export failed");
            store::failed(state.db.writer(), &id, error.code()).await?;
        }
    }
    for (id, blob_key) in store::expired(state.db.reader(), state.clock.now_ms()).await? {
        store::delete(state.db.writer(), &id).await?;
        if let Some(key) = blob_key {
            state.blobs.delete(&key).await?;
        }
    }
    Ok(())
}

/// Where an export's archive is stored and sealed.
pub fn sealed(org_id: &str, id: &ExportId) -> Sealed {
    Sealed {
        table: "privacy_exports",
        column: "blob",
        row_id: id.to_string(),
        blob_key: format!("exports/{org_id}/{id}"),
    }
}

async fn build(state: &AppState, id: &ExportId, org_id: &str, user_id: &str) -> AppResult<()> {
    let client = crate::web::Client {
        ip: std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        user_agent: "export".into(),
    };
    let person = CurrentUser::on_behalf(state, user_id, format!("export:{id}"), client)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    store::progress(state.db.writer(), id, 0, STEPS).await?;
    let collected = collect(state, &person, |done| async move {
        store::progress(state.db.writer(), id, done, STEPS + 1).await?;
        Ok(())
    })
    .await?;
    let generated_at = state.clock.now_ms();
    let reader = Reader {
        lang: person.lang,
        time_zone: &person.time_zone,
        name: &person.display_name,
        generated_at,
    };
    let zip = archive::write(&collected, &reader).map_err(crate::error::AppError::Internal)?;
    let size = i64::try_from(zip.len()).unwrap_or(i64::MAX);
    let target = sealed(org_id, id);
    sealed_blob::store(state, org_id, &target, zip).await?;
    let now = state.clock.now_ms();
    let expires = now + super::KEPT_DAYS * DAY_MS;
    store::ready(state.db.writer(), id, &target.blob_key, size, now, expires).await?;
    Ok(())
}
