//! The periodic jobs, registered at start-up by the platform and by each feature: the worker knows
//! a job by its kind's name and the function registered for it, never the feature behind it.

use futures_util::future::BoxFuture;

use crate::state::AppState;

/// What a job does, given the application.
pub type Work = fn(AppState) -> BoxFuture<'static, anyhow::Result<()>>;

/// A job that runs every `every_ms`, one run at a time across all instances.
#[derive(Clone, Copy)]
pub struct Periodic {
    pub kind: &'static str,
    pub every_ms: i64,
    pub work: Work,
}

impl std::fmt::Debug for Periodic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Periodic")
            .field("kind", &self.kind)
            .field("every_ms", &self.every_ms)
            .finish()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    periodic: Vec<Periodic>,
}

impl Registry {
    /// Registers `work` to run every `every_ms`; a kind is registered once.
    pub fn every(&mut self, kind: &'static str, every_ms: i64, work: Work) -> &mut Self {
        debug_assert!(self.find(kind).is_none(), "job kind {kind} registered twice");
        self.periodic.push(Periodic { kind, every_ms, work });
        self
    }

    pub fn periodic(&self) -> &[Periodic] {
        &self.periodic
    }

    /// The job registered under `kind`; unknown kinds (from a newer version, say) are `None`.
    pub fn find(&self, kind: &str) -> Option<&Periodic> {
        self.periodic.iter().find(|job| job.kind == kind)
    }
}
