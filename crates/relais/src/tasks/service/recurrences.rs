//! Recurring cards: "every Monday at 8:00, the call round", "on the 1st of each month, the
//! fridge temperature record". A job creates each card at its moment in the organisation's time
//! zone (DST-safe: a moment that does not exist that day is taken just after the change), once
//! even with several instances (the rule moves forward by compare-and-set, and a card is unique
//! per rule and moment). After a stop, missed moments give one card, not a flood.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use super::access::{self, open, place, seal};
use super::text::{self, MAX_TITLE_CHARS};
use super::{notices, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{
    Action, BoardId, CardId, EventKind, Frequency, ListId, NoticeKind, Priority, Recurrence,
    RecurrenceId,
};
use crate::tasks::store::cards::{self as card_store, GAP, NewCard};
use crate::tasks::store::recurrences::{self as store, NewRecurrence, StoredRecurrence};
use crate::tasks::store::{self as boards_store, details};

/// When a rule comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    pub frequency: Frequency,
    /// Weekly: ISO day of the week (1 = Monday); monthly: day of the month (1 to 28).
    pub day: i64,
    /// Minutes after midnight.
    pub minute: i64,
}

impl Rhythm {
    pub fn checked(frequency: Frequency, day: i64, minute: i64) -> AppResult<Self> {
        let days = match frequency {
            Frequency::Weekly => 1..=7,
            Frequency::Monthly => 1..=28,
        };
        if !days.contains(&day) {
            return Err(AppError::Invalid { field: "day", code: "task-recurrence-day-invalid" });
        }
        if !(0..24 * 60).contains(&minute) {
            return Err(AppError::Invalid { field: "time", code: "task-recurrence-time-invalid" });
        }
        Ok(Self { frequency, day, minute })
    }

    fn falls_on(&self, date: Date) -> bool {
        match self.frequency {
            Frequency::Weekly => i64::from(date.weekday().to_monday_one_offset()) == self.day,
            Frequency::Monthly => i64::from(date.day()) == self.day,
        }
    }

    /// The first moment of the rhythm strictly after `after` (ms), in `zone`.
    pub fn next_after(&self, zone: &TimeZone, after: i64) -> AppResult<i64> {
        let internal = |e: jiff::Error| AppError::Internal(e.into());
        let start = jiff::Timestamp::from_millisecond(after).map_err(internal)?;
        let mut date = start.to_zoned(zone.clone()).date();
        let time = Time::new(
            i8::try_from(self.minute / 60).unwrap_or(0),
            i8::try_from(self.minute % 60).unwrap_or(0),
            0,
            0,
        )
        .map_err(internal)?;
        for _ in 0..64 {
            if self.falls_on(date) {
                let at = date.to_datetime(time).to_zoned(zone.clone()).map_err(internal)?;
                let ms = at.timestamp().as_millisecond();
                if ms > after {
                    return Ok(ms);
                }
            }
            date = date.tomorrow().map_err(internal)?;
        }
        Err(AppError::Internal(anyhow::anyhow!("no moment of the rhythm within 64 days")))
    }
}

pub async fn of_board(
    state: &AppState,
    actor: &CurrentUser,
    board: &BoardId,
) -> AppResult<Vec<Recurrence>> {
    access::board(state, actor, board).await?;
    let mut rules = Vec::new();
    for rule in store::of_board(state.db.reader(), board).await? {
        rules.push(opened(state, rule).await?);
    }
    Ok(rules)
}

async fn opened(state: &AppState, rule: StoredRecurrence) -> AppResult<Recurrence> {
    let at = place("task_recurrences", "title_enc", &rule.id);
    Ok(Recurrence {
        title: open(state, &rule.org_id, at, &rule.title_enc).await?,
        id: rule.id,
        org_id: rule.org_id,
        board_id: rule.board_id,
        list_id: rule.list_id,
        frequency: rule.frequency,
        day: rule.day,
        minute: rule.minute,
        assignee_id: rule.assignee_id,
        next_at: rule.next_at,
    })
}

pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    board_id: &BoardId,
    list_id: &ListId,
    title: &str,
    rhythm: Rhythm,
    assignee: Option<&str>,
) -> AppResult<RecurrenceId> {
    let (_, board) = access::board(state, actor, board_id).await?;
    let lists = boards_store::lists(state.db.reader(), board_id).await?;
    if !lists.iter().any(|l| l.id == *list_id) {
        return Err(AppError::Invalid { field: "list", code: "task-list-unknown" });
    }
    if let Some(person) = assignee {
        let members = super::view::members(state, &board).await?;
        if !members.iter().any(|(m, _)| m == person) {
            return Err(AppError::Invalid { field: "person", code: "task-assignee-unknown" });
        }
    }
    let title = text::line(title, MAX_TITLE_CHARS, "title", "task-title-invalid")?;
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let now = state.clock.now_ms();
    let id = RecurrenceId::generate();
    let sealed =
        seal(state, &actor.org_id, place("task_recurrences", "title_enc", &id), title).await?;
    let rule = NewRecurrence {
        id: &id,
        org_id: &actor.org_id,
        board_id,
        list_id,
        title_enc: &sealed,
        frequency: rhythm.frequency,
        day: rhythm.day,
        minute: rhythm.minute,
        assignee_id: assignee,
        next_at: rhythm.next_after(&zone, now)?,
        by: &actor.user_id,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut tx, &rule).await?;
    record(&mut tx, state, actor, Action::RecurrenceSaved, &board, ("task_recurrence", &id), None)
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

pub async fn delete(
    state: &AppState,
    actor: &CurrentUser,
    board_id: &BoardId,
    id: &RecurrenceId,
) -> AppResult<()> {
    let (_, board) = access::board(state, actor, board_id).await?;
    let mut tx = state.db.begin().await?;
    if !store::delete(&mut tx, board_id, id).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, state, actor, Action::RecurrenceDeleted, &board, ("task_recurrence", id), None)
        .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Creates the cards of every rule whose moment has come. Returns how many were created.
pub async fn run(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let mut created = 0;
    for stored in store::due(state.db.reader(), now, 200).await? {
        let rule = opened(state, stored).await?;
        let zone = crate::org::service::zone(state, &rule.org_id).await?;
        let rhythm = Rhythm { frequency: rule.frequency, day: rule.day, minute: rule.minute };
        let next = rhythm.next_after(&zone, now)?;
        if create_card(state, &rule, next, &zone).await? {
            created += 1;
        }
    }
    Ok(created)
}

/// The card of the rule's current moment, due at the end of that day; false when another worker
/// moved the rule first.
async fn create_card(
    state: &AppState,
    rule: &Recurrence,
    next: i64,
    zone: &TimeZone,
) -> AppResult<bool> {
    let internal = |e: jiff::Error| AppError::Internal(e.into());
    let moment = jiff::Timestamp::from_millisecond(rule.next_at).map_err(internal)?;
    let day_end = moment.to_zoned(zone.clone()).date().tomorrow().map_err(internal)?;
    let due_at = day_end.to_zoned(zone.clone()).map_err(internal)?.timestamp().as_millisecond() - 1;
    let id = CardId::generate();
    let at = state.clock.now_ms();
    let title_enc =
        seal(state, &rule.org_id, place("task_cards", "title_enc", &id), &rule.title).await?;
    let list = boards_store::find_list(state.db.reader(), &rule.list_id).await?;
    let mut tx = state.db.begin().await?;
    if !store::advance(&mut tx, &rule.id, rule.next_at, next).await? {
        return Ok(false);
    }
    let position =
        card_store::positions(&mut tx, &rule.list_id).await?.last().map_or(GAP, |(_, p)| p + GAP);
    let done = list.as_ref().is_some_and(|l| l.is_done.0);
    let card = NewCard {
        id: &id,
        org_id: &rule.org_id,
        board_id: &rule.board_id,
        list_id: &rule.list_id,
        position,
        title_enc: &title_enc,
        description_enc: None,
        priority: Priority::Normal,
        due_at: Some(due_at),
        message_id: None,
        recurrence: Some((&rule.id, rule.next_at)),
        completed_at: done.then_some(at),
        by: None,
        at,
    };
    if card_store::insert(&mut tx, &card).await? {
        let list_name = list.map(|l| l.name).unwrap_or_default();
        details::log(&mut tx, &id, None, EventKind::Created, &list_name, at).await?;
        if let Some(person) = &rule.assignee_id {
            details::set_assigned(&mut tx, &id, person, true).await?;
            notices::notify(&mut tx, state, &rule.org_id, &[person], NoticeKind::Assigned, &id)
                .await?;
        }
        if let Some(board) =
            boards_store::find_board(&mut *tx, &rule.org_id, &rule.board_id).await?
        {
            let payload = serde_json::json!({ "board": board.id, "type": "task_card", "id": id });
            let audience = access::audience(&board);
            let kind = Action::CardCreated.as_str();
            crate::events::outbox::emit(&mut tx, &rule.org_id, &audience, kind, &payload).await?;
        }
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(true)
}
