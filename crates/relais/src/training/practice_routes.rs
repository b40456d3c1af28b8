//! The practice space's page and its buttons: open (the browser moves to the copy, the
//! person's own session kept aside), reset, and leave (back to one's own session).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::practice;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Done, Page, Ui, cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training/practice", get(show))
        .route("/training/practice/open", post(open))
        .route("/training/practice/reset", post(reset))
        .route("/training/practice/leave", post(leave))
}

#[derive(Template)]
#[template(path = "training_practice.html")]
struct PracticePage {
    ui: Ui,
    exists: bool,
    inside: bool,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let exists = practice::space_of(state.db.reader(), &user.user_id).await?.is_some();
    let inside = practice::is_practice(&user);
    let ui = ui.with_done(&done, &[("reset", "practice-reset-done")]).with_user(&user);
    Page::render(&PracticePage { ui, exists, inside })
}

#[derive(Debug, Default, Deserialize)]
struct Nothing {}

async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    client: Client,
    jar: CookieJar,
    CsrfForm(_): CsrfForm<Nothing>,
) -> AppResult<Response> {
    let sign_in = practice::open(&state, &user, &client).await?;
    let own =
        jar.get(&cookies::name(&state.settings, cookies::SESSION)).map(|c| c.value().to_string());
    let jar = match own {
        Some(token) => jar.add(cookies::build(&state.settings, cookies::HOME, token, None)),
        None => jar,
    };
    let (jar, _) = crate::auth::routes::with_session_cookies(&state, jar, sign_in);
    Ok((jar, Redirect::to("/")).into_response())
}

async fn reset(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Nothing>,
) -> AppResult<Redirect> {
    practice::reset(&state, &user).await?;
    Ok(Redirect::to("/training/practice?done=reset"))
}

/// Ends the practice session and puts the person's own session back (or asks to sign in).
async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    jar: CookieJar,
    CsrfForm(_): CsrfForm<Nothing>,
) -> AppResult<Response> {
    if !practice::is_practice(&user) {
        return Ok(Redirect::to("/").into_response());
    }
    crate::auth::store::revoke_session(state.db.writer(), &user.session_id_hash).await?;
    let home =
        jar.get(&cookies::name(&state.settings, cookies::HOME)).map(|c| c.value().to_string());
    let jar = jar.add(cookies::removal(&state.settings, cookies::HOME));
    let (jar, next) = match home {
        Some(token) => (
            jar.add(cookies::build(&state.settings, cookies::SESSION, token, None)),
            "/training/practice",
        ),
        None => (jar.add(cookies::removal(&state.settings, cookies::SESSION)), "/login"),
    };
    Ok((jar, Redirect::to(next)).into_response())
}
