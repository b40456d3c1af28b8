//! Messages: pages, posting, one message with its version, edits under `If-Match`, deletion,
//! threads, reactions, pins, search and files.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::views::*;
use crate::api::json::ApiJson;
use crate::api::page::{self, Page, PageQuery};
use crate::api::version::{IfMatch, etag};
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::messaging::attachments::{self, clean_name};
use crate::messaging::posting::{self, Draft, Posted};
use crate::messaging::reading;
use crate::messaging::store::messages::SearchFilter;
use crate::messaging::text::MessageText;
use crate::state::AppState;
use crate::web::{IdPath, ids::is_id};

fn text_of(text: &str) -> AppResult<MessageText> {
    MessageText::parse(text).map_err(|error| AppError::Invalid { field: "text", code: error.0 })
}

fn posted(posted: Posted) -> (StatusCode, Json<PostedOut>) {
    let out =
        PostedOut { id: posted.message_id, seq: posted.seq, held_notifications: posted.held.len() };
    (StatusCode::CREATED, Json(out))
}

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    Query(asked): Query<PageQuery>,
) -> AppResult<Json<Page<MessageOut>>> {
    let user = caller.require(Scope::MessagingRead)?;
    let query = format!("messages:{id}");
    let position = page::position(&state, &query, &asked).await?;
    let before = match &position.after {
        Some(seq) => Some(seq.parse::<i64>().map_err(|_| page::invalid())?),
        None => None,
    };
    let limit = i64::try_from(position.limit).unwrap_or(page::MAX_LIMIT as i64) + 1;
    let rows = reading::newest_first(&state, user, &id, before, limit).await?;
    let page = page::page(&state, &query, &position, rows, |m| m.seq.to_string(), MessageOut::from)
        .await?;
    Ok(Json(page))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(new): ApiJson<NewMessageIn>,
) -> AppResult<(StatusCode, Json<PostedOut>)> {
    let user = caller.require(Scope::MessagingWrite)?;
    let draft = Draft {
        text: text_of(&new.text)?,
        thread_root_id: new.thread_root_id,
        urgent_reason: new.urgent_reason,
        confirm_everyone: new.confirm_everyone,
        client_key: new.client_key,
        attachment: None,
    };
    Ok(posted(posting::post(&state, user, &id, draft).await?))
}

pub async fn one(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<(HeaderMap, Json<MessageOut>)> {
    let user = caller.require(Scope::MessagingRead)?;
    let message = reading::one(&state, user, &id).await?;
    Ok((etag(message.version), Json(message.into())))
}

pub async fn edit(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    IfMatch(expected): IfMatch,
    ApiJson(change): ApiJson<EditIn>,
) -> AppResult<(HeaderMap, Json<MessageOut>)> {
    let user = caller.require(Scope::MessagingWrite)?;
    posting::edit(&state, user, &id, &text_of(&change.text)?, expected).await?;
    let message = reading::one(&state, user, &id).await?;
    Ok((etag(message.version), Json(message.into())))
}

pub async fn remove(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    posting::delete(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn thread(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<ThreadOut>> {
    let user = caller.require(Scope::MessagingRead)?;
    let (_, root, replies) = reading::thread(&state, user, &id).await?;
    Ok(Json(ThreadOut {
        root: root.into(),
        replies: replies.into_iter().map(MessageOut::from).collect(),
    }))
}

/// `{id}/reactions/{emoji}`: an unknown id is 404, an emoji outside the list a clear 422.
async fn reaction(
    state: &AppState,
    caller: &ApiCaller,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
    present: bool,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    let Ok(Path((id, emoji))) = path else { return Err(AppError::NotFound) };
    if !is_id(&id) {
        return Err(AppError::NotFound);
    }
    posting::react(state, user, &id, &emoji, Some(present)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn react(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> AppResult<StatusCode> {
    reaction(&state, &caller, path, true).await
}

pub async fn unreact(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> AppResult<StatusCode> {
    reaction(&state, &caller, path, false).await
}

pub async fn pin(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    posting::pin(&state, user, &id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn unpin(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    posting::pin(&state, user, &id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn pins(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<Vec<MessageOut>>> {
    let user = caller.require(Scope::MessagingRead)?;
    let pinned = reading::pinned(&state, user, &id).await?;
    Ok(Json(pinned.into_iter().map(MessageOut::from).collect()))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    conversation_id: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(asked): Query<SearchQuery>,
) -> AppResult<Json<Vec<HitOut>>> {
    let user = caller.require(Scope::MessagingRead)?;
    if asked.q.trim().is_empty() {
        return Err(AppError::Invalid { field: "q", code: "field-required" });
    }
    let filter = SearchFilter { conversation_id: asked.conversation_id, ..Default::default() };
    let hits = reading::find(&state, user, &asked.q, &filter).await?;
    Ok(Json(hits.into_iter().map(HitOut::from).collect()))
}

#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    name: String,
    #[serde(default)]
    text: String,
}

pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    Query(asked): Query<UploadQuery>,
    body: axum::body::Body,
) -> AppResult<(StatusCode, Json<PostedOut>)> {
    let user = caller.require(Scope::MessagingWrite)?;
    // Membership first: a stranger learns nothing about the quota.
    crate::messaging::conversations::joined(&state, user, &id).await?;
    if asked.name.trim().is_empty() {
        return Err(AppError::Invalid { field: "name", code: "field-required" });
    }
    let limit = state.settings.limits.max_upload_bytes;
    let bytes: Bytes =
        axum::body::to_bytes(body, limit).await.map_err(|_| AppError::PayloadTooLarge)?;
    let caption = asked.text.trim();
    let text = if caption.is_empty() {
        format!("📎 {}", clean_name(&asked.name))
    } else {
        caption.to_string()
    };
    let attachment = attachments::prepare(&state, user, &asked.name, &bytes).await?;
    let draft = Draft {
        text: text_of(&text)?,
        thread_root_id: None,
        urgent_reason: None,
        confirm_everyone: true,
        client_key: None,
        attachment: Some(attachment),
    };
    Ok(posted(posting::post(&state, user, &id, draft).await?))
}

pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Response> {
    let user = caller.require(Scope::MessagingRead)?;
    let (name, media_type, bytes) = attachments::open(&state, user, &id).await?;
    crate::messaging::routes::files::file_response(&name, &media_type, bytes)
}
