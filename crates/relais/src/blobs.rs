//! Files too large for a database row (documents and their versions), behind one interface: the
//! data directory by default, S3-compatible object storage for deployments with several
//! instances (the `object_store` crate serves both). Blobs are written whole or not at all: a
//! put goes to a staging object that becomes visible only once complete, so an interrupted upload
//! leaves nothing behind. What is stored is always ciphertext (`crypto::stream`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::AsyncReadExt;

/// A blob operation that failed (missing blob, disk or network error).
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] object_store::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// How much of a file is read and sent at once when storing it.
const PART_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    staging: PathBuf,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs").field("store", &self.store.to_string()).finish()
    }
}

impl Blobs {
    /// Blobs in `data_dir/files/blobs` (so `relais backup` carries them with the other files),
    /// with files being received in `data_dir/incoming`.
    pub fn local(data_dir: &Path) -> Result<Self, BlobError> {
        let root = data_dir.join("files").join("blobs");
        let staging = data_dir.join("incoming");
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&staging)?;
        let store = LocalFileSystem::new_with_prefix(&root)?;
        Ok(Self { store: Arc::new(store), staging })
    }

    /// Where a file being received is written before it is stored (never plaintext).
    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// Stores the file at `file` under `key`, reading it part by part (memory stays flat).
    pub async fn put_file(&self, key: &str, file: &Path) -> Result<(), BlobError> {
        let upload = self.store.put_multipart(&Key::from(key)).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut file = tokio::fs::File::open(file).await?;
        let mut buffer = vec![0u8; PART_BYTES];
        loop {
            let read = file.read(&mut buffer).await?;
            if read == 0 {
                break;
            }
            writer.wait_for_capacity(2).await?;
            writer.write(&buffer[..read]);
        }
        writer.finish().await?;
        Ok(())
    }

    /// The blob's bytes as a stream.
    pub async fn get(
        &self,
        key: &str,
    ) -> Result<BoxStream<'static, Result<Bytes, std::io::Error>>, BlobError> {
        let found = self.store.get(&Key::from(key)).await.map_err(|error| match error {
            object_store::Error::NotFound { .. } => BlobError::NotFound,
            other => BlobError::Store(other),
        })?;
        Ok(found.into_stream().map_err(std::io::Error::other).boxed())
    }

    /// Removes a blob; one already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), BlobError> {
        match self.store.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(other) => Err(BlobError::Store(other)),
        }
    }

    /// Every key under `prefix` (for backups and the orphan sweep).
    pub async fn keys(&self, prefix: &str) -> Result<Vec<String>, BlobError> {
        let listed: Vec<_> = self.store.list(Some(&Key::from(prefix))).try_collect().await?;
        Ok(listed.into_iter().map(|meta| meta.location.to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stored_file_reads_back_and_deleting_twice_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::local(dir.path()).unwrap();
        let source = dir.path().join("source");
        let content: Vec<u8> = (0..(3 * PART_BYTES / 2)).map(|i| (i % 251) as u8).collect();
        std::fs::write(&source, &content).unwrap();
        blobs.put_file("documents/org/one", &source).await.unwrap();
        let read: Vec<Bytes> =
            blobs.get("documents/org/one").await.unwrap().try_collect().await.unwrap();
        assert_eq!(read.concat(), content);
        assert_eq!(blobs.keys("documents/org").await.unwrap(), ["documents/org/one"]);
        blobs.delete("documents/org/one").await.unwrap();
        blobs.delete("documents/org/one").await.unwrap();
        assert!(matches!(blobs.get("documents/org/one").await, Err(BlobError::NotFound)));
    }
}
