//! The moves of the VRPTW search: slack-inducing string removals (Christiaens and Vanden Berghe,
//! 2020), greedy insertion with blinks, priced first next to each customer's nearest neighbours
//! (granular, then the whole plan when nothing fits there), and fleet minimisation.

use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::instance::Instance;
use crate::local_search::LocalSearch;
use crate::state::State;

const AVERAGE_REMOVED: f64 = 10.0;
const MAX_STRING: f64 = 10.0;
const BLINK: f64 = 0.01;
/// How many nearest neighbours' places are priced first when inserting a customer.
const INSERTION_GRANULARITY: usize = 40;

pub(crate) struct Search<'a> {
    pub instance: &'a Instance,
    /// For each customer, the other customers by increasing distance.
    pub neighbours: Vec<Vec<usize>>,
    pub rng: SmallRng,
}

impl<'a> Search<'a> {
    pub fn new(instance: &'a Instance, seed: u64) -> Self {
        let neighbours = (0..instance.len())
            .map(|c| {
                let mut others: Vec<usize> = (1..instance.len()).filter(|o| *o != c).collect();
                others
                    .sort_by(|a, b| instance.distance(c, *a).total_cmp(&instance.distance(c, *b)));
                others
            })
            .collect();
        Self { instance, neighbours, rng: SmallRng::seed_from_u64(seed) }
    }

