//! Ruin and recreate under simulated annealing for the home-care problem.
//!
//! Ruin removes whole visits (both services of a two-caregiver visit together): random ones,
//! related ones (near in place and time), strings of consecutive visits from neighbouring routes
//! (as in SISR), or a whole route. Recreate inserts them back one by one at the best place: every
//! place is first priced by a quick route-local estimate, then the few best are timed exactly
//! with the synchronisation (`schedule::evaluate`). Acceptance is simulated annealing on the
//! weighted objective.

use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::compiled::{Compiled, EPSILON, start_in_windows};
use super::schedule::{Plan, Scratch, Timing, evaluate, evaluate_insertion};

const BLINK: f64 = 0.01;
const SINGLE_CANDIDATES: usize = 3;
const PAIR_CANDIDATES: usize = 5;
const MAX_STRING: usize = 8;

/// Where to put the tasks of one visit: (task, route, index), applied in order; unused slots
/// hold `NONE`.
type Places = [(usize, usize, usize); 2];
const NONE: (usize, usize, usize) = (usize::MAX, 0, 0);

pub(crate) struct Search<'a> {
    pub compiled: &'a Compiled<'a>,
    pub rng: SmallRng,
    scratch: Scratch,
    probe: Timing,
    best_timing: Timing,
}

/// A plan with its timing.
#[derive(Clone)]
pub(crate) struct Timed {
    pub plan: Plan,
    pub timing: Timing,
}

impl<'a> Search<'a> {
    pub fn new(compiled: &'a Compiled<'a>, seed: u64) -> Self {
        Self {
            compiled,
            rng: SmallRng::seed_from_u64(seed),
            scratch: Scratch::default(),
            probe: Timing::default(),
            best_timing: Timing::default(),
        }
    }

