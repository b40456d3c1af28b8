//! Training's SQL: completions and a person's first steps.

use sqlx::{Any, Executor};

use super::model::{Completion, Course};

pub async fn completion(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    course: Course,
) -> sqlx::Result<Option<Completion>> {
    sqlx::query_as(
        "SELECT score, out_of, completed_at FROM training_completions WHERE user_id = $1 AND course = $2",
    )
    .bind(user_id)
    .bind(course.as_str())
    .fetch_optional(db)
    .await
}

/// Records a passed quiz (a later pass replaces an earlier one).
pub async fn complete(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    course: Course,
    score: i64,
    out_of: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO training_completions (user_id, org_id, course, score, out_of, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, course) DO UPDATE SET \
         score = excluded.score, out_of = excluded.out_of, completed_at = excluded.completed_at",
    )
    .bind(user_id)
    .bind(org_id)
    .bind(course.as_str())
    .bind(score)
    .bind(out_of)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// How many of these people completed the course.
pub async fn completed_among(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    course: Course,
    user_ids: &[String],
) -> sqlx::Result<i64> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT user_id FROM training_completions WHERE org_id = $1 AND course = $2",
    )
    .bind(org_id)
    .bind(course.as_str())
    .fetch_all(db)
    .await?;
    Ok(ids.iter().filter(|(id,)| user_ids.contains(id)).count() as i64)
}

/// (hours confirmed, list hidden) of a person.
pub async fn first_steps(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<(bool, bool)> {
    let row: Option<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT hours_set_at, hidden_at FROM first_steps WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(hours, hidden)| (hours.is_some(), hidden.is_some())).unwrap_or_default())
}

/// Marks the person's hours as set (their profile saved).
pub async fn hours_set(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO first_steps (user_id, hours_set_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET hours_set_at = COALESCE(first_steps.hours_set_at, excluded.hours_set_at)",
    )
    .bind(user_id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn hide(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO first_steps (user_id, hidden_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET hidden_at = excluded.hidden_at",
    )
    .bind(user_id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}
