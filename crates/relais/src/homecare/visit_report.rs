//! The visit report: how the visit went, the care note (encrypted) and vigilance signs, sent by
//! the caregiver's phone with an idempotency key like the punches.

use super::model::{PunchKind, VisitId};
use super::round::{
    already_applied, check_key, claim_or_applied, device_time, punchable_visit, report_place,
};
use super::store::rounds::{self as store, ReportRow};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::state::AppState;

/// How the visit went.
pub const OUTCOMES: [&str; 6] =
    ["done", "partial", "absent", "refused", "no_answer", "hospitalised"];
/// Signs the coordinator must see at once.
pub const FLAGS: [&str; 5] = ["fall", "pain", "skin", "appetite", "behaviour"];
/// The longest care note accepted.
pub const NOTE_MAX_CHARS: usize = 4000;

/// What the caregiver writes at the end of a visit.
pub struct Report<'a> {
    pub outcome: &'a str,
    /// The care note (transmission), free text.
    pub note: &'a str,
    pub flags: &'a [String],
}

/// Records the visit's outcome and care note (encrypted); vigilance flags alert the coordinators.
#[tracing::instrument(skip_all, fields(visit = visit_id.as_str()))]
pub async fn report(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    report: &Report<'_>,
    device_at: Option<i64>,
    key: &str,
) -> AppResult<()> {
    check_key(key)?;
    let Report { outcome, note, flags } = *report;
    if !OUTCOMES.contains(&outcome) {
        return Err(AppError::Invalid { field: "outcome", code: "choice-invalid" });
    }
    if flags.iter().any(|f| !FLAGS.contains(&f.as_str())) {
        return Err(AppError::Invalid { field: "flags", code: "choice-invalid" });
    }
    let note = super::fields::long_text("note", note, NOTE_MAX_CHARS)?;
    let mut flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    flags.sort_unstable();
    flags.dedup();
    let flags = flags.join(",");
    let request = crate::secrets::digest(&format!(
        "report\u{1f}{visit_id}\u{1f}{outcome}\u{1f}{note}\u{1f}{flags}\u{1f}{device_at:?}"
    ));
    {
        let mut conn = state.db.reader().acquire().await?;
        if already_applied(&mut conn, &actor.user_id, key, &request).await? {
            return Ok(());
        }
    }
    let visit = punchable_visit(state, actor, visit_id).await?;
    let at = device_time(device_at)?;
    let key_for_org = state
        .keys
        .current(&state.db, &actor.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed =
        (!note.is_empty()).then(|| key_for_org.seal(report_place(visit_id), note.as_bytes()));
    let mut tx = state.db.begin().await?;
    if claim_or_applied(&mut tx, &actor.user_id, key, &request).await? {
        return Ok(());
    }
    if !store::has_punch(&mut *tx, visit_id, &actor.user_id, PunchKind::CheckIn).await? {
        return Err(AppError::Invalid { field: "visit", code: "report-without-check-in" });
    }
    let row = ReportRow {
        visit_id: visit_id.clone(),
        outcome: outcome.to_string(),
        note_sealed: sealed,
        flags: flags.clone(),
    };
    if !store::insert_report(&mut *tx, &actor.org_id, &actor.user_id, &row, at).await? {
        return Err(AppError::Invalid { field: "visit", code: "already-reported" });
    }
    let trail = Trail {
        action: Action::VisitReport.as_str(),
        object_type: "visit",
        object_id: visit_id,
        patient_id: Some(&visit.patient_id),
        reason: None,
    };
    let team = crate::events::Audience::team(&visit.team_id).to_string();
    record(&mut tx, state, actor, &trail, std::slice::from_ref(&team)).await?;
    if !flags.is_empty() {
        let alert = Trail {
            action: Action::VisitVigilance.as_str(),
            object_type: "visit",
            object_id: visit_id,
            patient_id: Some(&visit.patient_id),
            reason: Some(&flags),
        };
        record(&mut tx, state, actor, &alert, &[team]).await?;
    }
    finish(tx, state).await?;
    Ok(())
}
