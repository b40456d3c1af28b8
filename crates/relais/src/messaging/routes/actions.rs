//! The form posts of messaging. Each answers with a redirect (or, for a page that asked for JSON,
//! a small JSON answer), or shows the form again with the refused field's message.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::pages::{conversation_page, index_page, thread_page};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::posting::{self, Draft};
use crate::messaging::text::{MessageText, topic};
use crate::messaging::{conversations, reading};
use crate::org::fields::Label;
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Ui, answer};

fn invalid(field: &'static str) -> impl Fn(crate::org::fields::FieldError) -> AppError {
    move |error| AppError::Invalid { field, code: error.0 }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty() && v != "0")
}

#[derive(Deserialize)]
pub struct ChannelForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    topic: String,
    private: Option<String>,
}

pub async fn create_channel(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ChannelForm>,
) -> AppResult<Response> {
    let outcome = async {
        let name = Label::parse(&form.name).map_err(invalid("name"))?;
        let topic = topic(&form.topic).map_err(invalid("topic"))?;
        let id =
            conversations::create_channel(&state, &user, &name, &topic, checked(&form.private))
                .await?;
        Ok(format!("/messages/{id}"))
    }
    .await;
    answer(outcome, ui, |ui| async move { index_page(&state, ui, &user).await }).await
}

#[derive(Deserialize)]
pub struct DirectForm {
    #[serde(default)]
    people: Vec<String>,
}

pub async fn open_direct(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DirectForm>,
) -> AppResult<Response> {
    let outcome = async {
        if form.people.iter().any(|id| !crate::web::ids::is_id(id)) {
            return Err(AppError::Invalid { field: "people", code: "conversation-unknown-person" });
        }
        let id = conversations::open_direct(&state, &user, &form.people).await?;
        Ok(format!("/messages/{id}"))
    }
    .await;
    answer(outcome, ui, |ui| async move { index_page(&state, ui, &user).await }).await
}

#[derive(Deserialize)]
pub struct PostForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    thread: String,
    urgent: Option<String>,
    #[serde(default)]
    urgent_reason: String,
    confirm_everyone: Option<String>,
    #[serde(default)]
    key: String,
}

