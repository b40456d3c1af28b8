//! The HTTP layer shared by every feature: client details, cookies, CSRF, language, security
//! headers, error pages and static assets.

pub mod assets;
pub mod avatar;
pub mod client;
pub mod cookies;
pub mod csrf;
pub mod design;
pub mod error_pages;
pub mod file_type;
pub mod form;
pub mod headers;
pub mod icons;
pub mod ids;
pub mod images;
pub mod listener;
pub mod logging;
pub mod qr;
pub mod spreadsheet;
pub mod storage;
pub mod ui;
pub mod upload;

pub use client::Client;
pub use form::{CsrfForm, answer};
pub use ids::IdPath;
pub use ui::{Done, Page, Ui};
pub use upload::{CsrfUpload, Upload};

/// The address people use to reach this server: `public_url` if set, else the request's `Host`.
pub fn base_url(state: &crate::state::AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.settings.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|host| host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .map(str::to_string)
        .unwrap_or_else(|| state.settings.listen.to_string());
    let scheme = if state.settings.serves_tls() { "https" } else { "http" };
    format!("{scheme}://{host}")
}
