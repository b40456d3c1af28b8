//! SQL for the round: home cards, punches, visit reports and replayed device requests.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::homecare::model::{PatientId, PunchKind, PunchMethod, VisitId};

/// Stores a new home card for the patient (the previous one stops working).
pub async fn set_card(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
    secret_digest: &str,
    code_digest: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE patients SET card_secret_digest = $3, card_code_digest = $4, card_issued_at = $5 \
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(patient_id)
    .bind(secret_digest)
    .bind(code_digest)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The digests of the patient's current card, if one was printed.
pub async fn card_digests(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Option<(String, String)>> {
    let digests: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT card_secret_digest, card_code_digest FROM patients WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(patient_id)
    .fetch_optional(db)
    .await?;
    Ok(digests.and_then(|(secret, code)| secret.zip(code)))
}

/// A raw check-in or check-out, as received.
#[derive(serde::Serialize, Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PunchRow {
    pub visit_id: VisitId,
    pub caregiver_id: String,
    #[sqlx(try_from = "String")]
    pub kind: PunchKind,
    #[sqlx(try_from = "String")]
    pub method: PunchMethod,
    pub device_at: i64,
    /// Where the phone was at that moment, when the organisation records it.
    pub latitude_e6: Option<i64>,
    pub longitude_e6: Option<i64>,
    pub accuracy_m: Option<i64>,
}

impl PunchRow {
    pub fn position(&self) -> Option<Position> {
        let (latitude_e6, longitude_e6) = self.latitude_e6.zip(self.longitude_e6)?;
        Some(Position { latitude_e6, longitude_e6, accuracy_m: self.accuracy_m.unwrap_or(0) })
    }
}

/// A punch with its visit's day and label (what a person sees of their own punches).
#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct DatedPunch {
    #[sqlx(flatten)]
    pub punch: PunchRow,
    pub day: String,
    pub label: String,
}

/// A position sent with a punch: micro-degrees and the phone's stated accuracy in metres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub latitude_e6: i64,
    pub longitude_e6: i64,
    pub accuracy_m: i64,
}

impl Position {
    pub fn coordinates(self) -> crate::homecare::model::Coordinates {
        crate::homecare::model::Coordinates {
            latitude_e6: self.latitude_e6,
            longitude_e6: self.longitude_e6,
        }
    }
}

const PUNCH_COLUMNS: &str = "p.visit_id, p.caregiver_id, p.kind, p.method, p.device_at, \
    p.latitude_e6, p.longitude_e6, p.accuracy_m";

/// Whose punches and reports of a day: one caregiver's, or a whole team's.
#[derive(Debug, Clone, Copy)]
pub enum Whose<'a> {
    Caregiver(&'a str),
    Team(&'a str),
}

impl<'a> Whose<'a> {
    /// The condition on `p` (punch or report, with `caregiver_id`) and `v` (its visit), and its value.
    fn condition(self) -> (&'static str, &'a str) {
        match self {
            Whose::Caregiver(id) => ("p.caregiver_id = $2", id),
            Whose::Team(id) => ("v.team_id = $2", id),
        }
    }
}

pub async fn punches_of_day(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    whose: Whose<'_>,
    day: &str,
) -> sqlx::Result<Vec<PunchRow>> {
    let (condition, value) = whose.condition();
    let sql = format!(
        "SELECT {PUNCH_COLUMNS} FROM visit_punches p JOIN visits v ON v.id = p.visit_id \
         WHERE p.org_id = $1 AND {condition} AND v.day = $3 ORDER BY p.device_at, p.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(value).bind(day).fetch_all(db).await
}

pub async fn has_punch(
    db: impl Executor<'_, Database = Any>,
    visit_id: &VisitId,
    caregiver_id: &str,
    kind: PunchKind,
) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM visit_punches WHERE visit_id = $1 AND caregiver_id = $2 AND kind = $3",
    )
    .bind(visit_id)
    .bind(caregiver_id)
    .bind(kind.as_str())
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}

/// What a punch records.
pub struct NewPunch<'a> {
    pub visit_id: &'a VisitId,
    pub caregiver_id: &'a str,
    pub kind: PunchKind,
    pub method: PunchMethod,
    pub reason: Option<&'a str>,
    pub device_at: i64,
    pub position: Option<Position>,
}

