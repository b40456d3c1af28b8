//! Receiving a file: the bytes are sealed chunk by chunk as they arrive (never whole in memory,
//! never written in clear), counted, hashed and typed from their first bytes, into a staging file
//! that becomes a blob only once complete. A client that stops half way, or a file over the
//! quota, leaves nothing behind.

use std::io::Read;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::crypto::{DataKey, Place};
use crate::documents::model::VersionId;
use crate::error::{AppError, AppResult};

/// How many bytes are looked at to tell a file's type.
const HEAD_BYTES: usize = 8 * 1024;

/// A file received and sealed, waiting to be stored.
pub struct Staged {
    pub file: tempfile::NamedTempFile,
    pub size_bytes: i64,
    pub sha256: String,
    pub media_type: &'static str,
}

/// Where a version's sealed bytes are bound to (the blob cannot be swapped for another's).
pub fn place(version: &VersionId) -> Place<'_> {
    Place { table: "document_versions", column: "blob", row_id: version.as_str() }
}

/// What the sealing side learns while reading.
struct Counting {
    chunks: mpsc::Receiver<Bytes>,
    current: Bytes,
    hasher: Sha256,
    total: u64,
    head: Vec<u8>,
}

impl Read for Counting {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = chunk,
                None => return Ok(0),
            }
        }
        let n = buffer.len().min(self.current.len());
        let taken = self.current.split_to(n);
        buffer[..n].copy_from_slice(&taken);
        self.hasher.update(&taken);
        self.total += n as u64;
        if self.head.len() < HEAD_BYTES {
            let room = HEAD_BYTES - self.head.len();
            self.head.extend_from_slice(&taken[..room.min(n)]);
        }
        Ok(n)
    }
}

/// Reads `body` to its end, sealing it with `key` for `version` into a staging file in `dir`.
/// More than `max_bytes` is refused as soon as it is seen ("quota"), a broken stream as a bad
/// request; in both cases the staging file is removed.
pub async fn receive<E: std::fmt::Display>(
    dir: &std::path::Path,
    key: DataKey,
    version: VersionId,
    mut body: impl Stream<Item = Result<Bytes, E>> + Unpin,
    max_bytes: u64,
) -> AppResult<Staged> {
    let staging = tempfile::NamedTempFile::new_in(dir).map_err(internal)?;
    let writer = staging.reopen().map_err(internal)?;
    let (sender, chunks) = mpsc::channel::<Bytes>(8);
    let sealing = tokio::task::spawn_blocking(move || {
        let mut reader = Counting {
            chunks,
            current: Bytes::new(),
            hasher: Sha256::new(),
            total: 0,
            head: Vec::new(),
        };
        let writer = std::io::BufWriter::new(writer);
        crate::crypto::stream::seal(&key, place(&version), &mut reader, writer).map(|_| reader)
    });
    let mut received: u64 = 0;
    let mut refusal = None;
    while let Some(chunk) = body.next().await {
        match chunk {
            Ok(chunk) => {
                received += chunk.len() as u64;
                if received > max_bytes {
                    refusal =
                        Some(AppError::Invalid { field: "file", code: "documents-quota-exceeded" });
                    break;
                }
                if sender.send(chunk).await.is_err() {
                    break;
                }
            }
            Err(error) => {
                refusal = Some(AppError::BadRequest(format!("upload interrupted: {error}")));
                break;
            }
        }
    }
    drop(sender);
    let reader = sealing.await.map_err(internal)?.map_err(|e| AppError::Internal(e.into()))?;
    if let Some(refusal) = refusal {
        return Err(refusal);
    }
    let media_type = crate::web::file_type::sniff(&reader.head).media_type();
    Ok(Staged {
        file: staging,
        size_bytes: i64::try_from(reader.total).map_err(internal)?,
        sha256: hex::encode(reader.hasher.finalize()),
        media_type,
    })
}

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(error.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::standalone([7; 32], "test")
    }

    fn chunks(
        parts: Vec<Result<Bytes, String>>,
    ) -> impl Stream<Item = Result<Bytes, String>> + Unpin {
        futures_util::stream::iter(parts)
    }

    #[tokio::test]
    async fn a_file_is_sealed_counted_hashed_and_typed_from_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let version = VersionId::generate();
        let body = chunks(vec![
            Ok(Bytes::from_static(b"%PDF-1.7 ")),
            Ok(Bytes::from(vec![b'x'; 200_000])),
        ]);
        let staged = receive(dir.path(), key(), version.clone(), body, 1 << 20).await.unwrap();
        assert_eq!(staged.size_bytes, 200_009);
        assert_eq!(staged.media_type, "application/pdf");
        let sealed = std::fs::read(staged.file.path()).unwrap();
        assert!(!sealed.windows(9).any(|w| w == b"%PDF-1.7 "), "never in clear on disk");
        let mut opened = Vec::new();
        crate::crypto::stream::open(&key(), place(&version), &sealed[..], &mut opened).unwrap();
        assert_eq!(opened.len(), 200_009);
        assert_eq!(staged.sha256, hex::encode(Sha256::digest(&opened)));
    }

    #[tokio::test]
    async fn an_interrupted_or_oversized_upload_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let broken = chunks(vec![Ok(Bytes::from_static(b"half")), Err("connection reset".into())]);
        let refused = receive(dir.path(), key(), VersionId::generate(), broken, 1 << 20).await;
        assert!(matches!(refused, Err(AppError::BadRequest(_))));
        let big = chunks(vec![Ok(Bytes::from(vec![0u8; 600])), Ok(Bytes::from(vec![0u8; 600]))]);
        let refused = receive(dir.path(), key(), VersionId::generate(), big, 1000).await;
        assert!(matches!(refused, Err(AppError::Invalid { code: "documents-quota-exceeded", .. })));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
