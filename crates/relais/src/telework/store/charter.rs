//! The charter's versions and who accepted which.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::Charter;

/// The version in force (the highest published).
pub async fn current(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Option<Charter>> {
    sqlx::query_as(
        "SELECT id, version, body, published_at FROM telework_charters WHERE org_id = $1 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(db)
    .await
}

/// Every version, newest first.
pub async fn versions(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Charter>> {
    sqlx::query_as(
        "SELECT id, version, body, published_at FROM telework_charters WHERE org_id = $1 \
         ORDER BY version DESC",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// Publishes the next version; the unique (organisation, version) key makes two publications at
/// once fail rather than share a number. Returns its id and version.
pub async fn publish(
    conn: &mut AnyConnection,
    org_id: &str,
    body: &str,
    published_by: &str,
) -> sqlx::Result<(String, i64)> {
    let id = crate::secrets::new_id();
    let (version,): (i64,) = sqlx::query_as(
        "INSERT INTO telework_charters (id, org_id, version, body, published_by, published_at) \
         SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5 FROM telework_charters \
         WHERE org_id = $2 RETURNING version",
    )
    .bind(&id)
    .bind(org_id)
    .bind(body)
    .bind(published_by)
    .bind(crate::clock::now_ms())
    .fetch_one(conn)
    .await?;
    Ok((id, version))
}

/// Records an acceptance once; `false` when it was already recorded.
pub async fn accept(
    conn: &mut AnyConnection,
    charter_id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO telework_charter_acceptances (charter_id, user_id, accepted_at) \
         VALUES ($1, $2, $3) ON CONFLICT (charter_id, user_id) DO NOTHING",
    )
    .bind(charter_id)
    .bind(user_id)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When the person accepted this version, if they did.
pub async fn accepted_at(
    db: impl Executor<'_, Database = Any>,
    charter_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT accepted_at FROM telework_charter_acceptances WHERE charter_id = $1 AND user_id = $2",
    )
    .bind(charter_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(at,)| at))
}

/// Who accepted this version: person id → when.
pub async fn acceptances(
    db: impl Executor<'_, Database = Any>,
    charter_id: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT user_id, accepted_at FROM telework_charter_acceptances WHERE charter_id = $1",
    )
    .bind(charter_id)
    .fetch_all(db)
    .await
}

/// (version, accepted at) of every version the person accepted, newest first.
pub async fn accepted_by(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT c.version, a.accepted_at FROM telework_charter_acceptances a \
         JOIN telework_charters c ON c.id = a.charter_id \
         WHERE c.org_id = $1 AND a.user_id = $2 ORDER BY c.version DESC",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}
