//! SQL of conversation members: who belongs, muted or not, how far they have read.

use sqlx::{Any, AnyConnection, Executor};

use crate::clock::now_ms;
use crate::messaging::model::Membership;
use crate::typed_id::Flag;
/// A person's place in a conversation as stored.
#[derive(sqlx::FromRow)]
struct StoredMembership {
    #[sqlx(try_from = "i64")]
    muted: Flag,
    last_read_seq: i64,
}

impl From<StoredMembership> for Membership {
    fn from(row: StoredMembership) -> Self {
        Membership { muted: row.muted.0, last_read_seq: row.last_read_seq }
    }
}

pub async fn membership(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<Membership>> {
    let row: Option<StoredMembership> = sqlx::query_as(
        "SELECT muted, last_read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Membership::from))
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
    let rows: Vec<StoredMember> = sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.email, u.time_zone, u.work_days, \
         u.work_start_minute, u.work_end_minute, m.muted, m.last_read_seq FROM conversation_members m \
         JOIN users u ON u.id = m.user_id WHERE m.conversation_id = $1 AND u.active = 1 \
         ORDER BY u.display_name",
    )
    .bind(conversation_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Member::from).collect())
}

/// (conversation id, user id, display name) of the active members of every direct and group
/// conversation `user_id` belongs to, by name: their titles in one query.
pub async fn direct_member_names(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as(
        "SELECT m.conversation_id, u.id, u.display_name FROM conversation_members m \
         JOIN users u ON u.id = m.user_id JOIN conversations c ON c.id = m.conversation_id \
         WHERE c.kind <> 'channel' AND u.active = 1 AND m.conversation_id IN \
         (SELECT conversation_id FROM conversation_members WHERE user_id = $1) \
         ORDER BY u.display_name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await
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

/// A member as stored.
#[derive(sqlx::FromRow)]
struct StoredMember {
    user_id: String,
    display_name: String,
    email: String,
    time_zone: String,
    #[sqlx(flatten)]
    hours: crate::org::fields::WorkingHours,
    #[sqlx(try_from = "i64")]
    muted: Flag,
    last_read_seq: i64,
}

impl From<StoredMember> for Member {
    fn from(row: StoredMember) -> Self {
        Member {
            user_id: row.user_id,
            display_name: row.display_name,
            email: row.email,
            time_zone: row.time_zone,
            hours: row.hours,
            muted: row.muted.0,
            last_read_seq: row.last_read_seq,
        }
    }
}

/// The ids of every conversation a person belongs to (for the live connection's filter).
pub async fn ids_of_member(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT conversation_id FROM conversation_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await
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
