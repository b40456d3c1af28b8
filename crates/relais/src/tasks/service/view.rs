//! The board as people see it: its lists and cards, filtered by assignee, label, due date, patient
//! link or words of the title; and the bounds of "today" and "this week".

use super::access;
use super::cards::opened;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{Board, BoardId, Card, Label, LabelId, List};
use crate::tasks::store::{self as boards_store, cards as store, details};

/// Which cards a board shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub assignee: Option<String>,
    pub label: Option<LabelId>,
    pub due: Option<Due>,
    pub with_patient: bool,
    pub words: String,
}

crate::text_enum::text_enum! {
    /// A due-date filter.
    Due { Overdue = "overdue", Today = "today", Week = "week", Undated = "none" }
}

impl Filter {
    pub fn is_active(&self) -> bool {
        self.assignee.is_some()
            || self.label.is_some()
            || self.due.is_some()
            || self.with_patient
            || !self.words.trim().is_empty()
    }
}

/// A card on the board: what its tile shows.
pub struct Tile {
    pub card: Card,
    pub assignees: Vec<(String, String)>,
    pub labels: Vec<Label>,
    /// (done, all) items of its checklist, if it has one.
    pub progress: Option<(i64, i64)>,
    pub overdue: bool,
}

pub struct Column {
    pub list: List,
    pub tiles: Vec<Tile>,
}

pub struct BoardView {
    pub board: Board,
    pub columns: Vec<Column>,
    pub labels: Vec<Label>,
    /// (id, name) of the people who may be assigned: the team's members, or the owner.
    pub members: Vec<(String, String)>,
    pub archived: i64,
    pub filter: Filter,
}

/// The moments that bound "today" and "this week" in the organisation's time zone.
pub struct Horizon {
    pub now: i64,
    pub end_of_today: i64,
    pub end_of_week: i64,
}

pub async fn horizon(state: &AppState, org_id: &str) -> AppResult<Horizon> {
    let zone = crate::org::service::zone(state, org_id).await?;
    let today = crate::org::service::today(state, org_id).await?;
    let at = |days: i64| -> AppResult<i64> {
        let day = today.checked_add(jiff::Span::new().days(days)).map_err(internal)?;
        let start = day.to_zoned(zone.clone()).map_err(internal)?;
        Ok(start.timestamp().as_millisecond())
    };
    let to_monday = 7 - i64::from(today.weekday().to_monday_zero_offset());
    Ok(Horizon { now: state.clock.now_ms(), end_of_today: at(1)?, end_of_week: at(to_monday)? })
}

fn internal(e: jiff::Error) -> AppError {
    AppError::Internal(e.into())
}

fn due_matches(due: Due, card: &Card, horizon: &Horizon) -> bool {
    let open = card.completed_at.is_none();
    match (due, card.due_at) {
        (Due::Undated, at) => at.is_none(),
        (Due::Overdue, Some(at)) => open && at < horizon.now,
        (Due::Today, Some(at)) => open && at < horizon.end_of_today,
        (Due::Week, Some(at)) => open && at < horizon.end_of_week,
        (_, None) => false,
    }
}

pub async fn board(
    state: &AppState,
    actor: &CurrentUser,
    id: &BoardId,
    filter: Filter,
) -> AppResult<BoardView> {
    let (_, board) = access::board(state, actor, id).await?;
    let reader = state.db.reader();
    let lists = boards_store::lists(reader, id).await?;
    let labels = boards_store::labels(reader, id).await?;
    let assignees = details::assignees_of_board(reader, id).await?;
    let labelled = details::labels_of_board(reader, id).await?;
    let progress = details::progress_of_board(reader, id).await?;
    let horizon = horizon(state, &actor.org_id).await?;
    let words = filter.words.trim().to_lowercase();
    let mut columns: Vec<Column> =
        lists.into_iter().map(|list| Column { list, tiles: Vec::new() }).collect();
    for stored in store::open_of_board(reader, id).await? {
        let card = opened(state, stored).await?;
        let tile = Tile {
            assignees: assignees
                .iter()
                .filter(|(c, _, _)| *c == card.id)
                .map(|(_, user, name)| (user.clone(), name.clone()))
                .collect(),
            labels: labelled
                .iter()
                .filter(|(c, _)| *c == card.id)
                .filter_map(|(_, l)| labels.iter().find(|label| label.id == *l).cloned())
                .collect(),
            progress: progress.iter().find(|(c, _, _)| *c == card.id).map(|(_, d, n)| (*d, *n)),
            overdue: card.completed_at.is_none() && card.due_at.is_some_and(|at| at < horizon.now),
            card,
        };
        let shown =
            filter.assignee.as_ref().is_none_or(|a| tile.assignees.iter().any(|(u, _)| u == a))
                && filter.label.as_ref().is_none_or(|l| tile.labels.iter().any(|x| x.id == *l))
                && filter.due.is_none_or(|due| due_matches(due, &tile.card, &horizon))
                && (!filter.with_patient || tile.card.patient_id.is_some())
                && (words.is_empty() || tile.card.title.to_lowercase().contains(&words));
        if let Some(column) = columns.iter_mut().find(|c| c.list.id == tile.card.list_id)
            && shown
        {
            column.tiles.push(tile);
        }
    }
    let members = members(state, &board).await?;
    let archived = store::archived_count(reader, id).await?;
    Ok(BoardView { board, columns, labels, members, archived, filter })
}

/// (id, name) of the people a board's cards may be assigned to.
pub async fn members(state: &AppState, board: &Board) -> AppResult<Vec<(String, String)>> {
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &board.org_id).await?;
    Ok(people
        .into_iter()
        .filter(|p| p.active)
        .filter(|p| match (&board.team_id, &board.owner_id) {
            (Some(team), _) => p.in_team(team),
            (None, Some(owner)) => p.id == *owner,
            (None, None) => false,
        })
        .map(|p| (p.id, p.display_name))
        .collect())
}

/// One card's tile, for a board that follows changes live; none when the card left the board's
/// open cards (archived).
pub async fn tile(
    state: &AppState,
    actor: &CurrentUser,
    id: &crate::tasks::model::CardId,
) -> AppResult<(Vec<List>, Option<Tile>)> {
    let (board, stored) = super::cards::usable(state, actor, id).await?;
    let reader = state.db.reader();
    let lists = boards_store::lists(reader, &board.id).await?;
    if stored.archived_at.is_some() {
        return Ok((lists, None));
    }
    let labels = boards_store::labels(reader, &board.id).await?;
    let on_card = details::labels_of_card(reader, id).await?;
    let horizon = horizon(state, &actor.org_id).await?;
    let card = opened(state, stored).await?;
    let tile = Tile {
        assignees: details::assignees(reader, id).await?,
        labels: labels.into_iter().filter(|l| on_card.contains(&l.id)).collect(),
        progress: details::progress_of_card(reader, id).await?,
        overdue: card.completed_at.is_none() && card.due_at.is_some_and(|at| at < horizon.now),
        card,
    };
    Ok((lists, Some(tile)))
}
