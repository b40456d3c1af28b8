//! Sealed blobs: a file sealed with `stream::seal` and stored in `state.blobs` (documents'
//! versions, exports), stored from a staging file and read back as a response body.

use axum::body::Body;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use tokio_util::io::{ReaderStream, StreamReader, SyncIoBridge};

use super::Place;
use crate::blobs::BlobError;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Where a sealed blob was sealed: its row's table, column and id (owned, for the thread that
/// opens it).
#[derive(Debug, Clone)]
pub struct Sealed {
    pub table: &'static str,
    pub column: &'static str,
    pub row_id: String,
    pub blob_key: String,
}

impl Sealed {
    fn place(&self) -> Place<'_> {
        Place { table: self.table, column: self.column, row_id: &self.row_id }
    }
}

/// A blob error as the person sees it: gone, storage full, or an internal error.
pub fn blob_error(error: BlobError) -> AppError {
    match error {
        BlobError::NotFound => AppError::NotFound,
        BlobError::Io(io) if io.raw_os_error() == Some(28) => AppError::StorageFull,
        other => AppError::Internal(other.into()),
    }
}

/// Seals `plaintext` with the organisation's current key and stores it; returns the stored size.
pub async fn store(
    state: &AppState,
    org_id: &str,
    sealed: &Sealed,
    plaintext: Vec<u8>,
) -> AppResult<u64> {
    let key =
        state.keys.current(&state.db, org_id).await.map_err(|e| AppError::Internal(e.into()))?;
    let staging = tempfile::NamedTempFile::new_in(state.blobs.staging_dir())
        .map_err(|e| AppError::Internal(e.into()))?;
    let writer = staging.reopen().map_err(|e| AppError::Internal(e.into()))?;
    let owned = sealed.clone();
    tokio::task::spawn_blocking(move || {
        super::stream::seal(
            &key,
            owned.place(),
            plaintext.as_slice(),
            std::io::BufWriter::new(writer),
        )
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(e.into()))?;
    let size = staging.as_file().metadata().map_err(|e| AppError::Internal(e.into()))?.len();
    state.blobs.put_file(&sealed.blob_key, staging.path()).await.map_err(blob_error)?;
    Ok(size)
}

/// The opened bytes of a sealed blob as a body: read and opened on a blocking thread that writes
/// into a small pipe the response reads from.
pub async fn open(state: &AppState, org_id: &str, sealed: &Sealed) -> AppResult<Body> {
    let mut stream = state.blobs.get(&sealed.blob_key).await.map_err(blob_error)?;
    let first: Bytes = match stream.next().await {
        Some(chunk) => chunk.map_err(|e| AppError::Internal(e.into()))?,
        None => return Err(AppError::Internal(anyhow::anyhow!("empty blob {}", sealed.blob_key))),
    };
    let key_version = super::stream::version(&first).map_err(|e| AppError::Internal(e.into()))?;
    let key = state
        .keys
        .for_version(&state.db, org_id, key_version)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let whole = futures_util::stream::iter([Ok(first)]).chain(stream);
    let reader = SyncIoBridge::new(StreamReader::new(whole.map_err(std::io::Error::other)));
    let (pipe_in, pipe_out) = tokio::io::duplex(256 * 1024);
    let writer = SyncIoBridge::new(pipe_in);
    let owned = sealed.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(error) = super::stream::open(&key, owned.place(), reader, writer) {
            // The client sees the response cut short (its length does not match): never a
            // silently altered file.
            tracing::error!(%error, blob = owned.blob_key.as_str(), "a sealed blob could not be opened");
        }
    });
    Ok(Body::from_stream(ReaderStream::new(pipe_out)))
}
