//! Share links: a document or folder opened by someone without an account. The link carries a
//! random token; Relais generates a password, shows it once and advises sending it by another
//! channel (SMS, phone). Only digests are stored. A visitor who gives the password gets a pass
//! (a signed cookie, one hour at most) for this link; wrong passwords are counted and lock the
//! link after [`MAX_FAILURES`], and its creator is told. A link keeps working only while its
//! creator could still open what it shares: rights are checked as the creator at every access.

pub mod public;
pub mod service;
pub mod store;

use hmac::{Hmac, Mac};
use rand::Rng;
use serde::Serialize;
use sha2::Sha256;

use crate::documents::model::{DocumentId, FolderId};
use crate::secrets::{constant_time_eq, digest};
use crate::typed_id::{Flag, typed_id};

typed_id! {
    /// A share link.
    LinkId
}

/// Wrong passwords before the link locks.
pub const MAX_FAILURES: i64 = 10;
/// How long a link lasts when its creator does not say.
pub const DEFAULT_DAYS: i64 = 7;
/// The longest a link may last.
pub const MAX_DAYS: i64 = 90;
/// How long a visitor's pass lasts once the password was given.
pub const PASS_MS: i64 = crate::clock::HOUR_MS;

/// The letters a generated password uses: no 0/O, 1/I/L, easy to read out on the phone.
const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ShareLink {
    pub id: LinkId,
    pub org_id: String,
    pub document_id: Option<DocumentId>,
    pub folder_id: Option<FolderId>,
    #[sqlx(try_from = "i64")]
    pub drop_box: Flag,
    pub password_hash: String,
    pub expires_at: i64,
    pub max_downloads: Option<i64>,
    pub downloads: i64,
    pub failures: i64,
    pub locked_at: Option<i64>,
    pub reason: Option<String>,
    pub created_by: String,
    /// The creator's name (joined).
    pub created_by_name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// What the link shares: the document's or the folder's name (joined), empty if gone.
    pub subject_name: String,
}

/// Whether a link may be used now, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Open,
    Expired,
    Revoked,
    Locked,
    /// Its download limit is reached.
    UsedUp,
}

impl LinkState {
    /// The message key shown to the visitor and on the creator's list.
    pub fn key(self) -> &'static str {
        match self {
            LinkState::Open => "links-badge-open",
            LinkState::Expired => "links-state-expired",
            LinkState::Revoked => "links-state-revoked",
            LinkState::Locked => "links-state-locked",
            LinkState::UsedUp => "links-state-used-up",
        }
    }
}

impl LinkState {
    /// The short word for the creator's list.
    pub fn badge_key(self) -> &'static str {
        match self {
            LinkState::Open => "links-badge-open",
            LinkState::Expired => "links-badge-expired",
            LinkState::Revoked => "links-badge-revoked",
            LinkState::Locked => "links-badge-locked",
            LinkState::UsedUp => "links-badge-used-up",
        }
    }
}

impl ShareLink {
    pub fn state(&self, now: i64) -> LinkState {
        if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if self.locked_at.is_some() {
            LinkState::Locked
        } else if now >= self.expires_at {
            LinkState::Expired
        } else if self.max_downloads.is_some_and(|max| self.downloads >= max) {
            LinkState::UsedUp
        } else {
            LinkState::Open
        }
    }

    pub fn is_drop_box(&self) -> bool {
        self.drop_box.0
    }
}

/// A new link's token: 192 random bits, URL-safe.
pub fn new_token() -> String {
    crate::secrets::random_token(24)
}

/// Whether `text` could be a token (anything else is "not found" without a lookup).
pub fn is_token(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn token_hash(token: &str) -> String {
    digest(token)
}

/// A generated password: three groups of four (about 59 bits), e.g. `K7PM-Q3XR-W9TB`.
pub fn new_password() -> String {
    let mut rng = rand::rngs::OsRng;
    let letters: Vec<char> = (0..12)
        .map(|_| char::from(PASSWORD_ALPHABET[rng.gen_range(0..PASSWORD_ALPHABET.len())]))
        .collect();
    letters.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The password as typed, made comparable: case, spaces and dashes do not matter.
fn normalised(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .take(64)
        .collect()
}

/// The stored digest of a link's password, salted with the link's id.
pub fn password_hash(id: &LinkId, password: &str) -> String {
    digest(&format!("{id}:{}", normalised(password)))
}

pub fn password_matches(link: &ShareLink, typed: &str) -> bool {
    constant_time_eq(&password_hash(&link.id, typed), &link.password_hash)
}

/// A visitor's pass for one link until `until`: `link.until.mac`, signed with the installation's
/// share-link secret.
pub fn pass(secret: &[u8; 32], id: &LinkId, until: i64) -> String {
    format!("{id}.{until}.{}", pass_mac(secret, id, until))
}

/// Whether `pass` is a valid pass for `id` at `now`.
pub fn pass_holds(secret: &[u8; 32], pass: &str, id: &LinkId, now: i64) -> bool {
    let mut parts = pass.splitn(3, '.');
    let (Some(link), Some(until), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(until) = until.parse::<i64>() else { return false };
    link == id.as_str() && now < until && constant_time_eq(mac, &pass_mac(secret, id, until))
}

fn pass_mac(secret: &[u8; 32], id: &LinkId, until: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(format!("{id}.{until}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_read_out_easily_and_compared_loosely() {
        let password = new_password();
        assert_eq!(password.len(), 14);
        assert!(password.chars().all(|c| c == '-' || PASSWORD_ALPHABET.contains(&(c as u8))));
        let id = LinkId::generate();
        let stored = password_hash(&id, &password);
        let typed = password.to_lowercase().replace('-', " ");
        assert_eq!(password_hash(&id, &typed), stored);
        assert_ne!(password_hash(&LinkId::generate(), &password), stored, "salted by the link");
        assert_ne!(new_password(), password);
    }

    #[test]
    fn a_pass_holds_for_its_link_until_it_ends() {
        let secret = [7u8; 32];
        let id = LinkId::generate();
        let pass = pass(&secret, &id, 1_000);
        assert!(pass_holds(&secret, &pass, &id, 999));
        assert!(!pass_holds(&secret, &pass, &id, 1_000), "ended");
        assert!(!pass_holds(&secret, &pass, &LinkId::generate(), 999), "another link");
        assert!(!pass_holds(&[8u8; 32], &pass, &id, 999), "another installation");
        let forged = pass.replace(".1000.", ".9000.");
        assert!(!pass_holds(&secret, &forged, &id, 999), "a longer pass cannot be forged");
        assert!(!pass_holds(&secret, "junk", &id, 0));
    }

    #[test]
    fn tokens_are_recognised_before_any_lookup() {
        assert!(is_token(&new_token()));
        assert!(!is_token("../../etc/passwd"));
        assert!(!is_token(&"a".repeat(33)));
    }
}
