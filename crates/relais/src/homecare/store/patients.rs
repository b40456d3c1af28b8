//! SQL for patients, their contacts and who may see them.

use sqlx::{Any, Executor};

use crate::clock::{HOUR_MS, now_ms};
use crate::homecare::model::{Contact, ContactKind, Patient, PatientId, PatientInput};
use crate::secrets::new_id;

const COLUMNS: &str = "p.id, p.team_id, p.given_name, p.family_name, p.birth_family_name, \
    p.birth_first_names, p.birth_date, p.sex, p.birth_place_code, p.ins_matricule, p.ins_oid, \
    p.identity_status, p.address, p.postcode, p.city, p.latitude_e6, p.longitude_e6, p.phone, \
    p.financer, p.funded_minutes_per_month, p.status";

/// The care relationship: the patient's team, an explicit or unexpired emergency opening, or a
/// visit of the patient assigned to the person from a week ago onwards. `$2` is the person,
/// `$3` now.
const VISIBLE: &str = "(p.team_id IN (SELECT team_id FROM team_members WHERE user_id = $2) \
    OR EXISTS (SELECT 1 FROM patient_access a WHERE a.patient_id = p.id AND a.user_id = $2 \
        AND (a.expires_at IS NULL OR a.expires_at > $3)) \
    OR EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id AND v.caregiver_id = $2 \
        AND v.status = 'planned' AND v.window_end_at > $3 - 604800000))";

/// How many patients the organisation has (a figure only: no one's data).
pub async fn count(db: impl Executor<'_, Database = Any>, org_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM patients WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await
}

/// The patients `user_id` may see, by name.
pub async fn list_visible(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<Patient>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM patients p WHERE p.org_id = $1 AND {VISIBLE} \
         ORDER BY p.family_name, p.given_name, p.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(user_id).bind(now_ms()).fetch_all(db).await
}

/// A patient `user_id` may see, or `None` (whether it exists or not).
pub async fn find_visible(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Option<Patient>> {
    let sql =
        format!("SELECT {COLUMNS} FROM patients p WHERE p.org_id = $1 AND {VISIBLE} AND p.id = $4");
    sqlx::query_as(&sql)
        .bind(org_id)
        .bind(user_id)
        .bind(now_ms())
        .bind(patient_id)
        .fetch_optional(db)
        .await
}

/// A patient of the organisation, whoever asks (for planning and break-the-glass).
pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Option<Patient>> {
    let sql = format!("SELECT {COLUMNS} FROM patients p WHERE p.org_id = $1 AND p.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(patient_id).fetch_optional(db).await
}

/// Every patient of the given team (planning).
pub async fn list_of_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<Patient>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM patients p WHERE p.org_id = $1 AND p.team_id = $2 \
         ORDER BY p.family_name, p.given_name, p.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(team_id).fetch_all(db).await
}

pub async fn access_notes_sealed(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Option<Vec<u8>>> {
    let sealed: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT access_notes_enc FROM patients WHERE org_id = $1 AND id = $2")
            .bind(org_id)
            .bind(patient_id)
            .fetch_optional(db)
            .await?;
    Ok(sealed.flatten())
}

/// Inserts a patient under a chosen id (so the access notes can be sealed to it first).
pub async fn insert(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &PatientId,
    input: &PatientInput,
    access_notes_sealed: Option<Vec<u8>>,
) -> sqlx::Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO patients (id, org_id, team_id, given_name, family_name, birth_family_name, \
         birth_first_names, birth_date, sex, birth_place_code, ins_matricule, ins_oid, \
         identity_status, address, postcode, city, latitude_e6, longitude_e6, phone, \
         access_notes_enc, financer, funded_minutes_per_month, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $24)",
    )
    .bind(id)
    .bind(org_id)
    .bind(&input.team_id)
    .bind(&input.given_name)
    .bind(&input.family_name)
    .bind(&input.identity.birth_family_name)
    .bind(&input.identity.birth_first_names)
    .bind(&input.identity.birth_date)
    .bind(input.identity.sex.as_str())
    .bind(&input.identity.birth_place_code)
    .bind(&input.identity.ins_matricule)
    .bind(&input.identity.ins_oid)
    .bind(input.identity.status.as_str())
    .bind(&input.address)
    .bind(&input.postcode)
    .bind(&input.city)
    .bind(input.place.latitude_e6)
    .bind(input.place.longitude_e6)
    .bind(&input.phone)
    .bind(access_notes_sealed)
    .bind(input.financer.as_str())
    .bind(input.funded_minutes_per_month)
    .bind(input.status.as_str())
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn list_contacts(
    db: impl Executor<'_, Database = Any>,
    patient_id: &PatientId,
) -> sqlx::Result<Vec<Contact>> {
    sqlx::query_as(
        "SELECT id, kind, name, phone FROM patient_contacts WHERE patient_id = $1 ORDER BY created_at, id",
    )
    .bind(patient_id)
    .fetch_all(db)
    .await
}

pub async fn insert_contact(
    db: impl Executor<'_, Database = Any>,
    patient_id: &PatientId,
    kind: ContactKind,
    name: &str,
    phone: &str,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO patient_contacts (id, patient_id, kind, name, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(patient_id)
    .bind(kind.as_str())
    .bind(name)
    .bind(phone)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(id)
}

/// How long a break-the-glass opening lasts.
pub const EMERGENCY_ACCESS_MS: i64 = 12 * HOUR_MS;

/// Adds `user_id` to the patient's care relationship: `explicit` (no end) or `emergency`.
pub async fn grant_access(
    db: impl Executor<'_, Database = Any>,
    patient_id: &PatientId,
    user_id: &str,
    kind: &str,
    reason: &str,
    granted_by: &str,
    expires_at: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO patient_access (id, patient_id, user_id, kind, reason, granted_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(patient_id)
    .bind(user_id)
    .bind(kind)
    .bind(reason)
    .bind(granted_by)
    .bind(now_ms())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}
