//! Versions of a resource for safe updates: a read answers `ETag: "v<n>"`; an update may send
//! `If-Match: "v<n>"`, and answers 412 `precondition_failed` when someone changed the resource
//! in between (the database decides, so two updates racing on the same version cannot both win).

use axum::extract::FromRequestParts;
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};

use crate::error::AppError;

/// The version an update was based on, from `If-Match` (`None`: no header, or `*`).
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get(IF_MATCH) else { return Ok(Self(None)) };
        let text = value.to_str().map_err(|_| malformed())?.trim();
        if text == "*" {
            return Ok(Self(None));
        }
        parse(text).map(|version| Self(Some(version))).ok_or_else(malformed)
    }
}

fn malformed() -> AppError {
    AppError::BadRequest("If-Match must be an ETag given by this API, like \"v3\"".into())
}

fn parse(text: &str) -> Option<i64> {
    text.strip_prefix('"')?.strip_suffix('"')?.strip_prefix('v')?.parse().ok()
}

/// The `ETag` header of a version.
pub fn etag(version: i64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&format!("\"v{version}\"")) {
        headers.insert(ETAG, value);
    }
    headers
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_our_etags_parse() {
        assert_eq!(super::parse("\"v12\""), Some(12));
        assert_eq!(super::parse("W/\"v12\""), None);
        assert_eq!(super::parse("\"12\""), None);
        assert_eq!(super::parse("v12"), None);
        assert_eq!(super::parse("\"v99999999999999999999999\""), None);
    }
}
