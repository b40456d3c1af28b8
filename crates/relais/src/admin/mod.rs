//! Administration pages: people, roles, invitations, teams and sites.

mod organisation;
mod people;
mod person_form;
mod teams;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/people") }))
        .merge(people::router())
        .merge(teams::router())
        .merge(organisation::router())
        .merge(crate::audit::routes::router())
        .merge(crate::jobs::routes::router())
        .merge(crate::api::webhooks::pages::router())
}
