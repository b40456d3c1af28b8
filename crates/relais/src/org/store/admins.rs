//! Roles read across people: the active administrators counted (the last one is never removed), a
//! role added.

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

/// Gives a person one more role (a practice account plans as well as it visits).
pub async fn add_role(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    role: crate::org::Role,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(role.as_str())
        .execute(db)
        .await?;
    Ok(())
}
