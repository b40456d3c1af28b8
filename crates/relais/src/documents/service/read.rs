//! Reading a document: its versions, and the bytes of one, opened chunk by chunk as they are sent
//! (memory stays flat whatever the size). Opening a patient-linked document is audited as a read
//! of the patient's data.

use axum::body::Body;
use bytes::Bytes;

use super::access::{self, DocumentAccess};
use super::{Action, record};
use crate::auth::CurrentUser;
use crate::documents::model::{DocumentId, Version};
use crate::documents::store::documents;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A document with its versions, newest first.
pub struct Details {
    pub access: DocumentAccess,
    pub versions: Vec<Version>,
}

pub async fn details(state: &AppState, actor: &CurrentUser, id: &DocumentId) -> AppResult<Details> {
    let access = access::document(state, actor, id).await?;
    let versions = documents::versions(state.db.reader(), id).await?;
    Ok(Details { access, versions })
}

/// One version's bytes, ready to send.
pub struct Opened {
    pub name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub body: Body,
}

/// Opens a version (the current one when `number` is none).
pub async fn open(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    number: Option<i64>,
    action: Action,
) -> AppResult<Opened> {
    let found = access::document(state, actor, id).await?;
    let number = number.unwrap_or(found.document.current_version);
    let version =
        documents::version(state.db.reader(), id, number).await?.ok_or(AppError::NotFound)?;
    if let Some(patient) = &found.document.patient_id {
        let mut tx = state.db.begin().await?;
        record(&mut tx, state, actor, action, id.as_str(), Some(patient)).await?;
        crate::audit::trail::finish(tx, state).await?;
    }
    let body = plaintext(state, &actor.org_id, &version).await?;
    Ok(Opened {
        name: found.document.name,
        media_type: version.media_type,
        size_bytes: version.size_bytes,
        body,
    })
}

/// The opened bytes of a version as a body.
pub async fn plaintext(state: &AppState, org_id: &str, version: &Version) -> AppResult<Body> {
    let sealed = crate::crypto::sealed_blob::Sealed {
        table: "document_versions",
        column: "blob",
        row_id: version.id.to_string(),
        blob_key: version.blob_key.clone(),
    };
    crate::crypto::sealed_blob::open(state, org_id, &sealed).await
}

/// The types shown in the page rather than downloaded: raster images and PDF (each served with
/// a strict policy of its own); text is shown as text by the page itself.
pub fn shown_inline(media_type: &str) -> bool {
    crate::web::file_type::SHOWN.contains(&media_type) || media_type == "application/pdf"
}

/// The largest text shown in the page.
const TEXT_SHOWN_BYTES: i64 = 512 * 1024;

/// A text document shown in the page.
pub enum TextPreview {
    /// Plain text, escaped by the template.
    Plain(String),
    /// Markdown, rendered by the messages' safe renderer.
    Markdown(String),
}

/// The document's text when it is text small enough to show.
pub async fn text_preview(
    state: &AppState,
    actor: &CurrentUser,
    details: &Details,
) -> AppResult<Option<TextPreview>> {
    let document = &details.access.document;
    if !document.media_type.starts_with("text/plain") || document.size_bytes > TEXT_SHOWN_BYTES {
        return Ok(None);
    }
    let Some(current) = details.versions.iter().find(|v| v.number == document.current_version)
    else {
        return Ok(None);
    };
    if let Some(patient) = &document.patient_id {
        let mut tx = state.db.begin().await?;
        record(&mut tx, state, actor, Action::Preview, document.id.as_str(), Some(patient)).await?;
        crate::audit::trail::finish(tx, state).await?;
    }
    let body = plaintext(state, &actor.org_id, current).await?;
    let bytes = axum::body::to_bytes(body, TEXT_SHOWN_BYTES as usize + 1)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Some(if crate::documents::names::extension(&document.name) == "md" {
        TextPreview::Markdown(crate::messaging::markdown::render_document(&text))
    } else {
        TextPreview::Plain(text)
    }))
}

/// A file the person uploaded, opened, for the export of their own data.
pub struct UploadedFile {
    pub document_name: String,
    pub number: i64,
    pub media_type: String,
    pub created_at: i64,
    pub bytes: Bytes,
}

/// The versions a person uploaded, opened, at most `max_bytes` in all (the rest listed by name
/// only: `(name, size)`).
pub async fn uploaded_by(
    state: &AppState,
    org_id: &str,
    user_id: &str,
    max_bytes: i64,
) -> AppResult<(Vec<UploadedFile>, Vec<(String, i64)>)> {
    let uploads =
        crate::documents::store::versions::uploaded_by(state.db.reader(), org_id, user_id).await?;
    let (mut files, mut left_out, mut total) = (Vec::new(), Vec::new(), 0);
    for upload in uploads {
        let size = upload.version.size_bytes;
        if total + size > max_bytes {
            left_out.push((upload.document_name, size));
            continue;
        }
        total += size;
        let body = plaintext(state, org_id, &upload.version).await?;
        let limit = usize::try_from(size).unwrap_or(usize::MAX);
        let bytes = axum::body::to_bytes(body, limit)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
        files.push(UploadedFile {
            document_name: upload.document_name,
            number: upload.version.number,
            media_type: upload.version.media_type,
            created_at: upload.version.created_at,
            bytes,
        });
    }
    Ok((files, left_out))
}
