//! SQL for the round: home cards, punches, visit reports and replayed device requests.

use sqlx::{Any, Executor, Row};

use crate::clock::now_ms;

/// Stores a new home card for the patient (the previous one stops working).
pub async fn set_card(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
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
    patient_id: &str,
) -> sqlx::Result<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT card_secret_digest, card_code_digest FROM patients WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(patient_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let secret: Option<String> = row.try_get(0)?;
    let code: Option<String> = row.try_get(1)?;
    Ok(secret.zip(code))
}

/// A raw check-in or check-out, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchRow {
    pub visit_id: String,
    pub caregiver_id: String,
    pub kind: String,
    pub method: String,
    pub device_at: i64,
    /// Where the phone was at that moment, when the organisation records it.
    pub position: Option<Position>,
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

fn punch_row(row: &sqlx::any::AnyRow) -> sqlx::Result<PunchRow> {
    let latitude: Option<i64> = row.try_get("latitude_e6")?;
    let longitude: Option<i64> = row.try_get("longitude_e6")?;
    let accuracy: Option<i64> = row.try_get("accuracy_m")?;
    Ok(PunchRow {
        visit_id: row.try_get("visit_id")?,
        caregiver_id: row.try_get("caregiver_id")?,
        kind: row.try_get("kind")?,
        method: row.try_get("method")?,
        device_at: row.try_get("device_at")?,
        position: match (latitude, longitude) {
            (Some(latitude_e6), Some(longitude_e6)) => {
                Some(Position { latitude_e6, longitude_e6, accuracy_m: accuracy.unwrap_or(0) })
            }
            _ => None,
        },
    })
}

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
    let rows = sqlx::query(&sql).bind(org_id).bind(value).bind(day).fetch_all(db).await?;
    rows.iter().map(punch_row).collect()
}

pub async fn has_punch(
    db: impl Executor<'_, Database = Any>,
    visit_id: &str,
    caregiver_id: &str,
    kind: &str,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM visit_punches WHERE visit_id = $1 AND caregiver_id = $2 AND kind = $3",
    )
    .bind(visit_id)
    .bind(caregiver_id)
    .bind(kind)
    .fetch_one(db)
    .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// What a punch records.
pub struct NewPunch<'a> {
    pub visit_id: &'a str,
    pub caregiver_id: &'a str,
    pub kind: &'a str,
    pub method: &'a str,
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
    .bind(punch.kind)
    .bind(punch.method)
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
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub visit_id: String,
    pub outcome: String,
    pub note_sealed: Option<Vec<u8>>,
    pub flags: String,
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
    let rows = sqlx::query(&sql).bind(org_id).bind(value).bind(day).fetch_all(db).await?;
    rows.iter()
        .map(|row| {
            Ok(ReportRow {
                visit_id: row.try_get("visit_id")?,
                outcome: row.try_get("outcome")?,
                note_sealed: row.try_get("note_enc")?,
                flags: row.try_get("flags")?,
            })
        })
        .collect()
}

/// The answer already given to `(user, key)`, with the digest of the request it answered.
pub async fn device_request(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    key: &str,
) -> sqlx::Result<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT request_digest, result FROM device_requests WHERE user_id = $1 AND idempotency_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(db)
    .await?;
    row.map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).transpose()
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
) -> sqlx::Result<Vec<(PunchRow, String, String)>> {
    let sql = format!(
        "SELECT {PUNCH_COLUMNS}, v.day, v.label \
         FROM visit_punches p JOIN visits v ON v.id = p.visit_id \
         WHERE p.org_id = $1 AND p.caregiver_id = $2 AND v.day >= $3 ORDER BY p.device_at DESC, p.id"
    );
    let rows =
        sqlx::query(&sql).bind(org_id).bind(caregiver_id).bind(since_day).fetch_all(db).await?;
    rows.iter()
        .map(|row| Ok((punch_row(row)?, row.try_get("day")?, row.try_get("label")?)))
        .collect()
}

/// The latest reports of a patient's visits before `before_day` or that day, newest first.
pub async fn latest_reports_of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
    up_to_day: &str,
    limit: i64,
) -> sqlx::Result<Vec<(ReportRow, String)>> {
    let rows = sqlx::query(
        "SELECT p.visit_id, p.outcome, p.note_enc, p.flags, v.day FROM visit_reports p \
         JOIN visits v ON v.id = p.visit_id WHERE p.org_id = $1 AND v.patient_id = $2 \
         AND v.day <= $3 AND p.note_enc IS NOT NULL ORDER BY p.received_at DESC LIMIT $4",
    )
    .bind(org_id)
    .bind(patient_id)
    .bind(up_to_day)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            let report = ReportRow {
                visit_id: row.try_get("visit_id")?,
                outcome: row.try_get("outcome")?,
                note_sealed: row.try_get("note_enc")?,
                flags: row.try_get("flags")?,
            };
            Ok((report, row.try_get("day")?))
        })
        .collect()
}
