//! Ruin and recreate under simulated annealing: slack-inducing string removals (Christiaens and
//! Vanden Berghe, 2020) followed by greedy insertion with blinks and a local search between the
//! routes around what changed, after route elimination has brought the fleet down. The objective
//! is hierarchical: unassigned customers, then vehicles, then distance.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::Rng;

use crate::instance::Instance;
use crate::ruin_recreate::Search;
use crate::state::State;

#[derive(Debug, Clone)]
pub struct Settings {
    pub time_limit: Duration,
    /// An iteration budget (for reproducible runs); `u64::MAX` for time only.
    pub max_iterations: u64,
    pub seed: u64,
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            max_iterations: u64::MAX,
            seed: 1,
            cancel: None,
        }
    }
}

/// The best solution so far, reported whenever it improves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub elapsed: Duration,
    pub iteration: u64,
    pub vehicles: usize,
    pub distance: f64,
    pub unassigned: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Customers in visiting order, one list per vehicle used.
    pub routes: Vec<Vec<usize>>,
    pub distance: f64,
    /// Customers that could not be planned, and why.
    pub unassigned: Vec<(usize, &'static str)>,
    /// Iterations of the search (fleet minimisation and distance), for measuring its speed.
    pub iterations: u64,
}

const START_TEMPERATURE: f64 = 100.0;
/// Share of the time (or iteration budget) spent first on removing vehicles.
const FLEET_SHARE: f64 = 0.4;
const END_TEMPERATURE: f64 = 1.0;

/// Plans every customer it can within the settings' limits.
pub fn solve(
    instance: &Instance,
    settings: &Settings,
    mut progress: impl FnMut(&Progress),
) -> Solution {
    let started = Instant::now();
    let cancelled = || settings.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed));
    let unservable = instance.unservable();
    let plannable: Vec<usize> =
        (1..instance.len()).filter(|c| !unservable.iter().any(|(u, _)| u == c)).collect();
    let mut search = Search::new(instance, settings.seed);
    let mut current = State::empty(instance);
    let mut initial = plannable.clone();
    search.recreate(&mut current, &mut initial, true);
    search.local_search().improve(&mut current, &plannable);
    let fleet_deadline = settings.time_limit.mul_f64(FLEET_SHARE);
    let fleet_iterations = (settings.max_iterations as f64 * FLEET_SHARE) as u64;
    let mut fleet_iterations_done = 0;
    let stop = |iteration: u64| {
        started.elapsed() >= fleet_deadline || iteration >= fleet_iterations || cancelled()
    };
    current = search.minimise_fleet(current, |iteration| {
        fleet_iterations_done = iteration;
        stop(iteration)
    });
    let phase_start = started.elapsed();
    let mut best = current.clone();
    let report = |state: &State, iteration: u64, progress: &mut dyn FnMut(&Progress)| {
        progress(&Progress {
            elapsed: started.elapsed(),
            iteration,
            vehicles: state.routes.len(),
            distance: state.distance(),
            unassigned: state.unassigned.len(),
        });
    };
    report(&best, 0, &mut progress);
    let mut iteration = 0u64;
    while iteration < settings.max_iterations {
        let elapsed = started.elapsed();
        if elapsed >= settings.time_limit || cancelled() {
            break;
        }
        iteration += 1;
        let fraction = if settings.max_iterations == u64::MAX {
            (elapsed - phase_start).as_secs_f64()
                / settings.time_limit.saturating_sub(phase_start).as_secs_f64().max(1e-9)
        } else {
            iteration as f64 / settings.max_iterations as f64
        };
        let temperature =
            START_TEMPERATURE * (END_TEMPERATURE / START_TEMPERATURE).powf(fraction.min(1.0));
        let mut candidate = current.clone();
        let eliminate = candidate.routes.len() > 1 && search.rng.gen_bool(0.1);
        let mut removed = if eliminate {
            let smallest = search.smallest_route(&candidate);
            candidate.take_route(smallest)
        } else {
            Vec::new()
        };
        removed.extend(search.ruin(&mut candidate));
        removed.append(&mut candidate.unassigned);
        let touched = removed.clone();
        search.recreate(&mut candidate, &mut removed, !eliminate);
        search.local_search().improve(&mut candidate, &touched);
        let threshold = current.cost() - temperature * search.rng.r#gen::<f64>().max(1e-12).ln();
        if candidate.cost() < threshold {
            current = candidate;
            if current.cost() < best.cost() - 1e-9 {
                best = current.clone();
                report(&best, iteration, &mut progress);
            }
        }
    }
    let mut unassigned: Vec<(usize, &'static str)> = unservable;
    unassigned.extend(best.unassigned.iter().map(|c| (*c, "no feasible place in the fleet")));
    Solution {
        distance: best.distance(),
        routes: best.routes.iter().map(|r| r.stops.clone()).collect(),
        unassigned,
        iterations: fleet_iterations_done + iteration,
    }
}
