//! The documents' rules: access, uploads, reading, the tree and the trash, retention.

pub mod access;
pub mod manage;
pub mod read;
pub mod receive;
pub mod retention;
pub mod upload;

use crate::audit::trail::{self, Trail};
use crate::auth::CurrentUser;
use crate::homecare::model::PatientId;
use crate::state::AppState;
use crate::text_enum::text_enum;

text_enum! {
    /// What the audit log records of documents (reads of patient-linked documents included).
    Action {
        Upload = "document.upload",
        NewVersion = "document.version",
        Download = "document.download",
        Preview = "document.preview",
        RestoreVersion = "document.restore_version",
        Rename = "document.rename",
        Move = "document.move",
        Trash = "document.trash",
        Untrash = "document.untrash",
        Lock = "document.lock",
        Unlock = "document.unlock",
        LinkPatient = "document.link_patient",
        FolderCreate = "folder.create",
        FolderRename = "folder.rename",
        FolderMove = "folder.move",
        FolderTrash = "folder.trash",
        FolderUntrash = "folder.untrash",
    }
}

/// Records what was done to a document or folder, with its patient when it is linked to one.
pub(crate) async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    object_id: &str,
    patient: Option<&PatientId>,
) -> sqlx::Result<()> {
    let object_type = if action.as_str().starts_with("folder.") { "folder" } else { "document" };
    let entry = Trail {
        action: action.as_str(),
        object_type,
        object_id,
        patient_id: patient.map(PatientId::as_str),
        reason: None,
    };
    trail::record(conn, state, actor, &entry, &[]).await
}
