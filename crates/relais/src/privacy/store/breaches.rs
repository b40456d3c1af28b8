//! The data-breach register.

use sqlx::{Any, AnyConnection, Executor};

use crate::privacy::model::{Breach, BreachId, BreachNature};

const COLUMNS: &str = "id, title, nature, description_enc, occurred_at, discovered_at, \
     people_affected, data_categories, notified_at, not_notified_reason, people_informed_at";

/// A breach's fields as checked from the form (the description already sealed).
pub struct BreachFields<'a> {
    pub title: &'a str,
    pub nature: BreachNature,
    pub description_enc: &'a [u8],
    pub occurred_at: Option<i64>,
    pub discovered_at: i64,
    pub people_affected: Option<i64>,
    pub data_categories: &'a str,
    pub notified_at: Option<i64>,
    pub not_notified_reason: Option<&'a str>,
    pub people_informed_at: Option<i64>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &BreachId,
    org_id: &str,
    fields: &BreachFields<'_>,
    by: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO privacy_breaches (id, org_id, title, nature, description_enc, occurred_at, \
         discovered_at, people_affected, data_categories, notified_at, not_notified_reason, \
         people_informed_at, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id)
    .bind(org_id)
    .bind(fields.title)
    .bind(fields.nature.as_str())
    .bind(fields.description_enc)
    .bind(fields.occurred_at)
    .bind(fields.discovered_at)
    .bind(fields.people_affected)
    .bind(fields.data_categories)
    .bind(fields.notified_at)
    .bind(fields.not_notified_reason)
    .bind(fields.people_informed_at)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update(
    conn: &mut AnyConnection,
    id: &BreachId,
    org_id: &str,
    fields: &BreachFields<'_>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE privacy_breaches SET title = $1, nature = $2, description_enc = $3, occurred_at = $4, \
         discovered_at = $5, people_affected = $6, data_categories = $7, notified_at = $8, \
         not_notified_reason = $9, people_informed_at = $10 WHERE id = $11 AND org_id = $12",
    )
    .bind(fields.title)
    .bind(fields.nature.as_str())
    .bind(fields.description_enc)
    .bind(fields.occurred_at)
    .bind(fields.discovered_at)
    .bind(fields.people_affected)
    .bind(fields.data_categories)
    .bind(fields.notified_at)
    .bind(fields.not_notified_reason)
    .bind(fields.people_informed_at)
    .bind(id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The organisation's breaches, newest discovery first.
pub async fn of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Breach>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM privacy_breaches WHERE org_id = $1 ORDER BY discovered_at DESC"
    ))
    .bind(org_id)
    .fetch_all(db)
    .await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &BreachId,
) -> sqlx::Result<Option<Breach>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM privacy_breaches WHERE id = $1 AND org_id = $2"))
        .bind(id)
        .bind(org_id)
        .fetch_optional(db)
        .await
}
