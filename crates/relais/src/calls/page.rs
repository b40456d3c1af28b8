//! The call page of a conversation: video tiles, controls and the in-call chat. `call.js` does
//! the WebRTC; without JavaScript the page says a call needs it.

use askama::Template;
use axum::extract::State;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::conversations;
use crate::state::AppState;
use crate::web::{IdPath, Page, Ui};

#[derive(Template)]
#[template(path = "call.html")]
struct CallPage {
    ui: Ui,
    conversation_id: String,
    title: String,
    texts: [&'static str; 10],
}

/// What `call.js` says, in the page's language.
const TEXTS: [&str; 10] = [
    "call-connected",
    "call-reconnecting",
    "call-full",
    "call-media-refused",
    "call-audio-only",
    "call-joined",
    "call-left",
    "call-quality-good",
    "call-quality-poor",
    "call-hand-raised",
];

pub async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let (conversation, _) = conversations::joined(&state, &user, &id).await?;
    if conversation.archived_at.is_some() {
        return Err(AppError::NotFound);
    }
    let title = conversations::list(&state, &user)
        .await?
        .into_iter()
        .find(|summary| summary.conversation.id == id)
        .map(|summary| summary.title)
        .unwrap_or(conversation.name);
    Page::render(&CallPage { ui: ui.with_user(&user), conversation_id: id, title, texts: TEXTS })
}
