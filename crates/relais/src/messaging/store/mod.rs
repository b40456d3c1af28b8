//! SQL of messaging: conversations and their members here; messages, notifications apart.

pub mod digest;
pub mod indicators;
pub mod messages;
pub mod notifications;

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Executor, Row};

use super::model::{Conversation, Kind, Membership};
use crate::clock::now_ms;

const COLUMNS: &str = "id, org_id, kind, private, name, topic, created_by, created_at, \
                       archived_at, last_seq, last_message_at";

fn conversation(row: &AnyRow) -> sqlx::Result<Conversation> {
    let kind: String = row.try_get("kind")?;
    Ok(Conversation {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        kind: Kind::parse(&kind).unwrap_or(Kind::Channel),
        private: row.try_get::<i64, _>("private")? != 0,
        name: row.try_get("name")?,
        topic: row.try_get("topic")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        archived_at: row.try_get("archived_at")?,
        last_seq: row.try_get("last_seq")?,
        last_message_at: row.try_get("last_message_at")?,
    })
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
    sqlx::query(&sql)
        .bind(id)
        .bind(org_id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(conversation)
        .transpose()
}

pub async fn find_direct(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    direct_key: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query("SELECT id FROM conversations WHERE org_id = $1 AND direct_key = $2")
        .bind(org_id)
        .bind(direct_key)
        .fetch_optional(db)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
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
    let rows = sqlx::query(&sql).bind(org_id).bind(user_id).fetch_all(db).await?;
    rows.iter()
        .map(|row| {
            let membership = match row.try_get::<Option<i64>, _>("muted")? {
                Some(muted) => Some(Membership {
                    muted: muted != 0,
                    last_read_seq: row.try_get("last_read_seq")?,
                }),
                None => None,
            };
            Ok((conversation(row)?, membership))
        })
        .collect()
}

pub async fn membership(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<Membership>> {
    sqlx::query(
        "SELECT muted, last_read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .map(|row| {
        Ok(Membership {
            muted: row.try_get::<i64, _>("muted")? != 0,
            last_read_seq: row.try_get("last_read_seq")?,
        })
    })
    .transpose()
}

/// Adds a member (nothing if already one). Returns whether they were added.
pub async fn add_member(
    conn: &mut AnyConnection,
    conversation_id: &str,
    user_id: &str,
    last_read_seq: i64,
) -> sqlx::Result<bool> {
    let added = sqlx::query(
        "INSERT INTO conversation_members (conversation_id, user_id, joined_at, muted, last_read_seq) \
         VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(now_ms())
    .bind(last_read_seq)
    .execute(conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

pub async fn remove_member(
    conn: &mut AnyConnection,
    conversation_id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let removed =
        sqlx::query("DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2")
            .bind(conversation_id)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(removed.rows_affected() == 1)
}

/// Member ids with their display names, by name.
pub async fn members(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.email, u.time_zone, u.work_days, u.work_start_minute, \
         u.work_end_minute, m.muted, m.last_read_seq FROM conversation_members m \
         JOIN users u ON u.id = m.user_id WHERE m.conversation_id = $1 AND u.active = 1 \
         ORDER BY u.display_name",
    )
    .bind(conversation_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Member {
                user_id: row.try_get("id")?,
                display_name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                time_zone: row.try_get("time_zone")?,
                hours: hours_of(row)?,
                muted: row.try_get::<i64, _>("muted")? != 0,
                last_read_seq: row.try_get("last_read_seq")?,
            })
        })
        .collect()
}

/// (conversation id, user id, display name) of the active members of every direct and group
/// conversation `user_id` belongs to, by name: their titles in one query.
pub async fn direct_member_names(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<(String, String, String)>> {
    let rows = sqlx::query(
        "SELECT m.conversation_id, u.id, u.display_name FROM conversation_members m \
         JOIN users u ON u.id = m.user_id JOIN conversations c ON c.id = m.conversation_id \
         WHERE c.kind <> 'channel' AND u.active = 1 AND m.conversation_id IN \
         (SELECT conversation_id FROM conversation_members WHERE user_id = $1) \
         ORDER BY u.display_name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))).collect()
}

/// The working hours of a row with `work_days`, `work_start_minute` and `work_end_minute`.
pub fn hours_of(row: &sqlx::any::AnyRow) -> sqlx::Result<crate::org::fields::WorkingHours> {
    let minute =
        |column| row.try_get::<i64, _>(column).map(|value| u16::try_from(value).unwrap_or(0));
    Ok(crate::org::fields::WorkingHours {
        days: u8::try_from(row.try_get::<i64, _>("work_days")?).unwrap_or(0),
        start_minute: minute("work_start_minute")?,
        end_minute: minute("work_end_minute")?,
    })
}

/// A member of a conversation, with what the right to disconnect needs.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub time_zone: String,
    pub hours: crate::org::fields::WorkingHours,
    pub muted: bool,
    pub last_read_seq: i64,
}

/// The ids of every conversation a person belongs to (for the live connection's filter).
pub async fn ids_of_member(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query("SELECT conversation_id FROM conversation_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect()
}

pub async fn set_muted(
    conn: &mut AnyConnection,
    conversation_id: &str,
    user_id: &str,
    muted: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE conversation_members SET muted = $1 WHERE conversation_id = $2 AND user_id = $3",
    )
    .bind(i64::from(muted))
    .bind(conversation_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a person's read mark forward (never back). Returns whether it moved.
pub async fn mark_read(
    conn: &mut AnyConnection,
    conversation_id: &str,
    user_id: &str,
    seq: i64,
) -> sqlx::Result<bool> {
    let moved = sqlx::query(
        "UPDATE conversation_members SET last_read_seq = $1 \
         WHERE conversation_id = $2 AND user_id = $3 AND last_read_seq < $1",
    )
    .bind(seq)
    .bind(conversation_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(moved.rows_affected() == 1)
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
    sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $1 WHERE id = $2 RETURNING last_seq",
    )
    .bind(at)
    .bind(id)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// Unread mentions per conversation for a person: (conversation id, count).
pub async fn unread_mentions(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query(
        "SELECT n.conversation_id, COUNT(*) FROM notifications n \
         WHERE n.user_id = $1 AND n.read_at IS NULL AND n.kind = 'mention' GROUP BY n.conversation_id",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
    .collect()
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
    let mut query = sqlx::query(&sql).bind(org_id);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(db).await?.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).collect()
}
