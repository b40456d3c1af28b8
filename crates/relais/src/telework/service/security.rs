//! The home workstation self-check and the problems people report. What a person declares is
//! what is stored: nothing is installed on the device and nothing is read from it. The IT team
//! sees coverage per item and team as aggregates (hidden below five people), publishes advice and
//! handles reports; the DPO sees possible personal data breaches with the 72-hour clock.

use std::collections::{BTreeMap, HashSet};

use jiff::ToSpan;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::org::fields::Label;
use crate::state::AppState;
use crate::telework::model::{
    Action, Answer, CheckAnswer, CheckItem, Device, DeviceKind, Incident, IncidentKind,
};
use crate::telework::service::posts::SMALLEST_GROUP;
use crate::telework::store::security as store;

/// The time a data controller has to notify a personal data breach (GDPR article 33).
pub const BREACH_NOTICE_MS: i64 = 72 * 60 * crate::clock::MINUTE_MS;

#[derive(serde::Serialize)]
pub struct MySecurity {
    pub devices: Vec<Device>,
    /// The person's checks, newest first.
    pub history: Vec<Check>,
    pub advice: Option<(String, i64)>,
    pub incidents: Vec<Incident>,
    pub check_months: i64,
    /// A device whose last check is older than this (or missing) is due.
    pub due_before: i64,
}

pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<MySecurity> {
    of(state, &actor.org_id, &actor.user_id).await
}

/// A person's devices, checks and reports (callers check who may read them).
pub(crate) async fn of(state: &AppState, org: &str, user_id: &str) -> AppResult<MySecurity> {
    let reader = state.db.reader();
    let me = Some(user_id);
    let check_months = store::check_months(reader, org).await?;
    Ok(MySecurity {
        devices: store::devices(reader, org, me).await?,
        history: group(store::answers_of(reader, org, user_id).await?),
        advice: store::advice(reader, org).await?,
        incidents: store::incidents(reader, org, me).await?,
        due_before: due_before(state, org, check_months).await?,
        check_months,
    })
}

/// The moment before which a self-check is no longer current.
pub(crate) async fn due_before(state: &AppState, org: &str, months: i64) -> AppResult<i64> {
    let zone = crate::org::service::zone(state, org).await?;
    let now = state.clock.now().to_zoned(zone);
    let then = now.checked_sub(months.months()).map_err(AppError::internal)?;
    Ok(then.timestamp().as_millisecond())
}

/// One self-check of a device, with its answers in the order of the grid.
#[derive(serde::Serialize)]
pub struct Check {
    pub id: String,
    pub device_id: String,
    pub at: i64,
    pub answers: Vec<(CheckItem, Answer)>,
}

fn group(answers: Vec<CheckAnswer>) -> Vec<Check> {
    let mut checks: Vec<Check> = Vec::new();
    for answer in answers {
        match checks.iter_mut().find(|check| check.id == answer.check_id) {
            Some(check) => check.answers.push((answer.item, answer.answer)),
            None => checks.push(Check {
                id: answer.check_id,
                device_id: answer.device_id,
                at: answer.checked_at,
                answers: vec![(answer.item, answer.answer)],
            }),
        }
    }
    checks
}

