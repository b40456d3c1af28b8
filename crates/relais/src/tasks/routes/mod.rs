//! `/tasks`: my tasks and my boards, a board (with its filters and a list view), its settings
//! (lists, labels, recurring cards), its archive, a card, and a card made from a message. Every
//! change is a form post; `static/tasks.js` adds drag and drop and live updates on top.

mod archive;
mod board;
mod calendar;
mod card;
mod files;
mod home;
mod tile;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router(state: &AppState) -> Router<AppState> {
    // Files sent from a card follow the limit of messages' attachments.
    let max_upload = state.settings.limits.max_upload_bytes;
    let uploads = Router::new()
        .route("/tasks/cards/{id}/files", post(files::upload))
        .layer(DefaultBodyLimit::max(max_upload));
    Router::new()
        .merge(uploads)
        .route("/tasks", get(home::page))
        .route("/tasks/boards", post(home::create_board))
        .route("/tasks/calendar", get(calendar::show))
        .route("/tasks/calendar/feed", post(calendar::renew))
        .route("/tasks/calendar/feed/revoke", post(calendar::revoke))
        .route("/tasks/feed/{file}", get(calendar::feed))
        .route("/tasks/notices/read", post(home::notices_read))
        .route("/tasks/new", get(home::from_message_form).post(home::from_message))
        .route("/tasks/boards/{id}", get(board::page))
        .route("/tasks/boards/{id}/cards", post(board::create_card))
        .route("/tasks/boards/{id}/settings", get(board::settings).post(board::rename))
        .route("/tasks/boards/{id}/lists", post(board::lists))
        .route("/tasks/boards/{id}/labels", post(board::labels))
        .route("/tasks/boards/{id}/recurrences", post(board::recurrences))
        .route("/tasks/boards/{id}/archive", get(archive::page))
        .route("/tasks/cards/{id}", get(card::page))
        .route("/tasks/cards/{id}/tile", get(tile::page))
        .route("/tasks/cards/{id}/move", post(card::move_card))
        .route("/tasks/cards/{id}/edit", post(card::edit))
        .route("/tasks/cards/{id}/archive", post(card::archive))
        .route("/tasks/cards/{id}/assign", post(card::assign))
        .route("/tasks/cards/{id}/label", post(card::label))
        .route("/tasks/cards/{id}/items", post(card::items))
        .route("/tasks/cards/{id}/comments", post(card::comment))
        .route("/tasks/cards/{id}/documents", get(files::search).post(files::set))
        .route("/tasks/cards/{id}/export", get(files::export))
        .route("/tasks/cards/{id}/patient", get(card::patient_form).post(card::patient))
}

/// The key of a priority's name.
fn priority_key(priority: crate::tasks::model::Priority) -> String {
    format!("task-priority-{}", priority.as_str())
}
