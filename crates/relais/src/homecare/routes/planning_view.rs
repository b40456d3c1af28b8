//! What the planning page draws. The week: a row per caregiver and, per day, a bar of the day's
//! visits with their count and hours. A day: a lane per caregiver with the visits placed on the
//! hours and the gaps (travel, waiting) between them. Both: the tray of visits not assigned yet.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::homecare::conflicts::Conflict;
use crate::homecare::model::{Visit, VisitId};
use crate::homecare::planning::{Week, local_minute};
use crate::homecare::timeline::Axis;
use crate::org::fields::clock_text;

/// One visit as the timeline shows it.
pub struct Block {
    pub id: String,
    pub version: i64,
    /// The caregiver's id, empty when unassigned.
    pub caregiver: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub window: String,
    pub patient: String,
    pub label: String,
    pub minutes: i64,
    pub pair: bool,
    /// unassigned, not_started, late, in_progress, done.
    pub state: &'static str,
    pub place: String,
    /// The i18n keys of its conflicts.
    pub conflicts: Vec<&'static str>,
    pub start_minute: i64,
}

/// Time between two visits of a lane: travel and waiting.
pub struct Gap {
    pub place: String,
    pub minutes: i64,
}

/// A caregiver's day.
pub struct Lane {
    pub id: String,
    pub name: String,
    pub blocks: Vec<Block>,
    pub gaps: Vec<Gap>,
    pub minutes: i64,
}

impl Lane {
    pub fn count(&self) -> i64 {
        figure(self.blocks.len())
    }
}