    pub fn local_search(&self) -> LocalSearch<'_> {
        LocalSearch { instance: self.instance, neighbours: &self.neighbours }
    }

    /// Fleet minimisation as in SISR: take out the smallest route, then ruin and recreate
    /// without opening routes, accepting a candidate when fewer customers are left out or when
    /// those left out have been left out less often (absence counters). When everyone fits, that
    /// plan is kept and the next smallest route goes, down to the capacity bound; the search goes
    /// on until `stop`, whatever the number of routes left, so a plan one route short of the
    /// bound keeps being repaired. Returns the smallest complete plan found.
    pub fn minimise_fleet(&mut self, complete: State, mut stop: impl FnMut(u64) -> bool) -> State {
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
        while best.routes.len() > lower_bound && !stop(iteration) {
            if current.unassigned.is_empty() {
                if current.routes.len() < best.routes.len() {
                    // Distance plays no part in this phase: shorten each smaller plan found.
                    let everyone: Vec<usize> = (1..self.instance.len()).collect();
                    self.local_search().improve(&mut current, &everyone);
                    best = current.clone();
                }
                if best.routes.len() <= lower_bound {
                    break;
                }
                let smallest = self.smallest_route(&current);
                let mut taken = current.take_route(smallest);
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
    pub fn ruin(&mut self, state: &mut State) -> Vec<usize> {
        let mut removed = Vec::new();
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
        for &customer in std::iter::once(&seed).chain(self.neighbours[seed].iter()) {
            if ruined.len() >= strings {
                break;
            }
            let Some(place) = state.place(customer) else { continue };
            if ruined.contains(&place.route) {
                continue;
            }
            let stops = state.routes[place.route].stops.len();
            let length = self.rng.gen_range(1.0..=max_length.min(stops as f64)).floor() as usize;
            let first_start = place.index.saturating_sub(length - 1);
            let last_start = place.index.min(stops - length);
            let start = self.rng.gen_range(first_start..=last_start.max(first_start));
            removed.extend(state.remove_stops(self.instance, place.route, start, length));
            ruined.push(place.route);
        }
        state.drop_empty_routes();
        removed
    }

    /// The route with the fewest customers (the first to try to do without).
    pub fn smallest_route(&self, state: &State) -> usize {
        (0..state.routes.len()).min_by_key(|&r| state.routes[r].stops.len()).unwrap_or(0)
    }

    /// Inserts every removed customer at its cheapest feasible place (skipping a few at random);
    /// opens a route when none fits and `may_open` allows it.
    pub fn recreate(&mut self, state: &mut State, removed: &mut Vec<usize>, may_open: bool) {
        let nodes = &self.instance.nodes;
        match self.rng.gen_range(0..11) {
            0..=3 => removed.shuffle(&mut self.rng),
            4..=7 => removed.sort_by(|a, b| nodes[*b].demand.total_cmp(&nodes[*a].demand)),
            8..=9 => removed.sort_by(|a, b| {
                self.instance.distance(0, *b).total_cmp(&self.instance.distance(0, *a))
            }),
            _ => removed.sort_by(|a, b| {
                let width = |c: &usize| nodes[*c].due - nodes[*c].ready;
                width(a).total_cmp(&width(b))
            }),
        }
        self.insert_all(state, removed, may_open);
    }

    /// Inserts the customers in the given order at their cheapest feasible places.
    pub fn insert_all(&mut self, state: &mut State, removed: &mut Vec<usize>, may_open: bool) {
        for customer in removed.drain(..) {
            let best = match self.cheapest_near(state, customer) {
                Some(best) => Some(best),
                None => self.cheapest_anywhere(state, customer),
            };
            match best {
                Some((_, route, index)) => state.insert(self.instance, route, index, customer),
                None if may_open && state.routes.len() < self.instance.vehicles => {
                    state.open_route(self.instance, customer);
                }
                None => state.unassigned.push(customer),
            }
        }
    }

    /// The cheapest place just before or after one of the customer's nearest neighbours.
    fn cheapest_near(&mut self, state: &State, customer: usize) -> Option<(f64, usize, usize)> {
        let mut best: Option<(f64, usize, usize)> = None;
        for &neighbour in self.neighbours[customer].iter().take(INSERTION_GRANULARITY) {
            let Some(place) = state.place(neighbour) else { continue };
            for index in [place.index, place.index + 1] {
                price(
                    &mut self.rng,
                    self.instance,
                    state,
                    (customer, place.route, index),
                    &mut best,
                );
            }
        }
        best
    }

    /// The cheapest place in the whole plan, among the stops whose times leave room for the
    /// customer's window (found by bisection, as starts and latest starts only grow along a
    /// route), in routes with room for its demand.
    fn cheapest_anywhere(&mut self, state: &State, customer: usize) -> Option<(f64, usize, usize)> {
        let mut best: Option<(f64, usize, usize)> = None;
        for route in 0..state.routes.len() {
            if let Some(indexes) = state.routes[route].window_room(self.instance, customer) {
                for index in indexes {
                    price(&mut self.rng, self.instance, state, (customer, route, index), &mut best);
                }
            }
        }
        best
    }
}

/// Keeps the insertion of `customer` in `route` before stop `index` if it is feasible and the
/// cheapest so far, unless this place blinks (is skipped at random).
fn price(
    rng: &mut SmallRng,
    instance: &Instance,
    state: &State,
    (customer, route, index): (usize, usize, usize),
    best: &mut Option<(f64, usize, usize)>,
) {
    if rng.gen_bool(BLINK) {
        return;
    }
    let route_ref = &state.routes[route];
    let cost = route_ref.insertion_delta(instance, customer, index);
    if best.is_none_or(|(c, _, _)| cost < c) && route_ref.insertion_fits(instance, customer, index)
    {
        *best = Some((cost, route, index));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::instance::Node;

    /// Twelve loads of 98 split into three customers each, windows open: twelve vehicles of 100
    /// suffice, but only when packed closely. Starting from one route per customer, the search
    /// must not stop at its first failed repair once a removal reaches the bound.
    #[test]
    fn fleet_minimisation_keeps_repairing_down_to_a_reachable_bound() {
        for seed in 0..4 {
            let mut rng = SmallRng::seed_from_u64(seed);
            let mut points = vec![(50.0, 50.0)];
            let mut nodes = vec![Node { demand: 0.0, ready: 0.0, due: 1e5, service: 0.0 }];
            for _ in 0..12 {
                let first = rng.gen_range(10..60);
                let second = rng.gen_range(10..(88 - first));
                for demand in [first, second, 98 - first - second] {
                    points.push((rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0)));
                    let demand = f64::from(demand);
                    nodes.push(Node { demand, ready: 0.0, due: 1e5, service: 1.0 });
                }
            }
            let instance = Instance::euclidean(&points, nodes, 100.0, 36).unwrap();
            let mut search = Search::new(&instance, seed);
            let mut plan = State::empty(&instance);
            for customer in 1..instance.len() {
                plan.open_route(&instance, customer);
            }
            let best = search.minimise_fleet(plan, |iteration| iteration >= 20_000);
            assert!(best.unassigned.is_empty());
            assert_eq!(best.routes.len(), 12, "seed {seed}");
        }
    }
}
