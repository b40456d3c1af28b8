//! Campaigns of call rounds: who may create one (a coordinator of the team), who sees it (its
//! team's coordinators and its callers), which round is current, and where each person stands.

use std::collections::HashMap;

use jiff::civil::Date;

use super::model::{Outcome, Standing};
use super::store::{self, StoredAttempt, StoredCampaign, StoredTarget};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person};
use crate::state::AppState;

pub struct Campaign {
    pub stored: StoredCampaign,
    pub script: Vec<String>,
    pub callers: Vec<(String, String)>,
}

impl Campaign {
    pub fn calls(&self, user_id: &str) -> bool {
        self.callers.iter().any(|(id, _)| id == user_id)
    }

    /// The due day of the round holding `today`: the single round's day, or this week's.
    pub fn round_on(&self, today: Date) -> Date {
        let first = self.stored.first_due_on.parse::<Date>().unwrap_or(today);
        let Some(weekday) = self.stored.weekday else {
            return first;
        };
        let monday = crate::homecare::recurrence::week_start(today);
        let due = monday.checked_add(jiff::Span::new().days(weekday - 1)).unwrap_or(monday);
        due.max(first)
    }
}

pub fn name_place(row: &str) -> Place<'_> {
    Place { table: "call_targets", column: "name_enc", row_id: row }
}

/// Whether the person coordinates the team's rounds.
fn coordinates(actor: &CurrentUser, me: &Person, team: &str) -> bool {
    actor.can(Permission::PlanRounds) && me.in_team(team)
}

async fn campaign_of(state: &AppState, stored: StoredCampaign) -> AppResult<Campaign> {
    let script = serde_json::from_str(&stored.script).map_err(AppError::internal)?;
    let callers = store::callers_of(state.db.reader(), &stored.id).await?;
    Ok(Campaign { stored, script, callers })
}

/// The campaigns the person calls for or coordinates, with whether they coordinate each.
pub async fn list(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<(Campaign, bool)>> {
    let me = crate::org::service::show_self(state, actor).await?;
    let mut out = Vec::new();
    for stored in store::campaigns_of_org(state.db.reader(), &actor.org_id).await? {
        let manages = coordinates(actor, &me, &stored.team_id);
        let campaign = campaign_of(state, stored).await?;
        if manages || (campaign.calls(&me.id) && me.in_team(&campaign.stored.team_id)) {
            out.push((campaign, manages));
        }
    }
    Ok(out)
}

/// A campaign the person calls for (still in its team) or coordinates, or "not found".
pub async fn visible(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
) -> AppResult<(Campaign, bool)> {
    let me = crate::org::service::show_self(state, actor).await?;
    let stored = store::find_campaign(state.db.reader(), &actor.org_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let manages = coordinates(actor, &me, &stored.team_id);
    let campaign = campaign_of(state, stored).await?;
    let calls = campaign.calls(&me.id) && me.in_team(&campaign.stored.team_id);
    if !(manages || calls) {
        return Err(AppError::NotFound);
    }
    Ok((campaign, manages))
}

/// One person of the round: who, how to reach them, and where they stand.
pub struct Line {
    pub target: StoredTarget,
    pub name: String,
    /// International form; empty when a patient's record has no number.
    pub phone: String,
    pub tries: i64,
    pub standing: Standing,
    pub attempts: Vec<StoredAttempt>,
}

impl Line {
    pub fn concern(&self) -> bool {
        self.attempts.iter().any(|a| a.concern == 1)
    }

    fn last_called(&self) -> i64 {
        self.attempts.last().map(|a| a.called_at).unwrap_or(0)
    }
}

pub struct Round {
    pub due_on: Date,
    pub lines: Vec<Line>,
}

impl Round {
    pub fn count(&self, standing: Standing) -> usize {
        self.lines.iter().filter(|l| l.standing == standing).count()
    }

    /// Those still to call, the least tried and longest waiting first.
    pub fn queue(&self) -> Vec<&Line> {
        let mut queue: Vec<&Line> =
            self.lines.iter().filter(|l| l.standing == Standing::Pending).collect();
        queue.sort_by_key(|l| (l.tries, l.last_called(), l.target.position));
        queue
    }
}

/// The current round: each person, their tries and standing. Patients are named only for those
/// in their care relationship.
pub async fn round(state: &AppState, actor: &CurrentUser, campaign: &Campaign) -> AppResult<Round> {
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let due_on = campaign.round_on(today);
    let reader = state.db.reader();
    let targets = store::targets_of(reader, &campaign.stored.id).await?;
    let attempts =
        store::attempts_of_round(reader, &campaign.stored.id, &due_on.to_string()).await?;
    let patients: HashMap<String, crate::homecare::model::Patient> =
        crate::homecare::store::patients::list_visible(reader, &actor.org_id, &actor.user_id)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p))
            .collect();
    let mut lines = Vec::with_capacity(targets.len());
    for target in targets {
        let (name, phone) = match (&target.patient_id, &target.name_enc) {
            (Some(patient), _) => match patients.get(patient) {
                Some(p) => (p.full_name(), p.phone.clone()),
                None => continue,
            },
            (None, Some(sealed)) => {
                let bytes = state
                    .keys
                    .open_sealed(&state.db, &actor.org_id, name_place(&target.id), sealed)
                    .await
                    .map_err(|e| AppError::Internal(e.into()))?;
                (
                    String::from_utf8_lossy(&bytes).into_owned(),
                    target.phone.clone().unwrap_or_default(),
                )
            }
            (None, None) => continue,
        };
        let mine: Vec<StoredAttempt> =
            attempts.iter().filter(|a| a.target_id == target.id).cloned().collect();
        let tries = i64::try_from(mine.len()).unwrap_or(i64::MAX);
        let standing = match mine.last().map(|a| a.outcome) {
            Some(Outcome::Reached) => Standing::Reached,
            Some(Outcome::WrongNumber) => Standing::WrongNumber,
            _ if tries >= campaign.stored.max_tries => Standing::Unreached,
            _ => Standing::Pending,
        };
        lines.push(Line { target, name, phone, tries, standing, attempts: mine });
    }
    Ok(Round { due_on, lines })
}

/// Ends a campaign: no more rounds; its history stays.
pub async fn archive(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let (_, manages) = visible(state, actor, id).await?;
    if !manages {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    store::archive(&mut tx, id).await?;
    audit(&mut tx, state, actor, ("callround.archived", id), None).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    (action, id): (&str, &str),
    patient: Option<&str>,
) -> sqlx::Result<()> {
    let trail = Trail {
        action,
        object_type: "call_campaign",
        object_id: id,
        patient_id: patient,
        reason: None,
    };
    record(conn, state, actor, &trail, &[]).await
}
