//! Static assets, embedded in the binary: no build step, no third-party code.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("exchange.css", "text/css; charset=utf-8", include_str!("../../static/exchange.css")),
    ("planning.css", "text/css; charset=utf-8", include_str!("../../static/planning.css")),
    ("planning.js", "text/javascript; charset=utf-8", include_str!("../../static/planning.js")),
    ("toast.js", "text/javascript; charset=utf-8", include_str!("../../static/toast.js")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../static/app.js")),
    ("favicon.svg", "image/svg+xml", include_str!("../../static/favicon.svg")),
    ("round.js", "text/javascript; charset=utf-8", include_str!("../../static/round.js")),
    ("chat.js", "text/javascript; charset=utf-8", include_str!("../../static/chat.js")),
    ("call.js", "text/javascript; charset=utf-8", include_str!("../../static/call.js")),
    ("call-stats.js", "text/javascript; charset=utf-8", include_str!("../../static/call-stats.js")),
    ("visio.js", "text/javascript; charset=utf-8", include_str!("../../static/visio.js")),
    ("round-sw.js", "text/javascript; charset=utf-8", include_str!("../../static/round-sw.js")),
];

pub async fn show(Path(name): Path<String>) -> Result<Response, AppError> {
    let (_, content_type, body) =
        ASSETS.iter().find(|(asset, _, _)| *asset == name).ok_or(AppError::NotFound)?;
    let mut response = (*body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(response)
}

/// The round's service worker, served from the root so that it may control `/round`.
pub async fn round_service_worker() -> Result<Response, AppError> {
    let mut response = show(Path("round-sw.js".to_string())).await?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
