//! The caregiver's round: their published visits of the day, check-in and check-out proven by the
//! patient's home card (or manual with a reason); the report is in `visit_report.rs`. Every
//! request a phone sends carries an idempotency key, so a queued request replayed after a network cut is applied
//! exactly once: the same key with the same body gives the same answer, with another body 409.

use jiff::civil::Date;

use super::card::{self, Proof};
use super::model::{Patient, Visit};
use super::model::{PunchKind, PunchMethod, VisitId};
use super::store::rounds::{self as store, DatedReport, NewPunch, Position};
use super::store::{patients as patient_store, visits as visit_store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::{HOUR_MS, MINUTE_MS, now_ms};
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;

/// One stop of the caregiver's day, with what they need at the door.
pub struct Stop {
    pub visit: Visit,
    pub patient: Patient,
    pub access_notes: String,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub outcome: Option<String>,
    /// The latest care notes about the patient (day, note), newest first.
    pub last_notes: Vec<(String, String)>,
}

/// How many of the patient's latest care notes a stop shows.
const NOTES_SHOWN: i64 = 3;

fn notes_place(patient_id: &str) -> Place<'_> {
    Place { table: "patients", column: "access_notes_enc", row_id: patient_id }
}

pub(crate) fn report_place(visit_id: &str) -> Place<'_> {
    Place { table: "visit_reports", column: "note_enc", row_id: visit_id }
}

/// The caregiver's published visits of `day`, in order, each read audited for its patient.
pub async fn my_day(state: &AppState, actor: &CurrentUser, day: Date) -> AppResult<Vec<Stop>> {
    actor.require(Permission::SeePatientData)?;
    let text = day.to_string();
    let reader = state.db.reader();
    let visits =
        visit_store::of_caregiver(reader, &actor.org_id, &actor.user_id, &text, &text).await?;
    let me = store::Whose::Caregiver(&actor.user_id);
    let punches = store::punches_of_day(reader, &actor.org_id, me, &text).await?;
    let reports = store::reports_of_day(reader, &actor.org_id, me, &text).await?;
    let mut stops = Vec::new();
    for visit in visits.into_iter().filter(|v| !v.cancelled()) {
        if !super::scope::visit_published(state, &actor.org_id, &visit).await? {
            continue;
        }
        let Some(patient) =
            patient_store::find_visible(reader, &actor.org_id, &actor.user_id, &visit.patient_id)
                .await?
        else {
            continue;
        };
        let access_notes =
            match patient_store::access_notes_sealed(reader, &actor.org_id, &patient.id).await? {
                Some(sealed) => {
                    let opened = state
                        .keys
                        .open_sealed(&state.db, &actor.org_id, notes_place(&patient.id), &sealed)
                        .await;
                    String::from_utf8(opened.map_err(|e| AppError::Internal(e.into()))?)
                        .map_err(|e| AppError::Internal(e.into()))?
                }
                None => String::new(),
            };
        let at = |kind: PunchKind| {
            punches.iter().find(|p| p.visit_id == visit.id && p.kind == kind).map(|p| p.device_at)
        };
        let mut last_notes = Vec::new();
        for DatedReport { report, day } in
            store::latest_reports_of_patient(reader, &actor.org_id, &patient.id, &text, NOTES_SHOWN)
                .await?
        {
            let Some(sealed) = report.note_sealed else { continue };
            let place = report_place(&report.visit_id);
            let opened = state.keys.open_sealed(&state.db, &actor.org_id, place, &sealed).await;
            let note = String::from_utf8(opened.map_err(|e| AppError::Internal(e.into()))?)
                .map_err(|e| AppError::Internal(e.into()))?;
            last_notes.push((day, note));
        }
        stops.push(Stop {
            last_notes,
            checked_in_at: at(PunchKind::CheckIn),
            checked_out_at: at(PunchKind::CheckOut),
            outcome: reports.iter().find(|r| r.visit_id == visit.id).map(|r| r.outcome.clone()),
            visit,
            patient,
            access_notes,
        });
    }
    if !stops.is_empty() {
        let mut tx = state.db.begin().await?;
        for stop in &stops {
            let trail = Trail {
                action: Action::PatientReadRound.as_str(),
                object_type: "visit",
                object_id: &stop.visit.id,
                patient_id: Some(&stop.patient.id),
                reason: None,
            };
            record(&mut tx, state, actor, &trail, &[]).await?;
        }
        finish(tx, state).await?;
    }
    Ok(stops)
}

