//! The weekly planning of a team: visits generated from the care plans, assigned by hand or by
//! the optimiser, checked for conflicts, published to the caregivers' phones.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::conflicts::{self, Conflict, Context};
use super::model::{
    Absence, CarePlanItem, Caregiver, Coordinates, Patient, PatientId, Visit, VisitId, VisitStatus,
};
use super::recurrence::{self, days_of_week, occurrences};
use super::store::{care, patients as patient_store, visits as store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;
use crate::typed_id::Flag;

/// Everything the planning page shows for one team and week.
pub struct Week {
    pub team_id: String,
    pub monday: Date,
    pub days: Vec<Date>,
    pub zone: TimeZone,
    pub caregivers: Vec<Caregiver>,
    pub patients: HashMap<PatientId, Patient>,
    pub visits: Vec<Visit>,
    pub absences: Vec<Absence>,
    pub conflicts: Vec<Conflict>,
    pub state: store::WeekState,
}

impl Week {
    pub fn first_day(&self) -> String {
        self.monday.to_string()
    }

    pub fn last_day(&self) -> String {
        self.days.last().map(|d| d.to_string()).unwrap_or_default()
    }
}

/// Checks that the person plans this team.
async fn require_planner(state: &AppState, actor: &CurrentUser, team_id: &str) -> AppResult<()> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await
}

/// Loads a team's week with its conflicts.
pub async fn week(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
) -> AppResult<Week> {
    require_planner(state, actor, team_id).await?;
    load_week(state, &actor.org_id, team_id, recurrence::week_start(any_day)).await
}

pub async fn load_week(
    state: &AppState,
    org_id: &str,
    team_id: &str,
    monday: Date,
) -> AppResult<Week> {
    let zone = crate::org::service::zone(state, org_id).await?;
    load_week_in(&state.db, zone, org_id, team_id, monday).await
}

