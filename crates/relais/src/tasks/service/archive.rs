//! A board's archive: by pages of 50, the most recently archived first; words search every
//! archived title (opened one by one: titles are sealed, so the database cannot search them).

use super::access;
use super::cards::opened;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tasks::model::{Board, BoardId, Card};
use crate::tasks::store::cards as store;

pub const PAGE: i64 = 50;
/// How many archived cards a search looks through.
const SEARCHED: i64 = 20_000;

pub struct Archive {
    pub board: Board,
    pub cards: Vec<Card>,
    pub page: i64,
    pub has_more: bool,
    pub total: i64,
}

pub async fn page(
    state: &AppState,
    actor: &CurrentUser,
    id: &BoardId,
    page: i64,
    words: &str,
) -> AppResult<Archive> {
    let (_, board) = access::board(state, actor, id).await?;
    let reader = state.db.reader();
    let total = store::archived_count(reader, id).await?;
    let words = words.trim().to_lowercase();
    let offset = page.saturating_mul(PAGE);
    if words.is_empty() {
        let mut cards = Vec::new();
        for stored in store::archived_of_board(reader, id, PAGE + 1, offset).await? {
            cards.push(opened(state, stored).await?);
        }
        let has_more = cards.len() > usize::try_from(PAGE).unwrap_or(usize::MAX);
        cards.truncate(usize::try_from(PAGE).unwrap_or(usize::MAX));
        return Ok(Archive { board, cards, page, has_more, total });
    }
    let mut found = Vec::new();
    for stored in store::archived_of_board(reader, id, SEARCHED, 0).await? {
        let card = opened(state, stored).await?;
        if card.title.to_lowercase().contains(&words) {
            found.push(card);
        }
    }
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(PAGE).unwrap_or(usize::MAX);
    let has_more = found.len() > skip.saturating_add(take);
    let cards = found.into_iter().skip(skip).take(take).collect();
    Ok(Archive { board, cards, page, has_more, total })
}