/// A device's idempotency key: 8 to 100 letters, digits, `-` or `_`.
pub(super) fn check_key(key: &str) -> AppResult<()> {
    let ok = (8..=100).contains(&key.len())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AppError::BadRequest("idempotency key must be 8 to 100 letters, digits, - or _".into()))
    }
}

/// The device's time for an event: now when not given; refused when in the future (beyond five
/// minutes of clock skew) or more than two days old.
pub(super) fn device_time(device_at: Option<i64>) -> AppResult<i64> {
    let now = now_ms();
    match device_at {
        None => Ok(now),
        Some(at) if at > now + 5 * MINUTE_MS => {
            Err(AppError::Invalid { field: "device_at", code: "device-time-future" })
        }
        Some(at) if at < now - 48 * HOUR_MS => {
            Err(AppError::Invalid { field: "device_at", code: "device-time-too-old" })
        }
        Some(at) => Ok(at),
    }
}

/// Claims the request's key inside the transaction that applies it: `true` when this exact
/// request was already applied (committed before, or at this very moment by a twin sent at the
/// same time), so the caller answers as the first time and writes nothing.
pub(super) async fn claim_or_applied(
    tx: &mut crate::db::Transaction,
    user_id: &str,
    key: &str,
    request: &str,
) -> AppResult<bool> {
    if store::claim_device_request(&mut **tx, user_id, key, request, "applied").await? {
        return Ok(false);
    }
    already_applied(tx, user_id, key, request).await
}

/// Looks a key up: `true` when this exact request was already applied.
pub(super) async fn already_applied(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    key: &str,
    request: &str,
) -> AppResult<bool> {
    match store::device_request(&mut *conn, user_id, key).await? {
        Some((digest, _)) if digest == request => Ok(true),
        Some(_) => Err(AppError::Conflict("idempotency_key_reused")),
        None => Ok(false),
    }
}

/// A visit the caregiver may punch or report: theirs (or their team's, if it was reassigned while
/// they were offline), not cancelled, in a published week.
pub(super) async fn punchable_visit(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
) -> AppResult<Visit> {
    actor.require(Permission::SeePatientData)?;
    let visit = visit_store::find(state.db.reader(), &actor.org_id, visit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = visit.caregiver_id.as_deref() == Some(actor.user_id.as_str());
    let in_my_team = super::scope::is_member(state, actor, &visit.team_id).await?;
    if !(mine || in_my_team) || !super::scope::visit_published(state, &actor.org_id, &visit).await?
    {
        return Err(AppError::NotFound);
    }
    if visit.cancelled() {
        return Err(AppError::Invalid { field: "visit", code: "visit-was-cancelled" });
    }
    Ok(visit)
}

/// How the caregiver proves their presence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    Scan(String),
    Code(String),
    /// Without the card, with the reason (no card at the home, camera broken…).
    Manual(String),
    /// In one tap, where the organisation does not require the card.
    Declared,
}

impl Presence {
    fn method(&self) -> PunchMethod {
        match self {
            Presence::Scan(_) => PunchMethod::Scan,
            Presence::Code(_) => PunchMethod::Code,
            Presence::Manual(_) => PunchMethod::Manual,
            Presence::Declared => PunchMethod::Declared,
        }
    }
}

/// A check-in or check-out as the phone sends it.
pub struct Punch<'a> {
    pub kind: PunchKind,
    pub presence: &'a Presence,
    /// The phone's clock when the caregiver tapped (the page's script fills it in).
    pub device_at: Option<i64>,
    /// The phone's position, where the organisation records it.
    pub position: Option<Position>,
    /// The idempotency key of this request.
    pub key: &'a str,
}

