//! Bytes in and out: uploads streamed from a multipart form (several files at once, any size
//! up to the limit, never whole in memory), downloads and in-page previews streamed back.

use axum::Router;
use axum::extract::multipart::Field;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;

use super::range::{self, Wanted};
use crate::auth::CurrentUser;
use crate::documents::links::public;
use crate::documents::model::{DocumentId, FolderId};
use crate::documents::service::upload::{self, Target, Uploaded};
use crate::documents::service::{Action, read};
use crate::error::{AppError, AppResult};
use crate::secrets::constant_time_eq;
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::{Ui, cookies};

/// The most files one form may carry.
const MAX_FILES: usize = 100;

pub fn router(state: &AppState) -> Router<AppState> {
    // The body limit is the document limit (the stream is counted as it comes, per file).
    // The form around the files gets a mebibyte more.
    let limit = usize::try_from(state.settings.limits.max_document_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/documents/folders/{id}/upload", post(upload_to_folder))
        .route("/documents/{id}/upload", post(upload_version))
        .route("/s/{token}/drop", post(drop_by_link))
        .merge(crate::documents::dav::router())
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyLimitLayer::new(limit))
        .route("/documents/{id}/download", get(download))
        .route("/documents/{id}/preview", get(preview))
        .route("/s/{token}/files/{id}", get(download_by_link))
}

/// Where the files of a form go.
enum Destination<'a> {
    Folder(&'a CurrentUser, &'a FolderId),
    Document(&'a CurrentUser, &'a DocumentId),
    /// Into a folder beside what it holds (a name already taken gets " (2)").
    Beside(&'a CurrentUser, &'a FolderId),
    /// A share link's drop box, for a visitor holding its pass.
    DropBox {
        client: &'a Client,
        token: &'a str,
        pass: Option<&'a str>,
    },
}

impl Destination<'_> {
    async fn store(&self, state: &AppState, name: &str, field: Field<'_>) -> AppResult<Uploaded> {
        match self {
            Destination::Folder(user, id) => {
                upload::upload(state, user, Target::Folder(id), name, field).await
            }
            Destination::Document(user, id) => {
                upload::upload(state, user, Target::Document(id), name, field).await
            }
            Destination::Beside(user, id) => {
                upload::upload(state, user, Target::Drop(id), name, field).await
            }
            Destination::DropBox { client, token, pass } => {
                public::drop(state, client, token, *pass, name, field).await
            }
        }
    }
}

/// Reads the form: its first field must be the CSRF token, then come the files, each stored as
/// it streams in.
async fn receive_files(
    state: &AppState,
    request: Request,
    destination: Destination<'_>,
) -> AppResult<Vec<Uploaded>> {
    let jar = CookieJar::from_headers(request.headers());
    let cookie =
        jar.get(&cookies::name(&state.settings, cookies::CSRF)).map(|c| c.value().to_string());
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let first = form.next_field().await.map_err(bad)?.ok_or(AppError::CsrfRejected)?;
    if first.name() != Some("csrf") {
        return Err(AppError::CsrfRejected);
    }
    let sent = first.text().await.map_err(bad)?;
    match cookie {
        Some(cookie) if constant_time_eq(&cookie, &sent) => {}
        _ => return Err(AppError::CsrfRejected),
    }
    let mut uploaded = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let Some(file_name) = field.file_name().map(str::to_owned) else { continue };
        if file_name.is_empty() {
            continue;
        }
        if uploaded.len() == MAX_FILES {
            return Err(AppError::BadRequest("too many files in one form".into()));
        }
        uploaded.push(destination.store(state, &file_name, field).await?);
    }
    if uploaded.is_empty() {
        return Err(AppError::Invalid { field: "file", code: "documents-no-file" });
    }
    Ok(uploaded)
}

/// Stores the files of a multipart form (CSRF token first) in a folder, beside what it holds:
/// how other features (a task card) upload into documents.
pub async fn receive_beside(
    state: &AppState,
    request: Request,
    user: &CurrentUser,
    folder: &FolderId,
) -> AppResult<Vec<Uploaded>> {
    receive_files(state, request, Destination::Beside(user, folder)).await
}

fn bad(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(error.body_text())
    }
}

/// A script uploading with progress asks for JSON; a plain form gets the folder page again.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn answer(headers: &HeaderMap, uploaded: &[Uploaded], back: String) -> Response {
    if wants_json(headers) {
        let files: Vec<_> = uploaded
            .iter()
            .map(|u| serde_json::json!({ "id": u.document_id, "name": u.name, "version": u.version }))
            .collect();
        axum::Json(serde_json::json!({ "files": files })).into_response()
    } else {
        Redirect::to(&back).into_response()
    }
}

