//! SQL of cards: reading a board's, one person's and a message's, creating, moving (last write
//! wins), editing (compare-and-set on the version), archiving.

use sqlx::{Any, AnyConnection, Executor};

use crate::tasks::model::{BoardId, CardId, ListId, Priority, RecurrenceId};

/// A card as stored: its text sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredCard {
    pub id: CardId,
    pub org_id: String,
    pub board_id: BoardId,
    pub list_id: ListId,
    pub position: i64,
    pub title_enc: Vec<u8>,
    pub description_enc: Option<Vec<u8>>,
    #[sqlx(try_from = "String")]
    pub priority: Priority,
    pub due_at: Option<i64>,
    pub patient_id: Option<String>,
    pub message_id: Option<String>,
    pub recurrence_id: Option<RecurrenceId>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub completed_at: Option<i64>,
    pub archived_at: Option<i64>,
    pub version: i64,
}

/// Room left between two cards' positions; a list is spread out again when none is left.
pub const GAP: i64 = 1024;

const CARD: &str = "SELECT c.id, c.org_id, c.board_id, c.list_id, c.position, c.title_enc, \
     c.description_enc, c.priority, c.due_at, c.patient_id, c.message_id, c.recurrence_id, \
     c.created_by, c.created_at, c.updated_at, c.completed_at, c.archived_at, c.version \
     FROM task_cards c";

/// A board's open (not archived) cards, by list and position.
pub async fn open_of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<StoredCard>> {
    let sql = format!(
        "{CARD} WHERE c.board_id = $1 AND c.archived_at IS NULL ORDER BY c.list_id, c.position"
    );
    sqlx::query_as(&sql).bind(board).fetch_all(db).await
}

