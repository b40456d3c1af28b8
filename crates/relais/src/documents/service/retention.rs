//! Old versions kept by count (the organisation's settings) and by age (the retention rule for
//! documents' old versions, applied by the privacy feature's job), and the trash emptied after
//! its days. Rows go first, in a transaction; blobs after it commits, so a crash leaves at worst
//! an orphan blob, never a row pointing at nothing.

use crate::documents::model::{DocumentId, SpaceId};
use crate::documents::store::{documents, spaces, versions};
use crate::state::AppState;

/// Removes the versions of a document beyond the organisation's count (never the current one). Best effort: a failure is logged and retried at the next upload.
pub async fn prune(state: &AppState, org_id: &str, space_id: &SpaceId, id: &DocumentId) {
    if let Err(error) = try_prune(state, org_id, space_id, id).await {
        tracing::warn!(%error, "old document versions could not be pruned");
    }
}

async fn try_prune(
    state: &AppState,
    org_id: &str,
    space_id: &SpaceId,
    id: &DocumentId,
) -> anyhow::Result<()> {
    let Some(settings) = spaces::settings(state.db.reader(), org_id).await? else { return Ok(()) };
    let versions = documents::versions(state.db.reader(), id).await?;
    let doomed: Vec<_> = versions
        .iter()
        .enumerate()
        .filter(|(rank, _)| *rank > 0 && *rank as i64 >= settings.keep_versions)
        .map(|(_, version)| version)
        .collect();
    if doomed.is_empty() {
        return Ok(());
    }
    let freed: i64 = doomed.iter().map(|v| v.size_bytes).sum();
    let ids: Vec<_> = doomed.iter().map(|v| v.id.clone()).collect();
    let mut tx = state.db.begin().await?;
    documents::delete_versions(&mut tx, &ids).await?;
    spaces::release_bytes(&mut tx, org_id, space_id, freed).await?;
    tx.commit().await?;
    for version in doomed {
        state.blobs.delete(&version.blob_key).await?;
    }
    Ok(())
}

/// Deletes for good what has been in the trash longer than each organisation's days: documents
/// trashed on their own, and trashed folders with everything in them. Rows first, then blobs.
pub async fn empty_trash(state: &AppState) -> anyhow::Result<()> {
    let now = state.clock.now_ms();
    for expired in documents::trash_expired(state.db.reader(), now).await? {
        let versions = documents::blob_keys_under(state.db.reader(), &expired).await?;
        let freed: i64 = versions.iter().map(|(_, size)| size).sum();
        let mut tx = state.db.begin().await?;
        documents::delete_for_good(&mut tx, &expired).await?;
        spaces::release_bytes(&mut tx, &expired.org_id, &expired.space_id, freed).await?;
        tx.commit().await?;
        for (key, _) in versions {
            state.blobs.delete(&key).await?;
        }
    }
    Ok(())
}

/// Deletes the old versions (never a document's current one) written before `cutoff`; returns
/// how many. Rows first, then blobs.
pub async fn purge_versions_before(
    state: &AppState,
    org_id: &str,
    cutoff: i64,
) -> anyhow::Result<u64> {
    let old = versions::old_versions_before(state.db.reader(), org_id, cutoff).await?;
    let mut tx = state.db.begin().await?;
    for version in &old {
        documents::delete_versions(&mut tx, std::slice::from_ref(&version.id)).await?;
        spaces::release_bytes(&mut tx, org_id, &version.space_id, version.size_bytes).await?;
    }
    tx.commit().await?;
    for version in &old {
        state.blobs.delete(&version.blob_key).await?;
    }
    Ok(old.len() as u64)
}
