//! A board's archive, by pages of 50, searchable by words of the title.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tasks::model::BoardId;
use crate::tasks::service::archive;
use crate::web::{Page, Ui};

#[derive(Template)]
#[template(path = "task_archive.html")]
struct ArchivePage {
    ui: Ui,
    archive: archive::Archive,
    q: String,
    zone: String,
}

impl ArchivePage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }
}

#[derive(Deserialize)]
pub struct ArchiveQuery {
    #[serde(default)]
    page: i64,
    #[serde(default)]
    q: String,
}

pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: BoardId,
    Query(query): Query<ArchiveQuery>,
) -> AppResult<Page> {
    let q: String = query.q.chars().take(100).collect();
    let archive = archive::page(&state, &user, &id, query.page.max(0), &q).await?;
    let ui = ui.with_user(&user);
    let page = ArchivePage { ui: ui.clone(), archive, q, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}
