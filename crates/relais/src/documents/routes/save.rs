//! `/documents/save?attachment=…`: keep a file received in a conversation in a space.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::documents::model::FolderId;
use crate::documents::service::from_message::{self, Destinations};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new().route("/documents/save", get(show).post(save))
}

#[derive(Template)]
#[template(path = "documents_save.html")]
struct SavePage {
    ui: Ui,
    attachment: String,
    destinations: Destinations,
}

#[derive(Debug, Default, Clone, Deserialize)]
struct SaveForm {
    #[serde(default)]
    attachment: String,
    #[serde(default)]
    folder: String,
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser, attachment: &str) -> AppResult<Page> {
    let destinations = from_message::destinations(state, user, attachment).await?;
    let ui = ui.with_user(user);
    let page = SavePage { ui: ui.clone(), attachment: attachment.to_string(), destinations };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(form): Query<SaveForm>,
) -> AppResult<Page> {
    page(&state, ui, &user, &form.attachment).await
}

async fn save(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> AppResult<Response> {
    let outcome = match FolderId::parse(&form.folder) {
        Some(folder) => from_message::save(&state, &user, &form.attachment, &folder)
            .await
            .map(|_| format!("/documents/folders/{folder}?done=uploaded")),
        None => Err(AppError::Invalid { field: "folder", code: "documents-save-folder-required" }),
    };
    answer(outcome, ui, |ui| page(&state, ui, &user, &form.attachment)).await
}
