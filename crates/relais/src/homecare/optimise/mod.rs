//! "Optimise": the round optimiser run in the background on a team's day or week, producing a
//! proposal the coordinator accepts in full, in part, or discards. Nothing changes before that.

mod problem;
mod proposal;
mod runs;

use crate::homecare::model::VisitId;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use jiff::civil::Date;

pub use proposal::{Change, LeftOut, Proposal, Travel};
pub use runs::{Run, Runs, start_runtime};

use super::model::CarePlanItem;
use super::model::Coordinates;
use super::planning::{self, Week};
use super::routing::{self, TravelTable};
use super::store::visits::ProposalStatus;
use super::store::{care, visits as store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;
use problem::{DayProblem, day_problem};
use proposal::solve_day;

/// The days' problems; days with nothing to plan are left out.
fn problems(
    week: &Week,
    days: &[Date],
    items: &HashMap<String, CarePlanItem>,
    table: &TravelTable,
) -> Vec<DayProblem> {
    days.iter().filter_map(|d| day_problem(week, *d, items, table)).collect()
}

/// Every place of the week: the caregivers' starts and the patients' homes.
fn places(week: &Week) -> Vec<Coordinates> {
    let starts = week.caregivers.iter().map(|c| c.start);
    starts.chain(week.patients.values().map(|p| p.place)).collect()
}

/// The time an optimisation may take, from the settings.
fn budget_seconds(state: &AppState, whole_week: bool) -> f64 {
    let planning = &state.settings.planning;
    if whole_week { planning.week_seconds } else { planning.day_seconds }
}

/// Solves the days one after the other, sharing `budget` equally.
fn solve_all(problems: &[DayProblem], budget: Duration, run: &Run) -> Proposal {
    let mut proposal = Proposal::default();
    let share = budget / u32::try_from(problems.len()).unwrap_or(1).max(1);
    for day in problems {
        let settings = planner::solver::Settings {
            time_limit: share,
            cancel: Some(run.cancel.clone()),
            ..Default::default()
        };
        solve_day(day, &settings, run, &mut proposal);
    }
    proposal
}

/// Plans days at once and returns the proposal without storing anything (for seeding the demo).
pub fn plan_now(
    week: &Week,
    days: &[Date],
    items: &HashMap<String, CarePlanItem>,
    budget: Duration,
) -> Proposal {
    let Some(table) = TravelTable::estimate(&places(week)) else {
        return Proposal::default();
    };
    solve_all(&problems(week, days, items, &table), budget, &Run::new(budget))
}

/// Starts optimising `days` (one day, or the whole week) of a team; returns the proposal's id.
#[tracing::instrument(skip_all, fields(team = team_id, %any_day, whole_week))]
pub async fn start(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    any_day: Date,
    whole_week: bool,
) -> AppResult<String> {
    let week = planning::week(state, actor, team_id, any_day).await?;
    let days: Vec<Date> = if whole_week { week.days.clone() } else { vec![any_day] };
    let items: HashMap<String, CarePlanItem> =
        care::items_of_team(state.db.reader(), &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|i| (i.id.clone(), i))
            .collect();
    let table = routing::travel_table(&state.settings.planning.routing, &places(&week))
        .await
        .ok_or(AppError::Conflict("nothing_to_optimise"))?;
    let problems = problems(&week, &days, &items, &table);
    if problems.is_empty() {
        return Err(AppError::Conflict("nothing_to_optimise"));
    }
    let budget = Duration::from_secs_f64(budget_seconds(state, whole_week));
    let id = crate::secrets::new_id();
    let (first, last) = (days[0].to_string(), days[days.len() - 1].to_string());
    let mut tx = state.db.begin().await?;
    store::insert_proposal(&mut *tx, &actor.org_id, &id, team_id, &first, &last, &actor.user_id)
        .await?;
    let trail = Trail {
        action: Action::PlanningOptimise.as_str(),
        object_type: "planning_proposal",
        object_id: &id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;

    let run = Arc::new(Run::new(budget));
    state.runtime::<Runs>()?.insert(&id, run.clone());
    let (state, org_id, proposal_id) = (state.clone(), actor.org_id.clone(), id.clone());
    let span = tracing::info_span!("optimiser.run", proposal = %proposal_id, budget_s = budget.as_secs_f64());
    tokio::spawn(tracing::Instrument::instrument(
        async move {
            let solving = run.clone();
            let outcome =
                tokio::task::spawn_blocking(move || solve_all(&problems, budget, &solving)).await;
            let cancelled = run.cancel.load(Ordering::Relaxed);
            let stored = match outcome {
                Ok(_) if cancelled => {
                    store::set_proposal_status(
                        state.db.writer(),
                        &org_id,
                        &proposal_id,
                        ProposalStatus::Running,
                        ProposalStatus::Cancelled,
                        None,
                    )
                    .await
                }
                Ok(proposal) => {
                    let body = serde_json::to_string(&proposal).unwrap_or_default();
                    store::set_proposal_status(
                        state.db.writer(),
                        &org_id,
                        &proposal_id,
                        ProposalStatus::Running,
                        ProposalStatus::Ready,
                        Some(&body),
                    )
                    .await
                }
                Err(error) => {
                    tracing::error!(%error, "the optimiser stopped");
                    store::set_proposal_status(
                        state.db.writer(),
                        &org_id,
                        &proposal_id,
                        ProposalStatus::Running,
                        ProposalStatus::Failed,
                        None,
                    )
                    .await
                }
            };
            if let Err(error) = stored {
                tracing::error!(%error, "could not store the optimiser's proposal");
            }
            if let Ok(runs) = state.runtime::<Runs>() {
                runs.remove(&proposal_id);
            }
        },
        span,
    ));
    Ok(id)
}

/// How long past its time budget a run may take to store its outcome; a proposal still
/// "running" after that, with no run in this instance, is a run whose instance stopped.
const LOST_AFTER_MS: i64 = 60_000;

/// A proposal and where it stands.
pub struct Status {
    pub row: store::ProposalRow,
    pub proposal: Option<Proposal>,
    /// The run, when this instance holds it (its progress and best cost are known here only).
    pub run: Option<Arc<Run>>,
    pub percent: u32,
}

pub async fn status(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Status> {
    actor.require(Permission::PlanRounds)?;
    // The run is looked up before the row: a run ends by storing its outcome and only then
    // leaving the registry, so a row still "running" with no run seen before it is running on
    // another instance, or lost.
    let run = state.runtime::<Runs>()?.get(id);
    let mut row = store::find_proposal(state.db.reader(), &actor.org_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::scope::require_team(state, actor, &row.team_id).await?;
    // A stored proposal that does not decode is an error, not "no proposal yet".
    let proposal: Option<Proposal> = row
        .body
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| AppError::Internal(e.into()))?;
    let percent = match (&run, row.status) {
        (Some(run), _) => run.percent(),
        (None, ProposalStatus::Running) => {
            let whole_week = row.first_day != row.last_day;
            let budget_ms = (budget_seconds(state, whole_week) * 1000.0) as i64;
            let elapsed = crate::clock::now_ms() - row.created_at;
            if elapsed > budget_ms + LOST_AFTER_MS {
                row.status = ProposalStatus::Failed;
                100
            } else {
                u32::try_from(elapsed.clamp(0, budget_ms) * 99 / budget_ms.max(1)).unwrap_or(99)
            }
        }
        _ => 100,
    };
    Ok(Status { row, proposal, run, percent })
}

/// Stops a run: at once when this instance holds it, else by marking the proposal cancelled,
/// which the run's own instance then cannot overwrite with its outcome.
pub async fn cancel(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let status = status(state, actor, id).await?;
    match status.run {
        Some(run) => run.cancel.store(true, Ordering::Relaxed),
        None => {
            let writer = state.db.writer();
            store::set_proposal_status(
                writer,
                &actor.org_id,
                id,
                ProposalStatus::Running,
                ProposalStatus::Cancelled,
                None,
            )
            .await?;
        }
    }
    Ok(())
}

pub async fn discard(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    status(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    if !store::set_proposal_status(
        &mut *tx,
        &actor.org_id,
        id,
        ProposalStatus::Ready,
        ProposalStatus::Discarded,
        None,
    )
    .await?
    {
        return Err(AppError::Conflict("proposal_not_ready"));
    }
    let trail = Trail {
        action: Action::PlanningProposalDiscard.as_str(),
        object_type: "planning_proposal",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}

/// What accepting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub applied: usize,
    /// Visits changed by someone since the proposal was made, left as they are.
    pub skipped: usize,
    /// Changes of the proposal still to accept or discard.
    pub remaining: usize,
}

/// Applies the proposal's changes (all, or those of the selected visits; the two places of a
/// two-caregiver visit always go together).
#[tracing::instrument(skip_all, fields(proposal = id))]
pub async fn accept(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    selected: Option<&[VisitId]>,
) -> AppResult<Accepted> {
    let status = status(state, actor, id).await?;
    let proposal = match (status.row.status, status.proposal) {
        (ProposalStatus::Ready, Some(proposal)) => proposal,
        _ => return Err(AppError::Conflict("proposal_not_ready")),
    };
    let chosen = |change: &Change| match selected {
        None => true,
        Some(ids) => proposal.changes.iter().any(|c| {
            ids.contains(&c.visit_id)
                && (c.visit_id == change.visit_id
                    || (c.pair_id.is_some() && c.pair_id == change.pair_id))
        }),
    };
    let team_id = status.row.team_id.clone();
    let first_day = super::scope::stored_day(&status.row.first_day)?;
    let published = super::scope::week_published(state, &actor.org_id, &team_id, first_day).await?;
    let mut outcome = Accepted { applied: 0, skipped: 0, remaining: 0 };
    let mut tx = state.db.begin().await?;
    for change in proposal.changes.iter().filter(|c| chosen(c)) {
        let done = store::assign(
            &mut *tx,
            &actor.org_id,
            &change.visit_id,
            change.version,
            Some(&change.to_caregiver),
            Some(change.to_start),
        )
        .await?;
        if !done {
            outcome.skipped += 1;
            continue;
        }
        outcome.applied += 1;
        let mut audiences = Vec::new();
        if published {
            audiences.push(format!("user:{}", change.to_caregiver));
            audiences.extend(
                change
                    .from_caregiver
                    .iter()
                    .filter(|c| **c != change.to_caregiver)
                    .map(|c| format!("user:{c}")),
            );
        }
        let trail = Trail {
            action: Action::VisitAssign.as_str(),
            object_type: "visit",
            object_id: &change.visit_id,
            patient_id: Some(&change.patient_id),
            reason: Some("optimiser"),
        };
        record(&mut tx, state, actor, &trail, &audiences).await?;
    }
    // Accepting some changes (one caregiver's, some visits) leaves the others to decide on.
    let rest = Proposal {
        changes: proposal.changes.iter().filter(|c| !chosen(c)).cloned().collect(),
        ..proposal.clone()
    };
    let (next, body) = if rest.changes.is_empty() {
        (ProposalStatus::Accepted, None)
    } else {
        let body = serde_json::to_string(&rest).map_err(|e| AppError::Internal(e.into()))?;
        (ProposalStatus::Ready, Some(body))
    };
    outcome.remaining = rest.changes.len();
    if !store::set_proposal_status(
        &mut *tx,
        &actor.org_id,
        id,
        ProposalStatus::Ready,
        next,
        body.as_deref(),
    )
    .await?
    {
        return Err(AppError::Conflict("proposal_not_ready"));
    }
    let trail = Trail {
        action: Action::PlanningProposalAccept.as_str(),
        object_type: "planning_proposal",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[format!("org:{}", actor.org_id)]).await?;
    finish(tx, state).await?;
    Ok(outcome)
}
