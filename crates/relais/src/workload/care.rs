//! The care side of a team's week (or one caregiver's): from the published visits and what was
//! recorded of them.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use crate::clock::MINUTE_MS;
use crate::error::AppResult;
use crate::homecare::board::LATE_AFTER_MINUTES;
use crate::homecare::model::{Caregiver, Coordinates, Patient, PatientId};
use crate::homecare::realised::{self, ExceptionKind, Realised};
use crate::homecare::store::{care, patients as patient_store};
use crate::state::AppState;

/// One week of care figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CareWeek {
    /// People who had at least one visit (the group the figures describe).
    pub caregivers: usize,
    pub planned: usize,
    pub done: usize,
    /// (caregiver, day) pairs with at least one visit.
    pub caregiver_days: usize,
    pub visit_minutes: i64,
    pub travel_minutes: i64,
    /// Arrivals recorded more than a quarter of an hour after the planned start.
    pub late: usize,
    /// Visits whose arrival or departure was never recorded.
    pub forgotten: usize,
}

impl CareWeek {
    /// Visits per caregiver-day, in tenths.
    pub fn per_day_tenths(&self) -> i64 {
        let days = i64::try_from(self.caregiver_days.max(1)).unwrap_or(1);
        i64::try_from(self.done).unwrap_or(0) * 10 / days
    }

    /// Travel as a share of working time (travel and visits), in percent.
    pub fn travel_percent(&self) -> i64 {
        let total = self.travel_minutes + self.visit_minutes;
        if total == 0 { 0 } else { self.travel_minutes * 100 / total }
    }
}

/// The figures of a team's published week from `monday`, for every caregiver or only `whom`.
pub async fn week(
    state: &AppState,
    org_id: &str,
    team_id: &str,
    monday: Date,
    whom: Option<&str>,
) -> AppResult<CareWeek> {
    let mut figures = CareWeek::default();
    if !crate::homecare::scope::week_published(state, org_id, team_id, monday).await? {
        return Ok(figures);
    }
    let sunday =
        monday.checked_add(jiff::Span::new().days(6)).map_err(crate::error::AppError::internal)?;
    let reader = state.db.reader();
    let patients: HashMap<PatientId, Patient> =
        patient_store::list_of_team(reader, org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
    let caregivers: HashMap<String, Caregiver> = care::caregivers_of_team(reader, org_id, team_id)
        .await?
        .into_iter()
        .map(|c| (c.user_id.clone(), c))
        .collect();
    let now = state.clock.now_ms();
    let mut days: BTreeMap<(String, String), Vec<(i64, Coordinates)>> = BTreeMap::new();
    for r in realised::load(state, org_id, team_id, monday, sunday).await? {
        let Some(caregiver) = r.visit.caregiver_id.clone() else { continue };
        if r.visit.cancelled() || whom.is_some_and(|w| w != caregiver) {
            continue;
        }
        figures.planned += 1;
        count(&mut figures, &r, now);
        if let Some(patient) = patients.get(&r.visit.patient_id) {
            let start =
                r.retained().0.or(r.visit.planned_start_at).unwrap_or(r.visit.window_start_at);
            days.entry((caregiver, r.visit.day.clone())).or_default().push((start, patient.place));
        }
    }
    let people: HashSet<&String> = days.keys().map(|(c, _)| c).collect();
    figures.caregivers = people.len();
    figures.caregiver_days = days.len();
    for ((caregiver, _), mut stops) in days {
        let Some(caregiver) = caregivers.get(&caregiver) else { continue };
        stops.sort_by_key(|(start, _)| *start);
        let places: Vec<Coordinates> = stops.into_iter().map(|(_, place)| place).collect();
        figures.travel_minutes += crate::homecare::hours::day_travel_minutes(caregiver, &places);
    }
    Ok(figures)
}

fn count(figures: &mut CareWeek, r: &Realised, now: i64) {
    let planned_start = r.visit.planned_start_at.unwrap_or(r.visit.window_start_at);
    match r.retained() {
        (Some(start), Some(end)) if end > start => {
            figures.done += 1;
            figures.visit_minutes += (end - start) / MINUTE_MS;
        }
        _ => {}
    }
    if let Some(arrival) = &r.check_in {
        figures.late +=
            usize::from(arrival.device_at > planned_start + LATE_AFTER_MINUTES * MINUTE_MS);
    }
    let missing = realised::exceptions(r, crate::config::PunchTolerance::default(), now);
    figures.forgotten += usize::from(
        missing.iter().any(|e| matches!(e, ExceptionKind::NoCheckIn | ExceptionKind::NoCheckOut)),
    );
}
