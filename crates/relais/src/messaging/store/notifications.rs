//! SQL of notifications: created with the message, delivered at once or held until the person's
//! next working period, read from the list.

use sqlx::{Any, AnyConnection, Executor};

pub struct NewNotification<'a> {
    pub org_id: &'a str,
    pub user_id: &'a str,
    /// `mention` or `message` (a direct or group message).
    pub kind: &'a str,
    pub conversation_id: &'a str,
    pub message_id: &'a str,
    pub urgent: bool,
    pub created_at: i64,
    pub deliver_at: i64,
    /// Set when delivered at once.
    pub delivered_at: Option<i64>,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewNotification<'_>) -> sqlx::Result<String> {
    let id = crate::secrets::new_id();
    sqlx::query(
        "INSERT INTO notifications (id, org_id, user_id, kind, conversation_id, message_id, urgent, \
         created_at, deliver_at, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(new.org_id)
    .bind(new.user_id)
    .bind(new.kind)
    .bind(new.conversation_id)
    .bind(new.message_id)
    .bind(i64::from(new.urgent))
    .bind(new.created_at)
    .bind(new.deliver_at)
    .bind(new.delivered_at)
    .execute(conn)
    .await?;
    Ok(id)
}

/// A notification as the list shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NotificationRow {
    pub id: String,
    pub org_id: String,
    pub user_id: String,
    pub kind: String,
    pub conversation_id: String,
    pub message_id: String,
    pub urgent: bool,
    pub created_at: i64,
    pub deliver_at: i64,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
}

const COLUMNS: &str = "id, org_id, user_id, kind, conversation_id, message_id, urgent, created_at, \
                       deliver_at, delivered_at, read_at";

/// A notification as stored (its urgency a 0/1 flag).
#[derive(sqlx::FromRow)]
struct Stored {
    id: String,
    org_id: String,
    user_id: String,
    kind: String,
    conversation_id: String,
    message_id: String,
    #[sqlx(try_from = "i64")]
    urgent: crate::typed_id::Flag,
    created_at: i64,
    deliver_at: i64,
    delivered_at: Option<i64>,
    read_at: Option<i64>,
}

impl From<Stored> for NotificationRow {
    fn from(row: Stored) -> Self {
        NotificationRow {
            id: row.id,
            org_id: row.org_id,
            user_id: row.user_id,
            kind: row.kind,
            conversation_id: row.conversation_id,
            message_id: row.message_id,
            urgent: row.urgent.0,
            created_at: row.created_at,
            deliver_at: row.deliver_at,
            delivered_at: row.delivered_at,
            read_at: row.read_at,
        }
    }
}

fn rows(stored: Vec<Stored>) -> Vec<NotificationRow> {
    stored.into_iter().map(NotificationRow::from).collect()
}

/// Held notifications whose time has come, oldest first.
pub async fn due(
    db: impl Executor<'_, Database = Any>,
    now: i64,
    limit: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE delivered_at IS NULL AND deliver_at <= $1 \
         ORDER BY deliver_at LIMIT $2"
    );
    Ok(rows(sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(db).await?))
}

/// Marks one delivered; false if another worker did first.
pub async fn mark_delivered(conn: &mut AnyConnection, id: &str, at: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's delivered notifications, newest first.
pub async fn delivered_to(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 AND delivered_at IS NOT NULL \
         ORDER BY delivered_at DESC LIMIT $2"
    );
    Ok(rows(sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(db).await?))
}

/// Delivered and unread notifications of a person (the badge).
pub async fn unread_count(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND delivered_at IS NOT NULL AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db)
    .await
}

/// Marks as read a person's notifications of a conversation up to a message number.
pub async fn mark_read_in(
    conn: &mut AnyConnection,
    user_id: &str,
    conversation_id: &str,
    up_to_seq: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND conversation_id = $3 \
         AND read_at IS NULL AND message_id IN (SELECT id FROM messages WHERE conversation_id = $3 AND seq <= $4)",
    )
    .bind(at)
    .bind(user_id)
    .bind(conversation_id)
    .bind(up_to_seq)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_override(
    conn: &mut AnyConnection,
    id: &str,
    org_id: &str,
    message_id: &str,
    author_id: &str,
    reason_enc: &[u8],
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO urgent_overrides (id, org_id, message_id, author_id, reason_enc, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(org_id)
    .bind(message_id)
    .bind(author_id)
    .bind(reason_enc)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The roles an organisation allows to mark messages urgent (comma-separated role names).
pub async fn urgent_roles(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT urgent_roles FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await
}
