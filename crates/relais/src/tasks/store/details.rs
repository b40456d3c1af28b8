//! SQL of what hangs on a card: assignees, labels, checklist items, comments and the history.

use sqlx::{Any, AnyConnection, Executor};

use crate::tasks::model::{BoardId, CardId, Event, EventKind, ItemId, LabelId};

/// (card, person, person's name) for every assignee of a board's cards.
pub async fn assignees_of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<(CardId, String, String)>> {
    sqlx::query_as(
        "SELECT a.card_id, a.user_id, u.display_name FROM task_card_assignees a \
         JOIN task_cards c ON c.id = a.card_id JOIN users u ON u.id = a.user_id \
         WHERE c.board_id = $1 ORDER BY u.display_name",
    )
    .bind(board)
    .fetch_all(db)
    .await
}

/// (person, name) of one card's assignees.
pub async fn assignees(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT a.user_id, u.display_name FROM task_card_assignees a \
         JOIN users u ON u.id = a.user_id WHERE a.card_id = $1 ORDER BY u.display_name",
    )
    .bind(card)
    .fetch_all(db)
    .await
}

/// Assigns or unassigns a person; false when nothing changed.
pub async fn set_assigned(
    conn: &mut AnyConnection,
    card: &CardId,
    user_id: &str,
    assigned: bool,
) -> sqlx::Result<bool> {
    let sql = if assigned {
        "INSERT INTO task_card_assignees (card_id, user_id) VALUES ($1, $2) \
         ON CONFLICT (card_id, user_id) DO NOTHING"
    } else {
        "DELETE FROM task_card_assignees WHERE card_id = $1 AND user_id = $2"
    };
    let done = sqlx::query(sql).bind(card).bind(user_id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// (card, label) for every label on a board's cards.
pub async fn labels_of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<(CardId, LabelId)>> {
    sqlx::query_as(
        "SELECT l.card_id, l.label_id FROM task_card_labels l \
         JOIN task_cards c ON c.id = l.card_id WHERE c.board_id = $1",
    )
    .bind(board)
    .fetch_all(db)
    .await
}

pub async fn labels_of_card(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<LabelId>> {
    sqlx::query_scalar("SELECT label_id FROM task_card_labels WHERE card_id = $1")
        .bind(card)
        .fetch_all(db)
        .await
}

/// Puts a label on a card or takes it off; false when nothing changed.
pub async fn set_labelled(
    conn: &mut AnyConnection,
    card: &CardId,
    label: &LabelId,
    labelled: bool,
) -> sqlx::Result<bool> {
    let sql = if labelled {
        "INSERT INTO task_card_labels (card_id, label_id) VALUES ($1, $2) \
         ON CONFLICT (card_id, label_id) DO NOTHING"
    } else {
        "DELETE FROM task_card_labels WHERE card_id = $1 AND label_id = $2"
    };
    let done = sqlx::query(sql).bind(card).bind(label).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// A card leaving its board leaves that board's labels behind.
pub async fn drop_labels(conn: &mut AnyConnection, card: &CardId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM task_card_labels WHERE card_id = $1").bind(card).execute(conn).await?;
    Ok(())
}

/// (card, items done, items) for a board's cards that have a checklist.
pub async fn progress_of_board(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<(CardId, i64, i64)>> {
    sqlx::query_as(
        "SELECT i.card_id, CAST(SUM(i.done) AS BIGINT), COUNT(*) FROM task_checklist_items i \
         JOIN task_cards c ON c.id = i.card_id WHERE c.board_id = $1 GROUP BY i.card_id",
    )
    .bind(board)
    .fetch_all(db)
    .await
}

/// (items done, items) of one card's checklist, if it has one.
pub async fn progress_of_card(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Option<(i64, i64)>> {
    let (done, all): (Option<i64>, i64) = sqlx::query_as(
        "SELECT CAST(SUM(done) AS BIGINT), COUNT(*) FROM task_checklist_items WHERE card_id = $1",
    )
    .bind(card)
    .fetch_one(db)
    .await?;
    Ok((all > 0).then_some((done.unwrap_or(0), all)))
}

/// A checklist item as stored: its text sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredItem {
    pub id: ItemId,
    pub card_id: CardId,
    pub text_enc: Vec<u8>,
    pub done: i64,
    pub position: i64,
}

pub async fn checklist(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<StoredItem>> {
    sqlx::query_as(
        "SELECT id, card_id, text_enc, done, position FROM task_checklist_items \
         WHERE card_id = $1 ORDER BY position, id",
    )
    .bind(card)
    .fetch_all(db)
    .await
}

pub async fn add_item(
    conn: &mut AnyConnection,
    id: &ItemId,
    org_id: &str,
    card: &CardId,
    text_enc: &[u8],
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO task_checklist_items (id, org_id, card_id, text_enc, done, position, \
         created_at) SELECT $1, $2, $3, $4, 0, COALESCE(MAX(position), 0) + 1, $5 \
         FROM task_checklist_items WHERE card_id = $3",
    )
    .bind(id)
    .bind(org_id)
    .bind(card)
    .bind(text_enc)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ticks or unticks an item of the card; false when it was already so (or is not the card's).
pub async fn set_item_done(
    conn: &mut AnyConnection,
    card: &CardId,
    item: &ItemId,
    done: bool,
) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE task_checklist_items SET done = $1 WHERE id = $2 AND card_id = $3 AND done <> $1",
    )
    .bind(i64::from(done))
    .bind(item)
    .bind(card)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn delete_item(
    conn: &mut AnyConnection,
    card: &CardId,
    item: &ItemId,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM task_checklist_items WHERE id = $1 AND card_id = $2")
        .bind(item)
        .bind(card)
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// A comment as stored: its text sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredComment {
    pub id: String,
    pub card_id: CardId,
    pub author_id: Option<String>,
    pub author_name: String,
    pub body_enc: Vec<u8>,
    pub created_at: i64,
}

pub async fn comments(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<StoredComment>> {
    sqlx::query_as(
        "SELECT m.id, m.card_id, m.author_id, COALESCE(u.display_name, '') AS author_name, \
         m.body_enc, m.created_at FROM task_comments m LEFT JOIN users u ON u.id = m.author_id \
         WHERE m.card_id = $1 ORDER BY m.created_at, m.id",
    )
    .bind(card)
    .fetch_all(db)
    .await
}

pub struct NewComment<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub card: &'a CardId,
    pub author_id: &'a str,
    pub body_enc: &'a [u8],
    pub at: i64,
}

pub async fn add_comment(conn: &mut AnyConnection, comment: &NewComment<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO task_comments (id, org_id, card_id, author_id, body_enc, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(comment.id)
    .bind(comment.org_id)
    .bind(comment.card)
    .bind(comment.author_id)
    .bind(comment.body_enc)
    .bind(comment.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A card's history, oldest first.
pub async fn history(
    db: impl Executor<'_, Database = Any>,
    card: &CardId,
) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT e.card_id, COALESCE(u.display_name, '') AS actor_name, e.kind, e.detail, e.at \
         FROM task_card_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.card_id = $1 ORDER BY e.at, e.id",
    )
    .bind(card)
    .fetch_all(db)
    .await
}

/// Writes a line of a card's history (`actor` none for the recurrence job).
pub async fn log(
    conn: &mut AnyConnection,
    card: &CardId,
    actor: Option<&str>,
    kind: EventKind,
    detail: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO task_card_events (id, card_id, actor_id, kind, detail, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::secrets::new_id())
    .bind(card)
    .bind(actor)
    .bind(kind.as_str())
    .bind(detail)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