async fn upload_to_folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers().clone();
    match receive_files(&state, request, Destination::Folder(&user, &id)).await {
        Ok(uploaded) => {
            Ok(answer(&headers, &uploaded, format!("/documents/folders/{id}?done=uploaded")))
        }
        Err(AppError::Invalid { field, code }) if !wants_json(&headers) => {
            let again = super::pages::folder_page(&state, ui.with_error(field, code), &user, &id);
            Ok(again.await?.into_response())
        }
        Err(error) => Err(error),
    }
}

async fn upload_version(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: DocumentId,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers().clone();
    match receive_files(&state, request, Destination::Document(&user, &id)).await {
        Ok(uploaded) => Ok(answer(&headers, &uploaded, format!("/documents/{id}?done=uploaded"))),
        Err(AppError::Invalid { field, code }) if !wants_json(&headers) => {
            let again = super::pages::document_page(&state, ui.with_error(field, code), &user, &id);
            Ok(again.await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Debug, Default, Deserialize)]
struct Which {
    /// A version number; the current version when absent.
    v: Option<i64>,
}

/// `attachment; filename*=UTF-8''…` with the name percent-encoded (any language, no header
/// injection).
fn disposition(kind: &str, name: &str) -> HeaderValue {
    let encoded: String =
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20");
    HeaderValue::from_str(&format!("{kind}; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn respond(opened: read::Opened, kind: &str, media_type: &str) -> AppResult<Response> {
    let mut response = Response::new(opened.body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media_type).map_err(|e| AppError::Internal(e.into()))?,
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(opened.size_bytes.max(0) as u64));
    headers.insert(header::CONTENT_DISPOSITION, disposition(kind, &opened.name));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The bytes are never a page of this site: no script, no form, no frame of their own.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        ),
    );
    Ok(response)
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    Query(which): Query<Which>,
    request_headers: HeaderMap,
) -> AppResult<Response> {
    let mut opened = read::open(&state, &user, &id, which.v, Action::Download).await?;
    // Downloads are typed as raw bytes unless they are one of the shown types: a browser never
    // renders a downloaded HTML or SVG file as a page of this site.
    let media_type = if read::shown_inline(&opened.media_type) {
        opened.media_type.clone()
    } else {
        "application/octet-stream".to_string()
    };
    let size = u64::try_from(opened.size_bytes).unwrap_or(0);
    match range::wanted(&request_headers, size) {
        Wanted::Whole => {
            let mut response = respond(opened, "attachment", &media_type)?;
            response.headers_mut().insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            Ok(response)
        }
        Wanted::Part { start, len } => {
            opened.body = range::slice(opened.body, start, len);
            opened.size_bytes = i64::try_from(len).unwrap_or(0);
            let mut response = respond(opened, "attachment", &media_type)?;
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let end = start + len - 1;
            let content_range = format!("bytes {start}-{end}/{size}");
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&content_range).map_err(|e| AppError::Internal(e.into()))?,
            );
            Ok(response)
        }
        Wanted::Unsatisfiable => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            let content_range = HeaderValue::from_str(&format!("bytes */{size}"))
                .map_err(|e| AppError::Internal(e.into()))?;
            response.headers_mut().insert(header::CONTENT_RANGE, content_range);
            Ok(response)
        }
    }
}

async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DocumentId,
    Query(which): Query<Which>,
) -> AppResult<Response> {
    let opened = read::open(&state, &user, &id, which.v, Action::Preview).await?;
    if !read::shown_inline(&opened.media_type) {
        return Err(AppError::NotFound);
    }
    let media_type = opened.media_type.clone();
    respond(opened, "inline", &media_type)
}

/// A visitor's download through a share link.
async fn download_by_link(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    Path((token, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = DocumentId::parse(&id).ok_or(AppError::NotFound)?;
    let pass = super::public::pass_of(&state, &jar);
    let opened = public::download(&state, &client, &token, pass.as_deref(), &id).await?;
    respond(opened, "attachment", "application/octet-stream")
}

/// Files given to a drop box: each stored as it streams in, beside what the folder holds.
async fn drop_by_link(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    Path(token): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers().clone();
    let pass = super::public::pass_of(&state, &jar);
    let destination =
        Destination::DropBox { client: &client, token: &token, pass: pass.as_deref() };
    match receive_files(&state, request, destination).await {
        Ok(uploaded) => Ok(answer(&headers, &uploaded, format!("/s/{token}?done=dropped"))),
        Err(AppError::Invalid { field, code }) if !wants_json(&headers) => {
            super::public::visitor_page(&state, ui.with_error(field, code), &client, &jar, &token)
                .await
        }
        Err(error) => Err(error),
    }
}
