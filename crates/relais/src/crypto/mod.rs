//! Encryption at rest: envelope encryption with XChaCha20-Poly1305.
//!
//! A key-encryption key (KEK), loaded at start from a file or the environment and never stored in
//! the database, wraps per-organisation data keys kept (wrapped) in `data_keys` with versions.
//! Every ciphertext is bound by its associated data to its table, column, row, organisation and
//! key version, so it cannot be moved to another place.

pub mod kek;
pub mod keyring;
pub mod rotation;
pub mod sealed_blob;
pub mod store;
pub mod stream;

pub use kek::Kek;
pub use keyring::{DataKey, KeyRing, Place};

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("ciphertext is malformed")]
    Malformed,
    #[error("ciphertext failed authentication (tampered, moved or wrong key)")]
    Authentication,
    #[error("data key version {0} is unknown")]
    UnknownKey(u32),
    #[error("the key-encryption key does not match this database: refusing to start")]
    WrongKek,
    #[error("key-encryption key: {0}")]
    Kek(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<CryptoError> for crate::error::AppError {
    fn from(error: CryptoError) -> Self {
        crate::error::AppError::internal(error)
    }
}
