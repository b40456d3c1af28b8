//! SQL for teleconsultations, their guests and the events of their calls.

use sqlx::{Any, Executor};

use super::model::{CallProgress, Consultation, Event, Guest, GuestRole, Kind, Status};
use crate::clock::now_ms;
use crate::secrets::new_id;

const CONSULTATION: &str = "SELECT t.id, t.org_id, t.patient_id, t.professional_id, \
     u.display_name AS professional_name, u.time_zone, t.kind, t.starts_at, t.duration_minutes, t.status, \
     t.professional_consent_at, t.reported_at, \
     (SELECT MIN(e.at) FROM teleconsultation_events e \
      WHERE e.teleconsultation_id = t.id AND e.kind = 'admitted') AS call_started_at, \
     (SELECT e.kind FROM teleconsultation_events e \
      WHERE e.teleconsultation_id = t.id AND e.who LIKE 'professional:%' \
      ORDER BY e.at DESC, e.id DESC LIMIT 1) AS host_last_event \
     FROM teleconsultations t JOIN users u ON u.id = t.professional_id";

/// A consultation as the query returns it, its call's progress in two columns.
#[derive(sqlx::FromRow)]
struct ConsultationRow {
    id: String,
    org_id: String,
    patient_id: crate::homecare::model::PatientId,
    professional_id: String,
    professional_name: String,
    time_zone: String,
    #[sqlx(try_from = "String")]
    kind: Kind,
    starts_at: i64,
    duration_minutes: i64,
    #[sqlx(try_from = "String")]
    status: Status,
    professional_consent_at: Option<i64>,
    reported_at: Option<i64>,
    call_started_at: Option<i64>,
    host_last_event: Option<String>,
}

impl From<ConsultationRow> for Consultation {
    fn from(row: ConsultationRow) -> Self {
        Consultation {
            call: CallProgress {
                started_at: row.call_started_at,
                host_left: row.host_last_event.as_deref() == Some("left"),
            },
            id: row.id,
            org_id: row.org_id,
            patient_id: row.patient_id,
            professional_id: row.professional_id,
            professional_name: row.professional_name,
            time_zone: row.time_zone,
            kind: row.kind,
            starts_at: row.starts_at,
            duration_minutes: row.duration_minutes,
            status: row.status,
            professional_consent_at: row.professional_consent_at,
            reported_at: row.reported_at,
        }
    }
}

pub async fn insert(
    db: impl Executor<'_, Database = Any>,
    consultation: &Consultation,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO teleconsultations (id, org_id, patient_id, professional_id, kind, starts_at, \
         duration_minutes, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&consultation.id)
    .bind(&consultation.org_id)
    .bind(&consultation.patient_id)
    .bind(&consultation.professional_id)
    .bind(consultation.kind.as_str())
    .bind(consultation.starts_at)
    .bind(consultation.duration_minutes)
    .bind(consultation.status.as_str())
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Consultation>> {
    let sql = format!("{CONSULTATION} WHERE t.org_id = $1 AND t.id = $2");
    let row: Option<ConsultationRow> =
        sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await?;
    Ok(row.map(Consultation::from))
}

/// The professional's next scheduled consultation that has not ended yet, if any.
pub async fn next_of_professional(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    professional_id: &str,
    now_ms: i64,
) -> sqlx::Result<Option<Consultation>> {
    let sql = format!(
        "{CONSULTATION} WHERE t.org_id = $1 AND t.professional_id = $2 AND t.status = 'scheduled' \
         AND t.starts_at + t.duration_minutes * 60000 > $3 ORDER BY t.starts_at, t.id LIMIT 1"
    );
    let row: Option<ConsultationRow> = sqlx::query_as(&sql)
        .bind(org_id)
        .bind(professional_id)
        .bind(now_ms)
        .fetch_optional(db)
        .await?;
    Ok(row.map(Consultation::from))
}

/// A patient's consultations, the latest first.
pub async fn of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
) -> sqlx::Result<Vec<Consultation>> {
    let sql = format!(
        "{CONSULTATION} WHERE t.org_id = $1 AND t.patient_id = $2 ORDER BY t.starts_at DESC, t.id"
    );
    let rows: Vec<ConsultationRow> =
        sqlx::query_as(&sql).bind(org_id).bind(patient_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(Consultation::from).collect())
}

