//! Reading a document: its versions, and the bytes of one, opened chunk by chunk as they are sent
//! (memory stays flat whatever the size). Opening a patient-linked document is audited as a read
//! of the patient's data.

use axum::body::Body;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use tokio_util::io::{ReaderStream, StreamReader, SyncIoBridge};

use super::access::{self, DocumentAccess};
use super::receive::place;
use super::upload::blob_error;
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

/// The opened bytes of a version as a body: the sealed blob is read and opened on a blocking
/// thread that writes into a small pipe the response reads from.
pub async fn plaintext(state: &AppState, org_id: &str, version: &Version) -> AppResult<Body> {
    let mut sealed = state.blobs.get(&version.blob_key).await.map_err(blob_error)?;
    let first: Bytes = match sealed.next().await {
        Some(chunk) => chunk.map_err(|e| AppError::Internal(e.into()))?,
        None => return Err(AppError::Internal(anyhow::anyhow!("empty blob {}", version.blob_key))),
    };
    let key_version =
        crate::crypto::stream::version(&first).map_err(|e| AppError::Internal(e.into()))?;
    let key = state
        .keys
        .for_version(&state.db, org_id, key_version)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let whole = futures_util::stream::iter([Ok(first)]).chain(sealed);
    let reader = SyncIoBridge::new(StreamReader::new(whole.map_err(std::io::Error::other)));
    let (pipe_in, pipe_out) = tokio::io::duplex(256 * 1024);
    let writer = SyncIoBridge::new(pipe_in);
    let version_id = version.id.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(error) = crate::crypto::stream::open(&key, place(&version_id), reader, writer) {
            // The client sees the response cut short (its length does not match): never a
            // silently altered file.
            tracing::error!(%error, version = version_id.as_str(), "a document could not be opened");
        }
    });
    Ok(Body::from_stream(ReaderStream::new(pipe_out)))
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