pub async fn add_device(
    state: &AppState,
    actor: &CurrentUser,
    name: &str,
    kind: DeviceKind,
) -> AppResult<String> {
    let name = Label::parse(name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let count = store::devices(state.db.reader(), &actor.org_id, Some(&actor.user_id)).await?.len();
    if count >= 10 {
        return Err(AppError::Invalid { field: "name", code: "telework-devices-too-many" });
    }
    let mut tx = state.db.begin().await?;
    let id =
        store::insert_device(&mut tx, &actor.org_id, &actor.user_id, name.as_str(), kind).await?;
    super::record(&mut tx, state, actor, Action::DeviceAdded, ("telework_device", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn retire_device(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !store::retire_device(&mut tx, &actor.org_id, &actor.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    super::record(&mut tx, state, actor, Action::DeviceRetired, ("telework_device", id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records the person's answers for one of their devices; every item must be answered.
pub async fn check(
    state: &AppState,
    actor: &CurrentUser,
    device_id: &str,
    answers: &BTreeMap<String, String>,
) -> AppResult<()> {
    let devices = store::devices(state.db.reader(), &actor.org_id, Some(&actor.user_id)).await?;
    if !devices.iter().any(|d| d.id == device_id) {
        return Err(AppError::NotFound);
    }
    let mut parsed = Vec::new();
    for item in CheckItem::ALL {
        let answer = answers
            .get(item.as_str())
            .and_then(|text| Answer::parse(text))
            .ok_or(AppError::Invalid { field: "answers", code: "telework-check-incomplete" })?;
        parsed.push((*item, answer));
    }
    let mut tx = state.db.begin().await?;
    let id =
        store::insert_check(&mut tx, &actor.org_id, &actor.user_id, device_id, &parsed).await?;
    super::record(&mut tx, state, actor, Action::DeviceChecked, ("telework_check", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The person reports a problem; a possible breach goes to the DPO as well as to IT.
pub async fn report(
    state: &AppState,
    actor: &CurrentUser,
    kind: IncidentKind,
    description: &str,
    personal_data: bool,
) -> AppResult<()> {
    let description = super::text("description", description, 4_000, true)?;
    let mut tx = state.db.begin().await?;
    let org = &actor.org_id;
    // The 72-hour clock of a possible breach runs from this moment, on the application's clock.
    let at = state.clock.now_ms();
    let id =
        store::insert_incident(&mut tx, org, &actor.user_id, kind, &description, personal_data, at)
            .await?;
    let object = ("telework_incident", id.as_str());
    super::record(&mut tx, state, actor, Action::IncidentReported, object, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// Coverage of one item in one team: how many of the team's current checks answer "yes".
pub struct ItemCoverage {
    pub item: CheckItem,
    pub yes: usize,
    pub answered: usize,
}

pub struct TeamCoverage {
    pub team: String,
    pub people: usize,
    /// People with a current check; the items are hidden below `SMALLEST_GROUP`.
    pub checked: usize,
    pub items: Option<Vec<ItemCoverage>>,
}

pub struct Overview {
    pub coverage: Vec<TeamCoverage>,
    pub incidents: Vec<Incident>,
    pub handles: bool,
    pub check_months: i64,
    pub advice: Option<(String, i64)>,
}

/// What IT sees (coverage, every report) and the DPO sees (possible breaches); audited.
pub async fn overview(state: &AppState, actor: &CurrentUser) -> AppResult<Overview> {
    let handles = actor.can(Permission::HandleSecurity);
    if !handles && !actor.can(Permission::SeeAudit) {
        return Err(AppError::Forbidden);
    }
    let org = &actor.org_id;
    let reader = state.db.reader();
    let check_months = store::check_months(reader, org).await?;
    let current =
        store::current_answers(reader, org, due_before(state, org, check_months).await?).await?;
    let people = super::people(state, org).await?;
    let coverage = if handles {
        super::teams(state, org)
            .await?
            .into_iter()
            .map(|team| {
                let members: HashSet<&str> = people
                    .iter()
                    .filter(|p| p.active && p.in_team(&team.id))
                    .map(|p| p.id.as_str())
                    .collect();
                let answers: Vec<&CheckAnswer> =
                    current.iter().filter(|a| members.contains(a.user_id.as_str())).collect();
                let checked: HashSet<&str> = answers.iter().map(|a| a.user_id.as_str()).collect();
                let items = (checked.len() >= SMALLEST_GROUP).then(|| {
                    CheckItem::ALL
                        .iter()
                        .map(|item| {
                            let of_item = answers.iter().filter(|a| a.item == *item);
                            let applicable: Vec<_> =
                                of_item.filter(|a| a.answer != Answer::NotApplicable).collect();
                            ItemCoverage {
                                item: *item,
                                yes: applicable.iter().filter(|a| a.answer == Answer::Yes).count(),
                                answered: applicable.len(),
                            }
                        })
                        .collect()
                });
                TeamCoverage {
                    team: team.name,
                    people: members.len(),
                    checked: checked.len(),
                    items,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let incidents: Vec<Incident> = store::incidents(reader, org, None)
        .await?
        .into_iter()
        .filter(|i| handles || i.possible_breach())
        .collect();
    let mut tx = state.db.begin().await?;
    super::record(&mut tx, state, actor, Action::IncidentsRead, ("organisation", org), &[]).await?;
    tx.commit().await?;
    Ok(Overview {
        coverage,
        incidents,
        handles,
        check_months,
        advice: store::advice(reader, org).await?,
    })
}

pub async fn publish_advice(state: &AppState, actor: &CurrentUser, body: &str) -> AppResult<()> {
    actor.require(Permission::HandleSecurity)?;
    let body = super::text("advice", body, 20_000, true)?;
    let mut tx = state.db.begin().await?;
    let id = store::publish_advice(&mut tx, &actor.org_id, &body, &actor.user_id).await?;
    super::record(&mut tx, state, actor, Action::AdvicePublished, ("telework_advice", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_check_months(state: &AppState, actor: &CurrentUser, months: i64) -> AppResult<()> {
    actor.require(Permission::HandleSecurity)?;
    if !(1..=24).contains(&months) {
        return Err(AppError::Invalid {
            field: "check_months",
            code: "telework-check-months-range",
        });
    }
    let mut tx = state.db.begin().await?;
    store::set_check_months(&mut tx, &actor.org_id, months).await?;
    super::record(
        &mut tx,
        state,
        actor,
        Action::AdvicePublished,
        ("organisation", &actor.org_id),
        &[],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// IT closes a report with a response the person reads.
pub async fn close(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    response: &str,
) -> AppResult<()> {
    actor.require(Permission::HandleSecurity)?;
    let response = super::text("response", response, 4_000, true)?;
    let mut tx = state.db.begin().await?;
    if !store::close_incident(&mut tx, &actor.org_id, id, &response, &actor.user_id).await? {
        return Err(AppError::Conflict("telework_incident_closed"));
    }
    super::record(&mut tx, state, actor, Action::IncidentClosed, ("telework_incident", id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}
