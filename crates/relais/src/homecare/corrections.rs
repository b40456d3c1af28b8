//! The exceptions queue and its resolution: a coordinator keeps a start and end for a visit with
//! an ESPPADOM adjustment code and a comment. Raw punches are never changed; every correction is
//! audited.

use crate::homecare::model::VisitId;
use jiff::civil::Date;

use super::realised::{self, ExceptionKind, Realised};
use super::recurrence::local_instant;
use super::store::corrections::{self as store, Correction};
use super::store::visits as visit_store;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;

/// ESPPADOM_EFFECTIVITY_AJUST: creation of a visit without punches, change of non-time data,
/// deletion, missing arrival, missing departure, missing both.
pub const CODES: [&str; 6] = ["CRE", "MDT", "SUP", "COA", "COD", "CO2"];

/// The exceptions of a team's week, for its coordinators.
pub async fn queue(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    first: Date,
    last: Date,
) -> AppResult<Vec<(Realised, Vec<ExceptionKind>)>> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    realised::queue(state, &actor.org_id, team_id, first, last).await
}

/// What the coordinator decides for a visit; times are local minutes of the visit's day.
pub struct Decision<'a> {
    pub code: &'a str,
    pub start_minute: Option<i64>,
    pub end_minute: Option<i64>,
    pub comment: &'a str,
}

pub async fn correct(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    decision: &Decision<'_>,
) -> AppResult<()> {
    actor.require(Permission::PlanRounds)?;
    let visit = visit_store::find(state.db.reader(), &actor.org_id, visit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::homecare::scope::require_team(state, actor, &visit.team_id).await?;
    if !CODES.contains(&decision.code) {
        return Err(AppError::Invalid { field: "code", code: "choice-invalid" });
    }
    let comment = super::fields::label("comment", decision.comment)?;
    let day: Date = visit.day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?;
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let instant = |minute: Option<i64>| minute.and_then(|m| local_instant(day, m, &zone));
    let (start, end) = (instant(decision.start_minute), instant(decision.end_minute));
    match (decision.code, start, end) {
        ("SUP", _, _) => {}
        (_, Some(start), Some(end)) if end > start => {}
        (_, Some(_), Some(_)) => {
            return Err(AppError::Invalid { field: "end", code: "hours-end-before-start" });
        }
        _ => return Err(AppError::Invalid { field: "start", code: "correction-times-required" }),
    }
    let (start, end) = if decision.code == "SUP" { (None, None) } else { (start, end) };
    let correction = Correction {
        visit_id: visit_id.clone(),
        reason_code: decision.code.to_string(),
        retained_start_at: start,
        retained_end_at: end,
        comment: comment.clone(),
    };
    let mut tx = state.db.begin().await?;
    store::save_correction(&mut *tx, &actor.org_id, &correction, &actor.user_id).await?;
    let reason = format!("{}: {comment}", decision.code);
    let trail = Trail {
        action: Action::VisitCorrect.as_str(),
        object_type: "visit",
        object_id: visit_id,
        patient_id: Some(&visit.patient_id),
        reason: Some(&reason),
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}
