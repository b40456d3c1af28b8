//! A file received in a conversation, kept in a space: the person must be able to read the
//! conversation (the attachment opens for them) and write in the folder; it then becomes a
//! document (or a new version of the one with that name) like any upload.

use bytes::Bytes;

use super::access;
use super::upload::{self, Target, Uploaded};
use crate::auth::CurrentUser;
use crate::documents::model::FolderId;
use crate::documents::rights::Level;
use crate::documents::store::folders;
use crate::error::AppResult;
use crate::state::AppState;

/// Where the person may put the file: each space they write in and its first-level folders.
pub struct Destinations {
    pub file_name: String,
    /// (folder, label shown: "Space" or "Space › Folder")
    pub folders: Vec<(FolderId, String)>,
}

pub async fn destinations(
    state: &AppState,
    actor: &CurrentUser,
    attachment_id: &str,
) -> AppResult<Destinations> {
    let (file_name, _, _) =
        crate::messaging::attachments::open(state, actor, attachment_id).await?;
    let mut choices = Vec::new();
    for space in access::my_spaces(state, actor).await? {
        let space_name = space.space.name(actor.lang);
        let root = access::folder(state, actor, &space.space.root_id).await?;
        if root.level.allows(Level::Write) {
            choices.push((root.folder.id.clone(), space_name.clone()));
        }
        for child in folders::children(state.db.reader(), &space.space.root_id).await? {
            if let Ok(found) = access::folder(state, actor, &child.id).await
                && found.level.allows(Level::Write)
            {
                choices.push((child.id, format!("{space_name} › {}", child.name)));
            }
        }
    }
    Ok(Destinations { file_name, folders: choices })
}

pub async fn save(
    state: &AppState,
    actor: &CurrentUser,
    attachment_id: &str,
    folder: &FolderId,
) -> AppResult<Uploaded> {
    let (file_name, _, bytes) =
        crate::messaging::attachments::open(state, actor, attachment_id).await?;
    let body = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Bytes::from(bytes))]);
    upload::upload(state, actor, Target::Folder(folder), &file_name, body).await
}
