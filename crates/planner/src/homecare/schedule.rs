//! Times and cost of a plan. Start times are the least solution of the route order, the windows
//! and the synchronisation of two-caregiver visits: every route is timed forward, then each
//! synchronised pair pushes its earlier member later, until nothing moves. Since every start is
//! the earliest possible, lateness is minimal for the given routes. A cycle of waiting (two routes
//! each waiting for the other) shows up as starts that keep moving, and the plan is infeasible.

use super::compiled::{Compiled, EPSILON, start_in_windows};
use super::model::Synchronisation;

/// Tasks of each caregiver, in visiting order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub routes: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cost {
    /// The weighted objective.
    pub total: f64,
    pub unassigned_visits: usize,
    pub caregivers_used: usize,
    pub distance: f64,
    pub travel_time: f64,
    pub total_tardiness: f64,
    pub max_tardiness: f64,
    pub overtime: f64,
    /// Services done by someone other than a preferred caregiver.
    pub lost_continuity: usize,
    /// Longest minus shortest working day among the caregivers used.
    pub workload_spread: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RouteTimes {
    pub departure: f64,
    pub return_time: f64,
    pub break_start: Option<f64>,
    distance: f64,
    travel: f64,
    working: f64,
    overtime: f64,
    tardiness: f64,
    max_lateness: f64,
    lost_continuity: usize,
}

/// The timing of a feasible plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timing {
    pub start: Vec<f64>,
    pub lateness: Vec<f64>,
    pub routes: Vec<RouteTimes>,
    pub cost: Cost,
}

/// Reusable buffers for `evaluate`.
#[derive(Default)]
pub(crate) struct Scratch {
    lower_bound: Vec<f64>,
    assigned: Vec<bool>,
    dirty: Vec<bool>,
    route_of: Vec<usize>,
}

/// Times the plan from scratch; `None` when a hard constraint cannot be met.
pub(crate) fn evaluate(
    compiled: &Compiled,
    plan: &Plan,
    scratch: &mut Scratch,
    timing: &mut Timing,
) -> Option<()> {
    let tasks = compiled.tasks.len();
    scratch.prepare(plan, tasks);
    scratch.lower_bound.resize(tasks, 0.0);
    scratch.dirty.resize(plan.routes.len(), true);
    timing.start.resize(tasks, 0.0);
    timing.lateness.clear();
    timing.lateness.resize(tasks, 0.0);
    timing.routes.resize(plan.routes.len(), RouteTimes::default());
    fixed_point(compiled, plan, scratch, timing, 2 * compiled.pairs + 3)
}

/// Times `plan`, which is `base`'s plan with `inserted` tasks added to `routes`. Inserting only
/// delays, so `base`'s starts are lower bounds and only the routes that move are timed again.
/// Exact when travel times obey the triangle inequality; an estimate otherwise (the search times
/// its final choice with `evaluate`).
pub(crate) fn evaluate_insertion(
    compiled: &Compiled,
    plan: &Plan,
    base: &Timing,
    inserted: &[usize],
    routes: &[usize],
    scratch: &mut Scratch,
    timing: &mut Timing,
) -> Option<()> {
    let tasks = compiled.tasks.len();
    scratch.prepare(plan, tasks);
    scratch.lower_bound.extend_from_slice(&base.start);
    for &t in inserted {
        scratch.lower_bound[t] = 0.0;
    }
    scratch.dirty.resize(plan.routes.len(), false);
    for &r in routes {
        scratch.dirty[r] = true;
    }
    timing.clone_from(base);
    fixed_point(compiled, plan, scratch, timing, INSERTION_ROUNDS)
}

impl Scratch {
    fn prepare(&mut self, plan: &Plan, tasks: usize) {
        self.lower_bound.clear();
        self.dirty.clear();
        self.assigned.clear();
        self.assigned.resize(tasks, false);
        self.route_of.clear();
        self.route_of.resize(tasks, usize::MAX);
        for (r, route) in plan.routes.iter().enumerate() {
            for &t in route {
                self.assigned[t] = true;
                self.route_of[t] = r;
            }
        }
    }
}

/// An insertion whose delays have not settled after this many rounds is treated as infeasible
/// (almost always a cycle: two routes each waiting for the other).
const INSERTION_ROUNDS: usize = 8;

/// Rounds of timing and synchronising; a chain of k synchronised pairs settles in k + 1 rounds.
fn fixed_point(
    compiled: &Compiled,
    plan: &Plan,
    scratch: &mut Scratch,
    timing: &mut Timing,
    rounds: usize,
) -> Option<()> {
    for _round in 0..rounds.min(2 * compiled.pairs + 3) {
        for r in 0..plan.routes.len() {
            if scratch.dirty[r] {
                timing.routes[r] = time_route(compiled, plan, r, scratch, timing)?;
                scratch.dirty[r] = false;
            }
        }
        if !synchronise(compiled, scratch, timing) {
            finish(compiled, plan, scratch, timing);
            return Some(());
        }
    }
    None
}

