//! What a person wrote and sent, for the export of their own data (GDPR art. 15 and 20): their
//! messages with the conversation and the time, and the files they attached.

use serde::Serialize;

use super::attachments;
use super::posting::place;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A message the person wrote (a deleted one has no text).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Written {
    pub id: String,
    pub conversation: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    #[serde(skip)]
    pub body_enc: Option<Vec<u8>>,
    #[sqlx(skip)]
    pub text: Option<String>,
}

/// The person's messages, oldest first, opened.
pub async fn written_by(state: &AppState, org_id: &str, user_id: &str) -> AppResult<Vec<Written>> {
    let mut rows: Vec<Written> = sqlx::query_as(
        "SELECT m.id, c.name AS conversation, m.created_at, m.edited_at, m.body_enc \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.org_id = $1 AND m.author_id = $2 ORDER BY m.created_at",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_all(state.db.reader())
    .await?;
    for row in &mut rows {
        if let Some(sealed) = row.body_enc.take() {
            let opened = state.keys.open_sealed(&state.db, org_id, place(&row.id), &sealed).await;
            let bytes = opened.map_err(|e| AppError::Internal(e.into()))?;
            row.text = Some(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(rows)
}

/// A file the person attached, opened.
pub struct Sent {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub created_at: i64,
    pub bytes: Vec<u8>,
}

/// The files the person attached, oldest first, at most `max_bytes` in all (the rest listed by
/// name only: `(name, size)`).
pub async fn attached_by(
    state: &AppState,
    org_id: &str,
    user_id: &str,
    max_bytes: i64,
) -> AppResult<(Vec<Sent>, Vec<(String, i64)>)> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, file_name, media_type, size_bytes, created_at FROM message_attachments \
         WHERE org_id = $1 AND uploader_id = $2 ORDER BY created_at",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_all(state.db.reader())
    .await?;
    let (mut sent, mut left_out, mut total) = (Vec::new(), Vec::new(), 0);
    for (id, file_name, media_type, size, created_at) in rows {
        if total + size > max_bytes {
            left_out.push((file_name, size));
            continue;
        }
        total += size;
        let sealed: (Vec<u8>,) =
            sqlx::query_as("SELECT content_enc FROM message_attachments WHERE id = $1")
                .bind(&id)
                .fetch_one(state.db.reader())
                .await?;
        let opened =
            state.keys.open_sealed(&state.db, org_id, attachments::place(&id), &sealed.0).await;
        let bytes = opened.map_err(|e| AppError::Internal(e.into()))?;
        sent.push(Sent { id, file_name, media_type, created_at, bytes });
    }
    Ok((sent, left_out))
}

/// Whether the person ever wrote a message (a first step).
pub async fn has_written(state: &AppState, org_id: &str, user_id: &str) -> AppResult<bool> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM messages WHERE org_id = $1 AND author_id = $2 LIMIT 1")
            .bind(org_id)
            .bind(user_id)
            .fetch_optional(state.db.reader())
            .await?;
    Ok(found.is_some())
}