/// A team's week with its conflicts, from the database alone (the demo seeding uses it too).
pub async fn load_week_in(
    db: &crate::db::Db,
    zone: TimeZone,
    org_id: &str,
    team_id: &str,
    monday: Date,
) -> AppResult<Week> {
    let days = days_of_week(monday);
    let reader = db.reader();
    let (first, last) = (monday.to_string(), days[6].to_string());
    let caregivers = care::caregivers_of_team(reader, org_id, team_id).await?;
    let patients: HashMap<PatientId, Patient> =
        patient_store::list_of_team(reader, org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
    let visits = store::of_team(reader, org_id, team_id, &first, &last).await?;
    let absences = care::absences_between(reader, org_id, &first, &last).await?;
    let excluded: HashMap<String, String> = care::items_of_team(reader, org_id, team_id)
        .await?
        .into_iter()
        .filter_map(|i| Some((i.id, i.excluded_caregiver?)))
        .collect();
    let places: HashMap<PatientId, Coordinates> =
        patients.values().map(|p| (p.id.clone(), p.place)).collect();
    let conflicts = {
        let local = |at: i64| local_minute(at, &zone);
        let context = Context {
            caregivers: &caregivers,
            absences: &absences,
            places: &places,
            excluded: &excluded,
            travel: planner::travel::TravelModel::default(),
            local: &local,
        };
        conflicts::detect(&visits, &context)
    };
    let state_row = store::week_state(reader, org_id, team_id, &first).await?;
    Ok(Week {
        team_id: team_id.to_string(),
        monday,
        days,
        zone: zone.clone(),
        caregivers,
        patients,
        visits,
        absences,
        conflicts,
        state: state_row,
    })
}

/// Local minute of the day and weekday (Monday = 0) of an instant.
pub fn local_minute(at_ms: i64, zone: &TimeZone) -> (i64, usize) {
    match jiff::Timestamp::from_millisecond(at_ms) {
        Ok(ts) => {
            let zoned = ts.to_zoned(zone.clone());
            let minute = i64::from(zoned.hour()) * 60 + i64::from(zoned.minute());
            (minute, recurrence::weekday_index(zoned.date()))
        }
        Err(_) => (0, 0),
    }
}

/// Creates the week's visits from the care plans; occurrences already there are kept as they are.
/// Returns how many visits were added.
pub async fn generate(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
) -> AppResult<usize> {
    require_planner(state, actor, team_id).await?;
    let monday = recurrence::week_start(any_day);
    let days = days_of_week(monday);
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let items = care::items_of_team(state.db.reader(), &actor.org_id, team_id).await?;
    let patients = patient_store::list_of_team(state.db.reader(), &actor.org_id, team_id).await?;
    let items: Vec<CarePlanItem> =
        items.into_iter().filter(|i| patients.iter().any(|p| p.id == i.patient_id)).collect();
    let mut tx = state.db.begin().await?;
    let mut added = 0;
    for visit in planned_visits(&items, team_id, &days, &zone) {
        if store::insert_generated(&mut *tx, &actor.org_id, &visit).await? {
            added += 1;
        }
    }
    let first = monday.to_string();
    store::mark_generated(&mut *tx, &actor.org_id, team_id, &first).await?;
    let object = format!("{team_id}/{first}");
    let trail = Trail {
        action: Action::PlanningGenerate.as_str(),
        object_type: "planning_week",
        object_id: &object,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[format!("org:{}", actor.org_id)]).await?;
    finish(tx, state).await?;
    Ok(added)
}

/// The visits of care plan items on the given days: one row per caregiver place (two rows
/// sharing a pair id for a two-caregiver item), given to the preferred caregiver when there is one.
pub fn planned_visits(
    items: &[CarePlanItem],
    team_id: &str,
    days: &[Date],
    zone: &TimeZone,
) -> Vec<Visit> {
    let mut visits = Vec::new();
    for item in items {
        for occurrence in occurrences(item, days, zone) {
            let pair_id = (item.caregivers == 2).then(crate::secrets::new_id);
            for role in 0..item.caregivers {
                let preferred = (role == 0).then(|| item.preferred_caregiver.clone()).flatten();
                visits.push(Visit {
                    id: VisitId::generate(),
                    team_id: team_id.to_string(),
                    patient_id: item.patient_id.clone(),
                    care_plan_item_id: Some(item.id.clone()),
                    pair_id: pair_id.clone(),
                    pair_role: role,
                    day: occurrence.day.to_string(),
                    label: item.label.clone(),
                    skill: item.skill,
                    window_start_at: occurrence.window_start_at,
                    window_end_at: occurrence.window_end_at,
                    duration_minutes: item.duration_minutes,
                    planned_start_at: preferred.as_ref().map(|_| occurrence.window_start_at),
                    caregiver_id: preferred,
                    status: VisitStatus::Planned,
                    cancel_reason: None,
                    locked: Flag(false),
                    version: 1,
                });
            }
        }
    }
    visits
}

/// A visit of a team the person plans.
async fn planned_visit(state: &AppState, actor: &CurrentUser, id: &VisitId) -> AppResult<Visit> {
    actor.require(Permission::PlanRounds)?;
    let visit =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    require_planner(state, actor, &visit.team_id).await?;
    Ok(visit)
}

/// Gives a visit to a caregiver of the team at a local time (`None`: unassign). `version` is the
/// one the coordinator saw: a visit changed meanwhile is refused with a conflict.
#[tracing::instrument(skip_all, fields(visit = visit_id.as_str(), version))]
pub async fn assign(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    version: i64,
    caregiver_id: Option<&str>,
    start_minute: Option<i64>,
) -> AppResult<()> {
    let visit = planned_visit(state, actor, visit_id).await?;
    if let Some(id) = caregiver_id {
        let team =
            care::caregivers_of_team(state.db.reader(), &actor.org_id, &visit.team_id).await?;
        if !team.iter().any(|c| c.user_id == id) {
            return Err(AppError::Invalid { field: "caregiver", code: "caregiver-unknown" });
        }
    }
    let start = match (caregiver_id, start_minute) {
        (None, _) => None,
        (Some(_), None) => Some(visit.planned_start_at.unwrap_or(visit.window_start_at)),
        (Some(_), Some(minute)) => {
            let zone = crate::org::service::zone(state, &actor.org_id).await?;
            let day = super::scope::stored_day(&visit.day)?;
            Some(
                recurrence::local_instant(day, minute, &zone)
                    .ok_or(AppError::Invalid { field: "start", code: "time-invalid" })?,
            )
        }
    };
    let published = super::scope::visit_published(state, &actor.org_id, &visit).await?;
    let mut tx = state.db.begin().await?;
    if !store::assign(&mut *tx, &actor.org_id, visit_id, version, caregiver_id, start).await? {
        return Err(AppError::Conflict("visit_changed"));
    }
    let audiences = if published { change_audiences(&visit, caregiver_id) } else { Vec::new() };
    let trail = Trail {
        action: Action::VisitAssign.as_str(),
        object_type: "visit",
        object_id: visit_id,
        patient_id: Some(&visit.patient_id),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &audiences).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Who hears of a change to a published visit: the caregiver before and after.
fn change_audiences(visit: &Visit, new_caregiver: Option<&str>) -> Vec<String> {
    let mut audiences: Vec<String> =
        visit.caregiver_id.iter().map(|id| format!("user:{id}")).collect();
    if let Some(id) = new_caregiver
        && visit.caregiver_id.as_deref() != Some(id)
    {
        audiences.push(format!("user:{id}"));
    }
    audiences
}

/// Cancels a visit with a reason (kept, shown, audited).
pub async fn cancel(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    reason: &str,
) -> AppResult<()> {
    let visit = planned_visit(state, actor, visit_id).await?;
    let reason = super::fields::label("reason", reason)?;
    let published = super::scope::visit_published(state, &actor.org_id, &visit).await?;
    let mut tx = state.db.begin().await?;
    if !store::cancel(&mut *tx, &actor.org_id, visit_id, &reason).await? {
        return Err(AppError::Conflict("visit_changed"));
    }
    let audiences = if published { change_audiences(&visit, None) } else { Vec::new() };
    let trail = Trail {
        action: Action::VisitCancel.as_str(),
        object_type: "visit",
        object_id: visit_id,
        patient_id: Some(&visit.patient_id),
        reason: Some(&reason),
    };
    record(&mut tx, state, actor, &trail, &audiences).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Publishes the week: every caregiver with a visit is told. Refused while visits are unassigned,
/// unless the coordinator confirms (the unassigned ones stay in their queue).
pub async fn publish(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
    with_unassigned: bool,
) -> AppResult<()> {
    let week = week(state, actor, team_id, any_day).await?;
    if week.state.generated_at.is_none() {
        return Err(AppError::Conflict("week_not_generated"));
    }
    if !with_unassigned
        && week.conflicts.iter().any(|c| c.kind == conflicts::ConflictKind::Unassigned)
    {
        return Err(AppError::Conflict("week_has_unassigned_visits"));
    }
    let mut audiences: Vec<String> = week
        .visits
        .iter()
        .filter_map(|v| v.caregiver_id.as_ref().map(|id| format!("user:{id}")))
        .collect();
    audiences.sort();
    audiences.dedup();
    let first = week.first_day();
    let mut tx = state.db.begin().await?;
    store::mark_published(&mut *tx, &actor.org_id, team_id, &first, &actor.user_id).await?;
    let object = format!("{team_id}/{first}");
    let trail = Trail {
        action: Action::PlanningPublish.as_str(),
        object_type: "planning_week",
        object_id: &object,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &audiences).await?;
    finish(tx, state).await?;
    Ok(())
}
