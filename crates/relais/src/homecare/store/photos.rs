//! Photos taken during visits, sealed with the organisation's key.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::homecare::model::{PatientId, VisitId};

/// A photo's description (its bytes stay sealed until someone with access opens it).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: String,
    pub visit_id: VisitId,
    pub patient_id: PatientId,
    pub caregiver_id: String,
    pub media_type: String,
    pub consent: String,
    pub created_at: i64,
}

/// A photo with its sealed bytes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SealedPhoto {
    #[sqlx(flatten)]
    pub photo: PhotoRow,
    #[sqlx(rename = "image_enc")]
    pub sealed: Vec<u8>,
}

pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub visit_id: &'a VisitId,
    pub patient_id: &'a PatientId,
    pub caregiver_id: &'a str,
    pub media_type: &'a str,
    pub consent: &'a str,
    pub sealed: &'a [u8],
}

pub async fn insert(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    photo: &NewPhoto<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO visit_photos (id, org_id, visit_id, patient_id, caregiver_id, media_type, \
         consent, image_enc, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(photo.id)
    .bind(org_id)
    .bind(photo.visit_id)
    .bind(photo.patient_id)
    .bind(photo.caregiver_id)
    .bind(photo.media_type)
    .bind(photo.consent)
    .bind(photo.sealed)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn count_of_visit(
    db: impl Executor<'_, Database = Any>,
    visit_id: &VisitId,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM visit_photos WHERE visit_id = $1")
        .bind(visit_id)
        .fetch_one(db)
        .await
}

const COLUMNS: &str = "id, visit_id, patient_id, caregiver_id, media_type, consent, created_at";

/// A patient's photos, newest first.
pub async fn of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
) -> sqlx::Result<Vec<PhotoRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM visit_photos WHERE org_id = $1 AND patient_id = $2 \
         ORDER BY created_at DESC, id"
    );
    sqlx::query_as(&sql).bind(org_id).bind(patient_id).fetch_all(db).await
}

/// One photo of a patient with its sealed bytes.
pub async fn find_sealed(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &PatientId,
    photo_id: &str,
) -> sqlx::Result<Option<SealedPhoto>> {
    let sql = format!(
        "SELECT {COLUMNS}, image_enc FROM visit_photos \
         WHERE org_id = $1 AND patient_id = $2 AND id = $3"
    );
    sqlx::query_as(&sql).bind(org_id).bind(patient_id).bind(photo_id).fetch_optional(db).await
}

/// Deletes the visit photos taken before `cutoff` (the retention rule for photos); returns how
/// many.
pub async fn purge_before(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    cutoff: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM visit_photos WHERE org_id = $1 AND created_at < $2")
        .bind(org_id)
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
