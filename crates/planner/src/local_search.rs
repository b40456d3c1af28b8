//! Local search between routes on granular neighbourhoods (each customer and its nearest others,
//! Toth and Vigo 2003): move a customer next to a neighbour, swap two customers, or join one
//! route's head to another's tail at a neighbour (2-opt*). Each move is checked and priced in O(1)
//! from the routes' schedules; a move is made only when it lowers the cost (distance, or a whole
//! vehicle when a route empties), so the search ends.

use std::collections::VecDeque;

use crate::instance::Instance;
use crate::route::Route;
use crate::state::{State, VEHICLE_WEIGHT};

/// How many nearest neighbours of a customer are tried.
const GRANULARITY: usize = 20;
const EPSILON: f64 = 1e-7;

#[derive(Debug, Clone, Copy)]
enum Move {
    /// Take `customer` out of its route and insert it in `route` before stop `index`.
    Relocate {
        customer: usize,
        route: usize,
        index: usize,
    },
    Swap {
        first: usize,
        second: usize,
    },
    /// `first` keeps its positions up to `keep` and continues with `second`'s from `from`;
    /// `second` keeps its positions before `from` and continues with the rest of `first`.
    Tails {
        first: usize,
        keep: usize,
        second: usize,
        from: usize,
    },
}

pub(crate) struct LocalSearch<'a> {
    pub instance: &'a Instance,
    pub neighbours: &'a [Vec<usize>],
}

