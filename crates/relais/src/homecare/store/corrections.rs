//! SQL for coordinators' corrections of visits (the raw punches beside them never change).

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::homecare::model::VisitId;

/// A coordinator's correction of a visit, as stored.
#[derive(serde::Serialize, Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Correction {
    pub visit_id: VisitId,
    pub reason_code: String,
    pub retained_start_at: Option<i64>,
    pub retained_end_at: Option<i64>,
    pub comment: String,
}

/// A correction with its visit's day.
#[derive(serde::Serialize, Debug, Clone, sqlx::FromRow)]
pub struct DatedCorrection {
    #[sqlx(flatten)]
    pub correction: Correction,
    pub day: String,
}

/// Records a correction, replacing an earlier one for the same visit (the audit log keeps both).
pub async fn save_correction(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    correction: &Correction,
    by: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO visit_corrections (visit_id, org_id, reason_code, retained_start_at, \
         retained_end_at, comment, corrected_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (visit_id) DO UPDATE SET reason_code = excluded.reason_code, \
         retained_start_at = excluded.retained_start_at, retained_end_at = excluded.retained_end_at, \
         comment = excluded.comment, corrected_by = excluded.corrected_by, created_at = excluded.created_at",
    )
    .bind(&correction.visit_id)
    .bind(org_id)
    .bind(&correction.reason_code)
    .bind(correction.retained_start_at)
    .bind(correction.retained_end_at)
    .bind(&correction.comment)
    .bind(by)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// The corrections of a team's visits between two days.
pub async fn corrections_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    team_id: &str,
    first_day: &str,
    last_day: &str,
) -> sqlx::Result<Vec<Correction>> {
    sqlx::query_as(
        "SELECT c.visit_id, c.reason_code, c.retained_start_at, c.retained_end_at, c.comment \
         FROM visit_corrections c JOIN visits v ON v.id = c.visit_id \
         WHERE c.org_id = $1 AND v.team_id = $2 AND v.day >= $3 AND v.day <= $4",
    )
    .bind(org_id)
    .bind(team_id)
    .bind(first_day)
    .bind(last_day)
    .fetch_all(db)
    .await
}

/// Corrections made to the visits a person was given, since a day, with the visit's day.
pub async fn corrections_of_caregiver_since(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    caregiver_id: &str,
    since_day: &str,
) -> sqlx::Result<Vec<DatedCorrection>> {
    sqlx::query_as(
        "SELECT c.visit_id, c.reason_code, c.retained_start_at, c.retained_end_at, c.comment, v.day \
         FROM visit_corrections c JOIN visits v ON v.id = c.visit_id \
         WHERE c.org_id = $1 AND v.caregiver_id = $2 AND v.day >= $3 ORDER BY v.day DESC",
    )
    .bind(org_id)
    .bind(caregiver_id)
    .bind(since_day)
    .fetch_all(db)
    .await
}
