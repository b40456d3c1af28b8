//! Error responses become friendly pages in the person's language, except under `/api/` and for
//! scripts that ask for JSON (`Accept: application/json`), where they stay
//! `application/problem+json`. Signed-out visitors are sent to sign-in.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::ui::Ui;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ui: Ui,
    status: u16,
    message_key: String,
}

pub async fn render_errors_as_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.starts_with("application/json"));
    let is_api = request.uri().path().starts_with("/api/") || wants_json;
    let lang = Ui::lang_of(request.headers(), &state);
    let mut response = next.run(request).await;
    let code = match response.extensions().get::<ErrorCode>() {
        Some(ErrorCode(_)) if is_api => return response,
        Some(ErrorCode(code)) => *code,
        // Answers made by layers below (body limit, method routing) get the same treatment.
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            if is_api {
                return AppError::PayloadTooLarge.into_response();
            }
            "payload_too_large"
        }
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => {
            if is_api {
                return AppError::MethodNotAllowed.into_response();
            }
            "method_not_allowed"
        }
        // A query string or path that did not parse, answered in plain text by an extractor.
        None if response.status().is_client_error() && is_plain_text(&response) => {
            if is_api {
                return AppError::BadRequest("malformed request".into()).into_response();
            }
            "bad_request"
        }
        None => return response,
    };
    if code == "unauthenticated" {
        return Redirect::to("/login").into_response();
    }
    let status = response.status();
    let key = format!("error-{code}");
    let message_key = if lang.has(&key) { key } else { "error-generic".to_string() };
    let page = ErrorPage { ui: plain_ui(lang), status: status.as_u16(), message_key };
    let retry_after = response.headers_mut().remove(header::RETRY_AFTER);
    match page.render() {
        Ok(html) => {
            let mut page = (status, Html(html)).into_response();
            if let Some(value) = retry_after {
                page.headers_mut().insert(header::RETRY_AFTER, value);
            }
            page
        }
        Err(error) => AppError::internal(error).into_response(),
    }
}

/// Extractors' own rejections are plain text; pages and problems are not.
fn is_plain_text(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"))
}

fn plain_ui(lang: Lang) -> Ui {
    Ui {
        lang,
        csrf: String::new(),
        nav: None,
        errors: Default::default(),
        notice: None,
        here: "/".into(),
        embedded: false,
    }
}

/// The answer for paths no route knows.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
