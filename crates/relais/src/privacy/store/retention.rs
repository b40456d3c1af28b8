//! The organisation's retention rules: days per data class (no row: the class's default).

use sqlx::{Any, AnyConnection, Executor};

pub async fn rules_of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT class, days FROM retention_rules WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db)
        .await
}

pub async fn set_rule(
    conn: &mut AnyConnection,
    org_id: &str,
    class: &str,
    days: i64,
    by: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO retention_rules (org_id, class, days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (org_id, class) DO UPDATE SET days = excluded.days, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(org_id)
    .bind(class)
    .bind(days)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