impl LocalSearch<'_> {
    /// Improves the plan from the given customers on, and from each route a move changes.
    pub fn improve(&self, state: &mut State, from: &[usize]) {
        let mut queued = vec![false; self.instance.len()];
        let mut queue = VecDeque::new();
        for &customer in from {
            if !queued[customer] && state.place(customer).is_some() {
                queued[customer] = true;
                queue.push_back(customer);
            }
        }
        while let Some(customer) = queue.pop_front() {
            queued[customer] = false;
            let Some((_, chosen)) = self.best_move(state, customer) else { continue };
            for changed in self.apply(state, chosen) {
                if !queued[changed] {
                    queued[changed] = true;
                    queue.push_back(changed);
                }
            }
        }
    }

    /// The best improving move between `u` and one of its neighbours in another route, with
    /// its change in cost. Each candidate is priced first and checked only if it would be best.
    fn best_move(&self, state: &State, u: usize) -> Option<(f64, Move)> {
        let place_u = state.place(u)?;
        let mut best: Option<(f64, Move)> = None;
        let beats = |delta: f64, best: &Option<(f64, Move)>| {
            delta < -EPSILON && best.is_none_or(|(d, _)| delta < d)
        };
        let removal = self.removal_delta(state, place_u.route, place_u.index + 1);
        for &v in self.neighbours[u].iter().take(GRANULARITY) {
            let Some(place_v) = state.place(v) else { continue };
            if place_v.route == place_u.route {
                continue;
            }
            let (a, b) = (place_u.route, place_v.route);
            let (pu, pv) = (place_u.index + 1, place_v.index + 1);
            let route_b = &state.routes[b];
            if let Some(removal) = removal {
                for index in [place_v.index, place_v.index + 1] {
                    let delta = removal + route_b.insertion_delta(self.instance, u, index);
                    if beats(delta, &best) && route_b.insertion_fits(self.instance, u, index) {
                        best = Some((delta, Move::Relocate { customer: u, route: b, index }));
                    }
                }
            }
            let delta = self.swap_delta(state, (a, pu), (b, pv));
            if beats(delta, &best) && self.swap_fits(state, (a, pu), (b, pv)) {
                best = Some((delta, Move::Swap { first: u, second: v }));
            }
            // u then v, v then u, and the classic exchange of what follows u and v.
            for (first, keep, second, from) in [(a, pu, b, pv), (b, pv, a, pu), (b, pv, a, pu + 1)]
            {
                let Some(delta) = self.tails_delta(state, first, keep, second, from) else {
                    continue;
                };
                if beats(delta, &best) && self.tails_fit(state, first, keep, second, from) {
                    best = Some((delta, Move::Tails { first, keep, second, from }));
                }
            }
        }
        best
    }

    /// The change in cost of taking out the stop at `position`, if the route stays feasible.
    fn removal_delta(&self, state: &State, route: usize, position: usize) -> Option<f64> {
        let route = &state.routes[route];
        if route.stops.len() == 1 {
            return Some(-route.distance - VEHICLE_WEIGHT);
        }
        if !route.reaches(self.instance, position - 1, route, position + 1) {
            return None;
        }
        let (before, at, after) =
            (route.node_at(position - 1), route.node_at(position), route.node_at(position + 1));
        let d = |x, y| self.instance.distance(x, y);
        Some(d(before, after) - d(before, at) - d(at, after))
    }

    fn swap_delta(&self, state: &State, (a, pu): (usize, usize), (b, pv): (usize, usize)) -> f64 {
        let (route_a, route_b) = (&state.routes[a], &state.routes[b]);
        let (u, v) = (route_a.node_at(pu), route_b.node_at(pv));
        let d = |x, y| self.instance.distance(x, y);
        let change = |route: &Route, position: usize, old: usize, new: usize| {
            let (before, after) = (route.node_at(position - 1), route.node_at(position + 1));
            d(before, new) + d(new, after) - d(before, old) - d(old, after)
        };
        change(route_a, pu, u, v) + change(route_b, pv, v, u)
    }

    fn swap_fits(&self, state: &State, (a, pu): (usize, usize), (b, pv): (usize, usize)) -> bool {
        let (route_a, route_b) = (&state.routes[a], &state.routes[b]);
        let (u, v) = (route_a.node_at(pu), route_b.node_at(pv));
        route_a.replacement_fits(self.instance, pu, v)
            && route_b.replacement_fits(self.instance, pv, u)
    }

    /// The change in cost of `first[..=keep] + second[from..]` and `second[..from] +
    /// first[keep+1..]` (a route left empty saves its vehicle), if those positions exist.
    fn tails_delta(
        &self,
        state: &State,
        first: usize,
        keep: usize,
        second: usize,
        from: usize,
    ) -> Option<f64> {
        let (a, b) = (&state.routes[first], &state.routes[second]);
        let (a_end, b_end) = (a.stops.len() + 1, b.stops.len() + 1);
        if keep >= a_end || from == 0 || from > b_end {
            return None;
        }
        let d = |x, y| self.instance.distance(x, y);
        let new_a = a.distance_to(keep)
            + d(a.node_at(keep), b.node_at(from))
            + (b.distance - b.distance_to(from));
        let new_b = b.distance_to(from - 1)
            + d(b.node_at(from - 1), a.node_at(keep + 1))
            + (a.distance - a.distance_to(keep + 1));
        let emptied =
            usize::from(keep == 0 && from == b_end) + usize::from(from == 1 && keep + 1 == a_end);
        Some(new_a + new_b - a.distance - b.distance - VEHICLE_WEIGHT * emptied as f64)
    }

    fn tails_fit(
        &self,
        state: &State,
        first: usize,
        keep: usize,
        second: usize,
        from: usize,
    ) -> bool {
        let (a, b) = (&state.routes[first], &state.routes[second]);
        let capacity = self.instance.capacity + 1e-9;
        a.load_to(keep) + b.load - b.load_to(from - 1) <= capacity
            && b.load_to(from - 1) + a.load - a.load_to(keep) <= capacity
            && a.reaches(self.instance, keep, b, from)
            && b.reaches(self.instance, from - 1, a, keep + 1)
    }

    /// Makes the move; returns the customers of the routes it changed.
    fn apply(&self, state: &mut State, chosen: Move) -> Vec<usize> {
        let changed = match chosen {
            Move::Relocate { customer, route, index } => {
                let Some(place) = state.place(customer) else { return Vec::new() };
                state.remove_stops(self.instance, place.route, place.index, 1);
                state.insert(self.instance, route, index, customer);
                [place.route, route]
            }
            Move::Swap { first, second } => {
                let (Some(a), Some(b)) = (state.place(first), state.place(second)) else {
                    return Vec::new();
                };
                let mut stops_a = state.routes[a.route].stops.clone();
                let mut stops_b = state.routes[b.route].stops.clone();
                stops_a[a.index] = second;
                stops_b[b.index] = first;
                state.set_stops(self.instance, a.route, stops_a);
                state.set_stops(self.instance, b.route, stops_b);
                [a.route, b.route]
            }
            Move::Tails { first, keep, second, from } => {
                let (a, b) = (&state.routes[first].stops, &state.routes[second].stops);
                let new_a: Vec<usize> = a[..keep].iter().chain(&b[from - 1..]).copied().collect();
                let new_b: Vec<usize> = b[..from - 1].iter().chain(&a[keep..]).copied().collect();
                state.set_stops(self.instance, first, new_a);
                state.set_stops(self.instance, second, new_b);
                [first, second]
            }
        };
        let customers =
            changed.iter().flat_map(|&r| state.routes[r].stops.iter().copied()).collect();
        state.drop_empty_routes();
        customers
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::instance::Node;
    use crate::ruin_recreate::Search;

    fn random_instance(seed: u64, customers: usize) -> Instance {
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut points = vec![(50.0, 50.0)];
        let mut nodes = vec![Node { demand: 0.0, ready: 0.0, due: 1000.0, service: 0.0 }];
        for _ in 0..customers {
            points.push((rng.gen_range(0.0..100.0), rng.gen_range(0.0..100.0)));
            let ready = rng.gen_range(0.0..800.0);
            nodes.push(Node {
                demand: rng.gen_range(1.0..30.0),
                ready,
                due: ready + rng.gen_range(10.0..300.0),
                service: rng.gen_range(5.0..20.0),
            });
        }
        Instance::euclidean(&points, nodes, 100.0, customers).unwrap()
    }

    /// Walks each route from the depot, independently of the routes' cached schedules.
    fn assert_feasible(instance: &Instance, state: &State, planned: usize) {
        let mut seen = vec![false; instance.len()];
        for route in &state.routes {
            assert!(!route.stops.is_empty());
            let (mut time, mut load, mut at) = (instance.nodes[0].ready, 0.0, 0);
            for &c in route.stops.iter().chain(std::iter::once(&0)) {
                time = (time + instance.nodes[at].service + instance.distance(at, c))
                    .max(instance.nodes[c].ready);
                assert!(time <= instance.nodes[c].due + 1e-6, "late at {c} in {:?}", route.stops);
                if c != 0 {
                    assert!(!std::mem::replace(&mut seen[c], true), "{c} twice");
                    load += instance.nodes[c].demand;
                }
                at = c;
            }
            assert!(load <= instance.capacity + 1e-6, "over capacity");
        }
        assert_eq!(seen.iter().filter(|s| **s).count(), planned);
        for (r, route) in state.routes.iter().enumerate() {
            for (i, &c) in route.stops.iter().enumerate() {
                assert_eq!(state.place(c), Some(crate::state::Place { route: r, index: i }));
            }
        }
    }

    #[test]
    fn every_move_keeps_the_plan_feasible_and_costs_what_it_was_priced() {
        let mut moves = 0;
        for seed in 0..60 {
            let instance = random_instance(seed, 10 + (seed as usize * 7) % 90);
            let mut search = Search::new(&instance, seed);
            let mut state = State::empty(&instance);
            let unservable: Vec<usize> = instance.unservable().iter().map(|(c, _)| *c).collect();
            let mut customers: Vec<usize> =
                (1..instance.len()).filter(|c| !unservable.contains(c)).collect();
            search.recreate(&mut state, &mut customers, true);
            let planned = instance.len() - 1 - unservable.len() - state.unassigned.len();
            assert_feasible(&instance, &state, planned);
            let local = search.local_search();
            loop {
                let mut improved = false;
                for u in 1..instance.len() {
                    let Some((predicted, chosen)) = local.best_move(&state, u) else { continue };
                    let before = state.cost();
                    local.apply(&mut state, chosen);
                    assert_feasible(&instance, &state, planned);
                    let actual = state.cost() - before;
                    assert!(
                        (actual - predicted).abs() < 1e-6,
                        "{chosen:?}: {actual} vs {predicted}"
                    );
                    assert!(actual < 0.0);
                    improved = true;
                    moves += 1;
                }
                if !improved {
                    break;
                }
            }
        }
        assert!(moves > 100, "the test exercised {moves} moves");
    }
}
