//! The state every request handler receives: passed explicitly, no global statics.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::throttle::Throttles;
use crate::config::Settings;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub settings: Settings,
    pub db: Db,
    pub throttles: Throttles,
    /// Verified against when an account does not exist, so timing does not tell.
    pub dummy_password_hash: String,
}

impl AppState {
    pub async fn new(settings: Settings, db: Db) -> anyhow::Result<Self> {
        let dummy_password_hash = crate::auth::password::dummy_hash().await?;
        Ok(Self(Arc::new(Inner {
            settings,
            db,
            throttles: Throttles::default(),
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
