//! Opened WebDAV files. Reading streams the opened version (a seek backwards opens it again,
//! forwards skips); writing streams into the same upload as the pages, which commits only when
//! the client has sent everything: a request cut short leaves no version.

use std::io::SeekFrom;

use bytes::{Buf, Bytes};
use dav_server::fs::{DavFile, DavMetaData, FsError, FsFuture};
use futures_util::{FutureExt, StreamExt, TryStreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::tree::{Meta, fs_error};
use crate::auth::CurrentUser;
use crate::documents::model::{DocumentId, FolderId};
use crate::documents::service::upload::{self, Target, Uploaded};
use crate::documents::service::{Action, read};
use crate::error::AppResult;
use crate::state::AppState;

/// The opened bytes, pumped by a task (a response body cannot be shared between threads; a
/// channel's receiving end can).
type Plain = mpsc::Receiver<Result<Bytes, std::io::Error>>;

/// A document opened for reading.
pub struct Reading {
    state: AppState,
    user: CurrentUser,
    id: DocumentId,
    meta: Meta,
    body: Option<Plain>,
    pending: Bytes,
    position: u64,
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reading").field("id", &self.id).field("position", &self.position).finish()
    }
}

impl Reading {
    pub fn new(state: AppState, user: CurrentUser, id: DocumentId, meta: Meta) -> Self {
        Self { state, user, id, meta, body: None, pending: Bytes::new(), position: 0 }
    }

    /// Opens the current version (audited as a download, like the pages).
    async fn open(&mut self) -> Result<(), FsError> {
        let opened = read::open(&self.state, &self.user, &self.id, None, Action::Download)
            .await
            .map_err(fs_error)?;
        let mut body = opened.body.into_data_stream().map_err(std::io::Error::other);
        let (sender, receiver) = mpsc::channel(4);
        tokio::spawn(async move {
            while let Some(chunk) = body.next().await {
                if sender.send(chunk).await.is_err() {
                    break;
                }
            }
        });
        self.body = Some(receiver);
        self.pending = Bytes::new();
        self.position = 0;
        Ok(())
    }

    /// Up to `count` bytes from where the file stands; empty at its end.
    async fn next(&mut self, count: usize) -> Result<Bytes, FsError> {
        if self.body.is_none() {
            self.open().await?;
        }
        while self.pending.is_empty() {
            let Some(body) = self.body.as_mut() else { return Ok(Bytes::new()) };
            match body.recv().await {
                Some(Ok(chunk)) => self.pending = chunk,
                Some(Err(_)) => return Err(FsError::GeneralFailure),
                None => return Ok(Bytes::new()),
            }
        }
        let taken = self.pending.split_to(count.min(self.pending.len()));
        self.position += taken.len() as u64;
        Ok(taken)
    }

    async fn seek_to(&mut self, target: u64) -> Result<u64, FsError> {
        if target < self.position || self.body.is_none() {
            self.open().await?;
        }
        while self.position < target {
            let want = usize::try_from(target - self.position).unwrap_or(usize::MAX);
            if self.next(want.min(1 << 20)).await?.is_empty() {
                break;
            }
        }
        Ok(self.position)
    }
}

impl DavFile for Reading {
    fn metadata(&mut self) -> FsFuture<'_, Box<dyn DavMetaData>> {
        let meta: Box<dyn DavMetaData> = Box::new(self.meta.clone());
        async move { Ok(meta) }.boxed()
    }

    fn write_buf(&mut self, _buf: Box<dyn Buf + Send>) -> FsFuture<'_, ()> {
        async { Err(FsError::Forbidden) }.boxed()
    }

    fn write_bytes(&mut self, _buf: Bytes) -> FsFuture<'_, ()> {
        async { Err(FsError::Forbidden) }.boxed()
    }

    fn read_bytes(&mut self, count: usize) -> FsFuture<'_, Bytes> {
        self.next(count).boxed()
    }

    fn seek(&mut self, pos: SeekFrom) -> FsFuture<'_, u64> {
        let target = match pos {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.meta.size.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        async move {
            match target {
                Some(target) if target <= self.meta.size => self.seek_to(target).await,
                _ => Err(FsError::GeneralFailure),
            }
        }
        .boxed()
    }

    fn flush(&mut self) -> FsFuture<'_, ()> {
        async { Ok(()) }.boxed()
    }
}

