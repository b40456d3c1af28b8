//! Identifiers from URLs and forms: only what Relais itself hands out (UUIDs, random tokens), so a
//! NUL byte or a megabyte of text never reaches a query. Anything else is simply "not found".

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::error::AppError;

/// Whether `text` can be an identifier Relais issued: 1 to 64 ASCII letters, digits, `-` or `_`.
pub fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A local path safe to redirect to: starts with one `/`, printable ASCII only.
pub fn is_local_path(text: &str) -> bool {
    text.len() <= 500
        && text.starts_with('/')
        && !text.starts_with("//")
        && text.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\')
}

/// The single `{id}` of a route, already checked.
pub struct IdPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        if is_id(&id) { Ok(Self(id)) } else { Err(AppError::NotFound) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_issued_identifiers_pass() {
        assert!(is_id("01938c7e-5d2a-7c3e-9f1b-2a4b6c8d0e1f"));
        assert!(is_id("Ab_-9"));
        for bad in ["", "a\u{0}b", "../etc", "a b", "é", &"a".repeat(65), "1;DROP"] {
            assert!(!is_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn redirects_stay_local_and_printable() {
        assert!(is_local_path("/admin/people?saved=1"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/a\r\nSet-Cookie: x",
            "/a\u{0}",
            "",
            "relative",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
