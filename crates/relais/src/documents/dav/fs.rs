//! The documents as a WebDAV file system, for one person at a time: the person signed in with an
//! application password is the `credentials` of every call, and every call goes through the same
//! services (rights, patient checks, audit, quotas, versions, trash) as the pages.

use dav_server::davpath::DavPath;
use dav_server::fs::{
    DavDirEntry, DavFile, DavMetaData, FsError, FsFuture, FsStream, GuardedFileSystem, OpenOptions,
    ReadDirMeta,
};
use futures_util::FutureExt;

use super::file::{Reading, Writing};
use super::tree::{self, Entry, Meta, Node, fs_error, resolve};
use crate::auth::CurrentUser;
use crate::documents::rights::Level;
use crate::documents::service::{access, manage};
use crate::state::AppState;

#[derive(Clone)]
pub struct DocumentsFs {
    pub state: AppState,
}

/// The folder a new file or folder goes into, and its name.
async fn parent_and_name(
    state: &AppState,
    user: &CurrentUser,
    path: &DavPath,
) -> Result<(access::FolderAccess, String), FsError> {
    let mut names = tree::segments(path)?;
    let name = names.pop().ok_or(FsError::Forbidden)?;
    match tree::resolve_names(state, user, &names).await? {
        Node::Folder(folder) => Ok((*folder, name)),
        // Spaces are made by Relais, not by clients; documents hold nothing.
        Node::Root | Node::Document(_) => Err(FsError::Forbidden),
    }
}

impl GuardedFileSystem<CurrentUser> for DocumentsFs {
    fn open<'a>(
        &'a self,
        path: &'a DavPath,
        options: OpenOptions,
        user: &'a CurrentUser,
    ) -> FsFuture<'a, Box<dyn DavFile>> {
        async move {
            let state = self.state.clone();
            if !options.write {
                return match resolve(&state, user, path).await? {
                    Node::Document(found) => {
                        let meta = Meta::document(&found.document);
                        let file = Reading::new(state, user.clone(), found.document.id, meta);
                        Ok(Box::new(file) as Box<dyn DavFile>)
                    }
                    Node::Root | Node::Folder(_) => Err(FsError::Forbidden),
                };
            }
            if options.append {
                return Err(FsError::NotImplemented);
            }
            if options.size.is_some_and(|size| size > state.settings.limits.max_document_bytes) {
                return Err(FsError::TooLarge);
            }
            let (folder, name) = parent_and_name(&state, user, path).await?;
            folder.require(Level::Write).map_err(fs_error)?;
            if options.create_new || !options.create {
                let exists = matches!(resolve(&state, user, path).await, Ok(Node::Document(_)));
                if exists == options.create_new {
                    return Err(if exists { FsError::Exists } else { FsError::NotFound });
                }
            }
            let file = Writing::start(state, user.clone(), folder.folder.id, name);
            Ok(Box::new(file) as Box<dyn DavFile>)
        }
        .boxed()
    }

    fn read_dir<'a>(
        &'a self,
        path: &'a DavPath,
        _meta: ReadDirMeta,
        user: &'a CurrentUser,
    ) -> FsFuture<'a, FsStream<Box<dyn DavDirEntry>>> {
        async move {
            let entries: Vec<Entry> = match resolve(&self.state, user, path).await? {
                Node::Root => tree::spaces(&self.state, user)
                    .await?
                    .into_iter()
                    .map(|(name, _)| Entry { name, meta: Meta::folder(0) })
                    .collect(),
                Node::Folder(folder) => {
                    let (folders, documents) =
                        access::contents(&self.state, user, &folder.folder.id)
                            .await
                            .map_err(fs_error)?;
                    folders
                        .iter()
                        .map(Entry::folder)
                        .chain(documents.iter().map(Entry::document))
                        .collect()
                }
                Node::Document(_) => return Err(FsError::Forbidden),
            };
            let entries =
                entries.into_iter().map(|entry| Ok(Box::new(entry) as Box<dyn DavDirEntry>));
            Ok(Box::pin(futures_util::stream::iter(entries)) as FsStream<Box<dyn DavDirEntry>>)
        }
        .boxed()
    }

    fn metadata<'a>(
        &'a self,
        path: &'a DavPath,
        user: &'a CurrentUser,
    ) -> FsFuture<'a, Box<dyn DavMetaData>> {
        async move {
            let meta = match resolve(&self.state, user, path).await? {
                Node::Root => Meta::folder(0),
                Node::Folder(folder) => Meta::folder(folder.folder.created_at),
                Node::Document(found) => Meta::document(&found.document),
            };
            Ok(Box::new(meta) as Box<dyn DavMetaData>)
        }
        .boxed()
    }

    fn create_dir<'a>(&'a self, path: &'a DavPath, user: &'a CurrentUser) -> FsFuture<'a, ()> {
        async move {
            if resolve(&self.state, user, path).await.is_ok() {
                return Err(FsError::Exists);
            }
            let (parent, name) = parent_and_name(&self.state, user, path).await?;
            manage::create_folder(&self.state, user, &parent.folder.id, &name)
                .await
                .map(|_| ())
                .map_err(fs_error)
        }
        .boxed()
    }

    fn remove_dir<'a>(&'a self, path: &'a DavPath, user: &'a CurrentUser) -> FsFuture<'a, ()> {
        async move {
            match resolve(&self.state, user, path).await? {
                Node::Folder(folder) => {
                    manage::trash_folder(&self.state, user, &folder.folder.id, true)
                        .await
                        .map_err(fs_error)
                }
                Node::Root | Node::Document(_) => Err(FsError::Forbidden),
            }
        }
        .boxed()
    }

    fn remove_file<'a>(&'a self, path: &'a DavPath, user: &'a CurrentUser) -> FsFuture<'a, ()> {
        async move {
            match resolve(&self.state, user, path).await? {
                Node::Document(found) => manage::trash(&self.state, user, &found.document.id, true)
                    .await
                    .map_err(fs_error),
                Node::Root | Node::Folder(_) => Err(FsError::Forbidden),
            }
        }
        .boxed()
    }

    /// MOVE: into another folder and/or under another name.
    fn rename<'a>(
        &'a self,
        from: &'a DavPath,
        to: &'a DavPath,
        user: &'a CurrentUser,
    ) -> FsFuture<'a, ()> {
        async move {
            let state = &self.state;
            let source = resolve(state, user, from).await?;
            let (target, name) = parent_and_name(state, user, to).await?;
            match source {
                Node::Document(found) => {
                    let id = &found.document.id;
                    if found.document.folder_id != target.folder.id {
                        manage::move_to(state, user, id, &target.folder.id)
                            .await
                            .map_err(fs_error)?;
                    }
                    if found.document.name != name {
                        manage::rename(state, user, id, &name).await.map_err(fs_error)?;
                    }
                    Ok(())
                }
                Node::Folder(folder) => {
                    let id = &folder.folder.id;
                    if folder.folder.parent_id.as_ref() != Some(&target.folder.id) {
                        manage::move_folder(state, user, id, &target.folder.id)
                            .await
                            .map_err(fs_error)?;
                    }
                    if folder.folder.name != name {
                        manage::rename_folder(state, user, id, &name).await.map_err(fs_error)?;
                    }
                    Ok(())
                }
                Node::Root => Err(FsError::Forbidden),
            }
        }
        .boxed()
    }

    fn get_quota<'a>(&'a self, _user: &'a CurrentUser) -> FsFuture<'a, (u64, Option<u64>)> {
        async { Err(FsError::NotImplemented) }.boxed()
    }
}
