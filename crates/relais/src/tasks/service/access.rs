//! Who may do what with a board, and the sealing of a card's text.
//!
//! A team's board is its members' (each reads and writes every card, as on a paper board in the
//! office); a personal board is its owner's alone. Nobody else, administrators included, sees a
//! board: its cards may name patients. A board one may not see does not exist for them.

use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::events::Audience;
use crate::org::model::Person;
use crate::state::AppState;
use crate::tasks::model::{Board, BoardId};
use crate::tasks::store;

/// The person acting, with their teams.
pub struct Viewer {
    pub person: Person,
}

impl Viewer {
    pub async fn of(state: &AppState, actor: &CurrentUser) -> AppResult<Self> {
        Ok(Self { person: crate::org::service::show_self(state, actor).await? })
    }

    pub fn may_use(&self, board: &Board) -> bool {
        match (&board.team_id, &board.owner_id) {
            (Some(team), _) => self.person.in_team(team),
            (None, Some(owner)) => *owner == self.person.id,
            (None, None) => false,
        }
    }
}

/// A board the person may use, or "not found".
pub async fn board(
    state: &AppState,
    actor: &CurrentUser,
    id: &BoardId,
) -> AppResult<(Viewer, Board)> {
    let viewer = Viewer::of(state, actor).await?;
    let board =
        store::find_board(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    if !viewer.may_use(&board) {
        return Err(AppError::NotFound);
    }
    Ok((viewer, board))
}

/// Who hears of a board's changes: its team, or its owner.
pub fn audience(board: &Board) -> String {
    match (&board.team_id, &board.owner_id) {
        (Some(team), _) => Audience::team(team).to_string(),
        (_, owner) => Audience::user(owner.as_deref().unwrap_or_default()).to_string(),
    }
}

/// Where a sealed text lives (the associated data of its sealing).
pub fn place<'a>(table: &'a str, column: &'a str, row_id: &'a str) -> Place<'a> {
    Place { table, column, row_id }
}

pub async fn seal(
    state: &AppState,
    org_id: &str,
    place: Place<'_>,
    text: &str,
) -> AppResult<Vec<u8>> {
    state
        .keys
        .seal(&state.db, org_id, place, text.as_bytes())
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

pub async fn open(
    state: &AppState,
    org_id: &str,
    place: Place<'_>,
    sealed: &[u8],
) -> AppResult<String> {
    let bytes = state
        .keys
        .open_sealed(&state.db, org_id, place, sealed)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.into()))
}
