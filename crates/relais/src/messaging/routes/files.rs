//! Sending a file with a message, and fetching it back: images shown inline, everything else only
//! as a download.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::pages::conversation_page;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::attachments::{self, clean_name};
use crate::messaging::posting::{self, Draft};
use crate::messaging::text::MessageText;
use crate::state::AppState;
use crate::web::{CsrfUpload, IdPath, Ui, answer};

/// Posts a message carrying a file; the caption is optional (the file's name stands in).
pub async fn attach(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfUpload(upload): CsrfUpload,
) -> AppResult<Response> {
    let outcome = async {
        // Membership first: a stranger learns nothing about the quota.
        crate::messaging::conversations::joined(&state, &user, &id).await?;
        let file = upload
            .file("file")
            .ok_or(AppError::Invalid { field: "file", code: "attachment-empty" })?;
        let caption = upload.text("text").trim();
        let text = if caption.is_empty() {
            format!("📎 {}", clean_name(&file.file_name))
        } else {
            caption.to_string()
        };
        let text = MessageText::parse(&text)
            .map_err(|error| AppError::Invalid { field: "text", code: error.0 })?;
        let attachment = attachments::prepare(&state, &user, &file.file_name, &file.bytes).await?;
        let draft = Draft {
            text,
            thread_root_id: None,
            urgent_reason: None,
            confirm_everyone: true,
            client_key: None,
            attachment: Some(attachment),
        };
        posting::post(&state, &user, &id, draft).await?;
        Ok(format!("/messages/{id}#composer"))
    }
    .await;
    answer(outcome, ui, |ui| async move {
        conversation_page(&state, ui, &user, &id, None, String::new()).await
    })
    .await
}

/// A file, for someone who may read its conversation.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Response> {
    let (name, media_type, bytes) = attachments::open(&state, &user, &id).await?;
    file_response(&name, &media_type, bytes)
}

/// A file as it is answered, to the pages and the API alike: images and PDF shown, the rest
/// downloaded, never cached, sandboxed.
pub fn file_response(name: &str, media_type: &str, bytes: Vec<u8>) -> AppResult<Response> {
    let inline = media_type.starts_with("image/");
    let content_type = if inline || media_type.starts_with("application/pdf") {
        media_type
    } else {
        "application/octet-stream"
    };
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20")
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).map_err(AppError::internal)?,
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
    );
    // Like the pages: a shared or stolen phone keeps no copy of a care team's files.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}
