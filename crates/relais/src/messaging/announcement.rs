//! The morning announcement ("annonce matinale"): a channel may open, every day at a set time of
//! the organisation's clock, a thread in which each member writes one line about their day; the
//! thread page shows the whole team's lines at a glance.

use sqlx::{Any, Executor};

use super::conversations::joined;
use super::store::messages::{self as messages, NewMessage};
use super::{audience, posting, store as conversations};
use crate::audit::trail::finish;
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::events::outbox;
use crate::state::AppState;

/// Sets (or, with `None`, stops) a channel's daily announcement, as minutes after local midnight.
pub async fn set_time(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: &str,
    minute: Option<u16>,
) -> AppResult<()> {
    let (conversation, _) = joined(state, user, conversation_id).await?;
    if !conversation.is_channel() {
        return Err(AppError::Conflict("conversation-not-a-channel"));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE conversations SET announcement_minute = $1 WHERE id = $2")
        .bind(minute.map(i64::from))
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?;
    let payload = serde_json::json!({ "conversation_id": conversation_id });
    outbox::emit(
        &mut tx,
        &user.org_id,
        &audience(conversation_id),
        "conversation.updated",
        &payload,
    )
    .await?;
    finish(tx, state).await?;
    Ok(())
}

/// A channel's announcement time, if it has one.
pub async fn time_of(
    db: impl Executor<'_, Database = Any>,
    conversation_id: &str,
) -> sqlx::Result<Option<u16>> {
    let minute: Option<i64> =
        sqlx::query_scalar("SELECT announcement_minute FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_one(db)
            .await?;
    minute.map(|m| u16::try_from(m).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

/// Opens today's thread in every channel whose time has come; returns how many were opened.
pub async fn open_due(state: &AppState) -> AppResult<usize> {
    let channels: Vec<(String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, org_id, created_by, announcement_minute, announcement_day FROM conversations \
         WHERE announcement_minute IS NOT NULL AND archived_at IS NULL",
    )
    .fetch_all(state.db.reader())
    .await?;
    let mut opened = 0;
    for (id, org_id, author, minute, last_day) in channels {
        let zone = crate::org::service::zone(state, &org_id).await?;
        let local = state.clock.now().to_zoned(zone);
        let today = local.date().to_string();
        let now_minute = i64::from(local.hour()) * 60 + i64::from(local.minute());
        if now_minute < minute || last_day.as_deref() == Some(today.as_str()) {
            continue;
        }
        if open(state, &id, &org_id, &author, &today).await? {
            opened += 1;
        }
    }
    Ok(opened)
}

/// Writes the day's first message, once (another instance may have done it).
async fn open(
    state: &AppState,
    id: &str,
    org_id: &str,
    author: &str,
    today: &str,
) -> AppResult<bool> {
    let key = state.keys.current(&state.db, org_id).await?;
    let message_id = crate::secrets::new_id();
    let body = key.seal(posting::place(&message_id), today.as_bytes());
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE conversations SET announcement_day = $1 WHERE id = $2 \
         AND (announcement_day IS NULL OR announcement_day <> $1)",
    )
    .bind(today)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    let seq = conversations::next_seq(&mut tx, id, now).await?;
    let new = NewMessage {
        id: &message_id,
        org_id,
        conversation_id: id,
        seq,
        author_id: author,
        thread_root_id: None,
        body_enc: &body,
        client_key: None,
        urgent: false,
        announcement_line: false,
        created_at: now,
    };
    messages::insert(&mut tx, &new).await?;
    sqlx::query("UPDATE messages SET kind = 'announcement' WHERE id = $1")
        .bind(&message_id)
        .execute(&mut *tx)
        .await?;
    let payload = serde_json::json!({
        "conversation_id": id, "message_id": message_id, "seq": seq, "thread_root_id": null,
    });
    outbox::emit(&mut tx, org_id, &audience(id), "message.posted", &payload).await?;
    finish(tx, state).await?;
    Ok(true)
}

/// A line in an announcement thread: one line, one per person.
pub async fn check_line(
    state: &AppState,
    user: &CurrentUser,
    root_id: &str,
    text: &str,
) -> AppResult<()> {
    if text.contains('\n') {
        return Err(AppError::Invalid { field: "text", code: "announcement-one-line" });
    }
    let mine: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE thread_root_id = $1 AND author_id = $2 AND deleted_at IS NULL",
    )
    .bind(root_id)
    .bind(&user.user_id)
    .fetch_one(state.db.reader())
    .await?;
    if mine > 0 {
        return Err(AppError::Invalid { field: "text", code: "announcement-already-written" });
    }
    Ok(())
}
