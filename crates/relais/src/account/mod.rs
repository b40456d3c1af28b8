//! The signed-in person's own pages: home, profile, password, sessions, language.

mod home;
mod profile;
mod sessions;
mod today;
mod tokens;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(profile::router())
        .merge(sessions::router())
        .merge(tokens::router())
}
