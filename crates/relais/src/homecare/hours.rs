//! Realised versus planned hours over a month, per patient, per funder and per caregiver (with
//! travel time), for the service's management — team totals, never a ranking of people.

use crate::homecare::model::PatientId;
use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use planner::travel::TravelModel;

use super::model::{Caregiver, Coordinates, Patient};
use super::realised;
use super::store::{care, patients as patient_store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::MINUTE_MS;
use crate::error::AppResult;
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;

/// Planned, realised and (for patients and funders) funded minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub name: String,
    pub planned_minutes: i64,
    pub realised_minutes: i64,
    pub funded_minutes: i64,
    pub travel_minutes: i64,
}

pub struct Hours {
    pub first: Date,
    pub by_patient: Vec<Line>,
    pub by_funder: Vec<Line>,
    pub by_caregiver: Vec<Line>,
}

/// The travel of a caregiver's day: from their starting point through `places` in order, and
/// back, at their means of transport's speed.
pub fn day_travel_minutes(caregiver: &Caregiver, places: &[Coordinates]) -> i64 {
    let model = TravelModel::default();
    let metres_per_minute = model.speed_kmh(caregiver.transport.mode()) * 1000.0 / 60.0;
    let mut at = caregiver.start;
    let mut minutes = 0.0;
    for place in places.iter().chain(std::iter::once(&caregiver.start)) {
        minutes += model.distance_m(at.point(), place.point()) / metres_per_minute;
        at = *place;
    }
    minutes.round() as i64
}

/// The month holding `any_day`, for a team's published visits.
pub async fn month(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
) -> AppResult<Hours> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    let (first, last) = (any_day.first_of_month(), any_day.last_of_month());
    let reader = state.db.reader();
    let patients: HashMap<PatientId, Patient> =
        patient_store::list_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
    let caregivers: HashMap<String, Caregiver> =
        care::caregivers_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|c| (c.user_id.clone(), c))
            .collect();
    let mut by_patient: BTreeMap<String, Line> = BTreeMap::new();
    let mut by_funder: BTreeMap<String, Line> = BTreeMap::new();
    let mut by_caregiver: BTreeMap<String, Line> = BTreeMap::new();
    // Each caregiver's day in time order, for travel: (caregiver, day) → [(start, patient)].
    let mut days: BTreeMap<(String, String), Vec<(i64, PatientId)>> = BTreeMap::new();
    for r in realised::load(state, &actor.org_id, team_id, first, last).await? {
        let day: Date = r.visit.day.parse().unwrap_or(first);
        if r.visit.cancelled()
            || !crate::homecare::scope::week_published(state, &actor.org_id, team_id, day).await?
        {
            continue;
        }
        let Some(patient) = patients.get(&r.visit.patient_id) else { continue };
        let planned = r.visit.duration_minutes;
        let realised = match r.retained() {
            (Some(start), Some(end)) if end > start => (end - start) / MINUTE_MS,
            _ => 0,
        };
        for line in [
            by_patient.entry(patient.full_name()).or_default(),
            by_funder.entry(patient.financer.as_str().to_string()).or_default(),
        ] {
            line.planned_minutes += planned;
            line.realised_minutes += realised;
        }
        if let Some(caregiver) = r.visit.caregiver_id.as_ref().and_then(|c| caregivers.get(c)) {
            let line = by_caregiver.entry(caregiver.display_name.clone()).or_default();
            line.planned_minutes += planned;
            line.realised_minutes += realised;
            let start =
                r.retained().0.or(r.visit.planned_start_at).unwrap_or(r.visit.window_start_at);
            days.entry((caregiver.user_id.clone(), r.visit.day.clone()))
                .or_default()
                .push((start, patient.id.clone()));
        }
    }
    for ((caregiver_id, _), mut stops) in days {
        let Some(caregiver) = caregivers.get(&caregiver_id) else { continue };
        stops.sort();
        let places: Vec<Coordinates> = stops.iter().map(|(_, p)| patients[p].place).collect();
        if let Some(line) = by_caregiver.get_mut(&caregiver.display_name) {
            line.travel_minutes += day_travel_minutes(caregiver, &places);
        }
    }
    for patient in patients.values() {
        if let Some(line) = by_patient.get_mut(&patient.full_name()) {
            line.funded_minutes = patient.funded_minutes_per_month;
        }
        if by_patient.contains_key(&patient.full_name()) {
            by_funder.entry(patient.financer.as_str().to_string()).or_default().funded_minutes +=
                patient.funded_minutes_per_month;
        }
    }
    let named = |map: BTreeMap<String, Line>| {
        map.into_iter().map(|(name, line)| Line { name, ..line }).collect::<Vec<_>>()
    };
    let mut tx = state.db.begin().await?;
    let object = format!("{team_id}/{}", first.strftime("%Y-%m"));
    let trail = Trail {
        action: Action::PlanningHours.as_str(),
        object_type: "planning_month",
        object_id: &object,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(Hours {
        first,
        by_patient: named(by_patient),
        by_funder: named(by_funder),
        by_caregiver: named(by_caregiver),
    })
}
