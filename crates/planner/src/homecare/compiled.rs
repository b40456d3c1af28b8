//! The problem rearranged for the search: one task per service, who may do each task, and which
//! visits cannot be planned at all (with the reason) before any search.

use super::model::{Problem, Synchronisation, Window};

/// Why a visit is not in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A time window ends before it starts.
    EmptyWindow,
    /// Nobody (not excluded) has the skill this service needs.
    NoQualifiedCaregiver { service: usize },
    /// Qualified caregivers exist, but none can reach the visit in a window and be back in time.
    NoCaregiverInTime { service: usize },
    /// Two different caregivers are needed and fewer are qualified and available.
    NeedsTwoCaregivers,
    /// It could be planned alone, but not together with the other visits (time or shifts full).
    NoRoom,
}

pub(crate) struct Task {
    pub visit: usize,
    pub service: usize,
    pub location: usize,
    pub duration: f64,
}

pub(crate) struct Compiled<'a> {
    pub problem: &'a Problem,
    pub tasks: Vec<Task>,
    /// Tasks of each visit, in service order.
    pub visit_tasks: Vec<Vec<usize>>,
    /// `allowed[task][caregiver]`: skill, not excluded, lock respected, reachable in time.
    pub allowed: Vec<Vec<bool>>,
    /// `preferred[task][caregiver]`, all true when the visit has no preference.
    pub preferred: Vec<Vec<bool>>,
    /// Visits that cannot be planned at all.
    pub unservable: Vec<(usize, Reason)>,
    /// For each visit, the other visits by increasing relatedness (place, then time).
    pub neighbours: Vec<Vec<usize>>,
    /// Number of two-caregiver visits.
    pub pairs: usize,
    /// The two tasks of each two-caregiver visit, and how they are tied.
    pub pair_list: Vec<(usize, usize, Synchronisation)>,
    /// First task and priority of each visit (visits are planned whole or not at all).
    pub first_task: Vec<usize>,
    pub priority: Vec<f64>,
}

impl<'a> Compiled<'a> {
    pub fn new(problem: &'a Problem) -> Self {
        let mut tasks = Vec::new();
        let mut visit_tasks = Vec::new();
        for (v, visit) in problem.visits.iter().enumerate() {
            let first = tasks.len();
            let ids: Vec<usize> = (first..first + visit.services.len()).collect();
            for (k, service) in visit.services.iter().enumerate() {
                tasks.push(Task {
                    visit: v,
                    service: k,
                    location: visit.location,
                    duration: service.duration,
                });
            }
            visit_tasks.push(ids);
        }
        let mut compiled = Self {
            problem,
            allowed: Vec::with_capacity(tasks.len()),
            preferred: Vec::with_capacity(tasks.len()),
            tasks,
            visit_tasks,
            unservable: Vec::new(),
            neighbours: Vec::new(),
            pairs: problem.visits.iter().filter(|v| v.services.len() == 2).count(),
            pair_list: Vec::new(),
            first_task: Vec::new(),
            priority: problem.visits.iter().map(|v| v.priority).collect(),
        };
        for (v, ids) in compiled.visit_tasks.iter().enumerate() {
            compiled.first_task.push(ids[0]);
            if let [a, b] = ids[..] {
                compiled.pair_list.push((a, b, problem.visits[v].synchronisation));
            }
        }
        compiled.fill_permissions();
        compiled.neighbours = compiled.relatedness();
        compiled
    }

    pub fn may_share_caregiver(&self, visit: usize) -> bool {
        matches!(
            self.problem.visits[visit].synchronisation,
            Synchronisation::Sequence { same_caregiver_allowed: true, .. }
        ) || self.visit_tasks[visit].len() < 2
    }

