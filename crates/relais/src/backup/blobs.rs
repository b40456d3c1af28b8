//! Documents' files in a backup. They are already encrypted with the organisations' keys, so the
//! archive carries them as stored, one after another between the manifest (which gives each
//! one's key and size) and the sealed payload (which gives each one's SHA-256, so a changed byte
//! is found before anything is restored). They are streamed both ways: memory stays flat
//! whatever their size.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};

use crate::blobs::Blobs;

/// Where documents' blobs live in the store (every key the backup carries starts with it).
const PREFIX: &str = "documents";
const BUFFER: usize = 256 * 1024;

/// Every blob to carry, with its size.
pub async fn list(blobs: &Blobs) -> anyhow::Result<BTreeMap<String, u64>> {
    Ok(blobs.sizes(PREFIX).await?.into_iter().collect())
}

/// Copies each listed blob into `out`, in order; returns each one's SHA-256. A blob whose size
/// changed, or that vanished, since it was listed fails the backup (run it again).
pub async fn write(
    blobs: &Blobs,
    listed: &BTreeMap<String, u64>,
    out: &mut impl Write,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut digests = BTreeMap::new();
    for (key, size) in listed {
        let mut stream = blobs.get(key).await.map_err(|error| {
            anyhow::anyhow!("{key} could not be read ({error}): run the backup again")
        })?;
        let mut hasher = Sha256::new();
        let mut written = 0u64;
        while let Some(chunk) = stream.try_next().await? {
            hasher.update(&chunk);
            out.write_all(&chunk)?;
            written += chunk.len() as u64;
        }
        anyhow::ensure!(written == *size, "{key} changed during the backup: run it again");
        progress(key, 1);
        digests.insert(key.clone(), hex::encode(hasher.finalize()));
    }
    Ok(digests)
}

/// A blob read from an archive into a local file, waiting for the payload's check.
pub struct Staged {
    pub key: String,
    pub sha256: String,
    file: tempfile::NamedTempFile,
}

/// Reads each listed blob from `input` into a file in `staging`.
pub fn stage(
    input: &mut impl Read,
    listed: &BTreeMap<String, u64>,
    staging: &Path,
) -> anyhow::Result<Vec<Staged>> {
    let mut staged = Vec::with_capacity(listed.len());
    let mut buffer = vec![0u8; BUFFER];
    for (key, size) in listed {
        anyhow::ensure!(
            key.starts_with(&format!("{PREFIX}/"))
                && !key.split('/').any(|part| part == ".." || part.is_empty()),
            "the backup holds a blob key outside documents/: {key}"
        );
        let mut file = tempfile::NamedTempFile::new_in(staging)?;
        let mut hasher = Sha256::new();
        let mut left = *size;
        while left > 0 {
            let want = usize::try_from(left.min(BUFFER as u64))?;
            let read = input.read(&mut buffer[..want])?;
            anyhow::ensure!(read > 0, "the backup is truncated (in {key})");
            hasher.update(&buffer[..read]);
            file.write_all(&buffer[..read])?;
            left -= read as u64;
        }
        file.flush()?;
        staged.push(Staged { key: key.clone(), sha256: hex::encode(hasher.finalize()), file });
    }
    Ok(staged)
}

/// Checks the staged blobs against the digests the sealed payload holds.
pub fn check(staged: &[Staged], digests: &BTreeMap<String, String>) -> anyhow::Result<()> {
    anyhow::ensure!(staged.len() == digests.len(), "the documents do not match the manifest");
    for blob in staged {
        anyhow::ensure!(
            digests.get(&blob.key) == Some(&blob.sha256),
            "{} does not match the manifest",
            blob.key
        );
    }
    Ok(())
}

/// Puts the checked blobs into the store.
pub async fn put(
    blobs: &Blobs,
    staged: Vec<Staged>,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<()> {
    for blob in staged {
        blobs.put_file(&blob.key, blob.file.path()).await?;
        progress(&blob.key, 1);
    }
    Ok(())
}
