//! A card's documents: attach one the person may open (found by a search), detach one, or upload
//! files from the card (they become documents of the board's space, then are attached).

use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::card::card_page;
use crate::auth::CurrentUser;
use crate::documents::model::{Document, DocumentId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::CardId;
use crate::tasks::service::{attachments, cards};
use crate::web::{CsrfForm, Page, Ui, answer};

#[derive(Template)]
#[template(path = "task_attach.html")]
struct AttachPage {
    ui: Ui,
    card: CardId,
    title: String,
    words: String,
    found: Vec<Document>,
}

impl AttachPage {
    fn size(&self, document: &Document) -> String {
        crate::documents::routes::size_text(self.ui.lang_code(), document.size_bytes)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn attach_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &CardId,
    words: &str,
) -> AppResult<Page> {
    let (_, stored) = cards::usable(state, user, id).await?;
    let title = cards::opened(state, stored).await?.title;
    let found = attachments::candidates(state, user, id, words).await?;
    let ui = ui.with_user(user);
    let page =
        AttachPage { ui: ui.clone(), card: id.clone(), title, words: words.to_string(), found };
    Page::form(&page, &ui)
}

pub async fn search(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    Query(query): Query<SearchQuery>,
) -> AppResult<Page> {
    attach_page(&state, ui, &user, &id, &query.q).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct DocumentForm {
    #[serde(default)]
    document: String,
    /// `on` to attach, `off` to detach.
    #[serde(default)]
    to: String,
}

pub async fn set(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<DocumentForm>,
) -> AppResult<Response> {
    let attach = form.to == "on";
    let outcome = async {
        let document = DocumentId::parse(&form.document)
            .ok_or(AppError::Invalid { field: "document", code: "task-document-unknown" })?;
        attachments::set(&state, &user, &id, &document, attach).await?;
        Ok(format!("/tasks/cards/{id}?done=saved#documents"))
    }
    .await;
    if attach {
        answer(outcome, ui, |ui| attach_page(&state, ui, &user, &id, "")).await
    } else {
        answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
    }
}

/// Files sent from the card: stored in the board's space, then attached.
pub async fn upload(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    request: Request,
) -> AppResult<Response> {
    let stored = async {
        let folder = attachments::upload_folder(&state, &user, &id).await?;
        let uploaded =
            crate::documents::routes::files::receive_beside(&state, request, &user, &folder)
                .await?;
        let ids: Vec<DocumentId> = uploaded.into_iter().map(|u| u.document_id).collect();
        attachments::attach_uploaded(&state, &user, &id, &ids).await
    }
    .await;
    match stored {
        Ok(()) => {
            Ok(Redirect::to(&format!("/tasks/cards/{id}?done=saved#documents")).into_response())
        }
        Err(AppError::Invalid { field, code }) => {
            let again = card_page(&state, ui.with_error(field, code), &user, &id, None).await?;
            Ok(again.into_response())
        }
        Err(error) => Err(error),
    }
}

/// The card and its history as a JSON file.
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    id: CardId,
) -> AppResult<Response> {
    let (name, bytes) = crate::tasks::service::export::card(&state, &user, &id).await?;
    let headers = [
        (header::CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    Ok((headers, bytes).into_response())
}
