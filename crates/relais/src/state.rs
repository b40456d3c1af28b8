//! The state every request handler receives: passed explicitly, no global statics.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Weak};

use crate::audit::chain::AuditKey;
use crate::auth::throttle::Throttles;
use crate::config::Settings;
use crate::crypto::kek::KekSource;
use crate::crypto::{Kek, KeyRing};
use crate::db::Db;
use crate::events::bus::{EventBus, LocalBus, NatsBus};
use crate::events::hub::Hub;
use crate::events::publisher::Waker;
use crate::events::ws::Connections;

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
    /// Events delivered to this instance's WebSocket connections.
    pub hub: Hub,
    pub bus: Arc<dyn EventBus>,
    /// Wakes the outbox publisher after a commit.
    pub events: Waker,
    pub connections: Arc<Connections>,
    pub metrics: crate::metrics::Metrics,
    /// Verified against when an account does not exist, so timing does not tell.
    pub dummy_password_hash: String,
    /// What the features keep running on this instance (see `Runtimes`).
    pub runtimes: Runtimes,
    /// Reverse proxies whose forwarding headers are believed (`connections.trusted_proxies`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Connections open on this instance's listener.
    pub open_connections: Arc<crate::web::listener::Counter>,
    /// Whether writes are failing for want of storage space (see `web::storage`).
    pub storage: crate::web::storage::StorageHealth,
    /// Files kept outside the database (documents), sealed (see `blobs`).
    pub blobs: crate::blobs::Blobs,
    /// What "now" and "today" are (see `clock`).
    pub clock: crate::clock::Clock,
    /// The periodic jobs the platform and the features registered.
    pub jobs: crate::jobs::Registry,
    /// How to find the groups (teams, conversations…) whose live events a person receives.
    pub groups: crate::events::Groups,
    /// The identity providers' discovery documents and keys (single sign-on).
    pub sso: crate::auth::sso::oidc::Discovery,
}

/// What the features register with the platform at start-up (see `server::registrations`).
#[derive(Default)]
pub struct Registrations {
    pub jobs: crate::jobs::Registry,
    pub groups: crate::events::Groups,
    pub runtimes: Vec<StartRuntime>,
}

/// Starts one part a feature keeps running on each instance (it may hold the state weakly).
pub type StartRuntime = fn(&Weak<Inner>) -> Box<dyn Any + Send + Sync>;

/// What the features keep running on this instance — the optimiser's runs, the message writer,
/// the call rooms — each found by its type; the platform does not know them.
#[derive(Default)]
pub struct Runtimes(HashMap<TypeId, Box<dyn Any + Send + Sync>>);

impl Runtimes {
    fn start(starts: &[StartRuntime], state: &Weak<Inner>) -> Self {
        let parts = starts.iter().map(|start| start(state)).map(|part| ((*part).type_id(), part));
        Self(parts.collect())
    }

    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>()).and_then(|part| part.downcast_ref())
    }
}

impl AppState {
    /// A part a feature registered; unavailable if it was not (a mistake in `server`).
    pub fn runtime<T: Any>(&self) -> crate::error::AppResult<&T> {
        self.runtimes.get::<T>().ok_or(crate::error::AppError::Unavailable)
    }
}

impl AppState {
    /// Loads (or generates) the key-encryption key, checks it against the database, and builds
    /// the state. A wrong key is an error: the server must not start.
    pub async fn new(settings: Settings, db: Db, features: Registrations) -> anyhow::Result<Self> {
        let (kek, kek_source) = Kek::load_or_generate(&settings)?;
        let keys = KeyRing::open(&db, kek).await?;
        let audit_key = AuditKey::load(&db, &keys).await?;
        let dummy_password_hash = crate::auth::password::dummy_hash().await?;
        let hub = Hub::default();
        let bus: Arc<dyn EventBus> = match settings.nats_url() {
            Some(url) => Arc::new(NatsBus::start(url, &settings.bus_stream, hub.clone()).await?),
            None => Arc::new(LocalBus::new(hub.clone())),
        };
        let trusted_proxies = settings.connections.proxy_ranges();
        let blobs = crate::blobs::Blobs::from_settings(&settings)?;
        Ok(Self(Arc::new_cyclic(|weak| Inner {
            blobs,
            trusted_proxies,
            settings,
            db,
            throttles: Throttles::default(),
            keys,
            audit_key,
            kek_source,
            hub,
            bus,
            events: Waker::default(),
            connections: Arc::default(),
            metrics: crate::metrics::Metrics::default(),
            dummy_password_hash,
            runtimes: Runtimes::start(&features.runtimes, weak),
            open_connections: Arc::default(),
            storage: Default::default(),
            clock: crate::clock::Clock::system(),
            jobs: features.jobs,
            groups: features.groups,
            sso: Default::default(),
        })))
    }

    /// The state again, for a task that holds it weakly (so that it ends with the server).
    pub fn upgrade(weak: &std::sync::Weak<Inner>) -> Option<Self> {
        weak.upgrade().map(Self)
    }
}

impl Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
