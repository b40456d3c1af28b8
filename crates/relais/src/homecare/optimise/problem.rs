//! One day of a team's planning as the solver sees it: caregivers with their shifts, breaks and
//! travel factor, visits with their windows, skills, continuity, exclusions, locks and pairs.

use std::collections::HashMap;

use jiff::civil::Date;
use planner::homecare::{self as solver, Synchronisation};
use planner::travel::TravelModel;

use crate::clock::MINUTE_MS;
use crate::homecare::model::{CarePlanItem, Caregiver, Coordinates, Skill, SyncKind, Visit};
use crate::homecare::planning::Week;
use crate::homecare::recurrence::{local_instant, weekday_index};
use crate::homecare::routing::TravelTable;

/// One day as the solver sees it, with the ids to map its answer back.
pub struct DayProblem {
    pub problem: solver::Problem,
    /// Per solver visit: the visit rows, in service order.
    pub rows: Vec<Vec<Visit>>,
    pub caregivers: Vec<Caregiver>,
    pub midnight: i64,
}

fn skill_index(skill: Skill) -> usize {
    Skill::ALL.iter().position(|s| *s == skill).unwrap_or(0)
}

/// A local minute of `day` as minutes after local midnight (differs on daylight-saving days).
fn minutes_after_midnight(day: Date, minute: i64, week: &Week, midnight: i64) -> Option<f64> {
    Some((local_instant(day, minute, &week.zone)? - midnight) as f64 / MINUTE_MS as f64)
}

/// The French daily maximum of work, in minutes.
const LEGAL_DAILY_MINUTES: f64 = 600.0;
/// A 20-minute break once the day is longer than six hours.
const BREAK_AFTER_MINUTES: f64 = 360.0;
const BREAK_MINUTES: f64 = 20.0;

pub fn day_problem(
    week: &Week,
    day: Date,
    items: &HashMap<String, CarePlanItem>,
    table: &TravelTable,
) -> Option<DayProblem> {
    let text = day.to_string();
    let midnight = local_instant(day, 0, &week.zone)?;
    let caregivers: Vec<Caregiver> = week
        .caregivers
        .iter()
        .filter(|c| c.works_on(weekday_index(day)))
        .filter(|c| {
            !week
                .absences
                .iter()
                .any(|a| a.user_id == c.user_id && a.first_day <= text && text <= a.last_day)
        })
        .cloned()
        .collect();
    let mut groups: Vec<Vec<Visit>> = Vec::new();
    for visit in week.visits.iter().filter(|v| v.day == text && !v.cancelled()) {
        match groups.iter_mut().find(|g| visit.pair_id.is_some() && g[0].pair_id == visit.pair_id) {
            Some(group) => group.push(visit.clone()),
            None => groups.push(vec![visit.clone()]),
        }
    }
    groups.retain(|g| week.patients.contains_key(&g[0].patient_id));
    for group in &mut groups {
        group.sort_by_key(|v| v.pair_role);
    }
    if groups.is_empty() {
        return None;
    }
    let index_of = |id: &Option<String>| {
        id.as_ref().and_then(|id| caregivers.iter().position(|c| &c.user_id == id))
    };
    let model = TravelModel::default();
    let mut places: Vec<Coordinates> = caregivers.iter().map(|c| c.start).collect();
    let mut solver_caregivers = Vec::new();
    for (i, caregiver) in caregivers.iter().enumerate() {
        let start = minutes_after_midnight(day, caregiver.work_start_minute, week, midnight)?;
        let end = minutes_after_midnight(day, caregiver.work_end_minute, week, midnight)?;
        let length = end - start;
        solver_caregivers.push(solver::Caregiver {
            start_location: i,
            end_location: i,
            shift: solver::Window { start, end },
            max_overtime: 0.0,
            shift_break: (length > BREAK_AFTER_MINUTES).then(|| {
                let earliest = start + 180.0;
                solver::Break {
                    earliest,
                    latest: (end - 180.0).max(earliest),
                    duration: BREAK_MINUTES,
                }
            }),
            skills: caregiver.skills.iter().map(|s| skill_index(*s)).collect(),
            max_working_time: length.min(LEGAL_DAILY_MINUTES),
            travel_factor: model.factor(caregiver.transport.mode()),
            distance_cost: 1.0,
            time_cost: 1.0,
        });
    }
    let mut solver_visits = Vec::new();
    for group in &groups {
        let first = &group[0];
        let patient = &week.patients[&first.patient_id];
        let location = places.len();
        places.push(patient.place);
        let item = first.care_plan_item_id.as_ref().and_then(|id| items.get(id));
        let window = solver::Window {
            start: (first.window_start_at - midnight) as f64 / MINUTE_MS as f64,
            end: (first.window_end_at - midnight) as f64 / MINUTE_MS as f64
                - first.duration_minutes as f64,
        };
        let synchronisation = match item {
            Some(item) if item.sync_kind == SyncKind::Sequence => Synchronisation::Sequence {
                min_gap: item.min_gap_minutes as f64,
                max_gap: item.max_gap_minutes as f64,
                same_caregiver_allowed: false,
            },
            _ => Synchronisation::Simultaneous,
        };
        let mut preferred: Vec<usize> =
            group.iter().filter_map(|v| index_of(&v.caregiver_id)).collect();
        preferred.extend(index_of(&item.and_then(|i| i.preferred_caregiver.clone())));
        preferred.sort_unstable();
        preferred.dedup();
        solver_visits.push(solver::Visit {
            location,
            windows: vec![window],
            max_lateness: 0.0,
            services: group
                .iter()
                .map(|v| solver::Service {
                    skill: skill_index(v.skill),
                    duration: v.duration_minutes as f64,
                })
                .collect(),
            synchronisation,
            preferred,
            excluded: index_of(&item.and_then(|i| i.excluded_caregiver.clone()))
                .into_iter()
                .collect(),
            priority: 1.0,
            locked: if group.iter().all(|v| v.locked.0) {
                group.iter().filter_map(|v| index_of(&v.caregiver_id)).collect()
            } else {
                Vec::new()
            },
        });
    }
    let (distance, travel_time) = table.matrices(&places)?;
    let problem = solver::Problem {
        caregivers: solver_caregivers,
        visits: solver_visits,
        distance,
        travel_time,
        weights: solver::Weights::default(),
    };
    Some(DayProblem { problem, rows: groups, caregivers, midnight })
}
