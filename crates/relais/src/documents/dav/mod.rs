//! `/dav/`: the documents in a file manager or an office suite (WebDAV, served by `dav-server`).
//! People sign in with their e-mail address and an application password — a personal token with
//! the `files` scope, made on their tokens page — never with their own password, so a lost
//! laptop costs one revocation. Locks are accepted and not kept (clients need LOCK to save;
//! the pages' "being edited" lock is what people see); `Depth: infinity` listings are refused.

mod file;
mod fs;
mod tree;

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use dav_server::DavHandler;
use dav_server::fakels::FakeLs;
use dav_server::fs::GuardedFileSystem;

use crate::api::Scope;
use crate::api::tokens;
use crate::auth::CurrentUser;
use crate::auth::throttle::Attempt;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Client;

pub const PREFIX: &str = "/dav";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(PREFIX, any(serve))
        .route("/dav/", any(serve))
        .route("/dav/{*path}", any(serve))
}

async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(client) = Client::from_request_parts(&mut parts, &state).await;
    let user = match authenticate(&state, &client, &parts.headers).await {
        Ok(user) => user,
        Err(refusal) => return refusal,
    };
    // dav-server answers `Depth: infinity` for its own test suite when this header is there.
    parts.headers.remove("x-litmus");
    let filesystem: Box<dyn GuardedFileSystem<CurrentUser>> =
        Box::new(fs::DocumentsFs { state: state.clone() });
    let handler = DavHandler::builder()
        .filesystem(filesystem)
        .locksystem(FakeLs::new())
        .strip_prefix(PREFIX)
        .build_handler();
    let principal = user.email.clone();
    let response = handler.handle_guarded(Request::from_parts(parts, body), principal, user).await;
    response.map(axum::body::Body::new)
}

/// `Authorization: Basic` with the person's e-mail address and an application password.
async fn authenticate(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
) -> Result<CurrentUser, Response> {
    let challenge = || {
        let mut response = StatusCode::UNAUTHORIZED.into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Relais\", charset=\"UTF-8\""),
        );
        response
    };
    // Clients ask first without credentials: that is not a wrong guess.
    let Some((email, secret)) = basic_credentials(headers) else { return Err(challenge()) };
    let refused = || match state.throttles.check(Attempt::AppPassword, &email, client.ip) {
        Err(error) => error.into_response(),
        Ok(()) => challenge(),
    };
    if !secret.starts_with(tokens::PREFIX) || secret.len() > 100 {
        return Err(refused());
    }
    let token = match tokens::find_live(state.db.reader(), &secret).await {
        Ok(Some(token)) if token.scopes.contains(&Scope::Files) => token,
        Ok(_) => return Err(refused()),
        Err(error) => return Err(AppError::from(error).into_response()),
    };
    let via = format!("token:{}", token.id);
    let user = match CurrentUser::on_behalf(state, &token.user_id, via, client.clone()).await {
        Ok(Some(user)) if user.email.eq_ignore_ascii_case(email.trim()) => user,
        Ok(_) => return Err(refused()),
        Err(error) => return Err(error.into_response()),
    };
    if let Err(error) = tokens::touch(state.db.writer(), &token.id).await {
        return Err(AppError::from(error).into_response());
    }
    Ok(user)
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (email, secret) = decoded.split_once(':')?;
    Some((email.to_string(), secret.to_string()))
}
