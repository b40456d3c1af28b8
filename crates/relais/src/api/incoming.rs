//! `POST /hooks/{secret}`: where a monitoring tool posts into a channel as a bot (the hooks are
//! made and revoked in `bots.rs`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::json::ApiJson;
use super::tokens;
use crate::auth::CurrentUser;
use crate::clock::MINUTE_MS;
use crate::error::{AppError, AppResult};
use crate::secrets::digest;
use crate::state::AppState;

/// Messages an incoming webhook may post per minute.
pub const HOOK_MESSAGES_PER_MINUTE: i64 = 60;

#[derive(Deserialize)]
pub struct HookMessage {
    text: String,
}

/// `POST /hooks/{secret}`: a tool posts `{"text": "…"}`; the message appears in the hook's
/// channel, written by its bot. Limited to `HOOK_MESSAGES_PER_MINUTE`.
pub async fn incoming(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    client: crate::web::Client,
    ApiJson(message): ApiJson<HookMessage>,
) -> AppResult<(StatusCode, Json<serde_json::Value>)> {
    let Ok(Path(secret)) = path else { return Err(AppError::NotFound) };
    if secret.is_empty() || secret.len() > 100 {
        return Err(AppError::NotFound);
    }
    let hook: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, org_id, conversation_id, bot_id FROM incoming_webhooks \
         WHERE secret_hash = $1 AND revoked_at IS NULL",
    )
    .bind(digest(&secret))
    .fetch_optional(state.db.reader())
    .await?;
    let Some((id, _org_id, conversation_id, bot_id)) = hook else { return Err(AppError::NotFound) };
    let now = state.clock.now_ms();
    let window = now - now.rem_euclid(MINUTE_MS);
    let count: i64 = sqlx::query_scalar(
        "UPDATE incoming_webhooks SET \
         window_count = CASE WHEN window_start = $1 THEN window_count + 1 ELSE 1 END, \
         window_start = $1 WHERE id = $2 RETURNING window_count",
    )
    .bind(window)
    .bind(&id)
    .fetch_one(state.db.writer())
    .await?;
    if count > HOOK_MESSAGES_PER_MINUTE {
        let retry_after_secs = tokens::retry_after_secs(window, now);
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let bot = CurrentUser::on_behalf(&state, &bot_id, format!("incoming_webhook:{id}"), client)
        .await?
        .ok_or(AppError::NotFound)?;
    let text = crate::messaging::text::MessageText::parse(&message.text)
        .map_err(|e| AppError::Invalid { field: "text", code: e.0 })?;
    let draft = crate::messaging::posting::Draft {
        text,
        thread_root_id: None,
        urgent_reason: None,
        confirm_everyone: false,
        client_key: None,
        attachment: None,
    };
    let posted = crate::messaging::posting::post(&state, &bot, &conversation_id, draft).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": posted.message_id }))))
}
