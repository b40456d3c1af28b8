//! SQL of task boards: boards, lists and labels here; cards, what hangs on them, and recurring
//! cards in their own files. Sealed columns go in and out as bytes; the service opens them.

pub mod attachments;
pub mod cards;
pub mod details;
pub mod notices;
pub mod recurrences;

use sqlx::{Any, AnyConnection, Executor};

use super::model::{Board, BoardId, Colour, Label, LabelId, List, ListId};

const BOARD: &str = "SELECT b.id, b.org_id, b.team_id, b.owner_id, b.name, \
     COALESCE(t.name, '') AS team_name, b.created_at \
     FROM task_boards b LEFT JOIN teams t ON t.id = b.team_id";

/// The boards of the given teams and the person's own, teams' first, by name.
pub async fn boards_of(
    conn: &mut AnyConnection,
    org_id: &str,
    team_ids: &[String],
    user_id: &str,
) -> sqlx::Result<Vec<Board>> {
    let sql = format!(
        "{BOARD} WHERE b.org_id = $1 ORDER BY b.team_id IS NULL, COALESCE(t.name, ''), b.name"
    );
    let all: Vec<Board> = sqlx::query_as(&sql).bind(org_id).fetch_all(&mut *conn).await?;
    Ok(all
        .into_iter()
        .filter(|b| match (&b.team_id, &b.owner_id) {
            (Some(team), _) => team_ids.contains(team),
            (None, Some(owner)) => owner == user_id,
            (None, None) => false,
        })
        .collect())
}

pub async fn find_board(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &BoardId,
) -> sqlx::Result<Option<Board>> {
    let sql = format!("{BOARD} WHERE b.org_id = $1 AND b.id = $2");
    sqlx::query_as(&sql).bind(org_id).bind(id).fetch_optional(db).await
}

pub struct NewBoard<'a> {
    pub id: &'a BoardId,
    pub org_id: &'a str,
    pub team_id: Option<&'a str>,
    pub owner_id: Option<&'a str>,
    pub name: &'a str,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert_board(conn: &mut AnyConnection, board: &NewBoard<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO task_boards (id, org_id, team_id, owner_id, name, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(board.id)
    .bind(board.org_id)
    .bind(board.team_id)
    .bind(board.owner_id)
    .bind(board.name)
    .bind(board.by)
    .bind(board.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn rename_board(conn: &mut AnyConnection, id: &BoardId, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE task_boards SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

const LIST: &str = "SELECT id, board_id, name, position, is_done FROM task_lists";

/// A board's lists, in their order.
pub async fn lists(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<List>> {
    let sql = format!("{LIST} WHERE board_id = $1 ORDER BY position, id");
    sqlx::query_as(&sql).bind(board).fetch_all(db).await
}

pub async fn find_list(
    db: impl Executor<'_, Database = Any>,
    id: &ListId,
) -> sqlx::Result<Option<List>> {
    let sql = format!("{LIST} WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(db).await
}

/// Adds a list at the end; false when the board already has a list of that name.
pub async fn insert_list(
    conn: &mut AnyConnection,
    id: &ListId,
    board: &BoardId,
    name: &str,
    is_done: bool,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO task_lists (id, board_id, name, position, is_done) \
         SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4 FROM task_lists WHERE board_id = $2 \
         ON CONFLICT (board_id, name) DO NOTHING",
    )
    .bind(id)
    .bind(board)
    .bind(name)
    .bind(i64::from(is_done))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Renames a list and says whether it completes cards; false when the name is taken.
pub async fn update_list(
    conn: &mut AnyConnection,
    id: &ListId,
    name: &str,
    is_done: bool,
) -> sqlx::Result<bool> {
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM task_lists o JOIN task_lists l ON l.board_id = o.board_id \
         WHERE l.id = $1 AND o.id <> $1 AND o.name = $2",
    )
    .bind(id)
    .bind(name)
    .fetch_one(&mut *conn)
    .await?;
    if taken > 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE task_lists SET name = $1, is_done = $2 WHERE id = $3")
        .bind(name)
        .bind(i64::from(is_done))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(true)
}

/// Puts the board's lists in the given order (ids of other boards are ignored).
pub async fn order_lists(
    conn: &mut AnyConnection,
    board: &BoardId,
    order: &[ListId],
) -> sqlx::Result<()> {
    for (position, id) in order.iter().enumerate() {
        sqlx::query("UPDATE task_lists SET position = $1 WHERE id = $2 AND board_id = $3")
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(id)
            .bind(board)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes a list that holds no card (archived ones included); false when it holds some.
pub async fn delete_empty_list(conn: &mut AnyConnection, id: &ListId) -> sqlx::Result<bool> {
    let deleted = sqlx::query(
        "DELETE FROM task_lists WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM task_cards c WHERE c.list_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM task_recurrences r WHERE r.list_id = $1)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(deleted.rows_affected() == 1)
}

const LABEL: &str = "SELECT id, board_id, name, colour FROM task_labels";

pub async fn labels(
    db: impl Executor<'_, Database = Any>,
    board: &BoardId,
) -> sqlx::Result<Vec<Label>> {
    let sql = format!("{LABEL} WHERE board_id = $1 ORDER BY name");
    sqlx::query_as(&sql).bind(board).fetch_all(db).await
}

/// Adds a label; false when the board already has one of that name.
pub async fn insert_label(
    conn: &mut AnyConnection,
    id: &LabelId,
    board: &BoardId,
    name: &str,
    colour: Colour,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO task_labels (id, board_id, name, colour) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (board_id, name) DO NOTHING",
    )
    .bind(id)
    .bind(board)
    .bind(name)
    .bind(colour.as_str())
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub async fn delete_label(
    conn: &mut AnyConnection,
    board: &BoardId,
    id: &LabelId,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM task_labels WHERE id = $1 AND board_id = $2")
        .bind(id)
        .bind(board)
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Every board's name in an organisation (a feed names each card's board).
pub async fn board_names(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<(BoardId, String)>> {
    sqlx::query_as("SELECT id, name FROM task_boards WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db)
        .await
}

/// A person's time zone (a feed places all-day due dates in it).
pub async fn person_zone(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT time_zone FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await
}
