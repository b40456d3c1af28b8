//! The key-encryption key: 32 random bytes, base64, in a file with mode 0600 or in
//! `RELAIS__ENCRYPTION__KEK`. Generated into the data directory on first start if none is set.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;

use super::CryptoError;
use crate::config::Settings;

pub const KEK_FILE: &str = "kek.key";
const NONCE_LEN: usize = 24;

pub struct Kek {
    key: [u8; 32],
}

impl std::fmt::Debug for Kek {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Kek([redacted])")
    }
}

/// Where the KEK came from, to tell the operator what to back up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KekSource {
    Environment,
    File(PathBuf),
    /// Generated at this start into the data directory.
    Generated(PathBuf),
}

impl KekSource {
    /// True when the KEK sits in the data directory, next to what it protects.
    pub fn inside_data_dir(&self, data_dir: &Path) -> bool {
        match self {
            KekSource::Environment => false,
            KekSource::File(path) | KekSource::Generated(path) => path.starts_with(data_dir),
        }
    }
}

impl Kek {
    pub fn from_bytes(key: [u8; 32]) -> Self {
        Self { key }
    }

    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self { key }
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.key)
    }

    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| CryptoError::Kek("not valid base64".into()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| CryptoError::Kek("must be 32 bytes (44 base64 characters)".into()))?;
        Ok(Self { key })
    }

    /// Loads the KEK from the environment or its file; never generates one.
    pub fn load(settings: &Settings) -> Result<Self, CryptoError> {
        if let Some(text) = settings.encryption.kek.as_ref().filter(|k| !k.0.is_empty()) {
            return Self::parse(&text.0);
        }
        let path = settings
            .encryption
            .kek_file
            .clone()
            .unwrap_or_else(|| settings.data_dir.join(KEK_FILE));
        let text = std::fs::read_to_string(&path).map_err(|e| {
            CryptoError::Kek(format!(
                "cannot read {} ({e}); set encryption.kek_file or RELAIS__ENCRYPTION__KEK",
                path.display()
            ))
        })?;
        Self::parse(&text)
    }

    /// Loads the KEK from the environment or its file, or generates one into the data directory.
    pub fn load_or_generate(settings: &Settings) -> Result<(Self, KekSource), CryptoError> {
        if let Some(text) = settings.encryption.kek.as_ref().filter(|k| !k.0.is_empty()) {
            return Ok((Self::parse(&text.0)?, KekSource::Environment));
        }
        let path = settings
            .encryption
            .kek_file
            .clone()
            .unwrap_or_else(|| settings.data_dir.join(KEK_FILE));
        if path.exists() {
            warn_if_readable_by_others(&path);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| CryptoError::Kek(format!("cannot read {}: {e}", path.display())))?;
            return Ok((Self::parse(&text)?, KekSource::File(path)));
        }
        if settings.encryption.kek_file.is_some() {
            return Err(CryptoError::Kek(format!(
                "configured file {} does not exist",
                path.display()
            )));
        }
        std::fs::create_dir_all(&settings.data_dir)?;
        let kek = Self::generate();
        write_private(&path, &kek.to_base64())?;
        tracing::warn!(
            path = %path.display(),
            "generated a new key-encryption key: back it up separately from the database \
             and backups — without it the encrypted data cannot be read"
        );
        Ok((kek, KekSource::Generated(path)))
    }

    /// Encrypts a small secret (a data key) under the KEK, bound to `aad`.
    pub fn wrap(&self, secret: &[u8], aad: &str) -> Vec<u8> {
        seal(&self.key, secret, aad.as_bytes())
    }

    pub fn unwrap_secret(&self, wrapped: &[u8], aad: &str) -> Result<Vec<u8>, CryptoError> {
        open(&self.key, wrapped, aad.as_bytes())
    }
}

/// `nonce || ciphertext+tag` with a random 192-bit nonce.
pub(super) fn seal(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    // Encryption only fails for plaintexts over 256 GiB.
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    out
}

pub(super) fn open(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < NONCE_LEN + 16 {
        return Err(CryptoError::Malformed);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad })
        .map_err(|_| CryptoError::Authentication)
}

fn write_private(path: &Path, text: &str) -> Result<(), CryptoError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| CryptoError::Kek(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path)
            && metadata.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(path = %path.display(), "the key-encryption key file is readable by others: chmod 600 it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_secrets_open_only_with_the_same_key_and_associated_data() {
        let kek = Kek::generate();
        let wrapped = kek.wrap(b"data key", "org-a:1");
        assert_eq!(kek.unwrap_secret(&wrapped, "org-a:1").unwrap(), b"data key");
        assert!(kek.unwrap_secret(&wrapped, "org-b:1").is_err());
        assert!(Kek::generate().unwrap_secret(&wrapped, "org-a:1").is_err());
        let mut tampered = wrapped.clone();
        tampered[30] ^= 1;
        assert!(kek.unwrap_secret(&tampered, "org-a:1").is_err());
        assert!(kek.unwrap_secret(&wrapped[..10], "org-a:1").is_err());
    }

    #[test]
    fn a_kek_is_44_base64_characters() {
        let kek = Kek::generate();
        assert_eq!(Kek::parse(&kek.to_base64()).unwrap().key, kek.key);
        assert!(Kek::parse("short").is_err());
        assert!(Kek::parse("not base64 at all!!").is_err());
    }

    #[test]
    fn a_generated_kek_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings { data_dir: dir.path().into(), ..Settings::default() };
        let (kek, source) = Kek::load_or_generate(&settings).unwrap();
        let path = dir.path().join(KEK_FILE);
        assert_eq!(source, KekSource::Generated(path.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let (again, source) = Kek::load_or_generate(&settings).unwrap();
        assert_eq!(again.key, kek.key);
        assert_eq!(source, KekSource::File(path));
    }
}
