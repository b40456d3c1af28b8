//! The jobs page for administrators.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use super::store::{self, Job};
use crate::auth::CurrentUser;
use crate::clock::format_local;
use crate::error::AppResult;
use crate::org::Permission;
use crate::state::AppState;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/jobs", get(list))
}

#[derive(Template)]
#[template(path = "admin_jobs.html")]
struct JobsPage {
    ui: Ui,
    jobs: Vec<Job>,
    time_zone: String,
}

impl JobsPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }
}

async fn list(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    user.require(Permission::ManagePeople)?;
    let jobs = store::recent(state.db.reader(), 100).await?;
    Page::render(&JobsPage { ui: ui.with_user(&user), jobs, time_zone: user.time_zone.clone() })
}
