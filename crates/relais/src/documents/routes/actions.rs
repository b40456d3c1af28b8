//! Forms that change the tree: new folder; rename, move, trash and restore (folders and
//! documents); a version made current again; the "being edited" lock; a patient link.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;

use super::pages::{document_page, folder_page};
use crate::auth::CurrentUser;
use crate::documents::model::{DocumentId, FolderId};
use crate::documents::service::manage;
use crate::documents::store::{documents, folders};
use crate::error::{AppError, AppResult};
use crate::homecare::model::PatientId;
use crate::state::AppState;
use crate::web::{CsrfForm, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents/folders/{id}/new", post(new_folder))
        .route("/documents/folders/{id}/rename", post(rename_folder))
        .route("/documents/folders/{id}/move", post(move_folder))
        .route("/documents/folders/{id}/trash", post(trash_folder))
        .route("/documents/folders/{id}/untrash", post(untrash_folder))
        .route("/documents/{id}/rename", post(rename))
        .route("/documents/{id}/move", post(move_document))
        .route("/documents/{id}/trash", post(trash))
        .route("/documents/{id}/untrash", post(untrash))
        .route("/documents/{id}/lock", post(lock))
        .route("/documents/{id}/favourite", post(favourite))
        .route("/documents/{id}/unlock", post(unlock))
        .route("/documents/{id}/patient", post(link_patient))
        .route("/documents/{id}/versions/{number}/restore", post(restore_version))
}

#[derive(Debug, Default, Deserialize)]
struct NameForm {
    #[serde(default)]
    name: String,
}

#[derive(Debug, Default, Deserialize)]
struct MoveForm {
    #[serde(default)]
    to: String,
}

#[derive(Debug, Default, Deserialize)]
struct PatientForm {
    #[serde(default)]
    patient: String,
}

fn folder_id(text: &str) -> AppResult<FolderId> {
    FolderId::parse(text).ok_or(AppError::Invalid { field: "to", code: "document-move-elsewhere" })
}

async fn new_folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(form): CsrfForm<NameForm>,
) -> AppResult<Response> {
    let outcome = manage::create_folder(&state, &user, &id, &form.name)
        .await
        .map(|_| format!("/documents/folders/{id}?done=folder"));
    answer(outcome, ui, |ui| async { folder_page(&state, ui, &user, &id).await }).await
}

async fn rename_folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(form): CsrfForm<NameForm>,
) -> AppResult<Response> {
    let outcome = manage::rename_folder(&state, &user, &id, &form.name)
        .await
        .map(|()| format!("/documents/folders/{id}?done=renamed"));
    answer(outcome, ui, |ui| async { folder_page(&state, ui, &user, &id).await }).await
}

async fn move_folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> AppResult<Response> {
    let outcome = match folder_id(&form.to) {
        Ok(to) => manage::move_folder(&state, &user, &id, &to).await,
        Err(error) => Err(error),
    }
    .map(|()| format!("/documents/folders/{id}?done=moved"));
    answer(outcome, ui, |ui| async { folder_page(&state, ui, &user, &id).await }).await
}

/// Where a trashed folder's page sends back to: its parent.
async fn parent_of(state: &AppState, user: &CurrentUser, id: &FolderId) -> AppResult<FolderId> {
    folders::find(state.db.reader(), &user.org_id, id)
        .await?
        .and_then(|f| f.parent_id)
        .ok_or(AppError::NotFound)
}

async fn trash_folder(
    State(state): State<AppState>,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    let parent = parent_of(&state, &user, &id).await?;
    manage::trash_folder(&state, &user, &id, true).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/folders/{parent}?done=trashed")))
}

async fn untrash_folder(
    State(state): State<AppState>,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    manage::trash_folder(&state, &user, &id, false).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/folders/{id}?done=restored")))
}

async fn rename(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(form): CsrfForm<NameForm>,
) -> AppResult<Response> {
    let outcome = manage::rename(&state, &user, &id, &form.name)
        .await
        .map(|()| format!("/documents/{id}?done=renamed"));
    answer(outcome, ui, |ui| async { document_page(&state, ui, &user, &id).await }).await
}

async fn move_document(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> AppResult<Response> {
    let outcome = match folder_id(&form.to) {
        Ok(to) => manage::move_to(&state, &user, &id, &to).await,
        Err(error) => Err(error),
    }
    .map(|()| format!("/documents/{id}?done=moved"));
    answer(outcome, ui, |ui| async { document_page(&state, ui, &user, &id).await }).await
}

async fn trash(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    let document =
        documents::find(state.db.reader(), &user.org_id, &id).await?.ok_or(AppError::NotFound)?;
    manage::trash(&state, &user, &id, true).await?;
    Ok(axum::response::Redirect::to(&format!(
        "/documents/folders/{}?done=trashed",
        document.folder_id
    )))
}

async fn untrash(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    manage::trash(&state, &user, &id, false).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/{id}?done=restored")))
}

#[derive(Debug, Default, Deserialize)]
struct FavouriteForm {
    #[serde(default)]
    favourite: String,
}

async fn favourite(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(form): CsrfForm<FavouriteForm>,
) -> AppResult<axum::response::Redirect> {
    let marked = match form.favourite.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("favourite must be 1 or 0".into())),
    };
    crate::documents::service::shortcuts::set_favourite(&state, &user, &id, marked).await?;
    let done = if marked { "favourite" } else { "unfavourite" };
    Ok(axum::response::Redirect::to(&format!("/documents/{id}?done={done}")))
}

async fn lock(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    manage::lock(&state, &user, &id, true).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/{id}?done=locked")))
}

async fn unlock(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    manage::lock(&state, &user, &id, false).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/{id}?done=unlocked")))
}

async fn link_patient(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: DocumentId,
    CsrfForm(form): CsrfForm<PatientForm>,
) -> AppResult<Response> {
    let patient = match form.patient.trim() {
        "" => None,
        text => Some(
            PatientId::parse(text)
                .ok_or(AppError::Invalid { field: "patient", code: "choice-invalid" })?,
        ),
    };
    let outcome = manage::link_patient(&state, &user, &id, patient.as_ref())
        .await
        .map(|()| format!("/documents/{id}"));
    answer(outcome, ui, |ui| async { document_page(&state, ui, &user, &id).await }).await
}

async fn restore_version(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, number)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    let id = DocumentId::parse(&id).ok_or(AppError::NotFound)?;
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    manage::restore_version(&state, &user, &id, number).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/{id}?done=version")))
}
