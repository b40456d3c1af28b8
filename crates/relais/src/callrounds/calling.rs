//! The caller's side: the next person to call (or one chosen), and what the call gave — an
//! outcome, the script's answers, and a concern that alerts the team's coordinators at once.
//! Calling a patient is reading their record: opened within the care relationship and audited;
//! every try is audited too.

use super::model::{Outcome, Standing};
use super::service::{self, Campaign, Line, audit};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::homecare::fields;
use crate::homecare::model::PatientId;
use crate::org::Permission;
use crate::state::AppState;

const MAX_ANSWER_CHARS: usize = 1000;
const MAX_CONCERN_CHARS: usize = 500;

pub fn answers_place(row: &str) -> Place<'_> {
    Place { table: "call_attempts", column: "answers_enc", row_id: row }
}

pub fn concern_place(row: &str) -> Place<'_> {
    Place { table: "call_attempts", column: "concern_enc", row_id: row }
}

/// The campaign, if the person calls for it (its callers, and its coordinators).
async fn callable(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Campaign> {
    let (campaign, manages) = service::visible(state, actor, id).await?;
    if campaign.stored.archived == 1 {
        return Err(AppError::Conflict("callround-archived"));
    }
    if !manages && !campaign.calls(&actor.user_id) {
        return Err(AppError::NotFound);
    }
    Ok(campaign)
}

/// The call on screen: the campaign, the person (the next one, or `target`), how many are left.
pub struct Call {
    pub campaign: Campaign,
    pub line: Option<Line>,
    pub left: usize,
    pub due_on: String,
}

pub async fn next(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    target: Option<&str>,
) -> AppResult<Call> {
    let campaign = callable(state, actor, id).await?;
    let round = service::round(state, actor, &campaign).await?;
    let left = round.count(Standing::Pending);
    let due_on = round.due_on.to_string();
    let chosen = match target {
        Some(target) => round.lines.into_iter().find(|l| l.target.id == target),
        None => {
            let first = round.queue().first().map(|l| l.target.id.clone());
            round.lines.into_iter().find(|l| Some(&l.target.id) == first.as_ref())
        }
    };
    if target.is_some() && chosen.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(line) = &chosen {
        let mut tx = state.db.begin().await?;
        let patient = line.target.patient_id.as_deref();
        audit(&mut tx, state, actor, ("callround.call_opened", id), patient).await?;
        finish(tx, state).await?;
    }
    Ok(Call { campaign, line: chosen, left, due_on })
}

/// What the caller reports.
pub struct Report<'a> {
    pub target_id: &'a str,
    pub outcome: &'a str,
    pub answers: &'a [String],
    pub concern: Option<&'a str>,
    pub request_key: &'a str,
}

