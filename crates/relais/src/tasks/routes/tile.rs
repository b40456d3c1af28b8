//! One card's tile alone: what a board that follows its team fetches after a change.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tasks::model::{CardId, List};
use crate::tasks::service::view::{self, Tile};
use crate::web::{Page, Ui};

#[derive(Template)]
#[template(path = "task_tile.html")]
struct TilePage {
    ui: Ui,
    tile: Tile,
    lists: Vec<List>,
    zone: String,
}

/// One card's tile alone (204 when it left the board's open cards): what a board that follows
/// its team fetches after a change, instead of the whole board.
pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
) -> AppResult<Response> {
    use axum::response::IntoResponse;
    let (lists, tile) = view::tile(&state, &user, &id).await?;
    let Some(tile) = tile else {
        return Ok(axum::http::StatusCode::NO_CONTENT.into_response());
    };
    let ui = ui.with_user(&user);
    let page = TilePage { ui, tile, lists, zone: user.time_zone.clone() };
    Ok(Page::render(&page)?.into_response())
}
