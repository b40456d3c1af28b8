//! Declared working time: one line per person and day.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::{Declaration, Place, TimeStatus};

/// What a person declares for a day.
pub struct Declared<'a> {
    pub user_id: &'a str,
    pub day: &'a str,
    pub start_minute: i64,
    pub end_minute: i64,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub place: Place,
}

/// Records or replaces the day's declaration; `false` when that day is already approved (an
/// approved day is no longer the person's to change).
pub async fn upsert(
    conn: &mut AnyConnection,
    org_id: &str,
    line: &Declared<'_>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO telework_time (id, org_id, user_id, day, start_minute, end_minute, \
         break_minutes, worked_minutes, place, status, declared_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'declared', $10) \
         ON CONFLICT (user_id, day) DO UPDATE SET start_minute = excluded.start_minute, \
         end_minute = excluded.end_minute, break_minutes = excluded.break_minutes, \
         worked_minutes = excluded.worked_minutes, place = excluded.place, \
         declared_at = excluded.declared_at WHERE telework_time.status = 'declared'",
    )
    .bind(crate::secrets::new_id())
    .bind(org_id)
    .bind(line.user_id)
    .bind(line.day)
    .bind(line.start_minute)
    .bind(line.end_minute)
    .bind(line.break_minutes)
    .bind(line.worked_minutes)
    .bind(line.place.as_str())
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a declaration the person made by mistake (not an approved one).
pub async fn delete(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    day: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM telework_time WHERE org_id = $1 AND user_id = $2 AND day = $3 \
         AND status = 'declared'",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(day)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const LINE: &str = "SELECT t.id, t.user_id, u.display_name AS person_name, t.day, t.start_minute, \
     t.end_minute, t.break_minutes, t.worked_minutes, t.place, t.status, t.declared_at, \
     t.approved_at FROM telework_time t JOIN users u ON u.id = t.user_id";

/// Declarations of the organisation between two days (inclusive), `user_id` for one person.
pub async fn between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: Option<&str>,
    first: &str,
    last: &str,
) -> sqlx::Result<Vec<Declaration>> {
    sqlx::query_as(&format!(
        "{LINE} WHERE t.org_id = $1 AND ($2 = '' OR t.user_id = $2) AND t.day >= $3 \
         AND t.day <= $4 ORDER BY u.display_name, t.user_id, t.day"
    ))
    .bind(org_id)
    .bind(user_id.unwrap_or(""))
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await
}

/// Approves the person's declarations between two days; returns how many.
pub async fn approve(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    first: &str,
    last: &str,
    approved_by: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE telework_time SET status = $1, approved_by = $2, approved_at = $3 \
         WHERE org_id = $4 AND user_id = $5 AND day >= $6 AND day <= $7 AND status = 'declared'",
    )
    .bind(TimeStatus::Approved.as_str())
    .bind(approved_by)
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(user_id)
    .bind(first)
    .bind(last)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
