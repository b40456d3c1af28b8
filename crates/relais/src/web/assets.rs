//! Static assets, embedded in the binary: no build step, no third-party code; the web app
//! manifest that makes the round installable.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("exchange.css", "text/css; charset=utf-8", include_str!("../../static/exchange.css")),
    ("planning.css", "text/css; charset=utf-8", include_str!("../../static/planning.css")),
    ("telework.css", "text/css; charset=utf-8", include_str!("../../static/telework.css")),
    ("documents.css", "text/css; charset=utf-8", include_str!("../../static/documents.css")),
    ("protocols.css", "text/css; charset=utf-8", include_str!("../../static/protocols.css")),
    ("tasks.css", "text/css; charset=utf-8", include_str!("../../static/tasks.css")),
    ("surveys.css", "text/css; charset=utf-8", include_str!("../../static/surveys.css")),
    ("callrounds.css", "text/css; charset=utf-8", include_str!("../../static/callrounds.css")),
    ("documents.js", "text/javascript; charset=utf-8", include_str!("../../static/documents.js")),
    ("planning.js", "text/javascript; charset=utf-8", include_str!("../../static/planning.js")),
    ("toast.js", "text/javascript; charset=utf-8", include_str!("../../static/toast.js")),
    ("privacy.js", "text/javascript; charset=utf-8", include_str!("../../static/privacy.js")),
    ("passkeys.js", "text/javascript; charset=utf-8", include_str!("../../static/passkeys.js")),
    ("tasks.js", "text/javascript; charset=utf-8", include_str!("../../static/tasks.js")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../static/app.js")),
    ("favicon.svg", "image/svg+xml", include_str!("../../static/favicon.svg")),
    ("round.js", "text/javascript; charset=utf-8", include_str!("../../static/round.js")),
    (
        "chat-compose.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/chat-compose.js"),
    ),
    ("chat.js", "text/javascript; charset=utf-8", include_str!("../../static/chat.js")),
    ("call.js", "text/javascript; charset=utf-8", include_str!("../../static/call.js")),
    ("call-stats.js", "text/javascript; charset=utf-8", include_str!("../../static/call-stats.js")),
    ("visio.js", "text/javascript; charset=utf-8", include_str!("../../static/visio.js")),
    ("round-sw.js", "text/javascript; charset=utf-8", include_str!("../../static/round-sw.js")),
];

/// The installed app's icons (rendered from favicon.svg's design at each size).
const IMAGES: &[(&str, &[u8])] = &[
    ("icon-192.png", include_bytes!("../../static/icon-192.png")),
    ("icon-512.png", include_bytes!("../../static/icon-512.png")),
];

pub async fn show(Path(name): Path<String>) -> Result<Response, AppError> {
    let mut response = match ASSETS.iter().find(|(asset, _, _)| *asset == name) {
        Some((_, content_type, body)) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], *body)
                .into_response()
        }
        None => {
            let (_, bytes) =
                IMAGES.iter().find(|(image, _)| *image == name).ok_or(AppError::NotFound)?;
            ([(header::CONTENT_TYPE, HeaderValue::from_static("image/png"))], *bytes)
                .into_response()
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(response)
}

/// The round's service worker, served from the root so that it may control `/round`.
pub async fn round_service_worker() -> Result<Response, AppError> {
    let mut response = show(Path("round-sw.js".to_string())).await?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The web app manifest: Relais installs as an app that opens on the caregiver's day.
pub async fn manifest() -> Response {
    let manifest = serde_json::json!({
        "name": "Relais",
        "short_name": "Relais",
        "id": "/round",
        "start_url": "/round",
        "scope": "/",
        "display": "standalone",
        "lang": "fr",
        "theme_color": "#0b5a73",
        "background_color": "#f3f5f7",
        "icons": [
            { "src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        manifest.to_string(),
    )
        .into_response()
}
