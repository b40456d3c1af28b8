//! What the optimiser proposes: the changes per visit, the visits it could not plan and why, and
//! the travel time and continuity before and after.

use crate::homecare::model::{PatientId, VisitId};
use std::collections::HashMap;

use planner::homecare::{self as solver, Reason};
use serde::{Deserialize, Serialize};

use super::problem::DayProblem;
use super::runs::Run;
use crate::clock::MINUTE_MS;

/// One change the optimiser proposes for a visit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub visit_id: VisitId,
    pub pair_id: Option<String>,
    /// The visit's version when the proposal was made: a visit changed since is left alone.
    pub version: i64,
    pub patient_id: PatientId,
    pub label: String,
    pub from_caregiver: Option<String>,
    pub from_start: Option<i64>,
    pub to_caregiver: String,
    pub to_start: i64,
    /// Whether the proposed caregiver is the preferred or current one.
    pub continuity: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LeftOut {
    pub visit_id: VisitId,
    pub patient_id: PatientId,
    pub label: String,
    /// i18n key of the reason.
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Proposal {
    pub changes: Vec<Change>,
    pub unassigned: Vec<LeftOut>,
    pub travel_before_minutes: f64,
    pub travel_after_minutes: f64,
    pub continuity_before: usize,
    pub continuity_after: usize,
    /// Travel minutes per caregiver (user id), before and after; absent in older proposals.
    #[serde(default)]
    pub travel_by_caregiver: HashMap<String, Travel>,
}

/// One caregiver's travel minutes over the optimised days, before and after.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Travel {
    pub before_minutes: f64,
    pub after_minutes: f64,
}

impl Proposal {
    fn travel(&mut self, caregiver: &str) -> &mut Travel {
        self.travel_by_caregiver.entry(caregiver.to_string()).or_default()
    }
}

fn reason_key(reason: Reason) -> &'static str {
    match reason {
        Reason::EmptyWindow => "reason-empty-window",
        Reason::NoQualifiedCaregiver { .. } => "reason-no-qualified",
        Reason::NoCaregiverInTime { .. } => "reason-no-caregiver-in-time",
        Reason::NeedsTwoCaregivers => "reason-needs-two",
        Reason::NoRoom => "reason-no-room",
    }
}

/// Travel minutes of one round (locations in order), out from and back to the caregiver's base.
fn travel_minutes(problem: &solver::Problem, caregiver: usize, stops: &[usize]) -> f64 {
    if stops.is_empty() {
        return 0.0;
    }
    let caregiver = &problem.caregivers[caregiver];
    let mut at = caregiver.start_location;
    let mut total = 0.0;
    for &stop in stops.iter().chain(std::iter::once(&caregiver.end_location)) {
        total += problem.travel_time[at][stop] * caregiver.travel_factor;
        at = stop;
    }
    total
}

/// Solves one day and adds its changes to `proposal`.
pub fn solve_day(
    day: &DayProblem,
    settings: &planner::solver::Settings,
    run: &Run,
    proposal: &mut Proposal,
) {
    let Ok(answer) = solver::solve(&day.problem, settings, |p| {
        if let Ok(mut best) = run.best_cost.lock() {
            *best = Some(p.cost);
        }
    }) else {
        return;
    };
    let location = |v: usize| day.problem.visits[v].location;
    let mut before: HashMap<usize, Vec<(i64, usize)>> = HashMap::new();
    for (v, group) in day.rows.iter().enumerate() {
        for row in group {
            if let (Some(c), Some(start)) = (
                day.caregivers.iter().position(|c| Some(&c.user_id) == row.caregiver_id.as_ref()),
                row.planned_start_at,
            ) {
                before.entry(c).or_default().push((start, location(v)));
            }
        }
    }
    let before: Vec<(usize, Vec<usize>)> = before
        .into_iter()
        .map(|(c, mut stops)| {
            stops.sort_unstable();
            (c, stops.into_iter().map(|(_, l)| l).collect())
        })
        .collect();
    for (c, stops) in &before {
        let minutes = travel_minutes(&day.problem, *c, stops);
        proposal.travel_before_minutes += minutes;
        proposal.travel(&day.caregivers[*c].user_id).before_minutes += minutes;
    }
    for round in &answer.rounds {
        let stops: Vec<usize> = round.stops.iter().map(|s| location(s.visit)).collect();
        let minutes = travel_minutes(&day.problem, round.caregiver, &stops);
        proposal.travel_after_minutes += minutes;
        proposal.travel(&day.caregivers[round.caregiver].user_id).after_minutes += minutes;
    }
    for round in &answer.rounds {
        let caregiver = &day.caregivers[round.caregiver];
        for stop in &round.stops {
            let Some(row) = day.rows[stop.visit].get(stop.service) else { continue };
            let to_start = day.midnight + (stop.start * MINUTE_MS as f64).round() as i64;
            let continuity = day.problem.visits[stop.visit].preferred.contains(&round.caregiver);
            let was_continuous = row.caregiver_id.is_some()
                && day.problem.visits[stop.visit]
                    .preferred
                    .iter()
                    .any(|&p| Some(&day.caregivers[p].user_id) == row.caregiver_id.as_ref());
            proposal.continuity_before += usize::from(was_continuous);
            proposal.continuity_after += usize::from(continuity);
            let same_caregiver = row.caregiver_id.as_deref() == Some(caregiver.user_id.as_str());
            let same_time = row.planned_start_at.is_some_and(|s| (s - to_start).abs() < MINUTE_MS);
            if same_caregiver && same_time {
                continue;
            }
            proposal.changes.push(Change {
                visit_id: row.id.clone(),
                pair_id: row.pair_id.clone(),
                version: row.version,
                patient_id: row.patient_id.clone(),
                label: row.label.clone(),
                from_caregiver: row.caregiver_id.clone(),
                from_start: row.planned_start_at,
                to_caregiver: caregiver.user_id.clone(),
                to_start,
                continuity,
            });
        }
    }
    for (v, reason) in &answer.unassigned {
        for row in &day.rows[*v] {
            proposal.unassigned.push(LeftOut {
                visit_id: row.id.clone(),
                patient_id: row.patient_id.clone(),
                label: row.label.clone(),
                reason: reason_key(*reason).to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_explained_in_both_languages() {
        let reasons = [
            Reason::EmptyWindow,
            Reason::NoQualifiedCaregiver { service: 0 },
            Reason::NoCaregiverInTime { service: 1 },
            Reason::NeedsTwoCaregivers,
            Reason::NoRoom,
        ];
        for lang in crate::i18n::Lang::ALL {
            for reason in reasons {
                assert!(lang.has(reason_key(reason)), "{lang:?} {reason:?}");
            }
        }
    }
}
