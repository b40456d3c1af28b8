//! What a WebDAV path names: `/` lists the spaces the person can open (by the names the pages
//! show), then folders and documents by name, as in the pages. Every step goes through the same
//! access checks as the pages; a patient-linked document outside the care relationship is not
//! even listed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dav_server::davpath::DavPath;
use dav_server::fs::{DavDirEntry, DavMetaData, FsError, FsFuture, FsResult};
use futures_util::FutureExt;

use crate::auth::CurrentUser;
use crate::documents::model::{Document, Folder, SpaceAccess};
use crate::documents::names;
use crate::documents::service::access::{self, DocumentAccess, FolderAccess};
use crate::error::AppError;
use crate::state::AppState;

/// What a path resolves to.
pub enum Node {
    Root,
    Folder(Box<FolderAccess>),
    Document(Box<DocumentAccess>),
}

/// The path's names, decoded; a name that is not UTF-8 names nothing.
pub fn segments(path: &DavPath) -> FsResult<Vec<String>> {
    let text = std::str::from_utf8(path.as_bytes()).map_err(|_| FsError::NotFound)?;
    Ok(text.split('/').filter(|part| !part.is_empty()).map(str::to_string).collect())
}

/// The spaces the person may open, each with the name it has in WebDAV.
pub async fn spaces(state: &AppState, user: &CurrentUser) -> FsResult<Vec<(String, SpaceAccess)>> {
    let spaces = access::my_spaces(state, user).await.map_err(fs_error)?;
    Ok(spaces.into_iter().map(|space| (space.space.name(user.lang), space)).collect())
}

pub async fn resolve(state: &AppState, user: &CurrentUser, path: &DavPath) -> FsResult<Node> {
    resolve_names(state, user, &segments(path)?).await
}

pub async fn resolve_names(
    state: &AppState,
    user: &CurrentUser,
    names: &[String],
) -> FsResult<Node> {
    let Some((first, rest)) = names.split_first() else { return Ok(Node::Root) };
    let wanted = names::key(first);
    let space = spaces(state, user)
        .await?
        .into_iter()
        .find(|(name, _)| names::key(name) == wanted)
        .ok_or(FsError::NotFound)?
        .1;
    let mut folder = access::folder(state, user, &space.space.root_id).await.map_err(fs_error)?;
    for (index, name) in rest.iter().enumerate() {
        let key = names::key(name);
        let children =
            crate::documents::store::folders::children(state.db.reader(), &folder.folder.id)
                .await
                .map_err(|e| fs_error(e.into()))?;
        if let Some(child) = children.iter().find(|child| names::key(&child.name) == key) {
            folder = access::folder(state, user, &child.id).await.map_err(fs_error)?;
            continue;
        }
        if index + 1 < rest.len() {
            return Err(FsError::NotFound);
        }
        let document =
            crate::documents::store::documents::named(state.db.reader(), &folder.folder.id, name)
                .await
                .map_err(|e| fs_error(e.into()))?
                .ok_or(FsError::NotFound)?;
        let found = access::document(state, user, &document.id).await.map_err(fs_error)?;
        return Ok(Node::Document(Box::new(found)));
    }
    Ok(Node::Folder(Box::new(folder)))
}

/// How the services' refusals read in WebDAV.
pub fn fs_error(error: AppError) -> FsError {
    match error {
        AppError::NotFound => FsError::NotFound,
        AppError::Forbidden | AppError::Unauthenticated | AppError::InsufficientScope => {
            FsError::Forbidden
        }
        AppError::Invalid { code: "documents-quota-exceeded", .. } | AppError::StorageFull => {
            FsError::InsufficientStorage
        }
        AppError::PayloadTooLarge => FsError::TooLarge,
        AppError::Conflict("document_name_taken" | "folder_name_taken") => FsError::Exists,
        AppError::Invalid { .. } | AppError::BadRequest(_) | AppError::Conflict(_) => {
            FsError::Forbidden
        }
        other => {
            tracing::warn!(error = %other, "a WebDAV request failed");
            FsError::GeneralFailure
        }
    }
}

/// A file or folder's metadata as WebDAV shows it.
#[derive(Debug, Clone)]
pub struct Meta {
    pub size: u64,
    pub modified_ms: i64,
    pub folder: bool,
    /// Changes with each new version (clients reload on a new tag).
    pub tag: Option<String>,
}

impl Meta {
    pub fn folder(created_at: i64) -> Self {
        Self { size: 0, modified_ms: created_at, folder: true, tag: None }
    }

    pub fn document(document: &Document) -> Self {
        Self {
            size: u64::try_from(document.size_bytes).unwrap_or(0),
            modified_ms: document.updated_at,
            folder: false,
            tag: Some(format!("{}-{}", document.id, document.current_version)),
        }
    }
}

impl DavMetaData for Meta {
    fn len(&self) -> u64 {
        self.size
    }

    fn modified(&self) -> FsResult<SystemTime> {
        let ms = u64::try_from(self.modified_ms).unwrap_or(0);
        Ok(UNIX_EPOCH + Duration::from_millis(ms))
    }

    fn is_dir(&self) -> bool {
        self.folder
    }

    fn etag(&self) -> Option<String> {
        self.tag.clone()
    }
}

/// One line of a listing.
pub struct Entry {
    pub name: String,
    pub meta: Meta,
}

impl Entry {
    pub fn folder(folder: &Folder) -> Self {
        Self { name: folder.name.clone(), meta: Meta::folder(folder.created_at) }
    }

    pub fn document(document: &Document) -> Self {
        Self { name: document.name.clone(), meta: Meta::document(document) }
    }
}

impl DavDirEntry for Entry {
    fn name(&self) -> Vec<u8> {
        self.name.clone().into_bytes()
    }

    fn metadata(&self) -> FsFuture<'_, Box<dyn DavMetaData>> {
        let meta: Box<dyn DavMetaData> = Box::new(self.meta.clone());
        async move { Ok(meta) }.boxed()
    }
}