    /// Locked visits first, then the others by the start of their first window.
    pub fn initial(&mut self) -> Option<Timed> {
        let problem = self.compiled.problem;
        let plan = Plan { routes: vec![Vec::new(); problem.caregivers.len()] };
        let mut timed = self.timed(plan)?;
        let mut order = self.servable_unplanned(&timed.plan);
        order.sort_by(|&a, &b| {
            let (va, vb) = (&problem.visits[a], &problem.visits[b]);
            (va.locked.is_empty(), va.windows[0].start)
                .partial_cmp(&(vb.locked.is_empty(), vb.windows[0].start))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for v in order {
            let before = timed.clone();
            if self.insert_visit(&mut timed, v) && self.timed(timed.plan.clone()).is_none() {
                timed = before;
            }
        }
        self.timed(timed.plan)
    }

    pub fn timed(&mut self, plan: Plan) -> Option<Timed> {
        let mut timing = Timing::default();
        evaluate(self.compiled, &plan, &mut self.scratch, &mut timing)?;
        Some(Timed { plan, timing })
    }

    /// Servable visits that are not in the plan.
    pub fn servable_unplanned(&self, plan: &Plan) -> Vec<usize> {
        let mut planned = vec![false; self.compiled.tasks.len()];
        plan.routes.iter().flatten().for_each(|&t| planned[t] = true);
        (0..self.compiled.problem.visits.len())
            .filter(|&v| !self.compiled.unservable.iter().any(|(u, _)| *u == v))
            .filter(|&v| self.compiled.visit_tasks[v].iter().any(|&t| !planned[t]))
            .collect()
    }

    /// One ruin and recreate step from `current`; `None` when the ruined plan is infeasible.
    pub fn neighbour(&mut self, current: &Timed) -> Option<Timed> {
        let mut plan = current.plan.clone();
        let removed = self.ruin(&mut plan);
        let mut timed = self.timed(plan)?;
        let mut order = self.servable_unplanned(&timed.plan);
        debug_assert!(removed.iter().all(|v| order.contains(v)));
        self.sort_for_recreate(&mut order);
        for v in order {
            self.insert_visit(&mut timed, v);
        }
        self.timed(timed.plan)
    }

    fn sort_for_recreate(&mut self, order: &mut [usize]) {
        let problem = self.compiled.problem;
        let key_window = |v: &usize| problem.visits[*v].windows[0].start;
        match self.rng.gen_range(0..4) {
            0 => order.shuffle(&mut self.rng),
            1 => order.sort_by(|a, b| key_window(a).total_cmp(&key_window(b))),
            2 => order.sort_by_key(|&v| std::cmp::Reverse(self.compiled.visit_tasks[v].len())),
            _ => {
                order.shuffle(&mut self.rng);
                order.sort_by(|a, b| {
                    let pa = problem.visits[*a].priority;
                    let pb = problem.visits[*b].priority;
                    pb.total_cmp(&pa)
                });
            }
        }
    }

    fn ruin(&mut self, plan: &mut Plan) -> Vec<usize> {
        let planned: Vec<usize> = {
            let mut visits: Vec<usize> =
                plan.routes.iter().flatten().map(|&t| self.compiled.tasks[t].visit).collect();
            visits.sort_unstable();
            visits.dedup();
            visits
        };
        if planned.is_empty() {
            return Vec::new();
        }
        let most = (planned.len() as f64 * 0.3).ceil().clamp(1.0, 30.0) as usize;
        let count = self.rng.gen_range(1..=most);
        let seed = planned[self.rng.gen_range(0..planned.len())];
        let removed = match self.rng.gen_range(0..20) {
            0..=5 => self.related(seed, count, &planned),
            6..=15 => self.strings(plan, seed, count),
            16..=18 => planned.choose_multiple(&mut self.rng, count).copied().collect(),
            _ => self.whole_route(plan),
        };
        for &v in &removed {
            for &t in &self.compiled.visit_tasks[v] {
                for route in plan.routes.iter_mut() {
                    route.retain(|&x| x != t);
                }
            }
        }
        removed
    }

    fn related(&mut self, seed: usize, count: usize, planned: &[usize]) -> Vec<usize> {
        let mut removed = vec![seed];
        let candidates: Vec<usize> = self.compiled.neighbours[seed]
            .iter()
            .copied()
            .filter(|v| planned.binary_search(v).is_ok())
            .collect();
        let mut pool = candidates;
        while removed.len() < count && !pool.is_empty() {
            let pick = (self.rng.r#gen::<f64>().powi(4) * pool.len() as f64) as usize;
            removed.push(pool.remove(pick.min(pool.len() - 1)));
        }
        removed
    }

    /// Strings of consecutive visits from the routes of the seed's nearest neighbours.
    fn strings(&mut self, plan: &Plan, seed: usize, count: usize) -> Vec<usize> {
        let compiled = self.compiled;
        let mut route_of = vec![usize::MAX; compiled.tasks.len()];
        for (r, route) in plan.routes.iter().enumerate() {
            route.iter().for_each(|&t| route_of[t] = r);
        }
        let mut removed = Vec::new();
        let mut ruined_routes = Vec::new();
        for v in std::iter::once(seed).chain(compiled.neighbours[seed].iter().copied()) {
            if removed.len() >= count {
                break;
            }
            let t = compiled.visit_tasks[v][0];
            let r = route_of[t];
            if r == usize::MAX || ruined_routes.contains(&r) || removed.contains(&v) {
                continue;
            }
            ruined_routes.push(r);
            let route = &plan.routes[r];
            let length = self.rng.gen_range(1..=MAX_STRING.min(route.len()));
            let Some(at) = route.iter().position(|&x| x == t) else { continue };
            let first = at.saturating_sub(self.rng.gen_range(0..length)).min(route.len() - length);
            for &x in &route[first..first + length] {
                let visit = compiled.tasks[x].visit;
                if !removed.contains(&visit) {
                    removed.push(visit);
                }
            }
        }
        removed
    }

    fn whole_route(&mut self, plan: &Plan) -> Vec<usize> {
        let used: Vec<&Vec<usize>> = plan.routes.iter().filter(|r| !r.is_empty()).collect();
        let Some(route) = used.choose(&mut self.rng) else { return Vec::new() };
        let mut visits: Vec<usize> = route.iter().map(|&t| self.compiled.tasks[t].visit).collect();
        visits.sort_unstable();
        visits.dedup();
        visits
    }

    /// Inserts the visit at its best place, if it fits anywhere.
    pub fn insert_visit(&mut self, timed: &mut Timed, v: usize) -> bool {
        let tasks = self.compiled.visit_tasks[v].clone();
        let mut options: Vec<(f64, Places)> = Vec::new();
        match tasks[..] {
            [t] => {
                for (estimate, r, p) in self.candidates(timed, t, SINGLE_CANDIDATES) {
                    options.push((estimate, [(t, r, p), NONE]));
                }
            }
            [a, b] => {
                let first = self.candidates(timed, a, PAIR_CANDIDATES);
                let second = self.candidates(timed, b, PAIR_CANDIDATES);
                let shared = self.compiled.may_share_caregiver(v);
                for &(ea, ra, pa) in &first {
                    for &(eb, rb, pb) in &second {
                        if ra != rb || (shared && pa <= pb) {
                            options.push((ea + eb, [(b, rb, pb), (a, ra, pa)]));
                        }
                    }
                }
            }
            _ => {}
        }
        // Pairs of places: cheapest estimate first; stop once the estimate alone costs more than
        // the best exact timing found (estimates leave out the waiting for the partner).
        options.sort_by(|x, y| x.0.total_cmp(&y.0));
        let base = timed.timing.cost.total;
        let mut best: Option<(f64, Places)> = None;
        for (estimate, places) in options {
            let pair = places[1].0 != usize::MAX;
            if pair && best.as_ref().is_some_and(|(cost, _)| base + estimate >= *cost - EPSILON) {
                break;
            }
            self.consider(timed, places, &mut best);
        }
        let Some((_, places)) = best else { return false };
        apply(&mut timed.plan, &places);
        std::mem::swap(&mut timed.timing, &mut self.best_timing);
        true
    }

    /// Times the plan with the tasks put at `places` (task, route, index; applied in order).
    fn consider(&mut self, timed: &mut Timed, places: Places, best: &mut Option<(f64, Places)>) {
        apply(&mut timed.plan, &places);
        let inserted: Vec<usize> =
            places.iter().filter(|p| p.0 != usize::MAX).map(|p| p.0).collect();
        let routes: Vec<usize> = places.iter().filter(|p| p.0 != usize::MAX).map(|p| p.1).collect();
        let feasible = evaluate_insertion(
            self.compiled,
            &timed.plan,
            &timed.timing,
            &inserted,
            &routes,
            &mut self.scratch,
            &mut self.probe,
        )
        .is_some();
        for &(t, r, _) in places.iter().rev().filter(|p| p.0 != usize::MAX) {
            timed.plan.routes[r].retain(|&x| x != t);
        }
        let cost = self.probe.cost.total;
        if feasible && best.as_ref().is_none_or(|(c, _)| cost < *c - EPSILON) {
            *best = Some((cost, places));
            std::mem::swap(&mut self.best_timing, &mut self.probe);
        }
    }

    /// The `keep` cheapest places for task `t` by the route-local estimate: (cost, route, index).
    fn candidates(&mut self, timed: &Timed, t: usize, keep: usize) -> Vec<(f64, usize, usize)> {
        let mut found: Vec<(f64, usize, usize)> = Vec::with_capacity(keep + 1);
        for r in 0..timed.plan.routes.len() {
            if !self.compiled.allowed[t][r] {
                continue;
            }
            for p in 0..=timed.plan.routes[r].len() {
                if self.rng.r#gen::<f64>() < BLINK {
                    continue;
                }
                let Some(cost) = self.estimate(timed, t, r, p) else { continue };
                if found.len() < keep || cost < found[found.len() - 1].0 {
                    let at = found.partition_point(|c| c.0 <= cost);
                    found.insert(at, (cost, r, p));
                    found.truncate(keep);
                }
            }
        }
        found
    }

    /// The extra cost of putting task `t` at index `p` of route `r`, ignoring breaks and the
    /// other routes (the exact timing decides among the best estimates).
    fn estimate(&self, timed: &Timed, t: usize, r: usize, p: usize) -> Option<f64> {
        let compiled = self.compiled;
        let problem = compiled.problem;
        let weights = &problem.weights;
        let caregiver = &problem.caregivers[r];
        let (route, timing) = (&timed.plan.routes[r], &timed.timing);
        let task = &compiled.tasks[t];
        let visit = &problem.visits[task.visit];
        let factor = caregiver.travel_factor;
        let (from, ready) = match p.checked_sub(1) {
            Some(q) => {
                let previous = &compiled.tasks[route[q]];
                (previous.location, timing.start[route[q]] + previous.duration)
            }
            None => (caregiver.start_location, caregiver.shift.start),
        };
        let to = route.get(p).map_or(caregiver.end_location, |&n| compiled.tasks[n].location);
        let leg_in = problem.travel_time[from][task.location] * factor;
        let leg_out = problem.travel_time[task.location][to] * factor;
        let (start, late) = start_in_windows(&visit.windows, visit.max_lateness, ready + leg_in)?;
        let (old_distance, old_travel) = if route.is_empty() {
            (0.0, 0.0)
        } else {
            (problem.distance[from][to], problem.travel_time[from][to] * factor)
        };
        let mut cost = weights.distance
            * caregiver.distance_cost
            * (problem.distance[from][task.location] + problem.distance[task.location][to]
                - old_distance)
            + weights.travel_time * caregiver.time_cost * (leg_in + leg_out - old_travel)
            + weights.tardiness * late
            + weights.max_tardiness * (late - timing.cost.max_tardiness).max(0.0);
        if !compiled.preferred[t][r] {
            cost += weights.continuity;
        }
        if route.is_empty() {
            cost += weights.caregiver_used;
        }
        let mut arrival = start + task.duration + leg_out;
        for (j, &q) in route.iter().enumerate().skip(p) {
            let old = timing.start[q];
            if arrival <= old + EPSILON {
                return Some(cost);
            }
            let next = &compiled.tasks[q];
            let visit = &problem.visits[next.visit];
            let (moved, late) = start_in_windows(&visit.windows, visit.max_lateness, arrival)?;
            cost += weights.tardiness * (late - timing.lateness[q]);
            let after =
                route.get(j + 1).map_or(caregiver.end_location, |&n| compiled.tasks[n].location);
            arrival = moved + next.duration + problem.travel_time[next.location][after] * factor;
        }
        let old_return = timing.routes[r].return_time;
        if arrival > old_return {
            if arrival > caregiver.shift.end + caregiver.max_overtime + EPSILON {
                return None;
            }
            let overtime = |at: f64| (at - caregiver.shift.end).max(0.0);
            cost += weights.overtime * (overtime(arrival) - overtime(old_return));
        }
        Some(cost)
    }
}

fn apply(plan: &mut Plan, places: &[(usize, usize, usize)]) {
    for &(t, r, p) in places.iter().filter(|p| p.0 != usize::MAX) {
        plan.routes[r].insert(p, t);
    }
}
