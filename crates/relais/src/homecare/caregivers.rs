//! Caregivers' planning profiles (skills, contract, transport, starting point) and absences,
//! kept by the coordinators of their team.

use super::model::{AbsenceKind, Coordinates, Skill, Transport};
use super::store::care;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::{Permission, Person, Role};
use crate::state::AppState;

/// The members of a team who give care (nurses and aides), for the coordinator's page.
pub async fn carers_of_team(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
) -> AppResult<Vec<Person>> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    let mut conn = state.db.reader().acquire().await?;
    Ok(crate::org::store::list_people(&mut conn, &actor.org_id)
        .await?
        .into_iter()
        .filter(|p| {
            p.active && p.in_team(team_id) && (p.has_role(Role::Nurse) || p.has_role(Role::Aide))
        })
        .collect())
}

/// What a coordinator sets for a caregiver.
pub struct Profile {
    pub skills: Vec<Skill>,
    pub contract_minutes_per_week: i64,
    pub transport: Transport,
    pub start: Coordinates,
}

pub async fn save_profile(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    user_id: &str,
    profile: Profile,
) -> AppResult<()> {
    let carers = carers_of_team(state, actor, team_id).await?;
    if !carers.iter().any(|p| p.id == user_id) {
        return Err(AppError::NotFound);
    }
    if profile.skills.is_empty() {
        return Err(AppError::Invalid { field: "skills", code: "skills-required" });
    }
    let mut tx = state.db.begin().await?;
    care::save_caregiver(
        &mut *tx,
        &actor.org_id,
        user_id,
        &profile.skills,
        profile.contract_minutes_per_week,
        profile.transport,
        profile.start,
    )
    .await?;
    let trail = Trail {
        action: Action::CaregiverUpdate.as_str(),
        object_type: "caregiver",
        object_id: user_id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn add_absence(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    user_id: &str,
    first_day: jiff::civil::Date,
    last_day: jiff::civil::Date,
    kind: AbsenceKind,
) -> AppResult<()> {
    let carers = carers_of_team(state, actor, team_id).await?;
    if !carers.iter().any(|p| p.id == user_id) {
        return Err(AppError::NotFound);
    }
    if last_day < first_day {
        return Err(AppError::Invalid { field: "last_day", code: "date-end-before-start" });
    }
    let mut tx = state.db.begin().await?;
    let id = care::insert_absence(
        &mut *tx,
        &actor.org_id,
        user_id,
        &first_day.to_string(),
        &last_day.to_string(),
        kind,
    )
    .await?;
    let trail = Trail {
        action: Action::CaregiverAbsenceAdd.as_str(),
        object_type: "caregiver_absence",
        object_id: &id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}
