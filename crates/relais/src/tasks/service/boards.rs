//! Boards, their lists and labels. A new board starts with three lists ("To do", "In progress",
//! "Done") in the creator's language; any member renames, adds and orders them.

use super::access::{self, Viewer};
use super::record;
use super::text::{self, MAX_LABEL_CHARS, MAX_LIST_CHARS, MAX_NAME_CHARS};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::org::model::Team;
use crate::state::AppState;
use crate::tasks::model::{Action, Board, BoardId, Colour, Label, LabelId, List, ListId};
use crate::tasks::store::{self, NewBoard};

/// The boards a person uses, and the teams they may create one for.
pub struct Boards {
    pub boards: Vec<Board>,
    pub teams: Vec<Team>,
}

pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<Boards> {
    let viewer = Viewer::of(state, actor).await?;
    let mut conn = state.db.reader().acquire().await?;
    let ids = &viewer.person.team_ids;
    let boards = store::boards_of(&mut conn, &actor.org_id, ids, &actor.user_id).await?;
    let teams = crate::org::store::list_teams(&mut *conn, &actor.org_id)
        .await?
        .into_iter()
        .filter(|t| viewer.person.in_team(&t.id))
        .collect();
    Ok(Boards { boards, teams })
}

/// The lists a new board starts with: (name, completes its cards).
fn starting_lists(lang: Lang) -> [(&'static str, bool); 3] {
    match lang {
        Lang::Fr => [("À faire", false), ("En cours", false), ("Terminé", true)],
        Lang::En => [("To do", false), ("In progress", false), ("Done", true)],
    }
}

/// Creates a board for one of the person's teams, or their own (`team` none).
pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    team: Option<&str>,
    name: &str,
) -> AppResult<BoardId> {
    let viewer = Viewer::of(state, actor).await?;
    if team.is_some_and(|t| !viewer.person.in_team(t)) {
        return Err(AppError::Invalid { field: "team", code: "task-team-unknown" });
    }
    let name = text::line(name, MAX_NAME_CHARS, "name", "task-board-name-invalid")?;
    let id = BoardId::generate();
    let owner = team.is_none().then_some(actor.user_id.as_str());
    let at = state.clock.now_ms();
    let new = NewBoard {
        id: &id,
        org_id: &actor.org_id,
        team_id: team,
        owner_id: owner,
        name,
        by: &actor.user_id,
        at,
    };
    let mut tx = state.db.begin().await?;
    store::insert_board(&mut tx, &new).await?;
    for (list, done) in starting_lists(actor.lang) {
        store::insert_list(&mut tx, &ListId::generate(), &id, list, done).await?;
    }
    let board = store::find_board(&mut *tx, &actor.org_id, &id).await?.ok_or(AppError::NotFound)?;
    record(&mut tx, state, actor, Action::BoardCreated, &board, ("task_board", &id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn rename(
    state: &AppState,
    actor: &CurrentUser,
    id: &BoardId,
    name: &str,
) -> AppResult<()> {
    let (_, board) = access::board(state, actor, id).await?;
    let name = text::line(name, MAX_NAME_CHARS, "name", "task-board-name-invalid")?;
    let mut tx = state.db.begin().await?;
    store::rename_board(&mut tx, id, name).await?;
    record(&mut tx, state, actor, Action::BoardRenamed, &board, ("task_board", id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// A list of a board the person may use.
async fn list_of(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    id: &ListId,
) -> AppResult<(Board, List)> {
    let (_, board) = access::board(state, actor, board).await?;
    let list = store::find_list(state.db.reader(), id)
        .await?
        .filter(|l| l.board_id == board.id)
        .ok_or(AppError::NotFound)?;
    Ok((board, list))
}

pub async fn add_list(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    name: &str,
    is_done: bool,
) -> AppResult<ListId> {
    let (_, found) = access::board(state, actor, board).await?;
    let name = text::line(name, MAX_LIST_CHARS, "name", "task-list-name-invalid")?;
    let id = ListId::generate();
    let mut tx = state.db.begin().await?;
    if !store::insert_list(&mut tx, &id, board, name, is_done).await? {
        return Err(AppError::Invalid { field: "name", code: "task-list-name-taken" });
    }
    record(&mut tx, state, actor, Action::ListSaved, &found, ("task_list", &id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn update_list(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    id: &ListId,
    name: &str,
    is_done: bool,
) -> AppResult<()> {
    let (found, _) = list_of(state, actor, board, id).await?;
    let name = text::line(name, MAX_LIST_CHARS, "name", "task-list-name-invalid")?;
    let mut tx = state.db.begin().await?;
    if !store::update_list(&mut tx, id, name, is_done).await? {
        return Err(AppError::Invalid { field: "name", code: "task-list-name-taken" });
    }
    record(&mut tx, state, actor, Action::ListSaved, &found, ("task_list", id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Moves a list one place to the left (`-1`) or to the right (`1`).
pub async fn shift_list(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    id: &ListId,
    step: i64,
) -> AppResult<()> {
    let (found, _) = list_of(state, actor, board, id).await?;
    let mut order: Vec<ListId> =
        store::lists(state.db.reader(), board).await?.into_iter().map(|l| l.id).collect();
    let Some(from) = order.iter().position(|l| l == id) else {
        return Err(AppError::NotFound);
    };
    let to = usize::try_from(i64::try_from(from).unwrap_or(0) + step.signum())
        .unwrap_or(0)
        .min(order.len().saturating_sub(1));
    let moved = order.remove(from);
    order.insert(to, moved);
    let mut tx = state.db.begin().await?;
    store::order_lists(&mut tx, board, &order).await?;
    record(&mut tx, state, actor, Action::ListSaved, &found, ("task_list", id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Removes a list that holds no card and no recurring card.
pub async fn delete_list(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    id: &ListId,
) -> AppResult<()> {
    let (found, _) = list_of(state, actor, board, id).await?;
    let mut tx = state.db.begin().await?;
    if !store::delete_empty_list(&mut tx, id).await? {
        return Err(AppError::Invalid { field: "list", code: "task-list-not-empty" });
    }
    record(&mut tx, state, actor, Action::ListDeleted, &found, ("task_list", id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

pub async fn add_label(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    name: &str,
    colour: Colour,
) -> AppResult<LabelId> {
    let (_, found) = access::board(state, actor, board).await?;
    let name = text::line(name, MAX_LABEL_CHARS, "label", "task-label-name-invalid")?;
    let id = LabelId::generate();
    let mut tx = state.db.begin().await?;
    if !store::insert_label(&mut tx, &id, board, name, colour).await? {
        return Err(AppError::Invalid { field: "label", code: "task-label-name-taken" });
    }
    record(&mut tx, state, actor, Action::LabelSaved, &found, ("task_label", &id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn delete_label(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
    id: &LabelId,
) -> AppResult<()> {
    let (_, found) = access::board(state, actor, board).await?;
    let mut tx = state.db.begin().await?;
    if !store::delete_label(&mut tx, board, id).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, state, actor, Action::LabelSaved, &found, ("task_label", id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// The labels of a board, for the pages that choose among them.
pub async fn labels(state: &AppState, board: &Board) -> AppResult<Vec<Label>> {
    Ok(store::labels(state.db.reader(), &board.id).await?)
}

/// Every list the person may move a card to: this board's first, then their other boards'.
pub async fn destinations(
    state: &AppState,
    actor: &CurrentUser,
) -> AppResult<Vec<(Board, Vec<List>)>> {
    let mut all = Vec::new();
    for board in mine(state, actor).await?.boards {
        let lists = store::lists(state.db.reader(), &board.id).await?;
        all.push((board, lists));
    }
    Ok(all)
}
