//! SQL of recurring cards: the rules of a board, the ones due, and moving a rule to its next
//! moment (compare-and-set, so two instances never create the same card twice).

use sqlx::{Any, AnyConnection, Executor};

use crate::tasks::model::{BoardId, Frequency, ListId, RecurrenceId};

/// A rule as stored: its title sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredRecurrence {
    pub id: RecurrenceId,
    pub org_id: String,
    pub board_id: BoardId,
    pub list_id: ListId,
    pub title_enc: Vec<u8>,
    #[sqlx(try_from = "String")]
    pub frequency: Frequency,
    pub day: i64,
    pub minute: i64,
    pub assignee_id: Option<String>,
    pub next_at: i64,
}

const RULE: &str = "SELECT id, org_id, board_id, list_id, title_enc, frequency, day, minute, \
     assignee_id, next_at FROM task_recurrences";

pub async fn of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<StoredRecurrence>> {
    let sql = format!("{RULE} WHERE board_id = $1 ORDER BY next_at, id");
    sqlx::query_as(&sql).bind(board).fetch_all(db).await
}

/// The rules whose next card is due at `now`, oldest first.
pub async fn due(
    db: impl Executor<'_, Database = Any>,
    now: i64,
    limit: i64,
) -> sqlx::Result<Vec<StoredRecurrence>> {
    let sql = format!("{RULE} WHERE next_at <= $1 ORDER BY next_at, id LIMIT $2");
    sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(db).await
}

pub struct NewRecurrence<'a> {
    pub id: &'a RecurrenceId,
    pub org_id: &'a str,
    pub board_id: &'a BoardId,
    pub list_id: &'a ListId,
    pub title_enc: &'a [u8],
    pub frequency: Frequency,
    pub day: i64,
    pub minute: i64,
    pub assignee_id: Option<&'a str>,
    pub next_at: i64,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert(conn: &mut AnyConnection, rule: &NewRecurrence<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO task_recurrences (id, org_id, board_id, list_id, title_enc, frequency, day, \
         minute, assignee_id, next_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(rule.id)
    .bind(rule.org_id)
    .bind(rule.board_id)
    .bind(rule.list_id)
    .bind(rule.title_enc)
    .bind(rule.frequency.as_str())
    .bind(rule.day)
    .bind(rule.minute)
    .bind(rule.assignee_id)
    .bind(rule.next_at)
    .bind(rule.by)
    .bind(rule.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a rule from `from` to `to`; false when another worker already did.
pub async fn advance(
    conn: &mut AnyConnection,
    id: &RecurrenceId,
    from: i64,
    to: i64,
) -> sqlx::Result<bool> {
    let updated =
        sqlx::query("UPDATE task_recurrences SET next_at = $1 WHERE id = $2 AND next_at = $3")
            .bind(to)
            .bind(id)
            .bind(from)
            .execute(conn)
            .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn delete(
    conn: &mut AnyConnection,
    board: &BoardId,
    id: &RecurrenceId,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM task_recurrences WHERE id = $1 AND board_id = $2")
        .bind(id)
        .bind(board)
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}
