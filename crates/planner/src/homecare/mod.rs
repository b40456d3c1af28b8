//! Home-care routing and scheduling: who visits whom, in which order, at what time.
//!
//! `solve` takes a [`Problem`] (caregivers, visits, travel matrices, weights) and returns the best
//! plan found within the time limit, with the visits it could not plan and why. Every returned
//! plan meets the hard constraints: skills, exclusions, locks, window starts and maximum lateness,
//! shifts with their overtime limit, breaks, maximum working time and the synchronisation of
//! two-caregiver visits. See `docs/planner.md` for the method and the weights.

mod compiled;
mod model;
mod schedule;
mod search;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rand::Rng;

pub use compiled::Reason;
pub use model::{
    Break, Caregiver, MAX_SKILLS, Problem, ProblemError, Service, Synchronisation, Visit, Weights,
    Window,
};
pub use schedule::Cost;

use crate::solver::Settings;
use compiled::Compiled;
use search::{Search, Timed};

/// The best plan so far, reported whenever it improves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub elapsed: Duration,
    pub iteration: u64,
    pub cost: f64,
    pub unassigned: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    pub visit: usize,
    /// 0, or 1 for the second caregiver of a two-caregiver visit.
    pub service: usize,
    pub start: f64,
    pub end: f64,
}

/// One caregiver's day; `stops` is empty for a caregiver with nothing planned.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub caregiver: usize,
    pub stops: Vec<Stop>,
    pub departure: f64,
    pub return_time: f64,
    pub break_start: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// One round per caregiver, in the problem's order.
    pub rounds: Vec<Round>,
    /// Visits left out, and why.
    pub unassigned: Vec<(usize, Reason)>,
    pub cost: Cost,
    pub iterations: u64,
}

/// Plans the visits; errors only for malformed input. Deterministic for a given seed and
/// iteration budget.
pub fn solve(
    problem: &Problem,
    settings: &Settings,
    mut progress: impl FnMut(Progress),
) -> Result<Answer, ProblemError> {
    problem.validate()?;
    let started = Instant::now();
    let compiled = Compiled::new(problem);
    let mut search = Search::new(&compiled, settings.seed);
    let Some(mut current) = search.initial() else {
        return Ok(empty_answer(&compiled));
    };
    let mut best = current.clone();
    let limit = settings.time_limit.as_secs_f64().max(1e-3);
    let scale = temperature_scale(&current, problem);
    let mut iteration = 0u64;
    progress(report(&best, started, iteration));
    while iteration < settings.max_iterations
        && started.elapsed() < settings.time_limit
        && !settings.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    {
        iteration += 1;
        let done = if settings.max_iterations == u64::MAX {
            started.elapsed().as_secs_f64() / limit
        } else {
            iteration as f64 / settings.max_iterations as f64
        };
        let temperature =
            scale * START_TEMPERATURE * (END_TEMPERATURE / START_TEMPERATURE).powf(done);
        let Some(candidate) = search.neighbour(&current) else { continue };
        let threshold = current.timing.cost.total
            - temperature * search.rng.r#gen::<f64>().max(f64::MIN_POSITIVE).ln();
        if candidate.timing.cost.total < threshold {
            current = candidate;
            if current.timing.cost.total < best.timing.cost.total - 1e-9 {
                best = current.clone();
                progress(report(&best, started, iteration));
            }
        }
    }
    Ok(answer(&compiled, &search, &best, iteration))
}

const START_TEMPERATURE: f64 = 2.0;
const END_TEMPERATURE: f64 = 0.005;

/// The annealing temperature unit: the average cost of a planned visit in the first plan.
fn temperature_scale(timed: &Timed, problem: &Problem) -> f64 {
    let cost = &timed.timing.cost;
    let planned = problem.visits.len().saturating_sub(cost.unassigned_visits).max(1);
    let penalty: f64 = problem.weights.unassigned * cost.unassigned_visits as f64;
    ((cost.total - penalty).max(0.0) / planned as f64).max(1e-3)
}

fn report(best: &Timed, started: Instant, iteration: u64) -> Progress {
    Progress {
        elapsed: started.elapsed(),
        iteration,
        cost: best.timing.cost.total,
        unassigned: best.timing.cost.unassigned_visits,
    }
}

fn empty_answer(compiled: &Compiled) -> Answer {
    let caregivers = &compiled.problem.caregivers;
    Answer {
        rounds: (0..caregivers.len())
            .map(|caregiver| Round {
                caregiver,
                stops: Vec::new(),
                departure: caregivers[caregiver].shift.start,
                return_time: caregivers[caregiver].shift.start,
                break_start: None,
            })
            .collect(),
        unassigned: (0..compiled.problem.visits.len()).map(|v| (v, Reason::NoRoom)).collect(),
        cost: Cost::default(),
        iterations: 0,
    }
}

fn answer(compiled: &Compiled, search: &Search, best: &Timed, iterations: u64) -> Answer {
    let timing = &best.timing;
    let rounds = best
        .plan
        .routes
        .iter()
        .enumerate()
        .map(|(caregiver, route)| Round {
            caregiver,
            stops: route
                .iter()
                .map(|&t| {
                    let task = &compiled.tasks[t];
                    Stop {
                        visit: task.visit,
                        service: task.service,
                        start: timing.start[t],
                        end: timing.start[t] + task.duration,
                    }
                })
                .collect(),
            departure: timing.routes[caregiver].departure,
            return_time: timing.routes[caregiver].return_time,
            break_start: timing.routes[caregiver].break_start,
        })
        .collect();
    let mut unassigned = compiled.unservable.clone();
    for v in search.servable_unplanned(&best.plan) {
        unassigned.push((v, Reason::NoRoom));
    }
    unassigned.sort_by_key(|(v, _)| *v);
    Answer { rounds, unassigned, cost: timing.cost, iterations }
}
