//! `CsrfUpload`: a `multipart/form-data` form (text fields and files) whose `csrf` field must
//! match the CSRF cookie. Routes that take one raise the body limit to `limits.max_upload_bytes`
//! with `upload_limit`; anything malformed or too large is a clear error, never a panic.

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum_extra::extract::CookieJar;

use super::cookies;
use crate::error::AppError;
use crate::secrets::constant_time_eq;
use crate::state::AppState;

/// The most fields a form may carry.
const MAX_FIELDS: usize = 32;
/// The longest text field.
const MAX_TEXT_BYTES: usize = 64 * 1024;

/// The layer letting a route's uploads reach `limits.max_upload_bytes`.
pub fn upload_limit(state: &AppState) -> DefaultBodyLimit {
    DefaultBodyLimit::max(state.settings.limits.max_upload_bytes)
}

/// A file as sent: the name the browser gave it and its bytes (the type is sniffed, not trusted).
#[derive(Debug, Clone, Default)]
pub struct UploadedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Upload {
    pub fields: HashMap<String, String>,
    pub files: HashMap<String, UploadedFile>,
}

impl Upload {
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }

    /// The file sent as `name`, if one was chosen (browsers send an empty part otherwise).
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files.get(name).filter(|f| !f.bytes.is_empty())
    }
}

pub struct CsrfUpload(pub Upload);

fn refused(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(error.body_text())
    }
}

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let jar = CookieJar::from_headers(request.headers());
        let cookie =
            jar.get(&cookies::name(&state.settings, cookies::CSRF)).map(|c| c.value().to_string());
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
        let mut upload = Upload::default();
        let mut count = 0;
        while let Some(field) = multipart.next_field().await.map_err(refused)? {
            count += 1;
            if count > MAX_FIELDS {
                return Err(AppError::BadRequest("too many form fields".into()));
            }
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(String::from) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(refused)?.to_vec();
                    upload.files.insert(name, UploadedFile { file_name, bytes });
                }
                None => {
                    let bytes = field.bytes().await.map_err(refused)?;
                    if bytes.len() > MAX_TEXT_BYTES {
                        return Err(AppError::PayloadTooLarge);
                    }
                    let text = String::from_utf8(bytes.to_vec())
                        .map_err(|_| AppError::BadRequest(format!("{name} is not UTF-8")))?;
                    upload.fields.insert(name, text);
                }
            }
        }
        match (cookie, upload.fields.get("csrf")) {
            (Some(cookie), Some(sent)) if constant_time_eq(&cookie, sent) => Ok(Self(upload)),
            _ => Err(AppError::CsrfRejected),
        }
    }
}