fn time_route(
    compiled: &Compiled,
    plan: &Plan,
    r: usize,
    scratch: &Scratch,
    timing: &mut Timing,
) -> Option<RouteTimes> {
    let problem = compiled.problem;
    let caregiver = &problem.caregivers[r];
    let route = &plan.routes[r];
    let factor = caregiver.travel_factor;
    let mut time = caregiver.shift.start;
    let mut at = caregiver.start_location;
    let mut pending_break = caregiver.shift_break.filter(|_| !route.is_empty());
    let mut break_start = None;
    let (mut distance, mut travel) = (0.0, 0.0);
    let mut departure = caregiver.shift.start;
    let (mut tardiness, mut max_lateness, mut lost_continuity) = (0.0, 0.0f64, 0);
    for (index, &t) in route.iter().enumerate() {
        let task = &compiled.tasks[t];
        let visit = &problem.visits[task.visit];
        let leg = problem.travel_time[at][task.location] * factor;
        let earliest = (time + leg).max(scratch.lower_bound[t]);
        let (mut start, _) = start_in_windows(&visit.windows, visit.max_lateness, earliest)?;
        if let Some(b) = pending_break
            && (start > b.earliest + EPSILON || start + task.duration > b.latest + EPSILON)
        {
            let taken = time.max(b.earliest);
            if taken > b.latest + EPSILON {
                return None;
            }
            break_start = Some(taken);
            pending_break = None;
            time = taken + b.duration;
            let earliest = (time + leg).max(scratch.lower_bound[t]);
            start = start_in_windows(&visit.windows, visit.max_lateness, earliest)?.0;
        }
        if index == 0 {
            departure = (start - leg).max(caregiver.shift.start);
            if let Some(taken) = break_start {
                departure = departure.min(taken);
            }
        }
        let (_, late) = start_in_windows(&visit.windows, visit.max_lateness, start)?;
        timing.start[t] = start;
        timing.lateness[t] = late;
        tardiness += late;
        max_lateness = max_lateness.max(late);
        lost_continuity += usize::from(!compiled.preferred[t][r]);
        distance += problem.distance[at][task.location];
        travel += leg;
        time = start + task.duration;
        at = task.location;
    }
    let leg = problem.travel_time[at][caregiver.end_location] * factor;
    if let Some(b) = pending_break
        && time + leg > b.earliest + EPSILON
    {
        let taken = time.max(b.earliest);
        if taken > b.latest + EPSILON {
            return None;
        }
        break_start = Some(taken);
        time = taken + b.duration;
    }
    if !route.is_empty() {
        distance += problem.distance[at][caregiver.end_location];
        travel += leg;
    }
    let return_time = if route.is_empty() { departure } else { time + leg };
    let overtime = (return_time - caregiver.shift.end).max(0.0);
    let working = return_time - departure;
    if overtime > caregiver.max_overtime + EPSILON || working > caregiver.max_working_time + EPSILON
    {
        return None;
    }
    Some(RouteTimes {
        departure,
        return_time,
        break_start,
        distance,
        travel,
        working,
        overtime,
        tardiness,
        max_lateness,
        lost_continuity,
    })
}

/// Pushes the earlier member of each synchronised pair; true when something moved.
fn synchronise(compiled: &Compiled, scratch: &mut Scratch, timing: &Timing) -> bool {
    let mut moved = false;
    for &(a, b, synchronisation) in &compiled.pair_list {
        if !scratch.assigned[a] || !scratch.assigned[b] {
            continue;
        }
        let (sa, sb) = (timing.start[a], timing.start[b]);
        let (need_a, need_b) = match synchronisation {
            Synchronisation::Simultaneous => (sb, sa),
            Synchronisation::Sequence { min_gap, max_gap, .. } => (sb - max_gap, sa + min_gap),
        };
        for (task, need, current) in [(a, need_a, sa), (b, need_b, sb)] {
            if need > current + EPSILON {
                scratch.lower_bound[task] = need;
                scratch.dirty[scratch.route_of[task]] = true;
                moved = true;
            }
        }
    }
    moved
}

fn finish(compiled: &Compiled, plan: &Plan, scratch: &Scratch, timing: &mut Timing) {
    let problem = compiled.problem;
    let weights = &problem.weights;
    let mut cost = Cost::default();
    let mut weighted = 0.0;
    let (mut longest, mut shortest) = (f64::NEG_INFINITY, f64::INFINITY);
    for (r, route) in plan.routes.iter().enumerate() {
        if route.is_empty() {
            continue;
        }
        let total = &timing.routes[r];
        let caregiver = &problem.caregivers[r];
        cost.caregivers_used += 1;
        cost.distance += total.distance;
        cost.travel_time += total.travel;
        cost.overtime += total.overtime;
        cost.total_tardiness += total.tardiness;
        cost.max_tardiness = cost.max_tardiness.max(total.max_lateness);
        cost.lost_continuity += total.lost_continuity;
        weighted += weights.distance * caregiver.distance_cost * total.distance
            + weights.travel_time * caregiver.time_cost * total.travel;
        longest = longest.max(total.working);
        shortest = shortest.min(total.working);
    }
    for (&first, &priority) in compiled.first_task.iter().zip(&compiled.priority) {
        if !scratch.assigned[first] {
            cost.unassigned_visits += 1;
            weighted += weights.unassigned * priority;
        }
    }
    if cost.caregivers_used > 0 {
        cost.workload_spread = longest - shortest;
    }
    cost.total = weighted
        + weights.caregiver_used * cost.caregivers_used as f64
        + weights.tardiness * cost.total_tardiness
        + weights.max_tardiness * cost.max_tardiness
        + weights.overtime * cost.overtime
        + weights.continuity * cost.lost_continuity as f64
        + weights.workload_balance * cost.workload_spread;
    timing.cost = cost;
}
