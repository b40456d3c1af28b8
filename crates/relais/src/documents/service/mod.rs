//! The documents' rules: access, uploads, reading, the tree and the trash, retention.

pub mod access;
pub mod find;
pub mod from_message;
pub mod grants;
pub mod manage;
pub mod read;
pub mod receive;
pub mod retention;
pub mod shortcuts;
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
        ShareDocument = "document.share",
        ShareFolder = "folder.share",
        RevokeLink = "link.revoke",
        GrantSet = "folder.grant",
        GrantRemove = "folder.ungrant",
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
    record_with_reason(conn, state, actor, action, object_id, patient, None).await
}

/// As [`record`], with the reason the person gave (a patient-linked document shared outside).
pub(crate) async fn record_with_reason(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    object_id: &str,
    patient: Option<&PatientId>,
    reason: Option<&str>,
) -> sqlx::Result<()> {
    let object_type = match action.as_str().split('.').next() {
        Some("folder") => "folder",
        Some("link") => "link",
        _ => "document",
    };
    let entry = Trail {
        action: action.as_str(),
        object_type,
        object_id,
        patient_id: patient.map(PatientId::as_str),
        reason,
    };
    trail::record(conn, state, actor, &entry, &[]).await
}