/// A page of a board's archived cards, most recently archived first.
pub async fn archived_of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<StoredCard>> {
    let sql = format!(
        "{CARD} WHERE c.board_id = $1 AND c.archived_at IS NOT NULL \
         ORDER BY c.archived_at DESC, c.id LIMIT $2 OFFSET $3"
    );
    sqlx::query_as(&sql).bind(board).bind(limit).bind(offset).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &CardId,
) -> sqlx::Result<Option<StoredCard>> {
    let sql = format!("{CARD} WHERE c.org_id = $1 AND c.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

/// The open cards assigned to a person, on any board.
pub async fn assigned_to(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<StoredCard>> {
    let sql = format!(
        "{CARD} JOIN task_card_assignees a ON a.card_id = c.id \
         WHERE c.org_id = $1 AND a.user_id = $2 AND c.archived_at IS NULL \
         AND c.completed_at IS NULL ORDER BY c.due_at IS NULL, c.due_at, c.created_at"
    );
    sqlx::query_as(&sql).bind(org_id).bind(user_id).fetch_all(db).await
}

/// The cards made from a message.
pub async fn of_message(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    message_id: &str,
) -> sqlx::Result<Vec<StoredCard>> {
    let sql = format!("{CARD} WHERE c.org_id = $1 AND c.message_id = $2 ORDER BY c.created_at");
    sqlx::query_as(&sql).bind(org_id).bind(message_id).fetch_all(db).await
}

/// The positions of a list's open cards, in order.
pub async fn positions(
    conn: &mut AnyConnection,
    list: &ListId,
) -> sqlx::Result<Vec<(CardId, i64)>> {
    sqlx::query_as(
        "SELECT id, position FROM task_cards WHERE list_id = $1 AND archived_at IS NULL \
         ORDER BY position, id",
    )
    .bind(list)
    .fetch_all(conn)
    .await
}

/// Spreads a list's cards out again, in the given order, when no room is left between two.
pub async fn renumber(conn: &mut AnyConnection, order: &[CardId]) -> sqlx::Result<()> {
    for (index, id) in order.iter().enumerate() {
        let position = (i64::try_from(index).unwrap_or(i64::MAX / 2) + 1) * GAP;
        sqlx::query("UPDATE task_cards SET position = $1 WHERE id = $2")
            .bind(position)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub struct NewCard<'a> {
    pub id: &'a CardId,
    pub org_id: &'a str,
    pub board_id: &'a BoardId,
    pub list_id: &'a ListId,
    pub position: i64,
    pub title_enc: &'a [u8],
    pub description_enc: Option<&'a [u8]>,
    pub priority: Priority,
    pub due_at: Option<i64>,
    pub message_id: Option<&'a str>,
    pub recurrence: Option<(&'a RecurrenceId, i64)>,
    pub completed_at: Option<i64>,
    pub by: Option<&'a str>,
    pub at: i64,
}

/// Adds a card; false when its recurrence already made the card of that moment.
pub async fn insert(conn: &mut AnyConnection, card: &NewCard<'_>) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO task_cards (id, org_id, board_id, list_id, position, title_enc, \
         description_enc, priority, due_at, message_id, recurrence_id, occurrence_at, created_by, \
         created_at, updated_at, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) \
         ON CONFLICT (recurrence_id, occurrence_at) DO NOTHING",
    )
    .bind(card.id)
    .bind(card.org_id)
    .bind(card.board_id)
    .bind(card.list_id)
    .bind(card.position)
    .bind(card.title_enc)
    .bind(card.description_enc)
    .bind(card.priority.as_str())
    .bind(card.due_at)
    .bind(card.message_id)
    .bind(card.recurrence.map(|(id, _)| id))
    .bind(card.recurrence.map(|(_, at)| at))
    .bind(card.by)
    .bind(card.at)
    .bind(card.completed_at)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Where a card goes: its board and list, its place, and whether that completes it.
pub struct Destination<'a> {
    pub board_id: &'a BoardId,
    pub list_id: &'a ListId,
    pub position: i64,
    pub completed_at: Option<i64>,
    pub at: i64,
}

/// Moves a card (last write wins: the history keeps every move).
pub async fn move_to(
    conn: &mut AnyConnection,
    id: &CardId,
    to: &Destination<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE task_cards SET board_id = $1, list_id = $2, position = $3, completed_at = $4, \
         updated_at = $5 WHERE id = $6",
    )
    .bind(to.board_id)
    .bind(to.list_id)
    .bind(to.position)
    .bind(to.completed_at)
    .bind(to.at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What an edit changes.
pub struct Edit<'a> {
    pub title_enc: &'a [u8],
    pub description_enc: Option<&'a [u8]>,
    pub priority: Priority,
    pub due_at: Option<i64>,
    pub at: i64,
}

/// Saves an edit written from `version`; false when someone saved another edit meanwhile.
pub async fn edit(
    conn: &mut AnyConnection,
    id: &CardId,
    version: i64,
    edit: &Edit<'_>,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE task_cards SET title_enc = $1, description_enc = $2, priority = $3, due_at = $4, \
         updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
    )
    .bind(edit.title_enc)
    .bind(edit.description_enc)
    .bind(edit.priority.as_str())
    .bind(edit.due_at)
    .bind(edit.at)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn set_patient(
    conn: &mut AnyConnection,
    id: &CardId,
    patient_id: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE task_cards SET patient_id = $1, updated_at = $2 WHERE id = $3")
        .bind(patient_id)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Archives (`Some(at)`) or restores (`None`) a card; false when it already was.
pub async fn set_archived(
    conn: &mut AnyConnection,
    id: &CardId,
    archived_at: Option<i64>,
    at: i64,
) -> sqlx::Result<bool> {
    let was = if archived_at.is_some() { "IS NULL" } else { "IS NOT NULL" };
    let sql = format!(
        "UPDATE task_cards SET archived_at = $1, updated_at = $2 WHERE id = $3 AND archived_at {was}"
    );
    let updated = sqlx::query(&sql).bind(archived_at).bind(at).bind(id).execute(conn).await?;
    Ok(updated.rows_affected() == 1)
}

/// Counts a board's archived cards (the archive's pages).
pub async fn archived_count(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM task_cards WHERE board_id = $1 AND archived_at IS NOT NULL",
    )
    .bind(board)
    .fetch_one(db)
    .await
}

/// The most cards a calendar or a feed carries.
pub const DUE_SHOWN: i64 = 2000;

/// The cards (not archived) due in `[from, to)` on the boards a person uses (their teams' and
/// their own), by due time; only those assigned to them when `assigned`.
pub async fn due_between(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    assigned: bool,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<StoredCard>> {
    let mine = if assigned {
        "AND EXISTS (SELECT 1 FROM task_card_assignees a WHERE a.card_id = c.id AND a.user_id = $4)"
    } else {
        ""
    };
    let sql = format!(
        "{CARD} JOIN task_boards b ON b.id = c.board_id \
         WHERE c.org_id = $1 AND c.archived_at IS NULL AND c.due_at >= $2 AND c.due_at < $3 \
         AND (b.owner_id = $4 OR b.team_id IN (SELECT m.team_id FROM team_members m \
         WHERE m.user_id = $4)) {mine} ORDER BY c.due_at, c.id LIMIT {DUE_SHOWN}"
    );
    sqlx::query_as(&sql).bind(org_id).bind(from).bind(to).bind(user_id).fetch_all(db).await
}