pub async fn set_status(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    status: Status,
    report: Option<Vec<u8>>,
) -> sqlx::Result<bool> {
    let reported_at = report.as_ref().map(|_| now_ms());
    let done = sqlx::query(
        "UPDATE teleconsultations SET status = $1, report_enc = $2, reported_at = $3 \
         WHERE id = $4 AND status = 'scheduled'",
    )
    .bind(status.as_str())
    .bind(report)
    .bind(reported_at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn confirm_consent(db: impl Executor<'_, Database = Any>, id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE teleconsultations SET professional_consent_at = $1 \
         WHERE id = $2 AND professional_consent_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn report_sealed(
    db: impl Executor<'_, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Vec<u8>>> {
    let found: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT report_enc FROM teleconsultations WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(found.flatten())
}

/// A guest as stored, with what only the server compares.
pub struct GuestRow {
    pub guest: Guest,
    pub org_id: String,
    pub code_hash: String,
    pub pass_hash: Option<String>,
}

const GUEST: &str = "SELECT id, org_id, teleconsultation_id, role, name, failed_codes, locked_at, \
     consent_at, admitted_at, code_hash, pass_hash FROM teleconsultation_guests";

#[derive(sqlx::FromRow)]
struct StoredGuest {
    id: String,
    org_id: String,
    teleconsultation_id: String,
    #[sqlx(try_from = "String")]
    role: GuestRole,
    name: String,
    failed_codes: i64,
    locked_at: Option<i64>,
    consent_at: Option<i64>,
    admitted_at: Option<i64>,
    code_hash: String,
    pass_hash: Option<String>,
}

impl From<StoredGuest> for GuestRow {
    fn from(row: StoredGuest) -> Self {
        GuestRow {
            guest: Guest {
                id: row.id,
                consultation_id: row.teleconsultation_id,
                role: row.role,
                name: row.name,
                failed_codes: row.failed_codes,
                locked_at: row.locked_at,
                consent_at: row.consent_at,
                admitted_at: row.admitted_at,
                entered: row.pass_hash.is_some(),
            },
            org_id: row.org_id,
            code_hash: row.code_hash,
            pass_hash: row.pass_hash,
        }
    }
}

pub async fn insert_guest(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    consultation_id: &str,
    role: GuestRole,
    link_hash: &str,
    code_hash: &str,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO teleconsultation_guests (id, org_id, teleconsultation_id, role, link_hash, \
         code_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(consultation_id)
    .bind(role.as_str())
    .bind(link_hash)
    .bind(code_hash)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn guest_by_link(
    db: impl Executor<'_, Database = Any>,
    link_hash: &str,
) -> sqlx::Result<Option<GuestRow>> {
    let sql = format!("{GUEST} WHERE link_hash = $1");
    let row: Option<StoredGuest> = sqlx::query_as(&sql).bind(link_hash).fetch_optional(db).await?;
    Ok(row.map(GuestRow::from))
}

pub async fn guests_of(
    db: impl Executor<'_, Database = Any>,
    consultation_id: &str,
) -> sqlx::Result<Vec<Guest>> {
    let sql = format!("{GUEST} WHERE teleconsultation_id = $1 ORDER BY created_at, id");
    let rows: Vec<StoredGuest> = sqlx::query_as(&sql).bind(consultation_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(|row| GuestRow::from(row).guest).collect())
}

/// Counts an attempt at the code before it is checked, so that attempts in parallel cannot
/// outrun the limit; `None` when the link is locked or already used.
pub async fn count_attempt(
    db: impl Executor<'_, Database = Any>,
    guest_id: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE teleconsultation_guests SET failed_codes = failed_codes + 1 \
         WHERE id = $1 AND locked_at IS NULL AND pass_hash IS NULL RETURNING failed_codes",
    )
    .bind(guest_id)
    .fetch_optional(db)
    .await
}

pub async fn lock(db: impl Executor<'_, Database = Any>, guest_id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE teleconsultation_guests SET locked_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(guest_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The right code: the guest's browser now holds a pass, and the code is spent.
pub async fn enter(
    db: impl Executor<'_, Database = Any>,
    guest_id: &str,
    pass_hash: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE teleconsultation_guests SET pass_hash = $1, name = $2, consent_at = $3, \
         code_hash = '', failed_codes = failed_codes - 1 WHERE id = $4 AND pass_hash IS NULL AND locked_at IS NULL",
    )
    .bind(pass_hash)
    .bind(name)
    .bind(now_ms())
    .bind(guest_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new link and code for a guest; the old ones stop working, and the guest starts over.
pub async fn renew_guest(
    db: impl Executor<'_, Database = Any>,
    guest_id: &str,
    link_hash: &str,
    code_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE teleconsultation_guests SET link_hash = $1, code_hash = $2, failed_codes = 0, \
         locked_at = NULL, pass_hash = NULL, consent_at = NULL, admitted_at = NULL WHERE id = $3",
    )
    .bind(link_hash)
    .bind(code_hash)
    .bind(guest_id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn admit(db: impl Executor<'_, Database = Any>, guest_id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE teleconsultation_guests SET admitted_at = $1 \
         WHERE id = $2 AND admitted_at IS NULL AND pass_hash IS NOT NULL",
    )
    .bind(now_ms())
    .bind(guest_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_event(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    consultation_id: &str,
    kind: &str,
    who: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO teleconsultation_events (id, org_id, teleconsultation_id, at, kind, who) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(org_id)
    .bind(consultation_id)
    .bind(now_ms())
    .bind(kind)
    .bind(who)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn events_of(
    db: impl Executor<'_, Database = Any>,
    consultation_id: &str,
) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT at, kind, who FROM teleconsultation_events WHERE teleconsultation_id = $1 \
         ORDER BY at, id",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await
}

/// Deletes the call log (arrivals, admissions, departures) written before `cutoff`; returns how
/// many lines.
pub async fn purge_log_before(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    cutoff: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM teleconsultation_events WHERE org_id = $1 AND at < $2")
        .bind(org_id)
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
