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
use crate::homecare::fields;
use crate::homecare::model::PatientStatus;
use crate::org::{Permission, Person};
use crate::state::AppState;

const MAX_QUESTIONS: usize = 10;
const MAX_TARGETS: usize = 500;

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

/// What a coordinator fills in.
pub struct Draft<'a> {
    pub team_id: &'a str,
    pub name: &'a str,
    pub script: &'a str,
    pub weekday: Option<&'a str>,
    pub first_due_on: &'a str,
    pub max_tries: &'a str,
    pub callers: &'a [String],
    pub all_patients: bool,
    pub others: &'a str,
}

/// A custom list: one person a line, "name ; number" (a comma or a tab also separate).
pub fn read_others(text: &str) -> AppResult<Vec<(String, String)>> {
    let invalid = || AppError::Invalid { field: "others", code: "callround-others-invalid" };
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, phone)) = line.rsplit_once([';', ',', '\t']) else {
            return Err(invalid());
        };
        let name = fields::label("others", name).map_err(|_| invalid())?;
        let phone = fields::phone("others", phone).map_err(|_| invalid())?;
        if phone.is_empty() {
            return Err(invalid());
        }
        out.push((name, phone));
    }
    Ok(out)
}

pub async fn create(state: &AppState, actor: &CurrentUser, draft: &Draft<'_>) -> AppResult<String> {
    let me = crate::org::service::show_self(state, actor).await?;
    if !actor.can(Permission::PlanRounds) {
        return Err(AppError::Forbidden);
    }
    if !me.in_team(draft.team_id) {
        return Err(AppError::Invalid { field: "team", code: "team-not-yours" });
    }
    let name = fields::label("name", draft.name)?;
    let script: Vec<String> = draft
        .script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| fields::label("script", l))
        .collect::<AppResult<_>>()?;
    if script.is_empty() || script.len() > MAX_QUESTIONS {
        return Err(AppError::Invalid { field: "script", code: "callround-script-invalid" });
    }
    let weekday = match draft.weekday {
        None => None,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(day) if (1..=7).contains(&day) => Some(day),
            _ => return Err(AppError::Invalid { field: "weekday", code: "choice-invalid" }),
        },
    };
    let first = fields::day("first_due_on", draft.first_due_on)?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let latest = today.checked_add(jiff::Span::new().years(1)).unwrap_or(today);
    if first < today || first > latest {
        return Err(AppError::Invalid { field: "first_due_on", code: "callround-day-invalid" });
    }
    let max_tries = match draft.max_tries.trim().parse::<i64>() {
        Ok(n) if (1..=10).contains(&n) => n,
        _ => return Err(AppError::Invalid { field: "max_tries", code: "callround-tries-invalid" }),
    };
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &actor.org_id).await?;
    drop(conn);
    let mut callers: Vec<&str> = Vec::new();
    for id in draft.callers {
        let fits = people.iter().any(|p| {
            p.id == *id
                && p.active
                && p.in_team(draft.team_id)
                && crate::org::roles::grants(&p.roles, Permission::SeePatientData)
        });
        if !fits {
            return Err(AppError::Invalid { field: "callers", code: "callround-caller-invalid" });
        }
        if !callers.contains(&id.as_str()) {
            callers.push(id);
        }
    }
    if callers.is_empty() {
        return Err(AppError::Invalid { field: "callers", code: "callround-caller-invalid" });
    }
    let patients: Vec<String> = if draft.all_patients {
        crate::homecare::store::patients::list_visible(state.db.reader(), &actor.org_id, &me.id)
            .await?
            .into_iter()
            .filter(|p| p.team_id == draft.team_id && p.status != PatientStatus::Ended)
            .map(|p| p.id.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let others = read_others(draft.others)?;
    if patients.is_empty() && others.is_empty() {
        return Err(AppError::Invalid { field: "others", code: "callround-nobody" });
    }
    if patients.len() + others.len() > MAX_TARGETS {
        return Err(AppError::Invalid { field: "others", code: "callround-too-many" });
    }
    let id = crate::secrets::new_id();
    let script = serde_json::to_string(&script).map_err(AppError::internal)?;
    let first = first.to_string();
    let new = store::NewCampaign {
        id: &id,
        org_id: &actor.org_id,
        team_id: draft.team_id,
        name: &name,
        script: &script,
        weekday,
        first_due_on: &first,
        max_tries,
        by: &actor.user_id,
        at: state.clock.now_ms(),
    };
    let key = state.keys.current(&state.db, &actor.org_id).await?;
    let mut tx = state.db.begin().await?;
    store::insert_campaign(&mut tx, &new).await?;
    for caller in callers {
        store::insert_caller(&mut tx, &id, caller).await?;
    }
    let mut position = 0;
    for patient in &patients {
        position += 1;
        let target_id = crate::secrets::new_id();
        let target = store::NewTarget {
            id: &target_id,
            org_id: &actor.org_id,
            campaign_id: &id,
            patient_id: Some(patient),
            name_enc: None,
            phone: None,
            position,
        };
        store::insert_target(&mut tx, &target).await?;
    }
    for (name, phone) in &others {
        position += 1;
        let target_id = crate::secrets::new_id();
        let sealed = key.seal(name_place(&target_id), name.as_bytes());
        let target = store::NewTarget {
            id: &target_id,
            org_id: &actor.org_id,
            campaign_id: &id,
            patient_id: None,
            name_enc: Some(&sealed),
            phone: Some(phone),
            position,
        };
        store::insert_target(&mut tx, &target).await?;
    }
    audit(&mut tx, state, actor, ("callround.created", &id), None).await?;
    finish(tx, state).await?;
    Ok(id)
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

/// "+33612345678" as a French reader writes it ("06 12 34 56 78"); other numbers as they are.
pub fn display_phone(phone: &str) -> String {
    match phone.strip_prefix("+33") {
        Some(rest) if rest.len() == 9 => {
            let digits: Vec<char> = format!("0{rest}").chars().collect();
            digits.chunks(2).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
        }
        _ => phone.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_list_reads_names_and_french_numbers_and_refuses_nonsense() {
        let Ok(list) = read_others("Mme Durand ; 06 12 34 56 78\n\nM. Petit, +33 2 99 00 00 00\n")
        else {
            panic!("a good list");
        };
        assert_eq!(list[0], ("Mme Durand".to_string(), "+33612345678".to_string()));
        assert_eq!(list[1].1, "+33299000000");
        for bad in ["Mme Durand", "Mme Durand ; 12", "; 0612345678", "X ; 06 12 34 56 78 90 12"] {
            assert!(read_others(bad).is_err(), "{bad}");
        }
        assert_eq!(display_phone("+33612345678"), "06 12 34 56 78");
        assert_eq!(display_phone("+3225551234"), "+3225551234");
    }
}
