//! Random tokens and their stored digests.
//!
//! Tokens handed to people (session cookies, setup and activation links, recovery codes) are
//! random; only their SHA-256 digest is stored, so a copy of the database cannot be used to sign in.

use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A URL-safe random token carrying `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}

/// The hex SHA-256 digest under which a token is stored.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets without leaking where they differ.
pub fn constant_time_eq(left: &str, right: &str) -> bool {
    left.as_bytes().ct_eq(right.as_bytes()).into()
}

/// A new identifier for a row: a time-ordered UUID as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A string that never shows its content in `Debug` output or logs.
#[derive(Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(transparent)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_url_safe() {
        let first = random_token(32);
        let second = random_token(32);
        assert_ne!(first, second);
        assert!(first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(first.len(), 43);
    }

    #[test]
    fn redacted_values_do_not_show_in_debug() {
        let secret = Redacted("postgres://user:hunter2@db/relais".into());
        assert_eq!(format!("{secret:?}"), "[redacted]");
    }

    #[test]
    fn digest_is_stable_hex() {
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(digest("abc"), digest("abc"));
        assert!(constant_time_eq("same", "same"));
        assert!(!constant_time_eq("same", "sane"));
    }
}
