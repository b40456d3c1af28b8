//! The two questions every home-care service asks before showing or changing anything, answered
//! in one place: does this person belong to the team, and has the team's week been published
//! (only then does it reach the caregivers' phones). A database error is an error here, never a
//! "no".

use jiff::civil::Date;

use super::model::Visit;
use super::recurrence::week_start;
use super::store::visits as visit_store;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Whether the signed-in person belongs to `team_id`.
pub async fn is_member(state: &AppState, actor: &CurrentUser, team_id: &str) -> AppResult<bool> {
    let mut conn = state.db.reader().acquire().await?;
    let me = crate::org::store::find_person(&mut conn, &actor.org_id, &actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(me.in_team(team_id))
}

/// Refuses unless the person belongs to the team; another team's data does not exist for them.
pub async fn require_team(state: &AppState, actor: &CurrentUser, team_id: &str) -> AppResult<()> {
    match is_member(state, actor, team_id).await? {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// Refuses a form whose team `field` names a team the person does not belong to.
pub async fn require_team_field(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    field: &'static str,
) -> AppResult<()> {
    match is_member(state, actor, team_id).await? {
        true => Ok(()),
        false => Err(AppError::Invalid { field, code: "team-not-yours" }),
    }
}

/// Whether the week holding `day` is published for the team.
pub async fn week_published(
    state: &AppState,
    org_id: &str,
    team_id: &str,
    day: Date,
) -> AppResult<bool> {
    let monday = week_start(day).to_string();
    let week = visit_store::week_state(state.db.reader(), org_id, team_id, &monday).await?;
    Ok(week.published_at.is_some())
}

/// Whether the week holding the visit is published for its team (only then does it reach phones).
pub async fn visit_published(state: &AppState, org_id: &str, visit: &Visit) -> AppResult<bool> {
    week_published(state, org_id, &visit.team_id, stored_day(&visit.day)?).await
}

/// A day as the database stores it (`YYYY-MM-DD`); anything else is a corrupt row, not a "no".
pub fn stored_day(text: &str) -> AppResult<Date> {
    text.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))
}
