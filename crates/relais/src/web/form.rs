//! `CsrfForm<T>`: a URL-encoded form whose `csrf` field must match the CSRF cookie.
//! Malformed, oversized or forged bodies become clear errors, never a panic.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

use super::cookies;
use crate::error::AppError;
use crate::secrets::constant_time_eq;
use crate::state::AppState;

pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let is_form = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("expected a URL-encoded form".into()));
        }
        let jar = CookieJar::from_headers(request.headers());
        let cookie =
            jar.get(&cookies::name(&state.settings, cookies::CSRF)).map(|c| c.value().to_string());
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest(rejection.body_text())
            }
        })?;
        if !decodes_to_utf8(&body) {
            return Err(AppError::BadRequest("the form is not valid UTF-8".into()));
        }
        let sent = form_urlencoded::parse(&body).find(|(name, _)| name == "csrf").map(|(_, v)| v);
        match (cookie, sent) {
            (Some(cookie), Some(sent)) if constant_time_eq(&cookie, &sent) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        let value = serde_html_form::from_bytes(&body)
            .map_err(|error| AppError::BadRequest(error.to_string()))?;
        Ok(Self(value))
    }
}

/// Whether every percent-decoded field of a URL-encoded body is UTF-8 (the usual decoders replace
/// bad bytes silently, which would store something else than what was sent).
pub fn decodes_to_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').all(|pair| {
        let mut decoded = Vec::with_capacity(pair.len());
        let mut index = 0;
        while index < pair.len() {
            let byte = pair[index];
            if byte == b'%' && index + 2 < pair.len() {
                let hex = std::str::from_utf8(&pair[index + 1..index + 3]).ok();
                if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    decoded.push(value);
                    index += 3;
                    continue;
                }
            }
            decoded.push(byte);
            index += 1;
        }
        std::str::from_utf8(&decoded).is_ok()
    })
}

/// The usual answer to a submitted form: on success, go to the page the outcome names; a refused
/// field shows the form again with its message next to it (422, built by `again`); any other error
/// is an error page.
pub async fn answer<Again, Shown>(
    outcome: Result<String, AppError>,
    ui: super::Ui,
    again: Again,
) -> Result<axum::response::Response, AppError>
where
    Again: FnOnce(super::Ui) -> Shown,
    Shown: Future<Output = Result<super::Page, AppError>>,
{
    use axum::response::IntoResponse;
    match outcome {
        Ok(next) => Ok(axum::response::Redirect::to(&next).into_response()),
        Err(AppError::Invalid { field, code }) => {
            Ok(again(ui.with_error(field, code)).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::decodes_to_utf8;

    #[test]
    fn forms_with_invalid_utf8_are_recognised() {
        assert!(decodes_to_utf8(b"csrf=abc&text=%C3%A9t%C3%A9+ok&x=%"));
        assert!(decodes_to_utf8(b"text=100%25&y=%zz"));
        assert!(!decodes_to_utf8(b"csrf=abc&text=%FF%FE"));
        assert!(!decodes_to_utf8(b"text=%C3"));
        assert!(!decodes_to_utf8(b"t\xffext=a"));
    }
}
