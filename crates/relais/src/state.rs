//! The state every request handler receives: passed explicitly, no global statics.

use std::ops::Deref;
use std::sync::Arc;

use crate::audit::chain::AuditKey;
use crate::auth::throttle::Throttles;
use crate::config::Settings;
use crate::crypto::kek::KekSource;
use crate::crypto::{Kek, KeyRing};
use crate::db::Db;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub settings: Settings,
    pub db: Db,
    pub throttles: Throttles,
    pub keys: KeyRing,
    /// Authenticates the audit chain and its checkpoints.
    pub audit_key: AuditKey,
    /// Where the key-encryption key came from (the admin page warns when it sits in the data dir).
    pub kek_source: KekSource,
    /// Verified against when an account does not exist, so timing does not tell.
    pub dummy_password_hash: String,
}

impl AppState {
    /// Loads (or generates) the key-encryption key, checks it against the database, and builds
    /// the state. A wrong key is an error: the server must not start.
    pub async fn new(settings: Settings, db: Db) -> anyhow::Result<Self> {
        let (kek, kek_source) = Kek::load_or_generate(&settings)?;
        let keys = KeyRing::open(&db, kek).await?;
        let audit_key = AuditKey::load(&db, &keys).await?;
        let dummy_password_hash = crate::auth::password::dummy_hash().await?;
        Ok(Self(Arc::new(Inner {
            settings,
            db,
            throttles: Throttles::default(),
            keys,
            audit_key,
            kek_source,
            dummy_password_hash,
        })))
    }
}

impl Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