/// What goes from the request to the upload: bytes, then an explicit end. A channel closed
/// without the end (the request failed half way) makes the upload fail, so nothing is kept.
enum Piece {
    Bytes(Bytes),
    End,
}

/// A file being written: an upload running beside the request.
pub struct Writing {
    sender: Option<mpsc::Sender<Piece>>,
    upload: Option<JoinHandle<AppResult<Uploaded>>>,
    meta: Meta,
}

impl std::fmt::Debug for Writing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writing").field("open", &self.sender.is_some()).finish()
    }
}

impl Writing {
    /// Starts the upload of `name` into `folder` (a new version if a document has that name).
    pub fn start(state: AppState, user: CurrentUser, folder: FolderId, name: String) -> Self {
        let (sender, receiver) = mpsc::channel::<Piece>(8);
        let pieces = futures_util::stream::unfold(Some(receiver), |receiver| async move {
            let mut receiver = receiver?;
            match receiver.recv().await {
                Some(Piece::Bytes(bytes)) => Some((Ok(bytes), Some(receiver))),
                Some(Piece::End) => None,
                None => Some((Err("the request ended before the whole file was sent"), None)),
            }
        });
        let upload = tokio::spawn(async move {
            let target = Target::Folder(&folder);
            upload::upload(&state, &user, target, &name, Box::pin(pieces)).await
        });
        let meta = Meta { size: 0, modified_ms: 0, folder: false, tag: None };
        Self { sender: Some(sender), upload: Some(upload), meta }
    }

    async fn send(&mut self, piece: Piece) -> Result<(), FsError> {
        let delivered = match &self.sender {
            Some(sender) => sender.send(piece).await.is_ok(),
            None => false,
        };
        if delivered {
            Ok(())
        } else {
            Err(self.finish().await.err().unwrap_or(FsError::GeneralFailure))
        }
    }

    /// Waits for the upload's verdict.
    async fn finish(&mut self) -> Result<(), FsError> {
        self.sender = None;
        let Some(upload) = self.upload.take() else { return Ok(()) };
        let uploaded = upload.await.map_err(|_| FsError::GeneralFailure)?.map_err(fs_error)?;
        self.meta.tag = Some(format!("{}-{}", uploaded.document_id, uploaded.version));
        Ok(())
    }
}

impl DavFile for Writing {
    fn metadata(&mut self) -> FsFuture<'_, Box<dyn DavMetaData>> {
        let meta: Box<dyn DavMetaData> = Box::new(self.meta.clone());
        async move { Ok(meta) }.boxed()
    }

    fn write_buf(&mut self, mut buf: Box<dyn Buf + Send>) -> FsFuture<'_, ()> {
        let bytes = buf.copy_to_bytes(buf.remaining());
        self.write_bytes(bytes)
    }

    fn write_bytes(&mut self, buf: Bytes) -> FsFuture<'_, ()> {
        async move {
            self.meta.size += buf.len() as u64;
            self.send(Piece::Bytes(buf)).await
        }
        .boxed()
    }

    fn read_bytes(&mut self, _count: usize) -> FsFuture<'_, Bytes> {
        async { Err(FsError::Forbidden) }.boxed()
    }

    fn seek(&mut self, pos: SeekFrom) -> FsFuture<'_, u64> {
        // Only the start: partial writes (Content-Range PUT, PATCH) are not taken.
        let at_start = matches!(pos, SeekFrom::Start(0)) && self.meta.size == 0;
        async move { if at_start { Ok(0) } else { Err(FsError::NotImplemented) } }.boxed()
    }

    fn flush(&mut self) -> FsFuture<'_, ()> {
        async move {
            if self.sender.is_some() {
                self.send(Piece::End).await?;
            }
            self.finish().await
        }
        .boxed()
    }
}
