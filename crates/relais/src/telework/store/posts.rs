//! Posts, who holds them, their assessments and the reviews asked about them.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::eligibility::Verdict;
use crate::telework::model::{Assessment, Criteria, Post, Review};

pub async fn list(db: impl Executor<'_, Database = Any>, org_id: &str) -> sqlx::Result<Vec<Post>> {
    sqlx::query_as("SELECT id, name FROM telework_posts WHERE org_id = $1 ORDER BY name")
        .bind(org_id)
        .fetch_all(db)
        .await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Post>> {
    sqlx::query_as("SELECT id, name FROM telework_posts WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Inserts a post; `false` when the organisation already has one of that name (the unique key
/// decides, so two created at once cannot both be kept).
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    name: &str,
    name_key: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO telework_posts (id, org_id, name, name_key, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, name_key) DO NOTHING",
    )
    .bind(id)
    .bind(org_id)
    .bind(name)
    .bind(name_key)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links a person to a post (or to none).
pub async fn set_holder(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    post_id: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM telework_post_holders WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    if let Some(post_id) = post_id {
        sqlx::query(
            "INSERT INTO telework_post_holders (user_id, org_id, post_id) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(org_id)
        .bind(post_id)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The post a person holds.
pub async fn of_person(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<Post>> {
    sqlx::query_as(
        "SELECT p.id, p.name FROM telework_posts p \
         JOIN telework_post_holders h ON h.post_id = p.id \
         WHERE h.org_id = $1 AND h.user_id = $2",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// (person id, post id) for everyone holding a post.
pub async fn holders(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT user_id, post_id FROM telework_post_holders WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db)
        .await
}

pub async fn insert_assessment(
    conn: &mut AnyConnection,
    org_id: &str,
    post_id: &str,
    criteria: &Criteria,
    verdict: &Verdict,
    comment: &str,
    assessed_by: &str,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_assessments (id, org_id, post_id, patient_presence, paper_records, \
         onsite_equipment, data_access, autonomy, remote_share, result, max_days, comment, \
         assessed_by, assessed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(post_id)
    .bind(criteria.patient_presence.as_str())
    .bind(criteria.paper_records.as_str())
    .bind(criteria.onsite_equipment.as_str())
    .bind(criteria.data_access.as_str())
    .bind(criteria.autonomy.as_str())
    .bind(criteria.remote_share)
    .bind(verdict.result.as_str())
    .bind(verdict.max_days)
    .bind(comment)
    .bind(assessed_by)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(id)
}

const ASSESSMENT: &str = "SELECT a.id, a.post_id, a.patient_presence, a.paper_records, \
     a.onsite_equipment, a.data_access, a.autonomy, a.remote_share, a.result, a.max_days, \
     a.comment, u.display_name AS assessed_by_name, a.assessed_at \
     FROM telework_assessments a JOIN users u ON u.id = a.assessed_by";

/// Every assessment of the organisation's posts, newest first.
pub async fn assessments(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Assessment>> {
    sqlx::query_as(&format!(
        "{ASSESSMENT} WHERE a.org_id = $1 ORDER BY a.assessed_at DESC, a.id DESC"
    ))
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// The assessments of one post, newest first (its history).
pub async fn assessments_of(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    post_id: &str,
) -> sqlx::Result<Vec<Assessment>> {
    sqlx::query_as(&format!(
        "{ASSESSMENT} WHERE a.org_id = $1 AND a.post_id = $2 ORDER BY a.assessed_at DESC, a.id DESC"
    ))
    .bind(org_id)
    .bind(post_id)
    .fetch_all(db)
    .await
}

pub async fn insert_review(
    conn: &mut AnyConnection,
    org_id: &str,
    post_id: &str,
    user_id: &str,
    message: &str,
) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO telework_reviews (id, org_id, post_id, user_id, message, asked_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(post_id)
    .bind(user_id)
    .bind(message)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Answers a review once: `false` when it is not there or already answered.
pub async fn answer_review(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    reply: &str,
    replied_by: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE telework_reviews SET reply = $1, replied_by = $2, replied_at = $3 \
         WHERE org_id = $4 AND id = $5 AND reply IS NULL",
    )
    .bind(reply)
    .bind(replied_by)
    .bind(crate::clock::now_ms())
    .bind(org_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const REVIEW: &str = "SELECT r.id, r.post_id, r.user_id, u.display_name AS asker_name, r.message, \
     r.asked_at, r.reply, r.replied_at FROM telework_reviews r JOIN users u ON u.id = r.user_id";

/// Reviews of the organisation (`user_id`: only that person's), newest first.
pub async fn reviews(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<Review>> {
    sqlx::query_as(&format!(
        "{REVIEW} WHERE r.org_id = $1 AND ($2 = '' OR r.user_id = $2) ORDER BY r.asked_at DESC"
    ))
    .bind(org_id)
    .bind(user_id.unwrap_or(""))
    .fetch_all(db)
    .await
}
