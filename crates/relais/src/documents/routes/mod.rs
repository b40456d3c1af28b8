//! The documents pages: the spaces (`/documents`), a folder, a document with its versions, the
//! trash, and search.

mod access;
mod actions;
pub mod files;
mod links;
mod pages;
mod public;
mod range;
mod save;
mod search;

use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use crate::state::AppState;

/// The pages and forms take the ordinary upload limit; the upload routes their own (`files`).
pub fn router(state: &AppState) -> Router<AppState> {
    let max_request = state.settings.limits.max_upload_bytes;
    Router::new()
        .merge(pages::router())
        .merge(actions::router())
        .merge(access::router())
        .merge(save::router())
        .merge(search::router())
        .merge(links::router())
        .merge(public::router())
        .layer(RequestBodyLimitLayer::new(max_request))
        .merge(files::router(state))
}

/// "1,2 Mo" / "1.2 MB": a size in the reader's language.
pub fn size_text(lang: &str, bytes: i64) -> String {
    let french = lang == "fr";
    let units: [&str; 5] =
        if french { ["o", "Ko", "Mo", "Go", "To"] } else { ["B", "KB", "MB", "GB", "TB"] };
    let mut value = bytes.max(0) as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let text =
        if unit == 0 || value >= 100.0 { format!("{value:.0}") } else { format!("{value:.1}") };
    let text = if french { text.replace('.', ",") } else { text };
    format!("{text} {}", units[unit])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_in_the_readers_language() {
        assert_eq!(super::size_text("fr", 0), "0 o");
        assert_eq!(super::size_text("fr", 1_234_567), "1,2 Mo");
        assert_eq!(super::size_text("en", 1_234_567), "1.2 MB");
        assert_eq!(super::size_text("en", 2_147_483_648), "2.1 GB");
        assert_eq!(super::size_text("fr", 999), "999 o");
    }
}
