//! Uploads: a new document, or a new version when the folder already holds one of that name
//! (or when the person asked for a new version of a given document).

use bytes::Bytes;
use futures_util::Stream;

use super::access::{self, FolderAccess};
use super::receive::{Staged, receive};
use super::{Action, record};
use crate::auth::CurrentUser;
use crate::documents::model::{Document, DocumentId, FolderId, VersionId};
use crate::documents::names;
use crate::documents::rights::Level;
use crate::documents::store::{documents, spaces};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What an upload became.
#[derive(Debug, Clone)]
pub struct Uploaded {
    pub document_id: DocumentId,
    pub name: String,
    pub version: i64,
}

/// Where a file goes: into a folder (a new document, or a new version of the one with that
/// name), or as a new version of a given document.
pub enum Target<'a> {
    Folder(&'a FolderId),
    Document(&'a DocumentId),
    /// Into a folder, never over an existing document: a name already taken gets " (2)" and so
    /// on (a drop box, where visitors must not replace what is there).
    Drop(&'a FolderId),
}

/// Receives one file and stores it; nothing is kept if anything fails on the way.
pub async fn upload<E: std::fmt::Display>(
    state: &AppState,
    actor: &CurrentUser,
    target: Target<'_>,
    file_name: &str,
    body: impl Stream<Item = Result<Bytes, E>> + Unpin,
) -> AppResult<Uploaded> {
    let beside = matches!(target, Target::Drop(_));
    let (folder, existing) = match target {
        Target::Folder(id) | Target::Drop(id) => (access::folder(state, actor, id).await?, None),
        Target::Document(id) => {
            let found = access::document(state, actor, id).await?;
            (found.folder, Some(found.document))
        }
    };
    folder.require(Level::Write)?;
    let name = match &existing {
        Some(document) => document.name.clone(),
        None => names::clean(file_name)
            .map_err(|refusal| AppError::Invalid { field: "file", code: refusal.code() })?,
    };
    let max_bytes = room(state, actor, &folder).await?;
    let key = state
        .keys
        .current(&state.db, &actor.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let version_id = VersionId::generate();
    let staging = state.blobs.staging_dir().to_path_buf();
    let staged = receive(&staging, key, version_id.clone(), body, max_bytes).await?;
    let blob_key = format!("documents/{}/{}", actor.org_id, version_id);
    state
        .blobs
        .put_file(&blob_key, staged.file.path())
        .await
        .map_err(crate::crypto::sealed_blob::blob_error)?;
    let place = Place { folder: &folder, existing, beside };
    let stored = commit(state, actor, place, &name, &version_id, &blob_key, &staged).await;
    if stored.is_err()
        && let Err(error) = state.blobs.delete(&blob_key).await
    {
        tracing::warn!(%error, "an upload's blob could not be removed after its refusal");
    }
    let uploaded = stored?;
    super::retention::prune(state, &actor.org_id, &folder.space.id, &uploaded.document_id).await;
    Ok(uploaded)
}

/// How many bytes may still come: the smallest of the file limit and what the space's and the
/// organisation's quotas leave.
async fn room(state: &AppState, actor: &CurrentUser, folder: &FolderAccess) -> AppResult<u64> {
    let mut room = state.settings.limits.max_document_bytes;
    if let Some(quota) = folder.space.quota_bytes {
        room = room.min(u64::try_from(quota - folder.space.used_bytes).unwrap_or(0));
    }
    if let Some(settings) = spaces::settings(state.db.reader(), &actor.org_id).await?
        && let Some(quota) = settings.quota_bytes
    {
        room = room.min(u64::try_from(quota - settings.used_bytes).unwrap_or(0));
    }
    Ok(room)
}

#[allow(clippy::too_many_arguments)]
/// Where a received file lands: its folder, the document it versions (if any), and whether it
/// must sit beside a document of the same name (numbered) rather than version it.
struct Place<'a> {
    folder: &'a FolderAccess,
    existing: Option<Document>,
    beside: bool,
}

async fn commit(
    state: &AppState,
    actor: &CurrentUser,
    place: Place<'_>,
    name: &str,
    version_id: &VersionId,
    blob_key: &str,
    staged: &Staged,
) -> AppResult<Uploaded> {
    let version = documents::NewVersion {
        id: version_id,
        size_bytes: staged.size_bytes,
        media_type: staged.media_type,
        sha256: &staged.sha256,
        blob_key,
        by: &actor.user_id,
    };
    let Place { folder, existing, beside } = place;
    let mut tx = state.db.begin().await?;
    if !spaces::reserve_bytes(&mut tx, &actor.org_id, &folder.space.id, staged.size_bytes).await? {
        return Err(AppError::Invalid { field: "file", code: "documents-quota-exceeded" });
    }
    if beside {
        let id = DocumentId::generate();
        let (space, into) = (&folder.space.id, &folder.folder.id);
        for number in 1..=50 {
            let candidate =
                if number == 1 { name.to_string() } else { names::numbered(name, number) };
            if documents::insert(&mut tx, &actor.org_id, &id, space, into, &candidate, &version)
                .await?
            {
                record(&mut tx, state, actor, Action::Upload, &id, None).await?;
                crate::audit::trail::finish(tx, state).await?;
                return Ok(Uploaded { document_id: id, name: candidate, version: 1 });
            }
        }
        return Err(AppError::Conflict("document_name_taken"));
    }
    let mut existing = match existing {
        Some(document) => Some(document),
        None => documents::named(&mut *tx, &folder.folder.id, name).await?,
    };
    if existing.is_none() {
        let id = DocumentId::generate();
        let space = &folder.space.id;
        if documents::insert(&mut tx, &actor.org_id, &id, space, &folder.folder.id, name, &version)
            .await?
        {
            record(&mut tx, state, actor, Action::Upload, &id, None).await?;
            crate::audit::trail::finish(tx, state).await?;
            return Ok(Uploaded { document_id: id, name: name.to_string(), version: 1 });
        }
        // Another upload of the same name committed first: this one becomes its next version.
        existing = documents::named(&mut *tx, &folder.folder.id, name).await?;
    }
    let document = existing.ok_or(AppError::Conflict("document_name_taken"))?;
    if document.lock_holder(state.clock.now_ms()).is_some_and(|holder| holder != actor.user_id) {
        return Err(AppError::Conflict("document_locked"));
    }
    let number = documents::add_version(&mut tx, &actor.org_id, &document.id, &version).await?;
    record(&mut tx, state, actor, Action::NewVersion, &document.id, document.patient_id.as_ref())
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(Uploaded { document_id: document.id, name: name.to_string(), version: number })
}
