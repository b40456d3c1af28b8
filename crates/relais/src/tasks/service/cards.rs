//! Cards: the board as people see it (with its filters), creating, moving, editing, archiving.
//! Moves are last-write-wins: two people moving the same card at once both succeed, the card ends
//! where the later one put it, and its history shows both. Edits of the text compare versions,
//! so one person's words are never overwritten by another's without them knowing.

use super::access::{self, open, place, seal};
use super::record;
use super::text::{self, MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{Action, Board, Card, CardId, EventKind, ListId, Priority};
use crate::tasks::store::cards::{self as store, Destination, Edit, GAP, NewCard, StoredCard};
use crate::tasks::store::{self as boards_store, details};

/// Opens a card's sealed text.
pub async fn opened(state: &AppState, stored: StoredCard) -> AppResult<Card> {
    let org = &stored.org_id;
    let title =
        open(state, org, place("task_cards", "title_enc", &stored.id), &stored.title_enc).await?;
    let description = match &stored.description_enc {
        Some(sealed) => {
            open(state, org, place("task_cards", "description_enc", &stored.id), sealed).await?
        }
        None => String::new(),
    };
    Ok(Card {
        title,
        description,
        id: stored.id,
        board_id: stored.board_id,
        list_id: stored.list_id,
        position: stored.position,
        priority: stored.priority,
        due_at: stored.due_at,
        patient_id: stored.patient_id,
        message_id: stored.message_id,
        recurrence_id: stored.recurrence_id,
        created_by: stored.created_by,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        completed_at: stored.completed_at,
        archived_at: stored.archived_at,
        version: stored.version,
    })
}

/// A card the person may use, with its board.
pub async fn usable(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
) -> AppResult<(Board, StoredCard)> {
    let stored =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let (_, board) = access::board(state, actor, &stored.board_id).await?;
    Ok((board, stored))
}

/// What a new card says.
pub struct NewTask<'a> {
    pub title: &'a str,
    pub due_at: Option<i64>,
    pub priority: Priority,
    /// The message it was made from, already checked readable by the person.
    pub message_id: Option<&'a str>,
}

pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    list_id: &ListId,
    task: &NewTask<'_>,
) -> AppResult<CardId> {
    let list = boards_store::find_list(state.db.reader(), list_id)
        .await?
        .ok_or(AppError::Invalid { field: "list", code: "task-list-unknown" })?;
    let (_, board) = access::board(state, actor, &list.board_id)
        .await
        .map_err(|_| AppError::Invalid { field: "list", code: "task-list-unknown" })?;
    let title = text::line(task.title, MAX_TITLE_CHARS, "title", "task-title-invalid")?;
    let id = CardId::generate();
    let at = state.clock.now_ms();
    let title_enc =
        seal(state, &actor.org_id, place("task_cards", "title_enc", &id), title).await?;
    let mut tx = state.db.begin().await?;
    let positions = store::positions(&mut tx, list_id).await?;
    let position = positions.last().map_or(GAP, |(_, p)| p.saturating_add(GAP));
    let card = NewCard {
        id: &id,
        org_id: &actor.org_id,
        board_id: &board.id,
        list_id,
        position,
        title_enc: &title_enc,
        description_enc: None,
        priority: task.priority,
        due_at: task.due_at,
        message_id: task.message_id,
        recurrence: None,
        completed_at: list.is_done.0.then_some(at),
        by: Some(&actor.user_id),
        at,
    };
    store::insert(&mut tx, &card).await?;
    details::log(&mut tx, &id, Some(&actor.user_id), EventKind::Created, &list.name, at).await?;
    record(&mut tx, state, actor, Action::CardCreated, &board, ("task_card", &id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

/// Where in its list a moved card goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Top,
    Bottom,
    /// Just before that card (the end if it is not in the list).
    Before(CardId),
}

/// The position between the neighbours of `slot`, or none when there is no room left.
pub fn position_for(order: &[(CardId, i64)], slot: &Slot) -> Option<i64> {
    let index = match slot {
        Slot::Top => 0,
        Slot::Bottom => order.len(),
        Slot::Before(id) => order.iter().position(|(c, _)| c == id).unwrap_or(order.len()),
    };
    let before = index.checked_sub(1).and_then(|i| order.get(i)).map(|(_, p)| *p);
    let after = order.get(index).map(|(_, p)| *p);
    match (before, after) {
        (None, None) => Some(GAP),
        (Some(b), None) => b.checked_add(GAP),
        (None, Some(a)) => a.checked_sub(GAP),
        (Some(b), Some(a)) => (a - b > 1).then_some(b + (a - b) / 2),
    }
}

/// Moves a card to a list of any board the person uses.
pub async fn move_card(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    to: &ListId,
    slot: &Slot,
) -> AppResult<()> {
    let (from_board, card) = usable(state, actor, id).await?;
    let unknown = || AppError::Invalid { field: "list", code: "task-list-unknown" };
    let list = boards_store::find_list(state.db.reader(), to).await?.ok_or_else(unknown)?;
    let (_, to_board) = access::board(state, actor, &list.board_id).await.map_err(|_| unknown())?;
    let lists = boards_store::lists(state.db.reader(), &from_board.id).await?;
    let from_name = lists.iter().find(|l| l.id == card.list_id).map(|l| l.name.clone());
    let at = state.clock.now_ms();
    let completed_at = list.is_done.0.then(|| card.completed_at.unwrap_or(at));
    let mut tx = state.db.begin().await?;
    let mut order: Vec<(CardId, i64)> =
        store::positions(&mut tx, to).await?.into_iter().filter(|(c, _)| c != id).collect();
    let position = match position_for(&order, slot) {
        Some(position) => position,
        None => {
            let mut ids: Vec<CardId> = order.drain(..).map(|(c, _)| c).collect();
            store::renumber(&mut tx, &ids).await?;
            ids.clear();
            order =
                store::positions(&mut tx, to).await?.into_iter().filter(|(c, _)| c != id).collect();
            position_for(&order, slot).unwrap_or(GAP)
        }
    };
    let destination =
        Destination { board_id: &to_board.id, list_id: to, position, completed_at, at };
    store::move_to(&mut tx, id, &destination).await?;
    if to_board.id != from_board.id {
        details::drop_labels(&mut tx, id).await?;
    }
    let who = Some(actor.user_id.as_str());
    let detail = match (&from_name, to_board.id == from_board.id) {
        (Some(from), true) => format!("{from} → {}", list.name),
        _ => format!("{} › {}", to_board.name, list.name),
    };
    details::log(&mut tx, id, who, EventKind::Moved, &detail, at).await?;
    match (card.completed_at.is_some(), completed_at.is_some()) {
        (false, true) => {
            details::log(&mut tx, id, who, EventKind::Completed, &list.name, at).await?
        }
        (true, false) => {
            details::log(&mut tx, id, who, EventKind::Reopened, &list.name, at).await?
        }
        _ => {}
    }
    let patient = card.patient_id.as_deref();
    record(&mut tx, state, actor, Action::CardMoved, &from_board, ("task_card", id), patient)
        .await?;
    if to_board.id != from_board.id {
        record(&mut tx, state, actor, Action::CardMoved, &to_board, ("task_card", id), patient)
            .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// What an edit of a card says.
pub struct Changes<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub due_at: Option<i64>,
    /// The version the person edited.
    pub version: i64,
}

pub async fn edit(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    changes: &Changes<'_>,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let title = text::line(changes.title, MAX_TITLE_CHARS, "title", "task-title-invalid")?;
    let description = text::body(
        changes.description,
        MAX_DESCRIPTION_CHARS,
        false,
        "description",
        "task-description-invalid",
    )?;
    let changed = || AppError::Invalid { field: "title", code: "task-card-changed-meanwhile" };
    if changes.version != card.version {
        return Err(changed());
    }
    let org = &actor.org_id;
    let title_enc = seal(state, org, place("task_cards", "title_enc", id), title).await?;
    let description_enc = match description.is_empty() {
        true => None,
        false => {
            Some(seal(state, org, place("task_cards", "description_enc", id), description).await?)
        }
    };
    let at = state.clock.now_ms();
    let edit = Edit {
        title_enc: &title_enc,
        description_enc: description_enc.as_deref(),
        priority: changes.priority,
        due_at: changes.due_at,
        at,
    };
    let mut tx = state.db.begin().await?;
    if !store::edit(&mut tx, id, changes.version, &edit).await? {
        return Err(changed());
    }
    details::log(&mut tx, id, Some(&actor.user_id), EventKind::Edited, "", at).await?;
    let patient = card.patient_id.as_deref();
    record(&mut tx, state, actor, Action::CardEdited, &board, ("task_card", id), patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Archives a card (`true`) or brings it back (`false`).
pub async fn archive(
    state: &AppState,
    actor: &CurrentUser,
    id: &CardId,
    archived: bool,
) -> AppResult<()> {
    let (board, card) = usable(state, actor, id).await?;
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if store::set_archived(&mut tx, id, archived.then_some(at), at).await? {
        let (kind, action) = match archived {
            true => (EventKind::Archived, Action::CardArchived),
            false => (EventKind::Restored, Action::CardRestored),
        };
        details::log(&mut tx, id, Some(&actor.user_id), kind, "", at).await?;
        let patient = card.patient_id.as_deref();
        record(&mut tx, state, actor, action, &board, ("task_card", id), patient).await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
