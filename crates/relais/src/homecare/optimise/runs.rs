//! Optimiser runs in progress on this instance: their cancel flag and progress.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A run in progress on this instance.
pub struct Run {
    pub(super) cancel: Arc<AtomicBool>,
    pub(super) started: Instant,
    pub(super) budget: Duration,
    pub(super) best_cost: Mutex<Option<f64>>,
}

impl Run {
    /// A run starting now with `budget` to spend.
    pub fn new(budget: Duration) -> Self {
        Self {
            cancel: Arc::default(),
            started: Instant::now(),
            budget,
            best_cost: Mutex::default(),
        }
    }

    /// Share of the time budget used, in percent.
    pub fn percent(&self) -> u32 {
        let share = self.started.elapsed().as_secs_f64() / self.budget.as_secs_f64().max(1e-3);
        (share * 100.0).clamp(0.0, 99.0) as u32
    }

    pub fn best_cost(&self) -> Option<f64> {
        self.best_cost.lock().ok().and_then(|c| *c)
    }
}

/// The runs in progress on this instance, by proposal id.
#[derive(Default)]
pub struct Runs(Mutex<HashMap<String, Arc<Run>>>);

impl Runs {
    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        self.0.lock().ok().and_then(|runs| runs.get(id).cloned())
    }

    pub(super) fn insert(&self, id: &str, run: Arc<Run>) {
        if let Ok(mut runs) = self.0.lock() {
            runs.insert(id.to_string(), run);
        }
    }

    pub(super) fn remove(&self, id: &str) {
        if let Ok(mut runs) = self.0.lock() {
            runs.remove(id);
        }
    }
}

/// Registered at start-up: this instance's optimiser runs.
pub fn start_runtime(
    _: &std::sync::Weak<crate::state::Inner>,
) -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Runs::default())
}
