//! `/documents/search`: by name, narrowed by space, kind, date and "changed by me".

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;

use super::pages::space_name;
use crate::auth::CurrentUser;
use crate::documents::model::{Document, SpaceId};
use crate::documents::service::find::{self, FileKind, Filters, Found};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/documents/search", get(search))
}

/// The periods offered, in days.
const PERIODS: [i64; 3] = [7, 30, 365];

#[derive(Debug, Default, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    space: String,
    #[serde(default)]
    within: String,
    #[serde(default)]
    mine: String,
}

#[derive(Template)]
#[template(path = "documents_search.html")]
struct SearchPage {
    ui: Ui,
    q: String,
    asked: SearchQuery,
    searched: bool,
    found: Found,
    zone: String,
    kinds: &'static [FileKind],
    periods: [i64; 3],
}

impl SearchPage {
    fn when(&self, at: impl std::borrow::Borrow<i64>) -> String {
        self.ui.moment(*at.borrow(), &self.zone)
    }

    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }

    fn space_label(&self, space: &crate::documents::model::SpaceAccess) -> String {
        space_name(&self.ui, &space.space)
    }

    fn space_of(&self, document: &Document) -> String {
        self.found
            .spaces
            .iter()
            .find(|s| s.space.id == document.space_id)
            .map(|s| space_name(&self.ui, &s.space))
            .unwrap_or_default()
    }
}

async fn search(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(asked): Query<SearchQuery>,
) -> AppResult<Page> {
    let q: String = asked.q.trim().chars().take(100).collect();
    // A filter that does not parse is no filter: the page shows what was understood.
    let filters = Filters {
        kind: FileKind::parse(&asked.kind),
        space: SpaceId::parse(&asked.space),
        within_days: asked.within.parse().ok().filter(|days| PERIODS.contains(days)),
        mine: asked.mine == "1",
    };
    let searched = !q.is_empty() || filters.any();
    let found = find::search(&state, &user, &q, &filters).await?;
    let ui = ui.with_user(&user);
    let page = SearchPage {
        ui,
        q,
        asked,
        searched,
        found,
        zone: user.time_zone.clone(),
        kinds: FileKind::ALL,
        periods: PERIODS,
    };
    Page::render(&page)
}
