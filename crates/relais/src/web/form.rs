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
