//! Notices to people, held until they are reachable.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::{Notice, NoticeKind};

/// Records a notice once per person, kind and subject; returns its id when it is new.
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    kind: NoticeKind,
    subject: &str,
    now: i64,
    deliver_at: i64,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let done = sqlx::query(
        "INSERT INTO telework_notices (id, org_id, user_id, kind, subject, created_at, deliver_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, kind, subject) DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(subject)
    .bind(now)
    .bind(deliver_at)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

const NOTICE: &str =
    "SELECT id, org_id, user_id, kind, subject, deliver_at, read_at FROM telework_notices";

/// Notices whose time has come and that were not delivered yet.
pub async fn due(db: impl Executor<'_, Database = Any>, now: i64) -> sqlx::Result<Vec<Notice>> {
    sqlx::query_as(&format!(
        "{NOTICE} WHERE delivered_at IS NULL AND deliver_at <= $1 ORDER BY deliver_at LIMIT 500"
    ))
    .bind(now)
    .fetch_all(db)
    .await
}

/// Marks a notice delivered once; `false` when another instance did it first.
pub async fn mark_delivered(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE telework_notices SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's delivered notices, newest first.
pub async fn delivered_to(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Notice>> {
    sqlx::query_as(&format!(
        "{NOTICE} WHERE user_id = $1 AND delivered_at IS NOT NULL \
         ORDER BY delivered_at DESC LIMIT 30"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await
}

pub async fn mark_read(conn: &mut AnyConnection, user_id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE telework_notices SET read_at = $1 \
         WHERE user_id = $2 AND delivered_at IS NOT NULL AND read_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}