    fn fill_permissions(&mut self) {
        let problem = self.problem;
        for task in &self.tasks {
            let visit = &problem.visits[task.visit];
            let skill = visit.services[task.service].skill;
            let row = problem
                .caregivers
                .iter()
                .enumerate()
                .map(|(c, caregiver)| {
                    caregiver.skills.contains(&skill)
                        && !visit.excluded.contains(&c)
                        && visit.locked.get(task.service).is_none_or(|&l| l == c)
                })
                .collect();
            self.allowed.push(row);
            let preferred = (0..problem.caregivers.len())
                .map(|c| visit.preferred.is_empty() || visit.preferred.contains(&c))
                .collect();
            self.preferred.push(preferred);
        }
        for v in 0..problem.visits.len() {
            let reason = self.unservable_reason(v);
            if let Some(reason) = reason {
                self.unservable.push((v, reason));
                for &t in &self.visit_tasks[v] {
                    self.allowed[t].iter_mut().for_each(|a| *a = false);
                }
            } else {
                for &t in &self.visit_tasks[v] {
                    for c in 0..problem.caregivers.len() {
                        let reachable = self.reachable(t, c);
                        self.allowed[t][c] &= reachable;
                    }
                }
            }
        }
    }

    fn unservable_reason(&self, v: usize) -> Option<Reason> {
        let visit = &self.problem.visits[v];
        if visit.windows.iter().all(|w| w.end + visit.max_lateness < w.start) {
            return Some(Reason::EmptyWindow);
        }
        let mut who = Vec::new();
        for (k, &t) in self.visit_tasks[v].iter().enumerate() {
            let qualified: Vec<usize> =
                (0..self.problem.caregivers.len()).filter(|&c| self.allowed[t][c]).collect();
            if qualified.is_empty() {
                return Some(Reason::NoQualifiedCaregiver { service: k });
            }
            let in_time: Vec<usize> =
                qualified.into_iter().filter(|&c| self.reachable(t, c)).collect();
            if in_time.is_empty() {
                return Some(Reason::NoCaregiverInTime { service: k });
            }
            who.push(in_time);
        }
        if who.len() == 2
            && !self.may_share_caregiver(v)
            && !who[0].iter().any(|a| who[1].iter().any(|b| a != b))
        {
            return Some(Reason::NeedsTwoCaregivers);
        }
        None
    }

    /// Could caregiver `c` do task `t` alone in their day?
    fn reachable(&self, t: usize, c: usize) -> bool {
        let problem = self.problem;
        let caregiver = &problem.caregivers[c];
        let task = &self.tasks[t];
        let visit = &problem.visits[task.visit];
        let there =
            problem.travel_time[caregiver.start_location][task.location] * caregiver.travel_factor;
        let back =
            problem.travel_time[task.location][caregiver.end_location] * caregiver.travel_factor;
        let Some((start, _)) =
            start_in_windows(&visit.windows, visit.max_lateness, caregiver.shift.start + there)
        else {
            return false;
        };
        start + task.duration + back <= caregiver.shift.end + caregiver.max_overtime + EPSILON
            && there + task.duration + back <= caregiver.max_working_time + EPSILON
    }

    fn relatedness(&self) -> Vec<Vec<usize>> {
        let problem = self.problem;
        let count = problem.visits.len();
        let scale = average(&problem.travel_time).max(EPSILON);
        (0..count)
            .map(|a| {
                let va = &problem.visits[a];
                let mut others: Vec<(f64, usize)> = (0..count)
                    .filter(|&b| b != a)
                    .map(|b| {
                        let vb = &problem.visits[b];
                        let place = problem.travel_time[va.location][vb.location] / scale;
                        let time = (va.windows[0].start - vb.windows[0].start).abs() / scale;
                        (place + 0.5 * time, b)
                    })
                    .collect();
                others.sort_by(|x, y| x.0.total_cmp(&y.0));
                others.into_iter().map(|(_, b)| b).collect()
            })
            .collect()
    }
}

pub(crate) const EPSILON: f64 = 1e-6;

fn average(matrix: &[Vec<f64>]) -> f64 {
    let count = matrix.len() * matrix.len();
    if count == 0 {
        return 1.0;
    }
    matrix.iter().flatten().sum::<f64>() / count as f64
}

/// The earliest start at or after `at` allowed by the windows, and its lateness.
pub(crate) fn start_in_windows(
    windows: &[Window],
    max_lateness: f64,
    at: f64,
) -> Option<(f64, f64)> {
    windows.iter().find(|w| at <= w.end + max_lateness + EPSILON).map(|w| {
        let start = at.max(w.start);
        (start, (start - w.end).max(0.0))
    })
}
