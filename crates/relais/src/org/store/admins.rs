//! The organisation's administrators, counted (the last one is never removed).

use sqlx::{Any, Executor};

/// How many active administrators the organisation has.
pub async fn active_admins(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.org_id = $1 AND u.active = 1 AND r.role = 'admin'",
    )
    .bind(org_id)
    .fetch_one(db)
    .await
}
