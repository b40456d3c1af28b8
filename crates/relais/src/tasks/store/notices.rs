//! SQL of the boards' notices: kept once per person, kind and card, delivered when due.

use sqlx::{Any, AnyConnection, Executor};

use crate::tasks::model::{CardId, Notice, NoticeKind};

pub struct NewNotice<'a> {
    pub org_id: &'a str,
    pub user_id: &'a str,
    pub card: &'a CardId,
    pub kind: NoticeKind,
    pub at: i64,
    pub deliver_at: i64,
}

/// Keeps a notice; none when the person already has this one for this card.
pub async fn insert(
    conn: &mut AnyConnection,
    notice: &NewNotice<'_>,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let inserted = sqlx::query(
        "INSERT INTO task_notices (id, org_id, user_id, card_id, kind, created_at, deliver_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, kind, card_id) DO NOTHING",
    )
    .bind(&id)
    .bind(notice.org_id)
    .bind(notice.user_id)
    .bind(notice.card)
    .bind(notice.kind.as_str())
    .bind(notice.at)
    .bind(notice.deliver_at)
    .execute(conn)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

const NOTICE: &str = "SELECT id, org_id, user_id, card_id, kind, deliver_at, delivered_at, read_at \
     FROM task_notices";

/// Notices whose time has come and that are not delivered yet.
pub async fn due(db: impl Executor<'_, Database = Any>, now: i64) -> sqlx::Result<Vec<Notice>> {
    let sql = format!("{NOTICE} WHERE delivered_at IS NULL AND deliver_at <= $1 LIMIT 500");
    sqlx::query_as(&sql).bind(now).fetch_all(db).await
}

pub async fn mark_delivered(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE task_notices SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// A person's delivered notices, newest first.
pub async fn delivered_to(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Notice>> {
    let sql = format!(
        "{NOTICE} WHERE user_id = $1 AND delivered_at IS NOT NULL \
         ORDER BY delivered_at DESC LIMIT 50"
    );
    sqlx::query_as(&sql).bind(user_id).fetch_all(db).await
}

pub async fn mark_read(conn: &mut AnyConnection, user_id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE task_notices SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL \
         AND delivered_at IS NOT NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// (card, organisation, assignee, due) of open cards due between `since` and `until`.
pub async fn due_cards(
    db: impl Executor<'_, Database = Any>,
    since: i64,
    until: i64,
) -> sqlx::Result<Vec<(CardId, String, String, i64)>> {
    sqlx::query_as(
        "SELECT c.id, c.org_id, a.user_id, c.due_at FROM task_cards c \
         JOIN task_card_assignees a ON a.card_id = c.id \
         WHERE c.due_at > $1 AND c.due_at <= $2 AND c.completed_at IS NULL \
         AND c.archived_at IS NULL",
    )
    .bind(since)
    .bind(until)
    .fetch_all(db)
    .await
}
