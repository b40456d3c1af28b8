//! Changing the tree: folders made, renamed, moved and trashed; documents renamed, moved,
//! trashed and restored, a version made current again, the "being edited" lock, a patient link.

use super::access::{self, DocumentAccess};
use super::{Action, record};
use crate::auth::CurrentUser;
use crate::documents::model::{DocumentId, FolderId};
use crate::documents::names;
use crate::documents::rights::Level;
use crate::documents::store::{documents, folders};
use crate::error::{AppError, AppResult};
use crate::homecare::model::PatientId;
use crate::state::AppState;

/// How long a "being edited" lock lasts unless renewed or released.
pub const LOCK_MS: i64 = 4 * crate::clock::HOUR_MS;

fn clean(typed: &str) -> AppResult<String> {
    names::clean(typed).map_err(|refusal| AppError::Invalid { field: "name", code: refusal.code() })
}

const NAME_TAKEN: AppError = AppError::Invalid { field: "name", code: "document-name-taken" };

pub async fn create_folder(
    state: &AppState,
    actor: &CurrentUser,
    parent: &FolderId,
    name: &str,
) -> AppResult<FolderId> {
    let parent = access::folder(state, actor, parent).await?;
    parent.require(Level::Write)?;
    let name = clean(name)?;
    let mut tx = state.db.begin().await?;
    let id = folders::insert(
        &mut tx,
        &actor.org_id,
        &parent.space.id,
        &parent.folder.id,
        &name,
        &actor.user_id,
    )
    .await?
    .ok_or(NAME_TAKEN)?;
    record(&mut tx, state, actor, Action::FolderCreate, id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn rename_folder(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
    name: &str,
) -> AppResult<()> {
    let folder = access::folder(state, actor, id).await?;
    folder.require(Level::Write)?;
    if folder.folder.parent_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let name = clean(name)?;
    let mut tx = state.db.begin().await?;
    if !folders::rename(&mut tx, id, &name).await? {
        return Err(NAME_TAKEN);
    }
    record(&mut tx, state, actor, Action::FolderRename, id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Moves a folder under another folder of the same space, never into itself or below itself.
pub async fn move_folder(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
    to: &FolderId,
) -> AppResult<()> {
    let folder = access::folder(state, actor, id).await?;
    folder.require(Level::Write)?;
    let target = access::folder(state, actor, to).await?;
    target.require(Level::Write)?;
    if folder.folder.parent_id.is_none() || target.space.id != folder.space.id {
        return Err(AppError::Invalid { field: "to", code: "document-move-elsewhere" });
    }
    if target.chain.iter().any(|ancestor| ancestor.id == *id) {
        return Err(AppError::Invalid { field: "to", code: "folder-move-into-itself" });
    }
    let mut tx = state.db.begin().await?;
    if !folders::move_to(&mut tx, id, to).await? {
        return Err(NAME_TAKEN);
    }
    record(&mut tx, state, actor, Action::FolderMove, id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Puts a folder and everything in it in the trash (`true`), or takes it out (`false`).
pub async fn trash_folder(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
    trashed: bool,
) -> AppResult<()> {
    let found =
        folders::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let parent = found.parent_id.as_ref().ok_or(AppError::Forbidden)?;
    // Trashing needs write in the folder itself; restoring, in the folder it goes back to.
    let checked = if trashed { id } else { parent };
    access::folder(state, actor, checked).await?.require(Level::Write)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let mark = trashed.then_some((now, actor.user_id.as_str()));
    if !folders::set_deleted(&mut tx, id, mark).await? {
        return Err(NAME_TAKEN);
    }
    let action = if trashed { Action::FolderTrash } else { Action::FolderUntrash };
    record(&mut tx, state, actor, action, id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

async fn writable(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
) -> AppResult<DocumentAccess> {
    let found = access::document(state, actor, id).await?;
    found.require(Level::Write)?;
    if found.document.lock_holder(state.clock.now_ms()).is_some_and(|by| by != actor.user_id) {
        return Err(AppError::Conflict("document_locked"));
    }
    Ok(found)
}

pub async fn rename(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    name: &str,
) -> AppResult<()> {
    let found = writable(state, actor, id).await?;
    let name = clean(name)?;
    let mut tx = state.db.begin().await?;
    if !documents::rename(&mut tx, id, &name).await? {
        return Err(NAME_TAKEN);
    }
    record(&mut tx, state, actor, Action::Rename, id.as_str(), found.document.patient_id.as_ref())
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

pub async fn move_to(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    to: &FolderId,
) -> AppResult<()> {
    let found = writable(state, actor, id).await?;
    let target = access::folder(state, actor, to).await?;
    target.require(Level::Write)?;
    if target.space.id != found.folder.space.id {
        return Err(AppError::Invalid { field: "to", code: "document-move-elsewhere" });
    }
    let mut tx = state.db.begin().await?;
    if !documents::move_to(&mut tx, id, to).await? {
        return Err(NAME_TAKEN);
    }
    record(&mut tx, state, actor, Action::Move, id.as_str(), found.document.patient_id.as_ref())
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Puts a document in the trash, or takes it out of it.
pub async fn trash(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    trashed: bool,
) -> AppResult<()> {
    let document =
        documents::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    if document.deleted_at.is_some() == trashed {
        return Err(AppError::NotFound);
    }
    access::folder(state, actor, &document.folder_id).await?.require(Level::Write)?;
    if let Some(patient) = &document.patient_id {
        crate::homecare::patients::visible(state, actor, patient).await?;
    }
    let mut tx = state.db.begin().await?;
    let mark = trashed.then_some((state.clock.now_ms(), actor.user_id.as_str()));
    if !documents::set_deleted(&mut tx, id, mark).await? {
        return Err(NAME_TAKEN);
    }
    let action = if trashed { Action::Trash } else { Action::Untrash };
    record(&mut tx, state, actor, action, id.as_str(), document.patient_id.as_ref()).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Makes an older version current again, as a new version (the history keeps everything).
pub async fn restore_version(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    number: i64,
) -> AppResult<i64> {
    let found = writable(state, actor, id).await?;
    let old = documents::version(state.db.reader(), id, number).await?.ok_or(AppError::NotFound)?;
    if number == found.document.current_version {
        return Ok(number);
    }
    // A blob is bound to its version by its sealing, so the old bytes are opened and sealed
    // again as the new version.
    let body = super::read::plaintext(state, &actor.org_id, &old).await?;
    let uploaded = super::upload::upload(
        state,
        actor,
        super::upload::Target::Document(id),
        &found.document.name,
        body.into_data_stream(),
    )
    .await?;
    let mut tx = state.db.begin().await?;
    record(
        &mut tx,
        state,
        actor,
        Action::RestoreVersion,
        id.as_str(),
        found.document.patient_id.as_ref(),
    )
    .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(uploaded.version)
}

/// Takes the "being edited" lock (or renews one's own), or releases it.
pub async fn lock(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    locked: bool,
) -> AppResult<()> {
    let found = access::document(state, actor, id).await?;
    found.require(Level::Write)?;
    let now = state.clock.now_ms();
    let holder = found.document.lock_holder(now);
    // Whoever manages the folder may release a lock someone forgot; nobody takes another's.
    let releases_for_someone = found.folder.level.allows(Level::Manage) && !locked;
    if holder.is_some_and(|by| by != actor.user_id) && !releases_for_someone {
        return Err(AppError::Conflict("document_locked"));
    }
    let mut tx = state.db.begin().await?;
    let lock = locked.then_some((actor.user_id.as_str(), now + LOCK_MS));
    documents::set_lock(&mut tx, id, lock).await?;
    let action = if locked { Action::Lock } else { Action::Unlock };
    record(&mut tx, state, actor, action, id.as_str(), found.document.patient_id.as_ref()).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Links a document to a patient the person follows (then only the care relationship opens
/// it), or removes the link.
pub async fn link_patient(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    patient: Option<&PatientId>,
) -> AppResult<()> {
    let found = writable(state, actor, id).await?;
    if let Some(patient) = patient {
        crate::homecare::patients::visible(state, actor, patient).await?;
    }
    let mut tx = state.db.begin().await?;
    documents::set_patient(&mut tx, id, patient).await?;
    let shown = patient.or(found.document.patient_id.as_ref());
    record(&mut tx, state, actor, Action::LinkPatient, id.as_str(), shown).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
