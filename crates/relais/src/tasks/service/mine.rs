//! "My tasks": the open cards assigned to the person across their boards, grouped by when they
//! are due; and cards made from a message (the card links to the message, and a reply in the
//! message's thread links to the card).

use super::cards::{self, NewTask, opened};
use super::view::{Horizon, horizon};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::posting::{self, Draft};
use crate::messaging::text::MessageText;
use crate::state::AppState;
use crate::tasks::model::{Board, Card, CardId, ListId, Notice, Priority};
use crate::tasks::store::cards as store;

/// A card of "my tasks", with its board.
pub struct Mine {
    pub card: Card,
    pub board: Board,
}

#[derive(Default)]
pub struct MyTasks {
    pub overdue: Vec<Mine>,
    pub today: Vec<Mine>,
    pub week: Vec<Mine>,
    pub later: Vec<Mine>,
    pub undated: Vec<Mine>,
    /// Delivered notices, with the card's title when the card is still on one of the boards.
    pub notices: Vec<(Notice, Option<Mine>)>,
}

impl MyTasks {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.week.is_empty()
            && self.later.is_empty()
            && self.undated.is_empty()
    }

    pub fn count(&self) -> usize {
        self.overdue.len()
            + self.today.len()
            + self.week.len()
            + self.later.len()
            + self.undated.len()
    }
}

pub async fn my_tasks(state: &AppState, actor: &CurrentUser) -> AppResult<MyTasks> {
    let boards = super::boards::mine(state, actor).await?.boards;
    let horizon = horizon(state, &actor.org_id).await?;
    let mut mine = MyTasks::default();
    for stored in store::assigned_to(state.db.reader(), &actor.org_id, &actor.user_id).await? {
        let Some(board) = boards.iter().find(|b| b.id == stored.board_id).cloned() else {
            continue;
        };
        let card = opened(state, stored).await?;
        bucket(&mut mine, &horizon, Mine { card, board });
    }
    for notice in super::notices::mine(state, actor).await? {
        let stored = store::find(state.db.reader(), &actor.org_id, &notice.card_id).await?;
        let card = match stored {
            Some(stored) => match boards.iter().find(|b| b.id == stored.board_id).cloned() {
                Some(board) => Some(Mine { card: opened(state, stored).await?, board }),
                None => None,
            },
            None => None,
        };
        mine.notices.push((notice, card));
    }
    Ok(mine)
}

fn bucket(mine: &mut MyTasks, horizon: &Horizon, task: Mine) {
    let list = match task.card.due_at {
        None => &mut mine.undated,
        Some(at) if at < horizon.now => &mut mine.overdue,
        Some(at) if at < horizon.end_of_today => &mut mine.today,
        Some(at) if at < horizon.end_of_week => &mut mine.week,
        Some(_) => &mut mine.later,
    };
    list.push(task);
}

/// What a card made from a message starts with: the message's first line as its title.
pub struct FromMessage {
    pub message_id: String,
    pub title: String,
    pub text: String,
}

pub async fn from_message(
    state: &AppState,
    actor: &CurrentUser,
    message_id: &str,
) -> AppResult<FromMessage> {
    let message = crate::messaging::reading::one(state, actor, message_id).await?;
    if message.deleted {
        return Err(AppError::NotFound);
    }
    let first = message.text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let title: String = first.trim().chars().take(super::text::MAX_TITLE_CHARS).collect();
    Ok(FromMessage { message_id: message.id, title, text: message.text })
}

/// Makes a card from a message the person can read; with `reply`, a reply in the message's
/// thread links to the card (its title is the one the conversation already read).
pub async fn create_from_message(
    state: &AppState,
    actor: &CurrentUser,
    message_id: &str,
    list: &ListId,
    title: &str,
    reply: Option<&str>,
) -> AppResult<CardId> {
    let message = crate::messaging::reading::one(state, actor, message_id).await?;
    if message.deleted {
        return Err(AppError::NotFound);
    }
    let task =
        NewTask { title, due_at: None, priority: Priority::Normal, message_id: Some(&message.id) };
    let id = cards::create(state, actor, list, &task).await?;
    if let Some(template) = reply {
        let escaped: String = title
            .trim()
            .chars()
            .flat_map(|c| match c {
                '[' | ']' | '\\' | '*' | '_' | '`' => vec!['\\', c],
                _ => vec![c],
            })
            .collect();
        let text = template.replace("__CARD__", &format!("[{escaped}](/tasks/cards/{id})"));
        let draft = Draft {
            text: MessageText::parse(&text).map_err(|_| AppError::NotFound)?,
            thread_root_id: Some(message.thread_root_id.clone().unwrap_or(message.id.clone())),
            urgent_reason: None,
            confirm_everyone: false,
            client_key: Some(format!("task-{id}")),
            attachment: None,
        };
        posting::post(state, actor, &message.conversation_id, draft).await?;
    }
    Ok(id)
}
