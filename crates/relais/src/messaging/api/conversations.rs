//! Conversations and their members.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::views::*;
use crate::api::json::ApiJson;
use crate::api::{ApiCaller, Scope};
use crate::error::{AppError, AppResult};
use crate::messaging::{conversations, reading};
use crate::org::fields::Label;
use crate::state::AppState;
use crate::web::IdPath;

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> AppResult<Json<Vec<ConversationOut>>> {
    let user = caller.require(Scope::MessagingRead)?;
    let all = conversations::list(&state, user).await?;
    Ok(Json(all.into_iter().map(ConversationOut::from).collect()))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(new): ApiJson<NewChannelIn>,
) -> AppResult<(StatusCode, Json<IdOut>)> {
    let user = caller.require(Scope::MessagingWrite)?;
    let name = Label::parse(&new.name)
        .map_err(|error| AppError::Invalid { field: "name", code: error.0 })?;
    let topic = crate::messaging::text::topic(&new.topic)
        .map_err(|error| AppError::Invalid { field: "topic", code: error.0 })?;
    let id = conversations::create_channel(&state, user, &name, &topic, new.private).await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })))
}

pub async fn direct(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(asked): ApiJson<DirectIn>,
) -> AppResult<Json<IdOut>> {
    let user = caller.require(Scope::MessagingWrite)?;
    if asked.people.len() > crate::messaging::model::MAX_GROUP {
        return Err(AppError::Invalid { field: "people", code: "conversation-group-too-big" });
    }
    let id = conversations::open_direct(&state, user, &asked.people).await?;
    Ok(Json(IdOut { id }))
}

pub async fn members(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<Json<Vec<MemberOut>>> {
    let user = caller.require(Scope::MessagingRead)?;
    let members = conversations::members(&state, user, &id).await?;
    Ok(Json(members.into_iter().map(MemberOut::from).collect()))
}

pub async fn invite(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(asked): ApiJson<InviteIn>,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    conversations::invite(&state, user, &id, &asked.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn join(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    conversations::join(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn leave(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    conversations::leave(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn mark_read(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
    ApiJson(mark): ApiJson<ReadIn>,
) -> AppResult<StatusCode> {
    let user = caller.require(Scope::MessagingWrite)?;
    reading::mark_read(&state, user, &id, mark.seq).await?;
    Ok(StatusCode::NO_CONTENT)
}
