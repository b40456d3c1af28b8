//! `ApiJson<T>`: a JSON body, with malformed, oversized or mistyped bodies answered as
//! `application/problem+json`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::BytesRejection(bytes)
                    if bytes.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
                {
                    AppError::PayloadTooLarge
                }
                other => AppError::BadRequest(other.body_text()),
            }),
        }
    }
}

/// A time of the database (milliseconds since 1970) as the API gives it: RFC 3339, UTC.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
}
