//! The report written after the call, as French rules ask: participants, date and time, duration,
//! the report itself, acts, prescriptions (as text) and the technical incidents, which the server
//! logged during the call. Sealed with the organisation's key in the patient's record.

use serde::{Deserialize, Serialize};

use super::model::{Consultation, Event, Guest, INCIDENTS, Status, who};
use super::{service, store};
use crate::auth::CurrentUser;
use crate::clock::{MINUTE_MS, now_ms};
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::homecare::fields::long_text;
use crate::state::AppState;

pub const TEXT_MAX_CHARS: usize = 8000;
pub const ACTS_MAX_CHARS: usize = 2000;
pub const PRESCRIPTIONS_MAX_CHARS: usize = 4000;
/// The in-call chat the professional chose to keep (never kept otherwise).
pub const CHAT_MAX_CHARS: usize = 8000;

/// What the professional writes.
pub struct Written<'a> {
    pub text: &'a str,
    pub acts: &'a str,
    pub prescriptions: &'a str,
    pub chat: &'a str,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Who took part, as the log names them (`role:name`).
    pub participants: Vec<String>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub duration_minutes: i64,
    pub text: String,
    pub acts: String,
    pub prescriptions: String,
    /// The in-call chat, when the professional attached it.
    #[serde(default)]
    pub chat: String,
    pub incidents: Vec<Event>,
    pub written_by: String,
    pub written_at: i64,
}

/// What the call itself tells: who took part, when, for how long, and what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSummary {
    pub participants: Vec<String>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub duration_minutes: i64,
    pub incidents: Vec<Event>,
}

/// The call starts when the first guest is admitted and ends with the last departure after it.
pub fn summarise(consultation: &Consultation, guests: &[Guest], events: &[Event]) -> CallSummary {
    let mut participants = vec![who("professional", &consultation.professional_name)];
    participants.extend(guests.iter().filter(|g| g.admitted_at.is_some()).map(Guest::who));
    let started_at = events.iter().find(|e| e.kind == "admitted").map(|e| e.at);
    let ended_at = started_at.and_then(|start| {
        events
            .iter()
            .filter(|e| e.at >= start && matches!(e.kind.as_str(), "left" | "dropped"))
            .map(|e| e.at)
            .max()
    });
    let duration_minutes = match (started_at, ended_at) {
        (Some(start), Some(end)) => (end - start + MINUTE_MS - 1) / MINUTE_MS,
        _ => 0,
    };
    let incidents =
        events.iter().filter(|e| INCIDENTS.contains(&e.kind.as_str())).cloned().collect();
    CallSummary { participants, started_at, ended_at, duration_minutes, incidents }
}

fn place(id: &str) -> Place<'_> {
    Place { table: "teleconsultations", column: "report_enc", row_id: id }
}

/// Writes the report and closes the consultation: the guests' links stop working.
pub async fn write(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    written: &Written<'_>,
) -> AppResult<()> {
    let consultation = service::hosted(state, actor, id).await?;
    let text = long_text("report", written.text, TEXT_MAX_CHARS)?;
    if text.is_empty() {
        return Err(AppError::Invalid { field: "report", code: "field-required" });
    }
    let acts = long_text("acts", written.acts, ACTS_MAX_CHARS)?;
    let prescriptions = long_text("prescriptions", written.prescriptions, PRESCRIPTIONS_MAX_CHARS)?;
    let chat = long_text("chat", written.chat, CHAT_MAX_CHARS)?;
    let reader = state.db.reader();
    let guests = store::guests_of(reader, id).await?;
    let events = store::events_of(reader, id).await?;
    let summary = summarise(&consultation, &guests, &events);
    let report = Report {
        participants: summary.participants,
        started_at: summary.started_at,
        ended_at: summary.ended_at,
        duration_minutes: summary.duration_minutes,
        text,
        acts,
        prescriptions,
        chat,
        incidents: summary.incidents,
        written_by: actor.display_name.clone(),
        written_at: now_ms(),
    };
    let plain = serde_json::to_vec(&report).map_err(|e| AppError::Internal(e.into()))?;
    let key = state
        .keys
        .current(&state.db, &actor.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed = key.seal(place(id), &plain);
    let mut closed = false;
    service::audit(state, actor, "teleconsultation.report", &consultation, async |tx| {
        closed = store::set_status(&mut *tx, id, Status::Done, Some(sealed)).await?;
        Ok(())
    })
    .await?;
    if !closed {
        return Err(AppError::Invalid { field: "consultation", code: "teleconsultation-closed" });
    }
    Ok(())
}

/// The report of a consultation, opened (callers audit the read).
pub async fn read(state: &AppState, consultation: &Consultation) -> AppResult<Option<Report>> {
    let Some(sealed) = store::report_sealed(state.db.reader(), &consultation.id).await? else {
        return Ok(None);
    };
    let plain = state
        .keys
        .open_sealed(&state.db, &consultation.org_id, place(&consultation.id), &sealed)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    serde_json::from_slice(&plain).map(Some).map_err(|e| AppError::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teleconsultation::model::{GuestRole, Kind};

    fn event(at: i64, kind: &str) -> Event {
        Event { at, kind: kind.into(), who: "patient:Marie".into() }
    }

    #[test]
    fn the_call_runs_from_the_first_admission_to_the_last_departure() {
        let consultation = Consultation {
            id: "c".into(),
            org_id: "o".into(),
            patient_id: "p".into(),
            professional_id: "u".into(),
            professional_name: "Dr Roux".into(),
            time_zone: "Europe/Paris".into(),
            kind: Kind::Doctor,
            starts_at: 0,
            duration_minutes: 20,
            status: Status::Scheduled,
            professional_consent_at: Some(0),
            reported_at: None,
            call: Default::default(),
        };
        let guest = |admitted_at| Guest {
            id: "g".into(),
            consultation_id: "c".into(),
            role: GuestRole::Patient,
            name: "Marie".into(),
            failed_codes: 0,
            locked_at: None,
            consent_at: Some(0),
            admitted_at,
            entered: true,
        };
        let events = [
            event(1_000, "left"),
            event(60_000, "admitted"),
            event(120_000, "dropped"),
            event(130_000, "reconnected"),
            event(60_000 + 11 * MINUTE_MS + 1, "left"),
        ];
        let summary = summarise(&consultation, &[guest(Some(60_000)), guest(None)], &events);
        assert_eq!(summary.participants, ["professional:Dr Roux", "patient:Marie"]);
        assert_eq!(summary.started_at, Some(60_000));
        assert_eq!(summary.duration_minutes, 12, "rounded up to the minute begun");
        let kinds: Vec<_> = summary.incidents.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["dropped", "reconnected"]);
        assert_eq!(summarise(&consultation, &[], &[]).duration_minutes, 0);
    }
}
