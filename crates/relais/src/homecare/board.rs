//! The coordinators' live board of a team's day: which visits are late, not started, in progress
//! or done, and the vigilance alerts raised by the caregivers' reports.

use crate::homecare::model::PatientId;
use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::model::Visit;
use super::realised;
use super::store::{care, patients as patient_store};
use crate::audit::trail::{Trail, finish, read_recently, record};
use crate::auth::CurrentUser;
use crate::clock::MINUTE_MS;
use crate::error::AppResult;
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;

/// Minutes after the planned start before a visit without arrival counts as late.
pub const LATE_AFTER_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VisitState {
    Unassigned,
    Late,
    NotStarted,
    InProgress,
    Done,
}

impl VisitState {
    pub const ALL: [VisitState; 5] = [
        VisitState::Late,
        VisitState::NotStarted,
        VisitState::InProgress,
        VisitState::Done,
        VisitState::Unassigned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitState::Unassigned => "unassigned",
            VisitState::Late => "late",
            VisitState::NotStarted => "not_started",
            VisitState::InProgress => "in_progress",
            VisitState::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Where a visit stands at `now`.
pub fn state_of(visit: &Visit, checked_in: bool, checked_out: bool, now: i64) -> VisitState {
    let start = visit.planned_start_at.unwrap_or(visit.window_start_at);
    match (visit.caregiver_id.is_some(), checked_in, checked_out) {
        (_, _, true) => VisitState::Done,
        (_, true, false) => VisitState::InProgress,
        (false, false, false) => VisitState::Unassigned,
        (true, false, false) if now > start + LATE_AFTER_MINUTES * MINUTE_MS => VisitState::Late,
        (true, false, false) => VisitState::NotStarted,
    }
}

pub struct BoardRow {
    pub visit: Visit,
    pub patient: String,
    pub caregiver: String,
    pub state: VisitState,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub flags: Vec<String>,
}

pub struct Board {
    pub rows: Vec<BoardRow>,
    pub counts: Vec<(VisitState, usize)>,
}

/// The team's visits of `day` with their state (cancelled ones left out).
pub async fn board(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    day: Date,
) -> AppResult<Board> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team(state, actor, team_id).await?;
    let text = day.to_string();
    let reader = state.db.reader();
    let patients: HashMap<PatientId, String> =
        patient_store::list_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p.short_name()))
            .collect();
    let caregivers: HashMap<String, String> =
        care::caregivers_of_team(reader, &actor.org_id, team_id)
            .await?
            .into_iter()
            .map(|c| (c.user_id, c.display_name))
            .collect();
    let now = state.clock.now_ms();
    let rows: Vec<BoardRow> = realised::load(state, &actor.org_id, team_id, day, day)
        .await?
        .into_iter()
        .filter(|r| !r.visit.cancelled())
        .map(|r| {
            let checked_in_at = r.check_in.as_ref().map(|p| p.device_at);
            let checked_out_at = r.check_out.as_ref().map(|p| p.device_at);
            BoardRow {
                state: state_of(&r.visit, checked_in_at.is_some(), checked_out_at.is_some(), now),
                patient: patients.get(&r.visit.patient_id).cloned().unwrap_or_default(),
                caregiver: r
                    .visit
                    .caregiver_id
                    .as_ref()
                    .and_then(|c| caregivers.get(c))
                    .cloned()
                    .unwrap_or_default(),
                checked_in_at,
                checked_out_at,
                flags: r.flags,
                visit: r.visit,
            }
        })
        .collect();
    let counts = VisitState::ALL
        .into_iter()
        .map(|s| (s, rows.iter().filter(|r| r.state == s).count()))
        .collect();
    let object = format!("{team_id}/{text}");
    let trail = Trail {
        action: Action::PlanningBoard.as_str(),
        object_type: "planning_day",
        object_id: &object,
        patient_id: None,
        reason: None,
    };
    if !read_recently(state, actor, &trail).await? {
        let mut tx = state.db.begin().await?;
        record(&mut tx, state, actor, &trail, &[]).await?;
        finish(tx, state).await?;
    }
    Ok(Board { rows, counts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::homecare::model::Skill;

    fn visit(caregiver: Option<&str>, start: i64) -> Visit {
        Visit {
            id: "v".into(),
            team_id: "t".into(),
            patient_id: "p".into(),
            care_plan_item_id: None,
            pair_id: None,
            pair_role: 0,
            day: "2026-12-01".into(),
            label: "Toilette".into(),
            skill: Skill::CareAide,
            window_start_at: start,
            window_end_at: start + 120 * MINUTE_MS,
            duration_minutes: 45,
            caregiver_id: caregiver.map(String::from),
            planned_start_at: caregiver.map(|_| start),
            status: crate::homecare::model::VisitStatus::Planned,
            cancel_reason: None,
            locked: crate::typed_id::Flag(false),
            version: 1,
        }
    }

    #[test]
    fn a_visit_is_late_fifteen_minutes_after_its_planned_start() {
        let start = 1_000 * MINUTE_MS;
        let planned = visit(Some("ana"), start);
        assert_eq!(
            state_of(&planned, false, false, start + 15 * MINUTE_MS),
            VisitState::NotStarted
        );
        assert_eq!(state_of(&planned, false, false, start + 16 * MINUTE_MS), VisitState::Late);
        assert_eq!(state_of(&planned, true, false, start + 60 * MINUTE_MS), VisitState::InProgress);
        assert_eq!(state_of(&planned, true, true, start), VisitState::Done);
        assert_eq!(state_of(&visit(None, start), false, false, start * 2), VisitState::Unassigned);
    }
}
