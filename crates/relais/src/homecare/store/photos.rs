//! Photos taken during visits, sealed with the organisation's key.

use sqlx::{Any, Executor, Row};

use crate::clock::now_ms;

/// A photo's description (its bytes stay sealed until someone with access opens it).
#[derive(Debug, Clone)]
pub struct PhotoRow {
    pub id: String,
    pub visit_id: String,
    pub patient_id: String,
    pub caregiver_id: String,
    pub media_type: String,
    pub consent: String,
    pub created_at: i64,
}

pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub visit_id: &'a str,
    pub patient_id: &'a str,
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
    visit_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM visit_photos WHERE visit_id = $1")
        .bind(visit_id)
        .fetch_one(db)
        .await?
        .try_get(0)
}

fn photo(row: &sqlx::any::AnyRow) -> sqlx::Result<PhotoRow> {
    Ok(PhotoRow {
        id: row.try_get("id")?,
        visit_id: row.try_get("visit_id")?,
        patient_id: row.try_get("patient_id")?,
        caregiver_id: row.try_get("caregiver_id")?,
        media_type: row.try_get("media_type")?,
        consent: row.try_get("consent")?,
        created_at: row.try_get("created_at")?,
    })
}

const COLUMNS: &str = "id, visit_id, patient_id, caregiver_id, media_type, consent, created_at";

/// A patient's photos, newest first.
pub async fn of_patient(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
) -> sqlx::Result<Vec<PhotoRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM visit_photos WHERE org_id = $1 AND patient_id = $2 \
         ORDER BY created_at DESC, id"
    );
    let rows = sqlx::query(&sql).bind(org_id).bind(patient_id).fetch_all(db).await?;
    rows.iter().map(photo).collect()
}

/// One photo of a patient with its sealed bytes.
pub async fn find_sealed(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    patient_id: &str,
    photo_id: &str,
) -> sqlx::Result<Option<(PhotoRow, Vec<u8>)>> {
    let sql = format!(
        "SELECT {COLUMNS}, image_enc FROM visit_photos \
         WHERE org_id = $1 AND patient_id = $2 AND id = $3"
    );
    let row =
        sqlx::query(&sql).bind(org_id).bind(patient_id).bind(photo_id).fetch_optional(db).await?;
    row.map(|row| Ok((photo(&row)?, row.try_get("image_enc")?))).transpose()
}
