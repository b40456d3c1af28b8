//! Ruin and recreate under simulated annealing: slack-inducing string removals (Christiaens and
//! Vanden Berghe, 2020) followed by greedy insertion with blinks, and route elimination to bring
//! the fleet down. The objective is hierarchical: unassigned customers, then vehicles, then distance.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::instance::Instance;
use crate::route::Route;

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
}

const VEHICLE_WEIGHT: f64 = 1e6;
const UNASSIGNED_WEIGHT: f64 = 1e9;
const AVERAGE_REMOVED: f64 = 10.0;
const MAX_STRING: f64 = 10.0;
const BLINK: f64 = 0.01;
const START_TEMPERATURE: f64 = 100.0;
/// Share of the time (or iteration budget) spent first on removing vehicles.
const FLEET_SHARE: f64 = 0.4;
const END_TEMPERATURE: f64 = 1.0;

#[derive(Clone)]
struct State {
    routes: Vec<Route>,
    unassigned: Vec<usize>,
}

impl State {
    fn cost(&self) -> f64 {
        UNASSIGNED_WEIGHT * self.unassigned.len() as f64
            + VEHICLE_WEIGHT * self.routes.len() as f64
            + self.routes.iter().map(|r| r.distance).sum::<f64>()
    }

    fn distance(&self) -> f64 {
        self.routes.iter().map(|r| r.distance).sum()
    }
}

struct Search<'a> {
    instance: &'a Instance,
    neighbours: Vec<Vec<usize>>,
    rng: SmallRng,
}

/// Plans every customer it can within the settings' limits.
pub fn solve(
    instance: &Instance,
    settings: &Settings,
    mut progress: impl FnMut(&Progress),
) -> Solution {
    let started = Instant::now();
    let unservable = instance.unservable();
    let plannable: Vec<usize> =
        (1..instance.len()).filter(|c| !unservable.iter().any(|(u, _)| u == c)).collect();
    let mut search = Search {
        instance,
        neighbours: neighbours(instance),
        rng: SmallRng::seed_from_u64(settings.seed),
    };
    let mut current = State { routes: Vec::new(), unassigned: Vec::new() };
    let mut initial = plannable.clone();
    search.recreate(&mut current, &mut initial, true);
    let fleet_deadline = settings.time_limit.mul_f64(FLEET_SHARE);
    let fleet_iterations = (settings.max_iterations as f64 * FLEET_SHARE) as u64;
    let stop = |iteration: u64| {
        started.elapsed() >= fleet_deadline
            || iteration >= fleet_iterations
            || settings.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    };
    current = search.minimise_fleet(current, stop);
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
        if elapsed >= settings.time_limit
            || settings.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
        {
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
        let mut removed =
            if eliminate { search.remove_smallest_route(&mut candidate) } else { Vec::new() };
        removed.extend(search.ruin(&mut candidate));
        removed.append(&mut candidate.unassigned);
        search.recreate(&mut candidate, &mut removed, !eliminate);
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
        routes: best.routes.into_iter().map(|r| r.stops).collect(),
        unassigned,
    }
}

/// For each customer, the other customers by increasing distance.
fn neighbours(instance: &Instance) -> Vec<Vec<usize>> {
    (0..instance.len())
        .map(|c| {
            let mut others: Vec<usize> = (1..instance.len()).filter(|o| *o != c).collect();
            others.sort_by(|a, b| instance.distance(c, *a).total_cmp(&instance.distance(c, *b)));
            others
        })
        .collect()
}

