//! `/_design`: the living catalogue of the design system (tokens, components, icons), for the
//! people who build screens. Open to administrators, and to everyone in a debug build.

use askama::Template;
use axum::Router;
use axum::routing::get;

use super::{Page, Ui};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/_design", get(show))
}

#[derive(Template)]
#[template(path = "design.html")]
struct DesignPage {
    ui: Ui,
    icons: Vec<&'static str>,
    colours: [&'static str; 9],
    states: [&'static str; 5],
    people: [(&'static str, &'static str); 6],
}

async fn show(ui: Ui, user: CurrentUser) -> AppResult<Page> {
    if !cfg!(debug_assertions) && !user.can(Permission::ManagePeople) {
        return Err(AppError::NotFound);
    }
    let ui = ui.with_user(&user).with_error("design-example", "field-required");
    Page::render(&DesignPage {
        ui,
        icons: super::icons::names().collect(),
        colours: ["brand", "ink", "muted", "danger", "warning", "ok", "info", "progress", "canvas"],
        states: ["not_started", "unassigned", "in_progress", "done", "late"],
        people: [
            ("u1", "Claire Dubois"),
            ("u2", "Julie Bernard"),
            ("u3", "Karim Haddad"),
            ("u4", "Élodie Martin"),
            ("u5", "Paul Morel"),
            ("u6", "Nadia Benali"),
        ],
    })
}
