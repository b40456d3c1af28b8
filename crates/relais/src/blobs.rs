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
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::AsyncReadExt;

use crate::config::{Settings, StorageKind};

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

    /// The store the settings name: the data directory, or an S3-compatible bucket (files being
    /// received still wait in `data_dir/incoming`, encrypted).
    pub fn from_settings(settings: &Settings) -> Result<Self, BlobError> {
        match settings.storage.kind {
            StorageKind::Local => Self::local(&settings.data_dir),
            StorageKind::S3 => {
                let staging = settings.data_dir.join("incoming");
                std::fs::create_dir_all(&staging)?;
                let s3 = &settings.storage.s3;
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(
                        s3.secret_access_key.as_ref().map(|s| s.0.as_str()).unwrap_or_default(),
                    )
                    .with_allow_http(s3.allow_http);
                if !s3.endpoint.is_empty() {
                    builder = builder.with_endpoint(&s3.endpoint);
                }
                let bucket = builder.build()?;
                let store: Arc<dyn ObjectStore> = match s3.prefix.trim_matches('/') {
                    "" => Arc::new(bucket),
                    prefix => Arc::new(PrefixStore::new(bucket, prefix)),
                };
                Ok(Self { store, staging })
            }
        }
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
        Ok(self.sizes(prefix).await?.into_iter().map(|(key, _)| key).collect())
    }

    /// Every key under `prefix` with its size in bytes, sorted by key.
    pub async fn sizes(&self, prefix: &str) -> Result<Vec<(String, u64)>, BlobError> {
        let listed: Vec<_> = self.store.list(Some(&Key::from(prefix))).try_collect().await?;
        let mut sizes: Vec<_> =
            listed.into_iter().map(|meta| (meta.location.to_string(), meta.size)).collect();
        sizes.sort();
        Ok(sizes)
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
