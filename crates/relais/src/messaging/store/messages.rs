//! SQL of messages, reactions, mentions and the search index.

use sqlx::{Any, AnyConnection, Executor};

use crate::messaging::model::MessageRow;
use crate::typed_id::Flag;

const COLUMNS: &str = "id, org_id, conversation_id, seq, author_id, thread_root_id, body_enc, \
                       urgent, pinned, reply_count, created_at, edited_at, deleted_at, kind";

/// A message as stored (flags 0/1, its kind as text).
#[derive(sqlx::FromRow)]
struct StoredMessage {
    id: String,
    org_id: String,
    conversation_id: String,
    seq: i64,
    author_id: String,
    thread_root_id: Option<String>,
    body_enc: Option<Vec<u8>>,
    #[sqlx(try_from = "i64")]
    urgent: Flag,
    #[sqlx(try_from = "i64")]
    pinned: Flag,
    reply_count: i64,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    kind: String,
}

impl From<StoredMessage> for MessageRow {
    fn from(row: StoredMessage) -> Self {
        MessageRow {
            id: row.id,
            org_id: row.org_id,
            conversation_id: row.conversation_id,
            seq: row.seq,
            author_id: row.author_id,
            thread_root_id: row.thread_root_id,
            body_enc: row.body_enc,
            urgent: row.urgent.0,
            pinned: row.pinned.0,
            reply_count: row.reply_count,
            created_at: row.created_at,
            edited_at: row.edited_at,
            deleted_at: row.deleted_at,
            announcement: row.kind == "announcement",
        }
    }
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub conversation_id: &'a str,
    pub seq: i64,
    pub author_id: &'a str,
    pub thread_root_id: Option<&'a str>,
    pub body_enc: &'a [u8],
    pub client_key: Option<&'a str>,
    pub urgent: bool,
    /// A person's line under a morning announcement (one each: `messages_one_announcement_line`).
    pub announcement_line: bool,
    pub created_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewMessage<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO messages (id, org_id, conversation_id, seq, author_id, thread_root_id, body_enc, \
         client_key, urgent, pinned, reply_count, created_at, announcement_line) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $11)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.conversation_id)
    .bind(new.seq)
    .bind(new.author_id)
    .bind(new.thread_root_id)
    .bind(new.body_enc)
    .bind(new.client_key)
    .bind(i64::from(new.urgent))
    .bind(new.created_at)
    .bind(i64::from(new.announcement_line))
    .execute(&mut *conn)
    .await?;
    if let Some(root) = new.thread_root_id {
        sqlx::query("UPDATE messages SET reply_count = reply_count + 1 WHERE id = $1")
            .bind(root)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The message an author already sent with this key (a repeated request), if any.
pub async fn by_client_key(
    db: impl Executor<'_, Database = Any>,
    author_id: &str,
    client_key: &str,
) -> sqlx::Result<Option<MessageRow>> {
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE author_id = $1 AND client_key = $2");
    let row: Option<StoredMessage> =
        sqlx::query_as(&sql).bind(author_id).bind(client_key).fetch_optional(db).await?;
    Ok(row.map(MessageRow::from))
}

pub async fn find(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<MessageRow>> {
    let sql = format!("SELECT {COLUMNS} FROM messages WHERE id = $1 AND org_id = $2");
    let row: Option<StoredMessage> =
        sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(db).await?;
    Ok(row.map(MessageRow::from))
}

/// A page of a conversation's main line (no thread replies), newest `limit` before `before_seq`,
/// returned oldest first.
pub async fn page(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    before_seq: i64,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND thread_root_id IS NULL \
         AND seq < $2 ORDER BY seq DESC LIMIT $3"
    );
    let rows: Vec<StoredMessage> = sqlx::query_as(&sql)
        .bind(conversation_id)
        .bind(before_seq)
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().rev().map(MessageRow::from).collect())
}

/// Messages of a conversation after `after_seq` (main line and replies), oldest first.
pub async fn after(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    after_seq: i64,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    );
    let rows: Vec<StoredMessage> = sqlx::query_as(&sql)
        .bind(conversation_id)
        .bind(after_seq)
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(MessageRow::from).collect())
}

/// A thread's replies, oldest first.
pub async fn replies(
    db: impl Executor<'_, Database = Any>,
    root_id: &str,
) -> sqlx::Result<Vec<MessageRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM messages WHERE thread_root_id = $1 ORDER BY seq LIMIT 500");
    let rows: Vec<StoredMessage> = sqlx::query_as(&sql).bind(root_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(MessageRow::from).collect())
}

/// Pinned messages of a conversation, oldest first.
pub async fn pinned(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
) -> sqlx::Result<Vec<MessageRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND pinned = 1 \
         AND deleted_at IS NULL ORDER BY seq LIMIT 100"
    );
    let rows: Vec<StoredMessage> = sqlx::query_as(&sql).bind(conversation_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(MessageRow::from).collect())
}

/// Replaces a message's text. Its version (`edited_at`, else `created_at`) moves strictly
/// forward; with `expected`, only if it still is that version (two edits racing on the same
/// version: the database lets one win). Returns whether the message was changed.
pub async fn set_body(
    conn: &mut AnyConnection,
    id: &str,
    body_enc: &[u8],
    at: i64,
    expected: Option<i64>,
) -> sqlx::Result<bool> {
    let base = "UPDATE messages SET body_enc = $1, edited_at = CASE \
                WHEN COALESCE(edited_at, created_at) >= $2 THEN COALESCE(edited_at, created_at) + 1 \
                ELSE $2 END WHERE id = $3 AND deleted_at IS NULL";
    let done = match expected {
        Some(version) => {
            let sql = format!("{base} AND COALESCE(edited_at, created_at) = $4");
            sqlx::query(&sql).bind(body_enc).bind(at).bind(id).bind(version).execute(conn).await?
        }
        None => sqlx::query(base).bind(body_enc).bind(at).bind(id).execute(conn).await?,
    };
    Ok(done.rows_affected() == 1)
}

