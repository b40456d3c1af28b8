//! Per-organisation data keys, unwrapped on first use and kept in memory.
//!
//! Fetching a key is async (it may read or create a row); sealing and opening are not, so that a
//! feature can fetch the key before its transaction and encrypt inside it.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rand::RngCore;
use rand::rngs::OsRng;

use super::kek::{Kek, open, seal};
use super::{CryptoError, store};
use crate::db::Db;

const FORMAT: u8 = 1;
const HEADER_LEN: usize = 5;
const KEK_CHECK: &str = "kek_check";
const KEK_CHECK_TEXT: &[u8] = b"relais key-encryption key check";
const SECRET_PREFIX: &str = "secret:";

/// Where a ciphertext lives; it will not decrypt anywhere else.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub row_id: &'a str,
}

impl Place<'_> {
    fn associated_data(&self, org_id: &str, version: u32) -> Vec<u8> {
        format!("relais:{}:{}:{}:{}:{}", self.table, self.column, self.row_id, org_id, version)
            .into_bytes()
    }
}

/// An unwrapped data key of one organisation.
#[derive(Clone)]
pub struct DataKey {
    org_id: String,
    version: u32,
    key: [u8; 32],
}

impl DataKey {
    pub fn version(&self) -> u32 {
        self.version
    }

    /// `format (1) || key version (4) || nonce (24) || ciphertext and tag`.
    pub fn seal(&self, place: Place<'_>, plaintext: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 24 + plaintext.len() + 16);
        out.push(FORMAT);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.extend_from_slice(&seal(
            &self.key,
            plaintext,
            &place.associated_data(&self.org_id, self.version),
        ));
        out
    }

    pub fn open(&self, place: Place<'_>, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed_version(sealed)? != self.version {
            return Err(CryptoError::UnknownKey(sealed_version(sealed)?));
        }
        open(&self.key, &sealed[HEADER_LEN..], &place.associated_data(&self.org_id, self.version))
    }

    /// A key that belongs to no organisation (a backup's, say).
    pub fn standalone(key: [u8; 32], label: &str) -> Self {
        Self { org_id: label.to_string(), version: 1, key }
    }

    pub(super) fn raw(&self) -> &[u8; 32] {
        &self.key
    }
}

/// The key version a ciphertext was sealed with.
pub fn sealed_version(sealed: &[u8]) -> Result<u32, CryptoError> {
    match sealed {
        [FORMAT, a, b, c, d, ..] => Ok(u32::from_be_bytes([*a, *b, *c, *d])),
        _ => Err(CryptoError::Malformed),
    }
}

#[derive(Clone)]
pub struct KeyRing {
    kek: Arc<Kek>,
    keys: Arc<RwLock<HashMap<(String, u32), DataKey>>>,
    secrets: Arc<RwLock<HashMap<String, [u8; 32]>>>,
    /// Each organisation's newest key as last read, and when: a rotation made by another process
    /// (`relais keys rotate`) is picked up within `CURRENT_FOR`.
    newest: Arc<RwLock<HashMap<String, (std::time::Instant, DataKey)>>>,
}

/// How long the newest key of an organisation is trusted without reading the database again.
const CURRENT_FOR: std::time::Duration = std::time::Duration::from_secs(30);

fn wrap_aad(org_id: &str, version: u32) -> String {
    format!("relais:data-key:{org_id}:{version}")
}

impl KeyRing {
    /// Checks the KEK against the database (recording it on first use); refuses a wrong one.
    pub async fn open(db: &Db, kek: Kek) -> Result<Self, CryptoError> {
        match store::meta(db.reader(), KEK_CHECK).await? {
            Some(check) => {
                let text =
                    kek.unwrap_secret(&check, KEK_CHECK).map_err(|_| CryptoError::WrongKek)?;
                if text != KEK_CHECK_TEXT {
                    return Err(CryptoError::WrongKek);
                }
            }
            None => {
                store::set_meta(db.writer(), KEK_CHECK, &kek.wrap(KEK_CHECK_TEXT, KEK_CHECK))
                    .await?
            }
        }
        Ok(Self {
            kek: Arc::new(kek),
            keys: Arc::default(),
            secrets: Arc::default(),
            newest: Arc::default(),
        })
    }

    /// The newest data key of an organisation, created if it has none.
    pub async fn current(&self, db: &Db, org_id: &str) -> Result<DataKey, CryptoError> {
        let fresh = self.newest.read().ok().and_then(|newest| {
            newest
                .get(org_id)
                .filter(|(at, _)| at.elapsed() < CURRENT_FOR)
                .map(|(_, key)| key.clone())
        });
        if let Some(key) = fresh {
            return Ok(key);
        }
        let mut versions = self.load(db, org_id).await?;
        if versions.is_empty() {
            self.create_version(db, org_id, 1).await?;
            versions = self.load(db, org_id).await?;
        }
        let key =
            versions.into_iter().max_by_key(|key| key.version).ok_or(CryptoError::UnknownKey(1))?;
        if let Ok(mut newest) = self.newest.write() {
            newest.insert(org_id.to_string(), (std::time::Instant::now(), key.clone()));
        }
        Ok(key)
    }