pub async fn report(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    report: &Report<'_>,
) -> AppResult<()> {
    let key_ok = !report.request_key.is_empty()
        && report.request_key.len() <= 64
        && report.request_key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !key_ok {
        return Err(AppError::BadRequest("request_key must be 1 to 64 letters or digits".into()));
    }
    let campaign = callable(state, actor, id).await?;
    let round = service::round(state, actor, &campaign).await?;
    let line =
        round.lines.iter().find(|l| l.target.id == report.target_id).ok_or(AppError::NotFound)?;
    if let Some(patient) = &line.target.patient_id {
        // The care relationship, checked again at the moment of the call.
        let patient = PatientId::parse(patient).ok_or(AppError::NotFound)?;
        crate::homecare::patients::visible(state, actor, &patient).await?;
    }
    let outcome = Outcome::parse(report.outcome)
        .ok_or(AppError::Invalid { field: "outcome", code: "choice-invalid" })?;
    let mut answers = Vec::new();
    if outcome == Outcome::Reached {
        for (question, answer) in campaign.script.iter().zip(report.answers) {
            let answer = fields::long_text("answers", answer, MAX_ANSWER_CHARS)?;
            answers.push((question.clone(), answer));
        }
    }
    let concern = match report.concern.map(str::trim) {
        None => None,
        Some("") => {
            return Err(AppError::Invalid { field: "concern", code: "callround-concern-reason" });
        }
        Some(reason) => Some(fields::long_text("concern", reason, MAX_CONCERN_CHARS)?),
    };
    let attempt = crate::secrets::new_id();
    let key = state.keys.current(&state.db, &actor.org_id).await?;
    let answers_enc = (!answers.is_empty())
        .then(|| serde_json::to_vec(&answers).map(|json| key.seal(answers_place(&attempt), &json)))
        .transpose()
        .map_err(AppError::internal)?;
    let concern_enc = concern.as_ref().map(|c| key.seal(concern_place(&attempt), c.as_bytes()));
    let due_on = round.due_on.to_string();
    let new = super::store::NewAttempt {
        id: &attempt,
        org_id: &actor.org_id,
        campaign_id: id,
        target_id: report.target_id,
        round_on: &due_on,
        caller_id: &actor.user_id,
        outcome,
        answers_enc: answers_enc.as_deref(),
        concern_enc: concern_enc.as_deref(),
        called_at: state.clock.now_ms(),
        request_key: report.request_key,
    };
    let patient = line.target.patient_id.as_deref();
    let mut tx = state.db.begin().await?;
    let already_done = AppError::Invalid { field: "outcome", code: "callround-already-done" };
    if !super::store::insert_attempt(&mut tx, &new).await? {
        // The same form sent again is already recorded; else another caller handled the person.
        drop(tx);
        let sent =
            super::store::attempt_sent(state.db.writer(), &actor.user_id, report.request_key);
        return if sent.await? { Ok(()) } else { Err(already_done) };
    }
    if line.standing != Standing::Pending {
        return Err(already_done);
    }
    audit(&mut tx, state, actor, ("callround.called", id), patient).await?;
    if concern.is_some() {
        let team = crate::events::Audience::team(&campaign.stored.team_id).to_string();
        let trail = Trail {
            action: "callround.concern",
            object_type: "call_campaign",
            object_id: id,
            patient_id: patient,
            reason: None,
        };
        record(&mut tx, state, actor, &trail, &[team]).await?;
    }
    finish(tx, state).await?;
    if let Some(reason) = concern {
        alert(state, actor, &campaign, &line.name, &reason).await?;
    }
    Ok(())
}

/// Tells the team's coordinators at once, in a direct conversation with the caller: marked
/// urgent when the organisation lets the caller do so (it then reaches them off duty too).
async fn alert(
    state: &AppState,
    actor: &CurrentUser,
    campaign: &Campaign,
    who: &str,
    reason: &str,
) -> AppResult<()> {
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &actor.org_id).await?;
    drop(conn);
    let coordinators: Vec<String> = people
        .into_iter()
        .filter(|p| p.active && p.id != actor.user_id && p.in_team(&campaign.stored.team_id))
        .filter(|p| crate::org::roles::grants(&p.roles, Permission::PlanRounds))
        .map(|p| p.id)
        .collect();
    if coordinators.is_empty() {
        return Ok(());
    }
    let lang = actor.lang;
    let title = lang.t("callround-alert-title");
    let text = format!("⚠ {title} — {} · {who} : {reason}", campaign.stored.name);
    let text = crate::messaging::text::MessageText::parse(&text)
        .map_err(|_| AppError::Invalid { field: "concern", code: "callround-concern-reason" })?;
    let conversation =
        crate::messaging::conversations::open_direct(state, actor, &coordinators).await?;
    let urgent = crate::messaging::posting::may_send_urgent(state, actor).await?;
    let draft = crate::messaging::posting::Draft {
        text,
        thread_root_id: None,
        urgent_reason: urgent.then(|| title.clone()),
        confirm_everyone: false,
        client_key: None,
        attachment: None,
    };
    crate::messaging::posting::post(state, actor, &conversation, draft).await?;
    Ok(())
}
