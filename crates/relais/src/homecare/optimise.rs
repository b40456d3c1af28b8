//! "Optimise": the round optimiser run in the background on a team's day or week, producing a
//! proposal the coordinator accepts in full, in part, or discards. Nothing changes before that.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use planner::homecare::{self as solver, Reason, Synchronisation};
use planner::travel::TravelModel;
use serde::{Deserialize, Serialize};

use super::model::{CarePlanItem, Caregiver, Skill, SyncKind, Visit};
use super::planning::{self, Week};
use super::record::{Trail, finish, record};
use super::recurrence::{local_instant, weekday_index};
use super::store::{care, visits as store};
use crate::auth::CurrentUser;
use crate::clock::MINUTE_MS;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;

/// One change the optimiser proposes for a visit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub visit_id: String,
    pub pair_id: Option<String>,
    /// The visit's version when the proposal was made: a visit changed since is left alone.
    pub version: i64,
    pub patient_id: String,
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
    pub visit_id: String,
    pub patient_id: String,
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
}

/// A run in progress on this instance.
pub struct Run {
    cancel: Arc<AtomicBool>,
    started: Instant,
    budget: Duration,
    best_cost: Mutex<Option<f64>>,
}

impl Run {
    /// Share of the time budget used, in percent.
    pub fn percent(&self) -> u32 {
        let share = self.started.elapsed().as_secs_f64() / self.budget.as_secs_f64().max(1e-3);
        (share * 100.0).clamp(0.0, 99.0) as u32
    }

    pub fn best_cost(&self) -> Option<f64> {
        self.best_cost.lock().ok().and_then(|c| *c)
    }
}

/// The runs in progress on this instance, by proposal id.
#[derive(Default)]
pub struct Runs(Mutex<HashMap<String, Arc<Run>>>);

impl Runs {
    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        self.0.lock().ok().and_then(|runs| runs.get(id).cloned())
    }

    fn insert(&self, id: &str, run: Arc<Run>) {
        if let Ok(mut runs) = self.0.lock() {
            runs.insert(id.to_string(), run);
        }
    }

    fn remove(&self, id: &str) {
        if let Ok(mut runs) = self.0.lock() {
            runs.remove(id);
        }
    }
}

/// One day as the solver sees it, with the ids to map its answer back.
struct DayProblem {
    problem: solver::Problem,
    /// Per solver visit: the visit rows, in service order.
    rows: Vec<Vec<Visit>>,
    caregivers: Vec<Caregiver>,
    midnight: i64,
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

fn day_problem(
    week: &Week,
    day: Date,
    items: &HashMap<String, CarePlanItem>,
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
    for visit in week.visits.iter().filter(|v| v.day == text && !v.cancelled) {
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
    let mut points: Vec<planner::travel::Point> =
        caregivers.iter().map(|c| c.start.point()).collect();
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
        let location = points.len();
        points.push(patient.place.point());
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
            locked: if group.iter().all(|v| v.locked) {
                group.iter().filter_map(|v| index_of(&v.caregiver_id)).collect()
            } else {
                Vec::new()
            },
        });
    }
    let (distance, travel_time) = model.matrices(&points).ok()?;
    let problem = solver::Problem {
        caregivers: solver_caregivers,
        visits: solver_visits,
        distance,
        travel_time,
        weights: solver::Weights::default(),
    };
    Some(DayProblem { problem, rows: groups, caregivers, midnight })
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

/// Travel minutes of rounds given as (caregiver index, locations in order), out and back.
fn travel_minutes(problem: &solver::Problem, rounds: &[(usize, Vec<usize>)]) -> f64 {
    rounds
        .iter()
        .filter(|(_, stops)| !stops.is_empty())
        .map(|(c, stops)| {
            let caregiver = &problem.caregivers[*c];
            let mut at = caregiver.start_location;
            let mut total = 0.0;
            for &stop in stops.iter().chain(std::iter::once(&caregiver.end_location)) {
                total += problem.travel_time[at][stop] * caregiver.travel_factor;
                at = stop;
            }
            total
        })
        .sum()
}