impl Search<'_> {
    /// Fleet minimisation as in SISR: take out the smallest route, then ruin and recreate
    /// without opening routes, accepting a candidate when fewer customers are left out or when
    /// those left out have been left out less often (absence counters). When everyone fits, that
    /// plan is kept and the next smallest route goes. Returns the smallest complete plan found.
    fn minimise_fleet(&mut self, complete: State, stop: impl Fn(u64) -> bool) -> State {
        if !complete.unassigned.is_empty() {
            return complete;
        }
        let total_demand: f64 = self.instance.nodes.iter().map(|n| n.demand).sum();
        let lower_bound = (total_demand / self.instance.capacity).ceil().max(1.0) as usize;
        let mut best = complete;
        let mut absences = vec![0u64; self.instance.len()];
        let absent = |state: &State, absences: &[u64]| -> u64 {
            state.unassigned.iter().map(|&c| absences[c]).sum()
        };
        let mut current = best.clone();
        let mut iteration = 0u64;
        while current.routes.len() > lower_bound.min(best.routes.len()) && !stop(iteration) {
            if current.unassigned.is_empty() {
                best = current.clone();
                if best.routes.len() <= lower_bound {
                    break;
                }
                let mut taken = self.remove_smallest_route(&mut current);
                current.unassigned.append(&mut taken);
            }
            iteration += 1;
            let mut candidate = current.clone();
            let mut removed = self.ruin(&mut candidate);
            removed.append(&mut candidate.unassigned);
            if self.rng.gen_bool(0.5) {
                removed.sort_by_key(|&c| std::cmp::Reverse(absences[c]));
                self.insert_all(&mut candidate, &mut removed, false);
            } else {
                self.recreate(&mut candidate, &mut removed, false);
            }
            for &c in &candidate.unassigned {
                absences[c] += 1;
            }
            if candidate.unassigned.len() < current.unassigned.len()
                || absent(&candidate, &absences) < absent(&current, &absences)
            {
                current = candidate;
            }
        }
        if current.unassigned.is_empty() && current.routes.len() < best.routes.len() {
            best = current;
        }
        best
    }

    /// Removes strings of consecutive customers around a random seed customer.
    fn ruin(&mut self, state: &mut State) -> Vec<usize> {
        let mut removed = Vec::new();
        if state.routes.is_empty() {
            return removed;
        }
        let customers: usize = state.routes.iter().map(|r| r.stops.len()).sum();
        if customers == 0 {
            return removed;
        }
        let average_length = customers as f64 / state.routes.len() as f64;
        let max_length = MAX_STRING.min(average_length);
        let max_strings = (4.0 * AVERAGE_REMOVED / (1.0 + max_length) - 1.0).max(1.0);
        let strings = self.rng.gen_range(1.0..=max_strings).floor() as usize;
        let seed = self.rng.gen_range(1..self.instance.len());
        let mut ruined: Vec<usize> = Vec::new();
        let order: Vec<usize> =
            std::iter::once(seed).chain(self.neighbours[seed].iter().copied()).collect();
        for customer in order {
            if ruined.len() >= strings {
                break;
            }
            let Some(route_index) = state.routes.iter().position(|r| r.stops.contains(&customer))
            else {
                continue;
            };
            if ruined.contains(&route_index) {
                continue;
            }
            let route = &mut state.routes[route_index];
            let length =
                self.rng.gen_range(1.0..=max_length.min(route.stops.len() as f64)).floor() as usize;
            let at = route.stops.iter().position(|c| *c == customer).unwrap_or(0);
            let first_start = at.saturating_sub(length - 1);
            let last_start = at.min(route.stops.len() - length);
            let start = self.rng.gen_range(first_start..=last_start.max(first_start));
            removed.extend(route.stops.drain(start..start + length));
            route.update(self.instance);
            ruined.push(route_index);
        }
        state.routes.retain(|r| !r.stops.is_empty());
        removed
    }

    /// Takes out the route with the fewest customers, to try to do without it.
    fn remove_smallest_route(&mut self, state: &mut State) -> Vec<usize> {
        let Some((index, _)) = state.routes.iter().enumerate().min_by_key(|(_, r)| r.stops.len())
        else {
            return Vec::new();
        };
        state.routes.remove(index).stops
    }

    /// Inserts every removed customer at its cheapest feasible place (skipping a few at random);
    /// opens a route when none fits and `may_open` allows it.
    fn recreate(&mut self, state: &mut State, removed: &mut Vec<usize>, may_open: bool) {
        match self.rng.gen_range(0..11) {
            0..=3 => removed.shuffle(&mut self.rng),
            4..=7 => removed.sort_by(|a, b| {
                self.instance.nodes[*b].demand.total_cmp(&self.instance.nodes[*a].demand)
            }),
            8..=9 => removed.sort_by(|a, b| {
                self.instance.distance(0, *b).total_cmp(&self.instance.distance(0, *a))
            }),
            _ => removed.sort_by(|a, b| {
                let width = |c: &usize| self.instance.nodes[*c].due - self.instance.nodes[*c].ready;
                width(a).total_cmp(&width(b))
            }),
        }
        self.insert_all(state, removed, may_open);
    }

    /// Inserts the customers in the given order at their cheapest feasible places.
    fn insert_all(&mut self, state: &mut State, removed: &mut Vec<usize>, may_open: bool) {
        for customer in removed.drain(..) {
            let mut best: Option<(f64, usize, usize)> = None;
            for (route_index, route) in state.routes.iter().enumerate() {
                for position in 0..=route.stops.len() {
                    if self.rng.gen_bool(BLINK) {
                        continue;
                    }
                    if let Some(cost) = route.insertion_cost(self.instance, customer, position)
                        && best.is_none_or(|(c, _, _)| cost < c)
                    {
                        best = Some((cost, route_index, position));
                    }
                }
            }
            match best {
                Some((_, route_index, position)) => {
                    let route = &mut state.routes[route_index];
                    route.stops.insert(position, customer);
                    route.update(self.instance);
                }
                None if may_open && state.routes.len() < self.instance.vehicles => {
                    state.routes.push(Route::new(self.instance, vec![customer]));
                }
                None => state.unassigned.push(customer),
            }
        }
    }
}
