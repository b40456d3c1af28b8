//! One error type for every request. Its stable snake_case code is also the i18n key of the
//! message people see. Internal causes go to the log only, never to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not there, or not yours to see: the two look the same on purpose.
    #[error("not found")]
    NotFound,
    /// Signed in, but this role may not do that.
    #[error("forbidden")]
    Forbidden,
    /// Not signed in (or the session ended).
    #[error("not signed in")]
    Unauthenticated,
    /// An API token without the scope this call needs.
    #[error("insufficient scope")]
    InsufficientScope,
    #[error("cross-site request refused")]
    CsrfRejected,
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("invalid {field}: {code}")]
    Invalid { field: &'static str, code: &'static str },
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("link expired or already used")]
    LinkExpired,
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("method not allowed")]
    MethodNotAllowed,
    /// `If-Match` names a version that is no longer the current one: someone changed it first.
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("a service this request needs is unavailable")]
    Unavailable,
    /// The disk or the database is full: nothing was written; retry once space is freed.
    #[error("storage full")]
    StorageFull,
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

/// Attached to every error response so the page layer can render it in the person's language.
#[derive(Debug, Clone)]
pub struct ErrorCode(pub &'static str);

#[derive(Serialize)]
struct Problem<'a> {
    r#type: String,
    title: &'a str,
    status: u16,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl AppError {
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::CsrfRejected | Self::InsufficientScope => StatusCode::FORBIDDEN,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::LinkExpired => StatusCode::GONE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::Unavailable | Self::StorageFull => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients may rely on; also the i18n key `error-<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::Unauthenticated => "unauthenticated",
            Self::CsrfRejected => "csrf_rejected",
            Self::InsufficientScope => "insufficient_scope",
            Self::BadRequest(_) => "bad_request",
            Self::Invalid { code, .. } => code,
            Self::Conflict(code) => code,
            Self::LinkExpired => "link_expired",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::PayloadTooLarge => "payload_too_large",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PreconditionFailed => "precondition_failed",
            Self::Unavailable => "unavailable",
            Self::StorageFull => "storage_full",
            Self::Internal(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let this = match self {
            Self::Internal(cause) if crate::web::storage::is_storage_full(cause.as_ref()) => {
                tracing::error!(error = %format!("{cause:#}"), "write refused: storage full");
                Self::StorageFull
            }
            other => other,
        };
        this.respond()
    }
}

impl AppError {
    fn respond(self) -> Response {
        let status = self.status();
        match &self {
            Self::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "request failed")
            }
            Self::BadRequest(detail) => tracing::info!(%detail, "malformed request"),
            _ => {}
        }
        let code = self.code();
        let field = match &self {
            Self::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        let problem = Problem {
            r#type: format!("/problems/{code}"),
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            code,
            field,
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Self::TooManyRequests { retry_after_secs } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(ErrorCode(code));
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
