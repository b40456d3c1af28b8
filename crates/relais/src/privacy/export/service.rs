//! A person's exports: ask for one, follow it, download it. Only one's own: another person's
//! export is "not found".

use axum::body::Body;

use super::job::{self, KIND};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::privacy::actions::{Action, audit};
use crate::privacy::model::{Export, ExportId, ExportState};
use crate::privacy::store::exports as store;
use crate::state::AppState;

/// Queues an export of everything about `person`; one at a time (a second ask while one is
/// under way is refused with a clear message).
pub async fn ask(state: &AppState, person: &CurrentUser) -> AppResult<ExportId> {
    let id = ExportId::generate();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if !store::queue(&mut *tx, &id, &person.org_id, &person.user_id, now).await? {
        return Err(AppError::Invalid { field: "export", code: "privacy-export-pending" });
    }
    audit(&mut tx, state, person, Action::ExportRequested, ("privacy_export", id.as_str()), None)
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    // Run now rather than at the job's next hour.
    crate::jobs::store::enqueue(state.db.writer(), KIND, id.as_str(), now, 3).await?;
    Ok(id)
}

pub async fn mine(state: &AppState, person: &CurrentUser) -> AppResult<Vec<Export>> {
    Ok(store::of_user(state.db.reader(), &person.user_id).await?)
}

pub async fn one(state: &AppState, person: &CurrentUser, id: &ExportId) -> AppResult<Export> {
    store::find(state.db.reader(), &person.user_id, id).await?.ok_or(AppError::NotFound)
}

/// The archive's bytes, once ready and not expired; the download is audited.
pub async fn download(
    state: &AppState,
    person: &CurrentUser,
    id: &ExportId,
) -> AppResult<(Body, i64)> {
    let export = one(state, person, id).await?;
    let live = export.expires_at.is_some_and(|at| at > state.clock.now_ms());
    if export.state != ExportState::Ready || !live {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    audit(&mut tx, state, person, Action::ExportDownloaded, ("privacy_export", id.as_str()), None)
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    let body =
        crate::crypto::sealed_blob::open(state, &person.org_id, &job::sealed(&person.org_id, id))
            .await?;
    Ok((body, export.size_bytes.unwrap_or_default()))
}