pub async fn post(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<PostForm>,
) -> AppResult<Response> {
    let thread = Some(form.thread.trim().to_string()).filter(|t| !t.is_empty());
    if thread.as_deref().is_some_and(|t| !crate::web::ids::is_id(t)) {
        return Err(AppError::Invalid { field: "thread", code: "message-thread-unknown" });
    }
    let outcome = async {
        let draft = Draft {
            text: MessageText::parse(&form.text).map_err(invalid("text"))?,
            thread_root_id: thread.clone(),
            urgent_reason: checked(&form.urgent).then(|| form.urgent_reason.clone()),
            confirm_everyone: checked(&form.confirm_everyone),
            client_key: Some(form.key.trim().to_string()).filter(|k| !k.is_empty()),
            attachment: None,
        };
        posting::post(&state, &user, &id, draft).await
    }
    .await;
    if wants_json(&headers) {
        return match outcome {
            Ok(posted) => Ok((StatusCode::CREATED, Json(posted)).into_response()),
            Err(error) => Err(error),
        };
    }
    let next = match &thread {
        Some(root) => format!("/messages/m/{root}/thread"),
        None => format!("/messages/{id}#composer"),
    };
    let draft = form.text.clone();
    answer(outcome.map(|_| next), ui, |ui| async move {
        match &thread {
            Some(root) => thread_page(&state, ui, &user, root).await,
            None => conversation_page(&state, ui, &user, &id, None, draft).await,
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct SeqForm {
    #[serde(default)]
    seq: String,
}

pub async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<SeqForm>,
) -> AppResult<Response> {
    let seq: i64 = form
        .seq
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("seq must be a whole number".into()))?;
    reading::mark_read(&state, &user, &id, seq).await?;
    done(&headers, format!("/messages/{id}"))
}

fn to_conversation(id: &str) -> AppResult<Response> {
    Ok(axum::response::Redirect::to(&format!("/messages/{id}")).into_response())
}

/// Answers a form of the conversation page: back to it, or the page again with the refused field.
async fn back_to_conversation(
    state: AppState,
    ui: Ui,
    user: CurrentUser,
    id: String,
    outcome: AppResult<()>,
) -> AppResult<Response> {
    let outcome = outcome.map(|()| format!("/messages/{id}"));
    answer(outcome, ui, |ui| async move {
        conversation_page(&state, ui, &user, &id, None, String::new()).await
    })
    .await
}

/// No content for a script, a redirect for a form.
fn done(headers: &HeaderMap, next: String) -> AppResult<Response> {
    if wants_json(headers) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(axum::response::Redirect::to(&next).into_response())
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn typing(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    reading::typing(&state, &user, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn join(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    conversations::join(&state, &user, &id).await?;
    to_conversation(&id)
}

pub async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    conversations::leave(&state, &user, &id).await?;
    Ok(axum::response::Redirect::to("/messages").into_response())
}

#[derive(Deserialize)]
pub struct FlagForm {
    value: Option<String>,
}

pub async fn mute(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> AppResult<Response> {
    conversations::set_muted(&state, &user, &id, checked(&form.value)).await?;
    to_conversation(&id)
}

pub async fn archive(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> AppResult<Response> {
    conversations::set_archived(&state, &user, &id, checked(&form.value)).await?;
    to_conversation(&id)
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    person: String,
}

pub async fn invite(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> AppResult<Response> {
    let outcome = async {
        if !crate::web::ids::is_id(form.person.trim()) {
            return Err(AppError::Invalid { field: "person", code: "conversation-unknown-person" });
        }
        conversations::invite(&state, &user, &id, form.person.trim()).await
    }
    .await;
    back_to_conversation(state, ui, user, id, outcome).await
}

#[derive(Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    topic: String,
}

pub async fn details(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<DetailsForm>,
) -> AppResult<Response> {
    let outcome = async {
        let name = Label::parse(&form.name).map_err(invalid("name"))?;
        let topic = topic(&form.topic).map_err(invalid("topic"))?;
        conversations::update_details(&state, &user, &id, &name, &topic).await
    }
    .await;
    back_to_conversation(state, ui, user, id, outcome).await
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    text: String,
}

/// Where a message lives: its conversation, or its thread for a reply.
async fn back_to(state: &AppState, user: &CurrentUser, message_id: &str) -> AppResult<String> {
    let message = reading::one(state, user, message_id).await?;
    Ok(match &message.thread_root_id {
        Some(root) => format!("/messages/m/{root}/thread"),
        None => format!("/messages/{}#m-{}", message.conversation_id, message.id),
    })
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<EditForm>,
) -> AppResult<Response> {
    let text = MessageText::parse(&form.text).map_err(invalid("text"))?;
    posting::edit(&state, &user, &id, &text, None).await?;
    done(&headers, back_to(&state, &user, &id).await?)
}

pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    posting::delete(&state, &user, &id).await?;
    done(&headers, back_to(&state, &user, &id).await?)
}

#[derive(Deserialize)]
pub struct ReactForm {
    #[serde(default)]
    emoji: String,
}

pub async fn react(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ReactForm>,
) -> AppResult<Response> {
    posting::react(&state, &user, &id, &form.emoji, None).await?;
    done(&headers, back_to(&state, &user, &id).await?)
}

pub async fn pin(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> AppResult<Response> {
    posting::pin(&state, &user, &id, checked(&form.value)).await?;
    done(&headers, back_to(&state, &user, &id).await?)
}

#[derive(Deserialize)]
pub struct AnnouncementForm {
    #[serde(default)]
    time: String,
}

pub async fn announcement(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AnnouncementForm>,
) -> AppResult<Response> {
    let outcome = async {
        let minute = match form.time.trim() {
            "" => None,
            text => Some(
                crate::org::fields::parse_clock(text)
                    .ok_or(AppError::Invalid { field: "announcement", code: "time-invalid" })?,
            ),
        };
        crate::messaging::announcement::set_time(&state, &user, &id, minute).await
    }
    .await;
    back_to_conversation(state, ui, user, id, outcome).await
}