/// Soft deletion: the body is erased, the place in the conversation (and the thread) stays.
pub async fn mark_deleted(conn: &mut AnyConnection, id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET body_enc = NULL, deleted_at = $1, pinned = 0 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM message_attachments WHERE message_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    replace_terms(conn, "", id, &[]).await
}

pub async fn set_pinned(conn: &mut AnyConnection, id: &str, pinned: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET pinned = $1 WHERE id = $2")
        .bind(i64::from(pinned))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds the reaction, or takes it back if it was there. Returns whether it is now present.
pub async fn toggle_reaction(
    conn: &mut AnyConnection,
    message_id: &str,
    user_id: &str,
    emoji: &str,
) -> sqlx::Result<bool> {
    if remove_reaction(&mut *conn, message_id, user_id, emoji).await? {
        return Ok(false);
    }
    add_reaction(conn, message_id, user_id, emoji).await?;
    Ok(true)
}

/// Adds the reaction unless it is there. Returns whether it was added.
pub async fn add_reaction(
    conn: &mut AnyConnection,
    message_id: &str,
    user_id: &str,
    emoji: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO message_reactions (message_id, user_id, emoji, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(message_id)
    .bind(user_id)
    .bind(emoji)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the reaction back if it is there. Returns whether it was removed.
pub async fn remove_reaction(
    conn: &mut AnyConnection,
    message_id: &str,
    user_id: &str,
    emoji: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3",
    )
    .bind(message_id)
    .bind(user_id)
    .bind(emoji)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reactions of messages: (message id, emoji, user id).
pub async fn reactions(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    from_seq: i64,
    to_seq: i64,
) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as(
        "SELECT r.message_id, r.emoji, r.user_id FROM message_reactions r \
         JOIN messages m ON m.id = r.message_id \
         WHERE m.conversation_id = $1 AND m.seq >= $2 AND m.seq <= $3 ORDER BY r.created_at",
    )
    .bind(conversation_id)
    .bind(from_seq)
    .bind(to_seq)
    .fetch_all(db)
    .await
}

pub async fn insert_mentions(
    conn: &mut AnyConnection,
    message_id: &str,
    user_ids: &[String],
) -> sqlx::Result<()> {
    for user_id in user_ids {
        sqlx::query(
            "INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(message_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces a message's index entries by `digests`.
pub async fn replace_terms(
    conn: &mut AnyConnection,
    org_id: &str,
    message_id: &str,
    digests: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM message_terms WHERE message_id = $1")
        .bind(message_id)
        .execute(&mut *conn)
        .await?;
    insert_terms(conn, org_id, message_id, digests).await
}

/// Adds a new message's index entries.
pub async fn insert_terms(
    conn: &mut AnyConnection,
    org_id: &str,
    message_id: &str,
    digests: &[String],
) -> sqlx::Result<()> {
    // One statement per hundred terms: a message's index costs one or two round trips.
    for chunk in digests.chunks(100) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("($1, $2, ${})", i + 3)).collect();
        let sql = format!(
            "INSERT INTO message_terms (org_id, message_id, term) VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(org_id).bind(message_id);
        for digest in chunk {
            query = query.bind(digest);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Filters of a search, besides its words.
#[derive(Debug, Default, Clone)]
pub struct SearchFilter {
    pub conversation_id: Option<String>,
    pub author_id: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// Messages that carry every digest, in conversations the person belongs to, newest first.
pub async fn search(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    digests: &[String],
    filter: &SearchFilter,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let mut sql = format!(
        "SELECT {} FROM messages m JOIN conversation_members cm \
         ON cm.conversation_id = m.conversation_id AND cm.user_id = $2 \
         WHERE m.org_id = $1 AND m.deleted_at IS NULL",
        COLUMNS.split(", ").map(|c| format!("m.{c}")).collect::<Vec<_>>().join(", ")
    );
    let mut next = 3;
    for _ in digests {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM message_terms t WHERE t.org_id = $1 AND t.term = ${next} AND t.message_id = m.id)"
        ));
        next += 1;
    }
    let optional = [
        ("m.conversation_id = ", filter.conversation_id.is_some()),
        ("m.author_id = ", filter.author_id.is_some()),
        ("m.created_at >= ", filter.from_ms.is_some()),
        ("m.created_at < ", filter.to_ms.is_some()),
    ];
    for (clause, present) in optional {
        if present {
            sql.push_str(&format!(" AND {clause}${next}"));
            next += 1;
        }
    }
    sql.push_str(&format!(" ORDER BY m.created_at DESC LIMIT ${next}"));
    let mut query = sqlx::query_as::<_, StoredMessage>(&sql).bind(org_id).bind(user_id);
    for digest in digests {
        query = query.bind(digest);
    }
    if let Some(id) = &filter.conversation_id {
        query = query.bind(id);
    }
    if let Some(id) = &filter.author_id {
        query = query.bind(id);
    }
    if let Some(at) = filter.from_ms {
        query = query.bind(at);
    }
    if let Some(at) = filter.to_ms {
        query = query.bind(at);
    }
    Ok(query.bind(limit).fetch_all(db).await?.into_iter().map(MessageRow::from).collect())
}
