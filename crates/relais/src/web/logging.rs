//! Request logs: a request id, the method and the matched route — never the raw URI, whose query
//! may carry a one-time token, nor bodies, cookies or personal data.

use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::request_id::RequestId;
use tracing::Span;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The span each request is logged in.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    tracing::info_span!("request", method = %request.method(), %route, %request_id)
}