/// Solves one day and adds its changes to `proposal`.
fn solve_day(
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
    proposal.travel_before_minutes += travel_minutes(&day.problem, &before);
    let after: Vec<(usize, Vec<usize>)> = answer
        .rounds
        .iter()
        .map(|r| (r.caregiver, r.stops.iter().map(|s| location(s.visit)).collect()))
        .collect();
    proposal.travel_after_minutes += travel_minutes(&day.problem, &after);
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

/// Starts optimising `days` (one day, or the whole week) of a team; returns the proposal's id.
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
    let problems: Vec<DayProblem> =
        days.iter().filter_map(|d| day_problem(&week, *d, &items)).collect();
    if problems.is_empty() {
        return Err(AppError::Conflict("nothing_to_optimise"));
    }
    let seconds = if whole_week {
        state.settings.planning.week_seconds
    } else {
        state.settings.planning.day_seconds
    };
    let budget = Duration::from_secs_f64(seconds);
    let id = crate::secrets::new_id();
    let (first, last) = (days[0].to_string(), days[days.len() - 1].to_string());
    let mut tx = state.db.begin().await?;
    store::insert_proposal(&mut *tx, &actor.org_id, &id, team_id, &first, &last, &actor.user_id)
        .await?;
    let trail = Trail {
        action: "planning.optimise",
        object_type: "planning_proposal",
        object_id: &id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;

    let run = Arc::new(Run {
        cancel: Arc::default(),
        started: Instant::now(),
        budget,
        best_cost: Mutex::default(),
    });
    state.optimisations.insert(&id, run.clone());
    let (state, org_id, proposal_id) = (state.clone(), actor.org_id.clone(), id.clone());
    tokio::spawn(async move {
        let solving = run.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let mut proposal = Proposal::default();
            let share = budget / u32::try_from(problems.len()).unwrap_or(1).max(1);
            for day in &problems {
                let settings = planner::solver::Settings {
                    time_limit: share,
                    cancel: Some(solving.cancel.clone()),
                    ..Default::default()
                };
                solve_day(day, &settings, &solving, &mut proposal);
            }
            proposal
        })
        .await;
        let cancelled = run.cancel.load(Ordering::Relaxed);
        let stored = match outcome {
            Ok(_) if cancelled => {
                store::set_proposal_status(
                    state.db.writer(),
                    &org_id,
                    &proposal_id,
                    "running",
                    "cancelled",
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
                    "running",
                    "ready",
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
                    "running",
                    "failed",
                    None,
                )
                .await
            }
        };
        if let Err(error) = stored {
            tracing::error!(%error, "could not store the optimiser's proposal");
        }
        state.optimisations.remove(&proposal_id);
    });
    Ok(id)
}

/// A proposal and where it stands.
pub struct Status {
    pub row: store::ProposalRow,
    pub proposal: Option<Proposal>,
    pub run: Option<Arc<Run>>,
}

pub async fn status(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Status> {
    actor.require(Permission::PlanRounds)?;
    let row = store::find_proposal(state.db.reader(), &actor.org_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::patients::require_member(state, actor, &row.team_id, "team")
        .await
        .map_err(|_| AppError::NotFound)?;
    let proposal = row.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
    let mut row = row;
    let run = state.optimisations.get(id);
    if row.status == "running" && run.is_none() {
        // The instance that ran it stopped before the end.
        row.status = "failed".into();
    }
    Ok(Status { row, proposal, run })
}

pub async fn cancel(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let status = status(state, actor, id).await?;
    if let Some(run) = status.run {
        run.cancel.store(true, Ordering::Relaxed);
    }
    Ok(())
}

pub async fn discard(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    status(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    if !store::set_proposal_status(&mut *tx, &actor.org_id, id, "ready", "discarded", None).await? {
        return Err(AppError::Conflict("proposal_not_ready"));
    }
    let trail = Trail {
        action: "planning.proposal_discard",
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
}

/// Applies the proposal's changes (all, or those of the selected visits; the two places of a
/// two-caregiver visit always go together).
pub async fn accept(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    selected: Option<&[String]>,
) -> AppResult<Accepted> {
    let status = status(state, actor, id).await?;
    let proposal = match (status.row.status.as_str(), status.proposal) {
        ("ready", Some(proposal)) => proposal,
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
    let week_start = super::recurrence::week_start(
        status.row.first_day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?,
    );
    let published =
        store::week_state(state.db.reader(), &actor.org_id, &team_id, &week_start.to_string())
            .await?
            .published_at
            .is_some();
    let mut outcome = Accepted { applied: 0, skipped: 0 };
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
            action: "visit.assign",
            object_type: "visit",
            object_id: &change.visit_id,
            patient_id: Some(&change.patient_id),
            reason: Some("optimiser"),
        };
        record(&mut tx, state, actor, &trail, &audiences).await?;
    }
    if !store::set_proposal_status(&mut *tx, &actor.org_id, id, "ready", "accepted", None).await? {
        return Err(AppError::Conflict("proposal_not_ready"));
    }
    let trail = Trail {
        action: "planning.proposal_accept",
        object_type: "planning_proposal",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[format!("org:{}", actor.org_id)]).await?;
    finish(tx, state).await?;
    Ok(outcome)
}
