//! The home-care planning problem: caregivers with skills and shifts, visits with time windows,
//! one or two caregivers, continuity preferences and exclusions, given travel matrices.
//!
//! Times and durations are in one unit chosen by the caller (minutes in Relais), distances in
//! another (metres in Relais); locations are indices into the two matrices.

use thiserror::Error;

/// An interval of time; `end` may be `f64::INFINITY`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub start: f64,
    pub end: f64,
}

impl Window {
    pub const ALWAYS: Window = Window { start: 0.0, end: f64::INFINITY };
}

/// A break the caregiver must start between `earliest` and `latest`, if still working at
/// `earliest`. It is taken before travelling to the first visit that would start after `earliest`
/// or end after `latest` (or before going home).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub earliest: f64,
    pub latest: f64,
    pub duration: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Caregiver {
    pub start_location: usize,
    pub end_location: usize,
    /// Leaves no earlier than `shift.start`; back by `shift.end`, later only as overtime.
    pub shift: Window,
    /// Overtime allowed after `shift.end` (hard limit); costs `Weights::overtime` per unit.
    pub max_overtime: f64,
    pub shift_break: Option<Break>,
    /// Skill numbers, each below 64.
    pub skills: Vec<usize>,
    /// From leaving to coming back, break included (hard limit, e.g. the legal daily maximum).
    pub max_working_time: f64,
    /// Travel time multiplier for this caregiver's transport mode (1 = the matrix).
    pub travel_factor: f64,
    /// Multipliers of the distance and travel-time weights (e.g. a car allowance).
    pub distance_cost: f64,
    pub time_cost: f64,
}

