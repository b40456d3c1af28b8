//! SQL of messaging: conversations and their members here; messages, notifications apart.

pub mod digest;
pub mod indicators;
mod members;
pub mod messages;
pub mod notifications;

pub use members::*;

use sqlx::{Any, AnyConnection, Executor};

use super::model::{Conversation, Kind, Membership};
use crate::clock::now_ms;
use crate::typed_id::Flag;

const COLUMNS: &str = "id, org_id, kind, private, name, topic, created_by, created_at, \
                       archived_at, last_seq, last_message_at";

/// A conversation as stored (its kind checked against the known ones, its flag 0/1).
#[derive(sqlx::FromRow)]
struct StoredConversation {
    id: String,
    org_id: String,
    #[sqlx(try_from = "String")]
    kind: Kind,
    #[sqlx(try_from = "i64")]
    private: Flag,
    name: String,
    topic: String,
    created_by: String,
    created_at: i64,
    archived_at: Option<i64>,
    last_seq: i64,
    last_message_at: i64,
}

impl From<StoredConversation> for Conversation {
    fn from(row: StoredConversation) -> Self {
        Conversation {
            id: row.id,
            org_id: row.org_id,
            kind: row.kind,
            private: row.private.0,
            name: row.name,
            topic: row.topic,
            created_by: row.created_by,
            created_at: row.created_at,
            archived_at: row.archived_at,
            last_seq: row.last_seq,
            last_message_at: row.last_message_at,
        }
    }
}

pub struct NewConversation<'a> {
    pub kind: Kind,
    pub private: bool,
    pub name: &'a str,
    pub topic: &'a str,
    /// For direct and group messages: the sorted member ids, so a pair has one conversation.
    pub direct_key: Option<&'a str>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    created_by: &str,
    new: &NewConversation<'_>,
) -> sqlx::Result<String> {
    insert_unless_taken(conn, org_id, created_by, new).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Inserts the conversation unless one with the same `direct_key` exists already (two people
/// opening the same direct conversation at the same moment): `None` then, and the caller reads
/// the other one once this transaction ends.
pub async fn insert_unless_taken(
    conn: &mut AnyConnection,
    org_id: &str,
    created_by: &str,
    new: &NewConversation<'_>,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO conversations (id, org_id, kind, private, name, topic, direct_key, created_by, \
         created_at, last_seq, last_message_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $9) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(new.kind.as_str())
    .bind(i64::from(new.private))
    .bind(new.name)
    .bind(new.topic)
    .bind(new.direct_key)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Conversation>> {
    let sql = format!("SELECT {COLUMNS} FROM conversations WHERE id = $1 AND org_id = $2");
    let row: Option<StoredConversation> =
        sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(db).await?;
    Ok(row.map(Conversation::from))
}

pub async fn find_direct(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    direct_key: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM conversations WHERE org_id = $1 AND direct_key = $2")
        .bind(org_id)
        .bind(direct_key)
        .fetch_optional(db)
        .await
}

/// A conversation with the person's membership, if any (a left join).
#[derive(sqlx::FromRow)]
struct Visible {
    #[sqlx(flatten)]
    conversation: StoredConversation,
    muted: Option<i64>,
    last_read_seq: Option<i64>,
}

/// The conversations a person belongs to, and the open channels of the organisation, most recent
/// activity first.
pub async fn visible_to(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
) -> sqlx::Result<Vec<(Conversation, Option<Membership>)>> {
    let sql = format!(
        "SELECT c.{}, m.muted, m.last_read_seq FROM conversations c \
         LEFT JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2 \
         WHERE c.org_id = $1 AND (m.user_id IS NOT NULL OR (c.kind = 'channel' AND c.private = 0)) \
         ORDER BY c.last_message_at DESC",
        COLUMNS.replace(", ", ", c.")
    );
    let rows: Vec<Visible> = sqlx::query_as(&sql).bind(org_id).bind(user_id).fetch_all(db).await?;
    rows.into_iter()
        .map(|row| {
            let membership = match (row.muted, row.last_read_seq) {
                (Some(muted), Some(last_read_seq)) => Some(Membership {
                    muted: Flag::try_from(muted).map_err(|e| sqlx::Error::Decode(Box::new(e)))?.0,
                    last_read_seq,
                }),
                _ => None,
            };
            Ok((Conversation::from(row.conversation), membership))
        })
        .collect()
}

pub async fn update_details(
    conn: &mut AnyConnection,
    id: &str,
    name: &str,
    topic: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET name = $1, topic = $2 WHERE id = $3")
        .bind(name)
        .bind(topic)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_archived(conn: &mut AnyConnection, id: &str, archived: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET archived_at = $1 WHERE id = $2")
        .bind(archived.then(now_ms))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the conversation's next message number (the row lock orders concurrent senders).
pub async fn next_seq(conn: &mut AnyConnection, id: &str, at: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $1 WHERE id = $2 RETURNING last_seq",
    )
    .bind(at)
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Unread mentions per conversation for a person: (conversation id, count).
pub async fn unread_mentions(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT n.conversation_id, COUNT(*) FROM notifications n \
         WHERE n.user_id = $1 AND n.read_at IS NULL AND n.kind = 'mention' GROUP BY n.conversation_id",
    )
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// Those of the given people who are bots (shown as such).
pub async fn bots_among(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    ids: &[&str],
) -> sqlx::Result<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let places: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT id FROM users WHERE org_id = $1 AND bot = 1 AND id IN ({})",
        places.join(", ")
    );
    let mut query = sqlx::query_scalar::<_, String>(&sql).bind(org_id);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(db).await
}

/// Display names of the given people of the organisation (authors who have left a conversation
/// included).
pub async fn names(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    ids: &[&str],
) -> sqlx::Result<std::collections::HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let places: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT id, display_name FROM users WHERE org_id = $1 AND id IN ({})",
        places.join(", ")
    );
    let mut query = sqlx::query_as::<_, (String, String)>(&sql).bind(org_id);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(db).await?.into_iter().collect())
}
