//! SQL of the feedback box.

use sqlx::{Any, AnyConnection, Executor};

use super::model::{Kind, Status, Topic};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredItem {
    pub id: String,
    pub team_id: Option<String>,
    pub team_name: String,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    #[sqlx(try_from = "String")]
    pub topic: Topic,
    pub title: String,
    pub body_enc: Vec<u8>,
    pub author_id: Option<String>,
    pub author_name: String,
    pub anonymous: i64,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub sent_on: String,
    pub visible_on: String,
    pub votes: i64,
    pub my_vote: i64,
    pub replies: i64,
}

/// `$1` org, `$2` the reader (for their vote).
const ITEM: &str = "SELECT f.id, f.team_id, COALESCE(t.name, '') AS team_name, f.kind, f.topic, \
    f.title, f.body_enc, f.author_id, COALESCE(u.display_name, '') AS author_name, \
    CAST(f.anonymous AS BIGINT) AS anonymous, f.status, f.sent_on, f.visible_on, \
    (SELECT COUNT(*) FROM feedback_votes v WHERE v.item_id = f.id) AS votes, \
    (SELECT COUNT(*) FROM feedback_votes v WHERE v.item_id = f.id AND v.user_id = $2) AS my_vote, \
    (SELECT COUNT(*) FROM feedback_replies r WHERE r.item_id = f.id) AS replies \
    FROM feedback_items f LEFT JOIN teams t ON t.id = f.team_id \
    LEFT JOIN users u ON u.id = f.author_id";

/// The organisation's items, newest day first, then by title (never by arrival within a day).
pub async fn of_org(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    reader: &str,
) -> sqlx::Result<Vec<StoredItem>> {
    let sql = format!("{ITEM} WHERE f.org_id = $1 ORDER BY f.visible_on DESC, f.title, f.id");
    sqlx::query_as(&sql).bind(org_id).bind(reader).fetch_all(db).await
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    reader: &str,
    id: &str,
) -> sqlx::Result<Option<StoredItem>> {
    let sql = format!("{ITEM} WHERE f.org_id = $1 AND f.id = $3");
    sqlx::query_as(&sql).bind(org_id).bind(reader).bind(id).fetch_optional(db).await
}

pub async fn find_by_follow_code(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    digest: &str,
) -> sqlx::Result<Option<StoredItem>> {
    let sql = format!("{ITEM} WHERE f.org_id = $1 AND f.follow_digest = $3");
    sqlx::query_as(&sql).bind(org_id).bind("").bind(digest).fetch_optional(db).await
}

pub struct NewItem<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub team_id: Option<&'a str>,
    pub kind: Kind,
    pub topic: Topic,
    pub title: &'a str,
    pub body_enc: &'a [u8],
    pub author_id: Option<&'a str>,
    pub follow_digest: Option<&'a str>,
    pub sent_on: &'a str,
    pub visible_on: &'a str,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewItem<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO feedback_items (id, org_id, team_id, kind, topic, title, body_enc, \
         author_id, anonymous, follow_digest, status, sent_on, visible_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $12)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.team_id)
    .bind(new.kind.as_str())
    .bind(new.topic.as_str())
    .bind(new.title)
    .bind(new.body_enc)
    .bind(new.author_id)
    .bind(i64::from(new.author_id.is_none()))
    .bind(new.follow_digest)
    .bind(new.sent_on)
    .bind(new.visible_on)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredReply {
    pub author_name: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub body: String,
    pub created_at: i64,
}

pub async fn replies_of(
    db: impl Executor<'_, Database = Any>,
    item: &str,
) -> sqlx::Result<Vec<StoredReply>> {
    sqlx::query_as(
        "SELECT COALESCE(u.display_name, '') AS author_name, r.status, r.body, r.created_at \
         FROM feedback_replies r LEFT JOIN users u ON u.id = r.author_id \
         WHERE r.item_id = $1 ORDER BY r.created_at, r.id",
    )
    .bind(item)
    .fetch_all(db)
    .await
}

/// Records an answer and moves the item to its status.
pub async fn reply(
    conn: &mut AnyConnection,
    (org_id, item): (&str, &str),
    (author, status, body): (&str, Status, &str),
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO feedback_replies (id, org_id, item_id, author_id, status, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crate::secrets::new_id())
    .bind(org_id)
    .bind(item)
    .bind(author)
    .bind(status.as_str())
    .bind(body)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE feedback_items SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(item)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds or withdraws the person's vote.
pub async fn toggle_vote(conn: &mut AnyConnection, item: &str, user: &str) -> sqlx::Result<()> {
    let added = sqlx::query(
        "INSERT INTO feedback_votes (item_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(item)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    if added.rows_affected() == 0 {
        sqlx::query("DELETE FROM feedback_votes WHERE item_id = $1 AND user_id = $2")
            .bind(item)
            .bind(user)
            .execute(conn)
            .await?;
    }
    Ok(())
}
