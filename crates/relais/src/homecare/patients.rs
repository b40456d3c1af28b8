//! Patients and the care relationship: who may see a record, break-the-glass, care plans.
//! Someone outside the relationship gets "not found", whether the patient exists or not.

use serde::Serialize;

use super::model::{CarePlanItem, Contact, ContactKind, Patient, PatientId, PatientInput};
use super::store::{care, patients as store};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::{Permission, Role};
use crate::state::AppState;

/// Everything the record page shows.
#[derive(Debug, Clone, Serialize)]
pub struct PatientRecord {
    pub patient: Patient,
    pub access_notes: String,
    pub contacts: Vec<Contact>,
    pub care_plan: Vec<CarePlanItem>,
}

fn notes_place(patient_id: &str) -> Place<'_> {
    Place { table: "patients", column: "access_notes_enc", row_id: patient_id }
}

pub async fn list(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Patient>> {
    actor.require(Permission::SeePatientData)?;
    let patients = store::list_visible(state.db.reader(), &actor.org_id, &actor.user_id).await?;
    let mut tx = state.db.begin().await?;
    let trail = Trail {
        action: Action::PatientList.as_str(),
        object_type: "patient",
        object_id: "*",
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(patients)
}

/// A patient the person may see (no audit: callers audit what they read).
pub async fn visible(state: &AppState, actor: &CurrentUser, id: &PatientId) -> AppResult<Patient> {
    actor.require(Permission::SeePatientData)?;
    store::find_visible(state.db.reader(), &actor.org_id, &actor.user_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Opens a record: audited as a read of the patient's data.
pub async fn open(
    state: &AppState,
    actor: &CurrentUser,
    id: &PatientId,
) -> AppResult<PatientRecord> {
    let patient = visible(state, actor, id).await?;
    let reader = state.db.reader();
    let access_notes = match store::access_notes_sealed(reader, &actor.org_id, id).await? {
        Some(sealed) => {
            let opened =
                state.keys.open_sealed(&state.db, &actor.org_id, notes_place(id), &sealed).await;
            String::from_utf8(opened.map_err(|e| AppError::Internal(e.into()))?)
                .map_err(|e| AppError::Internal(e.into()))?
        }
        None => String::new(),
    };
    let contacts = store::list_contacts(reader, id).await?;
    let care_plan = care::items_of_patient(reader, &actor.org_id, id).await?;
    let mut tx = state.db.begin().await?;
    let trail = Trail {
        action: Action::PatientRead.as_str(),
        object_type: "patient",
        object_id: id,
        patient_id: Some(id.as_str()),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(PatientRecord { patient, access_notes, contacts, care_plan })
}

/// Creates a patient in one of the coordinator's teams.
pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    input: PatientInput,
) -> AppResult<PatientId> {
    actor.require(Permission::PlanRounds)?;
    crate::homecare::scope::require_team_field(state, actor, &input.team_id, "team").await?;
    let id = PatientId::generate();
    let key = state
        .keys
        .current(&state.db, &actor.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed = (!input.access_notes.is_empty())
        .then(|| key.seal(notes_place(&id), input.access_notes.as_bytes()));
    let mut tx = state.db.begin().await?;
    store::insert(&mut *tx, &actor.org_id, &id, &input, sealed).await?;
    let trail = Trail {
        action: Action::PatientCreate.as_str(),
        object_type: "patient",
        object_id: &id,
        patient_id: Some(id.as_str()),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[format!("org:{}", actor.org_id)]).await?;
    finish(tx, state).await?;
    Ok(id)
}

pub async fn add_contact(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
    kind: ContactKind,
    name: &str,
    phone: &str,
) -> AppResult<()> {
    actor.require(Permission::PlanRounds)?;
    visible(state, actor, patient_id).await?;
    let mut tx = state.db.begin().await?;
    let id = store::insert_contact(&mut *tx, patient_id, kind, name, phone).await?;
    let trail = Trail {
        action: Action::PatientContactAdd.as_str(),
        object_type: "patient_contact",
        object_id: &id,
        patient_id: Some(patient_id.as_str()),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Adds a recurring intervention; the caregivers named must be caregivers of the organisation.
pub async fn add_care_plan_item(
    state: &AppState,
    actor: &CurrentUser,
    item: CarePlanItem,
) -> AppResult<String> {
    actor.require(Permission::PlanRounds)?;
    visible(state, actor, &item.patient_id).await?;
    for (field, caregiver) in
        [("preferred", &item.preferred_caregiver), ("excluded", &item.excluded_caregiver)]
    {
        if let Some(id) = caregiver
            && care::find_caregiver(state.db.reader(), &actor.org_id, id).await?.is_none()
        {
            return Err(AppError::Invalid { field, code: "caregiver-unknown" });
        }
    }
    let mut tx = state.db.begin().await?;
    let id = care::insert_item(&mut *tx, &actor.org_id, &item).await?;
    let trail = Trail {
        action: Action::CarePlanAdd.as_str(),
        object_type: "care_plan_item",
        object_id: &id,
        patient_id: Some(&item.patient_id),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(id)
}

/// The shortest reason accepted for opening a record outside one's care relationship.
pub const MIN_REASON_CHARS: usize = 10;

/// Break-the-glass: a carer on duty opens a record outside their relationship for twelve hours,
/// with a reason. Audited with the reason; the patient's coordinators are told.
pub async fn break_the_glass(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
    reason: &str,
) -> AppResult<()> {
    actor.require(Permission::SeePatientData)?;
    let reason = super::fields::long_text("reason", reason, 500)?;
    if reason.chars().count() < MIN_REASON_CHARS {
        return Err(AppError::Invalid { field: "reason", code: "reason-too-short" });
    }
    let patient = store::find(state.db.reader(), &actor.org_id, patient_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let coordinators: Vec<String> = {
        let mut conn = state.db.reader().acquire().await?;
        crate::org::store::list_people(&mut conn, &actor.org_id)
            .await?
            .into_iter()
            .filter(|p| p.active && p.has_role(Role::Coordinator) && p.in_team(&patient.team_id))
            .map(|p| format!("user:{}", p.id))
            .collect()
    };
    let expires = now_ms() + store::EMERGENCY_ACCESS_MS;
    let mut tx = state.db.begin().await?;
    store::grant_access(
        &mut *tx,
        patient_id,
        &actor.user_id,
        "emergency",
        &reason,
        &actor.user_id,
        Some(expires),
    )
    .await?;
    let trail = Trail {
        action: Action::PatientBreakTheGlass.as_str(),
        object_type: "patient",
        object_id: patient_id,
        patient_id: Some(patient_id.as_str()),
        reason: Some(&reason),
    };
    record(&mut tx, state, actor, &trail, &coordinators).await?;
    finish(tx, state).await?;
    Ok(())
}
