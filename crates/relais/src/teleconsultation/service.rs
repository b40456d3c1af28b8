//! The professional's side: scheduling for a patient in one's care relationship, inviting a
//! second guest, renewing a link, cancelling, consenting and admitting during the call. Every
//! read and change is audited against the patient.

use super::invitation::Invitation;
use super::model::{Consultation, Event, Guest, GuestRole, Kind, Status};
use super::store;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::{MINUTE_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::homecare::model::Patient;
use crate::org::Permission;
use crate::state::AppState;

/// What a professional asks for when scheduling.
pub struct ScheduleInput {
    pub kind: Kind,
    pub starts_at: i64,
    pub duration_minutes: i64,
}

/// A slot may start a little in the past (scheduled on the spot), never earlier.
const LATEST_START_IN_PAST_MINUTES: i64 = 5;
/// Slots are planned at most this far ahead.
const FURTHEST_AHEAD_DAYS: i64 = 366;

/// Everything the consultation's page shows.
pub struct Details {
    pub consultation: Consultation,
    pub patient: Patient,
    pub guests: Vec<Guest>,
    pub events: Vec<Event>,
    pub report: Option<super::report::Report>,
}

/// The room of a consultation's call.
pub fn room(consultation_id: &str) -> String {
    format!("teleconsultation:{consultation_id}")
}

pub(super) async fn audit(
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    consultation: &Consultation,
    change: impl AsyncFnOnce(&mut sqlx::AnyConnection) -> sqlx::Result<()>,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    change(&mut tx).await?;
    let trail = Trail {
        action,
        object_type: "teleconsultation",
        object_id: &consultation.id,
        patient_id: Some(&consultation.patient_id),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[format!("user:{}", consultation.professional_id)])
        .await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn schedule(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &crate::homecare::model::PatientId,
    input: ScheduleInput,
) -> AppResult<(String, Invitation)> {
    crate::homecare::patients::visible(state, actor, patient_id).await?;
    actor.require(Permission::HoldTeleconsultations)?;
    let now = now_ms();
    if input.starts_at < now - LATEST_START_IN_PAST_MINUTES * MINUTE_MS {
        return Err(AppError::Invalid { field: "time", code: "teleconsultation-in-past" });
    }
    if input.starts_at > now + FURTHEST_AHEAD_DAYS * 24 * 60 * MINUTE_MS {
        return Err(AppError::Invalid { field: "date", code: "teleconsultation-too-far" });
    }
    let consultation = Consultation {
        id: crate::secrets::new_id(),
        org_id: actor.org_id.clone(),
        patient_id: patient_id.clone(),
        professional_id: actor.user_id.clone(),
        professional_name: actor.display_name.clone(),
        time_zone: actor.time_zone.clone(),
        kind: input.kind,
        starts_at: input.starts_at,
        duration_minutes: input.duration_minutes,
        status: Status::Scheduled,
        professional_consent_at: None,
        reported_at: None,
        call: Default::default(),
    };
    let invitation = Invitation::issue();
    audit(state, actor, "teleconsultation.schedule", &consultation, async |tx| {
        store::insert(&mut *tx, &consultation).await?;
        let (link, code) = (invitation.link_hash(), invitation.code_hash());
        let patient = GuestRole::Patient;
        store::insert_guest(&mut *tx, &actor.org_id, &consultation.id, patient, &link, &code)
            .await
            .map(|_| ())
    })
    .await?;
    Ok((consultation.id, invitation))
}

/// The consultation, for someone in the care relationship of its patient ("not found" otherwise).
pub async fn visible(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Consultation> {
    actor.require(Permission::SeePatientData)?;
    let consultation =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    crate::homecare::patients::visible(state, actor, &consultation.patient_id).await?;
    Ok(consultation)
}

/// The consultation, for its own professional while it is still to be held.
pub async fn hosted(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Consultation> {
    let consultation = visible(state, actor, id).await?;
    if consultation.professional_id != actor.user_id {
        return Err(AppError::Forbidden);
    }
    if consultation.status != Status::Scheduled {
        return Err(AppError::Invalid { field: "consultation", code: "teleconsultation-closed" });
    }
    Ok(consultation)
}

/// Opens the consultation's page: audited as a read of the patient's data.
pub async fn open(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Details> {
    let consultation = visible(state, actor, id).await?;
    let patient =
        crate::homecare::patients::visible(state, actor, &consultation.patient_id).await?;
    let reader = state.db.reader();
    let guests = store::guests_of(reader, id).await?;
    let events = store::events_of(reader, id).await?;
    let report = super::report::read(state, &consultation).await?;
    audit(state, actor, "teleconsultation.read", &consultation, async |_| Ok(())).await?;
    Ok(Details { consultation, patient, guests, events, report })
}

/// Invites a family carer or an interpreter: a link and a code of their own.
pub async fn invite(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    role: GuestRole,
) -> AppResult<Invitation> {
    let consultation = hosted(state, actor, id).await?;
    if role == GuestRole::Patient {
        return Err(AppError::Invalid { field: "role", code: "choice-invalid" });
    }
    if store::guests_of(state.db.reader(), id).await?.len() >= super::MAX_GUESTS {
        return Err(AppError::Invalid { field: "role", code: "teleconsultation-guests-full" });
    }
    let invitation = Invitation::issue();
    audit(state, actor, "teleconsultation.invite", &consultation, async |tx| {
        let (link, code) = (invitation.link_hash(), invitation.code_hash());
        store::insert_guest(&mut *tx, &actor.org_id, id, role, &link, &code).await.map(|_| ())
    })
    .await?;
    Ok(invitation)
}

/// A new link and code for a guest (lost code, locked link): the old ones stop working. Returns
/// the guest's role with them.
pub async fn renew(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    guest_id: &str,
) -> AppResult<(GuestRole, Invitation)> {
    let consultation = hosted(state, actor, id).await?;
    let guests = store::guests_of(state.db.reader(), id).await?;
    let role =
        guests.iter().find(|g| g.id == guest_id).map(|g| g.role).ok_or(AppError::NotFound)?;
    let invitation = Invitation::issue();
    audit(state, actor, "teleconsultation.renew", &consultation, async |tx| {
        let (link, code) = (invitation.link_hash(), invitation.code_hash());
        store::renew_guest(&mut *tx, guest_id, &link, &code).await
    })
    .await?;
    Ok((role, invitation))
}

pub async fn cancel(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let consultation = hosted(state, actor, id).await?;
    audit(state, actor, "teleconsultation.cancel", &consultation, async |tx| {
        store::set_status(&mut *tx, id, Status::Cancelled, None).await.map(|_| ())
    })
    .await
}

/// The professional confirms, at the start of the call, that consent was given.
pub async fn confirm_consent(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let consultation = hosted(state, actor, id).await?;
    audit(state, actor, "teleconsultation.consent", &consultation, async |tx| {
        store::confirm_consent(&mut *tx, id).await
    })
    .await
}

/// Admits a waiting guest, once the professional has confirmed consent.
pub async fn admit(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    guest_id: &str,
) -> AppResult<Guest> {
    let consultation = hosted(state, actor, id).await?;
    if consultation.professional_consent_at.is_none() {
        return Err(AppError::Invalid { field: "consent", code: "teleconsultation-consent-first" });
    }
    let guests = store::guests_of(state.db.reader(), id).await?;
    let guest = guests.into_iter().find(|g| g.id == guest_id).ok_or(AppError::NotFound)?;
    audit(state, actor, "teleconsultation.admit", &consultation, async |tx| {
        store::admit(&mut *tx, guest_id).await.map(|_| ())
    })
    .await?;
    log_event(state, &consultation.org_id, id, "admitted", &guest.who()).await;
    Ok(guest)
}

/// Logs something that happened during the call; a failure to log never breaks the call.
pub async fn log_event(state: &AppState, org_id: &str, id: &str, kind: &str, who: &str) {
    if let Err(error) = store::insert_event(state.db.writer(), org_id, id, kind, who).await {
        tracing::warn!(%error, kind, "could not log a teleconsultation event");
    }
}