/// Records a check-in or check-out; replaying the same request (same key) changes nothing.
#[tracing::instrument(skip_all, fields(visit = visit_id.as_str(), kind = sent.kind.as_str()))]
pub async fn punch(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    sent: &Punch<'_>,
) -> AppResult<()> {
    let Punch { kind, presence, device_at, position, key } = *sent;
    check_key(key)?;
    let (proof_text, reason) = match presence {
        Presence::Scan(s) | Presence::Code(s) => (s.as_str(), None),
        Presence::Manual(r) => ("", Some(super::fields::label("reason", r)?)),
        Presence::Declared => ("", None),
    };
    let request = crate::secrets::digest(&format!(
        "punch\u{1f}{visit_id}\u{1f}{}\u{1f}{}\u{1f}{proof_text}\u{1f}{}\u{1f}{device_at:?}\u{1f}{position:?}",
        kind.as_str(),
        presence.method().as_str(),
        reason.as_deref().unwrap_or("")
    ));
    {
        let mut conn = state.db.reader().acquire().await?;
        if already_applied(&mut conn, &actor.user_id, key, &request).await? {
            return Ok(());
        }
    }
    let visit = punchable_visit(state, actor, visit_id).await?;
    let at = device_time(device_at)?;
    // The position is kept only where the organisation chose to record it.
    let recorded = crate::org::store::punch_geolocation(state.db.reader(), &actor.org_id).await?;
    let position = position.filter(|_| recorded);
    match presence {
        Presence::Scan(secret) => {
            card::verify(state, actor, &visit.patient_id, Proof::Scan(secret)).await?
        }
        Presence::Code(code) => {
            card::verify(state, actor, &visit.patient_id, Proof::Code(code)).await?
        }
        Presence::Manual(_) => {}
        Presence::Declared => {
            if crate::org::store::punch_card_required(state.db.reader(), &actor.org_id).await? {
                return Err(AppError::Invalid { field: "method", code: "round-card-required" });
            }
        }
    }
    let mut tx = state.db.begin().await?;
    // The key is claimed inside the transaction: two replays racing apply once.
    if claim_or_applied(&mut tx, &actor.user_id, key, &request).await? {
        return Ok(());
    }
    let checked_in =
        store::has_punch(&mut *tx, &visit.id, &actor.user_id, PunchKind::CheckIn).await?;
    let checked_out =
        store::has_punch(&mut *tx, &visit.id, &actor.user_id, PunchKind::CheckOut).await?;
    let refusal = match kind {
        PunchKind::CheckIn if checked_in => Some("already-checked-in"),
        PunchKind::CheckOut if !checked_in => Some("check-out-without-check-in"),
        PunchKind::CheckOut if checked_out => Some("already-checked-out"),
        _ => None,
    };
    if let Some(code) = refusal {
        return Err(AppError::Invalid { field: "visit", code });
    }
    let punch = NewPunch {
        visit_id: &visit.id,
        caregiver_id: &actor.user_id,
        kind,
        method: presence.method(),
        reason: reason.as_deref(),
        device_at: at,
        position,
    };
    if store::insert_punch(&mut *tx, &actor.org_id, &punch).await?.is_none() {
        // Another request (with another key) recorded the same punch a moment ago.
        let code = match kind {
            PunchKind::CheckIn => "already-checked-in",
            PunchKind::CheckOut => "already-checked-out",
        };
        return Err(AppError::Invalid { field: "visit", code });
    }
    let action = match kind {
        PunchKind::CheckIn => Action::VisitCheckIn,
        PunchKind::CheckOut => Action::VisitCheckOut,
    };
    let trail = Trail {
        action: action.as_str(),
        object_type: "visit",
        object_id: visit_id,
        patient_id: Some(&visit.patient_id),
        reason: reason.as_deref(),
    };
    // The punch reaches the team's day board, not every page of the organisation.
    let team = crate::events::Audience::team(&visit.team_id).to_string();
    record(&mut tx, state, actor, &trail, &[team]).await?;
    finish(tx, state).await?;
    Ok(())
}