impl Caregiver {
    /// Available all day from location 0, back to location 0, with the given skills.
    pub fn at_depot(skills: Vec<usize>) -> Self {
        Self {
            start_location: 0,
            end_location: 0,
            shift: Window::ALWAYS,
            max_overtime: 0.0,
            shift_break: None,
            skills,
            max_working_time: f64::INFINITY,
            travel_factor: 1.0,
            distance_cost: 1.0,
            time_cost: 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Service {
    pub skill: usize,
    pub duration: f64,
}

/// How the two services of a two-caregiver visit are tied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Synchronisation {
    /// Both start at the same time (two different caregivers).
    Simultaneous,
    /// `min_gap <= start(second) - start(first) <= max_gap`.
    Sequence { min_gap: f64, max_gap: f64, same_caregiver_allowed: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub location: usize,
    /// Alternative windows for the start of each service. Starting before a window's start is
    /// impossible; starting after its end costs tardiness, up to `max_lateness` (hard).
    pub windows: Vec<Window>,
    pub max_lateness: f64,
    /// One service, or two for a two-caregiver visit.
    pub services: Vec<Service>,
    pub synchronisation: Synchronisation,
    /// Continuity of care (soft): a service by someone else costs `Weights::continuity`.
    pub preferred: Vec<usize>,
    /// Never these caregivers (hard).
    pub excluded: Vec<usize>,
    /// Multiplies `Weights::unassigned` when the visit is left out (at least 1).
    pub priority: f64,
    /// Published or locked: the caregiver of each service is fixed (empty = free).
    pub locked: Vec<usize>,
}

impl Visit {
    pub fn single(location: usize, window: Window, service: Service) -> Self {
        Self {
            location,
            windows: vec![window],
            max_lateness: f64::INFINITY,
            services: vec![service],
            synchronisation: Synchronisation::Simultaneous,
            preferred: Vec::new(),
            excluded: Vec::new(),
            priority: 1.0,
            locked: Vec::new(),
        }
    }
}

/// Weights of the objective; the organisation can tune them (see `docs/planner.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Per visit left unplanned (times its priority).
    pub unassigned: f64,
    /// Per caregiver with at least one visit.
    pub caregiver_used: f64,
    pub distance: f64,
    pub travel_time: f64,
    /// Per unit of lateness, summed over services.
    pub tardiness: f64,
    /// Per unit of the largest lateness.
    pub max_tardiness: f64,
    pub overtime: f64,
    /// Per service done by someone other than the preferred caregivers.
    pub continuity: f64,
    /// Per unit of difference between the longest and the shortest working day.
    pub workload_balance: f64,
}

impl Default for Weights {
    /// Relais' defaults, with times in minutes and distances in metres.
    fn default() -> Self {
        Self {
            unassigned: 100_000.0,
            caregiver_used: 30.0,
            distance: 0.0,
            travel_time: 1.0,
            tardiness: 2.0,
            max_tardiness: 0.0,
            overtime: 5.0,
            continuity: 20.0,
            workload_balance: 0.2,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub caregivers: Vec<Caregiver>,
    pub visits: Vec<Visit>,
    pub distance: Vec<Vec<f64>>,
    pub travel_time: Vec<Vec<f64>>,
    pub weights: Weights,
}

/// Malformed input, found before any search.
#[derive(Debug, Error, PartialEq)]
pub enum ProblemError {
    #[error("the {0} matrix is not square or does not match the other one")]
    MatrixShape(&'static str),
    #[error("the {matrix} matrix has an invalid entry at ({from}, {to}): {value}")]
    MatrixEntry { matrix: &'static str, from: usize, to: usize, value: f64 },
    #[error("caregiver {0}: {1}")]
    Caregiver(usize, &'static str),
    #[error("visit {0}: {1}")]
    Visit(usize, &'static str),
    #[error("weight {0} is negative or not a number")]
    Weight(&'static str),
}

pub const MAX_SKILLS: usize = 64;

impl Problem {
    pub fn validate(&self) -> Result<(), ProblemError> {
        let size = self.distance.len();
        for (name, matrix) in [("distance", &self.distance), ("travel time", &self.travel_time)] {
            if matrix.len() != size || matrix.iter().any(|row| row.len() != size) {
                return Err(ProblemError::MatrixShape(name));
            }
            for (from, row) in matrix.iter().enumerate() {
                if let Some((to, &value)) =
                    row.iter().enumerate().find(|(_, v)| !v.is_finite() || **v < 0.0)
                {
                    return Err(ProblemError::MatrixEntry { matrix: name, from, to, value });
                }
            }
        }
        for (index, caregiver) in self.caregivers.iter().enumerate() {
            caregiver_problem(caregiver, size).map_err(|m| ProblemError::Caregiver(index, m))?;
        }
        let count = self.caregivers.len();
        for (index, visit) in self.visits.iter().enumerate() {
            visit_problem(visit, size, count).map_err(|m| ProblemError::Visit(index, m))?;
        }
        let w = &self.weights;
        for (name, value) in [
            ("unassigned", w.unassigned),
            ("caregiver_used", w.caregiver_used),
            ("distance", w.distance),
            ("travel_time", w.travel_time),
            ("tardiness", w.tardiness),
            ("max_tardiness", w.max_tardiness),
            ("overtime", w.overtime),
            ("continuity", w.continuity),
            ("workload_balance", w.workload_balance),
        ] {
            if !value.is_finite() || value < 0.0 {
                return Err(ProblemError::Weight(name));
            }
        }
        Ok(())
    }

    pub fn skill_mask(skills: &[usize]) -> u64 {
        skills.iter().fold(0, |mask, &skill| mask | (1u64 << skill))
    }
}

fn is_time(value: f64) -> bool {
    !value.is_nan() && value >= 0.0
}

fn caregiver_problem(caregiver: &Caregiver, size: usize) -> Result<(), &'static str> {
    if caregiver.start_location >= size || caregiver.end_location >= size {
        return Err("location outside the matrices");
    }
    if !is_time(caregiver.shift.start)
        || !is_time(caregiver.shift.end)
        || caregiver.shift.end < caregiver.shift.start
    {
        return Err("invalid shift");
    }
    if !is_time(caregiver.max_overtime) || !is_time(caregiver.max_working_time) {
        return Err("invalid overtime or working time limit");
    }
    if let Some(b) = caregiver.shift_break
        && (!b.earliest.is_finite()
            || !b.latest.is_finite()
            || !b.duration.is_finite()
            || b.earliest < 0.0
            || b.latest < b.earliest
            || b.duration < 0.0)
    {
        return Err("invalid break");
    }
    if caregiver.skills.iter().any(|&s| s >= MAX_SKILLS) {
        return Err("skill number too large");
    }
    let positive = caregiver.travel_factor.is_finite() && caregiver.travel_factor > 0.0;
    let costs = [caregiver.distance_cost, caregiver.time_cost];
    if !positive || costs.iter().any(|c| !c.is_finite() || *c < 0.0) {
        return Err("invalid travel factor or cost");
    }
    Ok(())
}

fn visit_problem(visit: &Visit, size: usize, caregivers: usize) -> Result<(), &'static str> {
    if visit.location >= size {
        return Err("location outside the matrices");
    }
    if visit.windows.is_empty() {
        return Err("no time window");
    }
    if visit.windows.iter().any(|w| !w.start.is_finite() || w.start < 0.0 || w.end.is_nan()) {
        return Err("invalid time window");
    }
    if visit.windows.windows(2).any(|pair| pair[1].start < pair[0].start) {
        return Err("time windows out of order");
    }
    if !is_time(visit.max_lateness) {
        return Err("invalid maximum lateness");
    }
    if visit.services.is_empty() || visit.services.len() > 2 {
        return Err("one or two services expected");
    }
    if visit
        .services
        .iter()
        .any(|s| s.skill >= MAX_SKILLS || !s.duration.is_finite() || s.duration < 0.0)
    {
        return Err("invalid service");
    }
    if let Synchronisation::Sequence { min_gap, max_gap, .. } = visit.synchronisation
        && (!min_gap.is_finite() || max_gap.is_nan() || max_gap < min_gap)
    {
        return Err("invalid gap between the two services");
    }
    if !(visit.priority.is_finite() && visit.priority >= 1.0) {
        return Err("priority must be at least 1");
    }
    let all = visit.preferred.iter().chain(&visit.excluded).chain(&visit.locked);
    if all.clone().any(|&c| c >= caregivers) {
        return Err("unknown caregiver");
    }
    if !visit.locked.is_empty() && visit.locked.len() != visit.services.len() {
        return Err("a lock names one caregiver per service");
    }
    if visit.locked.iter().any(|c| visit.excluded.contains(c)) {
        return Err("locked to an excluded caregiver");
    }
    Ok(())
}