    /// The data key a ciphertext was sealed with.
    pub async fn for_sealed(
        &self,
        db: &Db,
        org_id: &str,
        sealed: &[u8],
    ) -> Result<DataKey, CryptoError> {
        self.for_version(db, org_id, sealed_version(sealed)?).await
    }

    /// The organisation's data key of a given version (read from a sealed stream's header).
    pub async fn for_version(
        &self,
        db: &Db,
        org_id: &str,
        version: u32,
    ) -> Result<DataKey, CryptoError> {
        if let Some(key) = self.cached(org_id, version) {
            return Ok(key);
        }
        self.load(db, org_id).await?;
        self.cached(org_id, version).ok_or(CryptoError::UnknownKey(version))
    }

    /// Seals with the organisation's current key.
    pub async fn seal(
        &self,
        db: &Db,
        org_id: &str,
        place: Place<'_>,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        Ok(self.current(db, org_id).await?.seal(place, plaintext))
    }

    pub async fn open_sealed(
        &self,
        db: &Db,
        org_id: &str,
        place: Place<'_>,
        sealed: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        self.for_sealed(db, org_id, sealed).await?.open(place, sealed)
    }

    /// Adds a new data key version for every organisation (`relais keys rotate`).
    pub async fn rotate(&self, db: &Db, org_ids: &[String]) -> Result<(), CryptoError> {
        for org_id in org_ids {
            let next = self.current(db, org_id).await?.version + 1;
            self.create_version(db, org_id, next).await?;
        }
        Ok(())
    }

    fn cached(&self, org_id: &str, version: u32) -> Option<DataKey> {
        self.keys.read().ok()?.get(&(org_id.to_string(), version)).cloned()
    }

    async fn load(&self, db: &Db, org_id: &str) -> Result<Vec<DataKey>, CryptoError> {
        let mut keys = Vec::new();
        for wrapped in store::data_keys(db.reader(), org_id).await? {
            let raw =
                self.kek.unwrap_secret(&wrapped.wrapped, &wrap_aad(org_id, wrapped.version))?;
            let key: [u8; 32] = raw.try_into().map_err(|_| CryptoError::Malformed)?;
            keys.push(DataKey { org_id: org_id.to_string(), version: wrapped.version, key });
        }
        if let Ok(mut cache) = self.keys.write() {
            for key in &keys {
                cache.insert((org_id.to_string(), key.version), key.clone());
            }
        }
        Ok(keys)
    }

    async fn create_version(&self, db: &Db, org_id: &str, version: u32) -> Result<(), CryptoError> {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        let wrapped = self.kek.wrap(&key, &wrap_aad(org_id, version));
        store::insert_data_key(db.writer(), org_id, version, &wrapped).await?;
        if let Ok(mut newest) = self.newest.write() {
            newest.remove(org_id);
        }
        Ok(())
    }

    /// A random installation-wide secret for `name` (e.g. the audit chain key), created on first
    /// use and kept wrapped by the KEK, so that it survives a KEK rotation.
    pub async fn installation_secret(&self, db: &Db, name: &str) -> Result<[u8; 32], CryptoError> {
        let meta_name = format!("{SECRET_PREFIX}{name}");
        if let Some(secret) = self.secrets.read().ok().and_then(|s| s.get(&meta_name).copied()) {
            return Ok(secret);
        }
        if store::meta(db.reader(), &meta_name).await?.is_none() {
            let mut secret = [0u8; 32];
            OsRng.fill_bytes(&mut secret);
            store::insert_meta_if_absent(
                db.writer(),
                &meta_name,
                &self.kek.wrap(&secret, &meta_name),
            )
            .await?;
        }
        let wrapped = store::meta(db.reader(), &meta_name).await?.ok_or(CryptoError::Malformed)?;
        let raw = self.kek.unwrap_secret(&wrapped, &meta_name)?;
        let secret: [u8; 32] = raw.try_into().map_err(|_| CryptoError::Malformed)?;
        if let Ok(mut secrets) = self.secrets.write() {
            secrets.insert(meta_name, secret);
        }
        Ok(secret)
    }

    /// Re-wraps every data key, installation secret and the KEK check under `new`
    /// (`relais keys rotate-kek`).
    pub async fn rewrap_all(&self, db: &Db, new: &Kek) -> Result<usize, CryptoError> {
        let all = store::all_data_keys(db.reader()).await?;
        let mut tx = db.begin().await?;
        for (org_id, wrapped) in &all {
            let aad = wrap_aad(org_id, wrapped.version);
            let raw = self.kek.unwrap_secret(&wrapped.wrapped, &aad)?;
            store::rewrap_data_key(&mut *tx, org_id, wrapped.version, &new.wrap(&raw, &aad))
                .await?;
        }
        for (name, wrapped) in store::meta_with_prefix(db.reader(), SECRET_PREFIX).await? {
            let raw = self.kek.unwrap_secret(&wrapped, &name)?;
            store::set_meta(&mut *tx, &name, &new.wrap(&raw, &name)).await?;
        }
        store::set_meta(&mut *tx, KEK_CHECK, &new.wrap(KEK_CHECK_TEXT, KEK_CHECK)).await?;
        tx.commit().await?;
        Ok(all.len())
    }
}