/// Inserts a punch; `None` when the caregiver already has one of this kind for the visit (the
/// unique key decides, so two arrivals sent at once record one).
pub async fn insert_punch(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    punch: &NewPunch<'_>,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let inserted = sqlx::query(
        "INSERT INTO visit_punches (id, org_id, visit_id, caregiver_id, kind, method, reason, \
         device_at, received_at, latitude_e6, longitude_e6, accuracy_m) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (visit_id, caregiver_id, kind) DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(punch.visit_id)
    .bind(punch.caregiver_id)
    .bind(punch.kind.as_str())
    .bind(punch.method.as_str())
    .bind(punch.reason)
    .bind(punch.device_at)
    .bind(now_ms())
    .bind(punch.position.map(|p| p.latitude_e6))
    .bind(punch.position.map(|p| p.longitude_e6))
    .bind(punch.position.map(|p| p.accuracy_m))
    .execute(db)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

/// A visit's report as stored (the note still sealed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub visit_id: VisitId,
    pub outcome: String,
    #[sqlx(rename = "note_enc")]
    pub note_sealed: Option<Vec<u8>>,
    pub flags: String,
}

/// A report with its visit's day.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DatedReport {
    #[sqlx(flatten)]
    pub report: ReportRow,
    pub day: String,
}

pub async fn insert_report(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    caregiver_id: &str,
    report: &ReportRow,
    device_at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO visit_reports (visit_id, org_id, caregiver_id, outcome, note_enc, flags, \
         device_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (visit_id) DO NOTHING",
    )
    .bind(&report.visit_id)
    .bind(org_id)
    .bind(caregiver_id)
    .bind(&report.outcome)
    .bind(&report.note_sealed)
    .bind(&report.flags)
    .bind(device_at)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn reports_of_day(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    whose: Whose<'_>,
    day: &str,
) -> sqlx::Result<Vec<ReportRow>> {
    let (condition, value) = whose.condition();
    let sql = format!(
        "SELECT p.visit_id, p.outcome, p.note_enc, p.flags FROM visit_reports p \
         JOIN visits v ON v.id = p.visit_id WHERE p.org_id = $1 AND {condition} AND v.day = $3"
    );
    sqlx::query_as(&sql).bind(org_id).bind(value).bind(day).fetch_all(db).await
}

/// The answer already given to `(user, key)`, with the digest of the request it answered.
pub async fn device_request(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    key: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "SELECT request_digest, result FROM device_requests WHERE user_id = $1 AND idempotency_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(db)
    .await
}

/// Claims `(user, key)` for a request about to be applied; false when the key is already taken
/// (by a request committed before, or one committing at this moment: PostgreSQL waits for it).
pub async fn claim_device_request(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    key: &str,
    request_digest: &str,
    result: &str,
) -> sqlx::Result<bool> {
    let claimed = sqlx::query(
        "INSERT INTO device_requests (user_id, idempotency_key, request_digest, result, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, idempotency_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(request_digest)
    .bind(result)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// A person's punches since a day, with the visit's day and label, newest first.
pub async fn punches_of_caregiver_since(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    caregiver_id: &str,
    since_day: &str,
) -> sqlx::Result<Vec<DatedPunch>> {
    let sql = format!(
        "SELECT {PUNCH_COLUMNS}, v.day, v.label \
         FROM visit_punches p JOIN visits v ON v.id = p.visit_id \
         WHERE p.org_id = $1 AND p.caregiver_id = $2 AND v.day >= $3 ORDER BY p.device_at DESC, p.id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(caregiver_id).bind(since_day).fetch_all(db).await
}

/// The latest reports of a patient's visits before `before_day` or that day, newest first.
pub async fn latest_reports_of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
    up_to_day: &str,
    limit: i64,
) -> sqlx::Result<Vec<DatedReport>> {
    sqlx::query_as(
        "SELECT p.visit_id, p.outcome, p.note_enc, p.flags, v.day FROM visit_reports p \
         JOIN visits v ON v.id = p.visit_id WHERE p.org_id = $1 AND v.patient_id = $2 \
         AND v.day <= $3 AND p.note_enc IS NOT NULL ORDER BY p.received_at DESC LIMIT $4",
    )
    .bind(org_id)
    .bind(patient_id)
    .bind(up_to_day)
    .bind(limit)
    .fetch_all(db)
    .await
}