fn figure(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// A caregiver's day in the week view.
pub struct DaySummary {
    pub day: String,
    pub count: i64,
    pub minutes: i64,
    pub conflicts: i64,
    /// Place and state of each visit, for the bar.
    pub segments: Vec<(String, &'static str)>,
}

/// A caregiver's week.
pub struct Row {
    pub id: String,
    pub name: String,
    pub days: Vec<DaySummary>,
    pub minutes: i64,
    pub contract_minutes: i64,
    /// Conflicts of the whole week (over the contract's hours, say): i18n keys.
    pub conflicts: Vec<&'static str>,
}

/// A day of the week in short: for the phone, which shows one day at a time.
pub struct DayTotal {
    pub day: String,
    pub visits: i64,
    pub unassigned: i64,
}

pub struct View {
    pub axis: Axis,
    pub totals: Vec<DayTotal>,
    pub rows: Vec<Row>,
    pub lanes: Vec<Lane>,
    pub tray: Vec<Block>,
}

/// The view of `week`, or of one of its days; `states` gives each visit's state by id.
pub fn build(week: &Week, states: &HashMap<VisitId, &'static str>, day: Option<Date>) -> View {
    let live: Vec<&Visit> = week.visits.iter().filter(|v| !v.cancelled()).collect();
    let spans = live.iter().map(|v| {
        let start = local_minute(v.planned_start_at.unwrap_or(v.window_start_at), &week.zone).0;
        (start, start + v.duration_minutes)
    });
    let axis = Axis::around(spans);
    let block = |visit: &Visit| to_block(week, &axis, states, visit);
    let rows = week
        .caregivers
        .iter()
        .map(|c| {
            let days: Vec<DaySummary> = week
                .days
                .iter()
                .map(|d| {
                    let day = d.to_string();
                    let blocks: Vec<Block> = live
                        .iter()
                        .filter(|v| v.day == day && v.caregiver_id.as_ref() == Some(&c.user_id))
                        .map(|v| block(v))
                        .collect();
                    DaySummary {
                        count: figure(blocks.len()),
                        minutes: blocks.iter().map(|b| b.minutes).sum(),
                        conflicts: figure(
                            blocks.iter().filter(|b| !b.conflicts.is_empty()).count(),
                        ),
                        segments: blocks.into_iter().map(|b| (b.place, b.state)).collect(),
                        day,
                    }
                })
                .collect();
            Row {
                id: c.user_id.clone(),
                name: c.display_name.clone(),
                minutes: days.iter().map(|d| d.minutes).sum(),
                contract_minutes: c.contract_minutes_per_week,
                conflicts: caregiver_conflicts(&week.conflicts, &c.user_id),
                days,
            }
        })
        .collect();
    let of_day = |v: &&&Visit| day.is_none_or(|d| v.day == d.to_string());
    let lanes = match day {
        Some(_) => week
            .caregivers
            .iter()
            .map(|c| {
                let mut blocks: Vec<Block> = live
                    .iter()
                    .filter(of_day)
                    .filter(|v| v.caregiver_id.as_ref() == Some(&c.user_id))
                    .map(|v| block(v))
                    .collect();
                blocks.sort_by_key(|b| b.start_minute);
                Lane {
                    id: c.user_id.clone(),
                    name: c.display_name.clone(),
                    gaps: gaps(&axis, &blocks),
                    minutes: blocks.iter().map(|b| b.minutes).sum(),
                    blocks,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let mut tray: Vec<Block> =
        live.iter().filter(of_day).filter(|v| v.caregiver_id.is_none()).map(|v| block(v)).collect();
    tray.sort_by(|a, b| a.day.cmp(&b.day).then(a.start_minute.cmp(&b.start_minute)));
    let totals = week
        .days
        .iter()
        .map(|d| {
            let day = d.to_string();
            let of_day: Vec<&&Visit> = live.iter().filter(|v| v.day == day).collect();
            DayTotal {
                visits: figure(of_day.len()),
                unassigned: figure(of_day.iter().filter(|v| v.caregiver_id.is_none()).count()),
                day,
            }
        })
        .collect();
    View { axis, totals, rows, lanes, tray }
}

fn to_block(
    week: &Week,
    axis: &Axis,
    states: &HashMap<VisitId, &'static str>,
    visit: &Visit,
) -> Block {
    let minute = |at: i64| local_minute(at, &week.zone).0;
    let text = |at: i64| clock_text(u16::try_from(minute(at)).unwrap_or(0));
    let start_at = visit.planned_start_at.unwrap_or(visit.window_start_at);
    let start_minute = minute(start_at);
    let default_state = if visit.caregiver_id.is_some() { "not_started" } else { "unassigned" };
    Block {
        id: visit.id.to_string(),
        version: visit.version,
        caregiver: visit.caregiver_id.clone().unwrap_or_default(),
        day: visit.day.clone(),
        start: text(start_at),
        end: text(start_at + visit.duration_minutes * crate::clock::MINUTE_MS),
        window: format!("{}–{}", text(visit.window_start_at), text(visit.window_end_at)),
        patient: week.patients.get(&visit.patient_id).map(|p| p.short_name()).unwrap_or_default(),
        label: visit.label.clone(),
        minutes: visit.duration_minutes,
        pair: visit.pair_id.is_some(),
        state: states.get(&visit.id).copied().unwrap_or(default_state),
        place: axis.place(start_minute, visit.duration_minutes),
        conflicts: week
            .conflicts
            .iter()
            .filter(|c| c.visit_id.as_deref() == Some(visit.id.as_str()))
            .map(|c| c.kind.key())
            .collect(),
        start_minute,
    }
}

/// The gaps between consecutive visits of a lane (sorted by start).
fn gaps(axis: &Axis, blocks: &[Block]) -> Vec<Gap> {
    blocks
        .windows(2)
        .filter_map(|pair| {
            let end = pair[0].start_minute + pair[0].minutes;
            let minutes = pair[1].start_minute - end;
            (minutes > 0).then(|| Gap { place: axis.place(end, minutes), minutes })
        })
        .collect()
}

fn caregiver_conflicts(conflicts: &[Conflict], caregiver: &str) -> Vec<&'static str> {
    conflicts
        .iter()
        .filter(|c| c.visit_id.is_none() && c.caregiver_id.as_deref() == Some(caregiver))
        .map(|c| c.kind.key())
        .collect()
}
