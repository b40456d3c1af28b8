//! Due dates in time: a month of the cards due on the person's boards (or only theirs), and the
//! person's iCalendar feed of the due dates of cards assigned to them.
//!
//! A feed leaves Relais for a calendar server, so by default it carries the board's name and the
//! card's address, not its title (a title may name a patient); the person may choose to include
//! titles when they create the feed. A card linked to a patient never shows its title there.

use icalendar::{Calendar, Component, Event, EventLike};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Span, ToSpan};

use super::cards::opened;
use super::mine::Mine;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::{CurrentUser, feeds};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::Action;
use crate::tasks::store::cards as store;

/// The kind of the due-date feeds in `auth::feeds`.
const KIND: &str = "tasks";

/// What a feed carries: `SCOPE_TITLES` also the cards' titles.
pub const SCOPE_PLAIN: &str = "";
pub const SCOPE_TITLES: &str = "titles";

/// A day of the month grid.
pub struct Day {
    pub date: Date,
    pub in_month: bool,
    pub today: bool,
    pub cards: Vec<Mine>,
}

pub struct Month {
    /// The first day of the month shown.
    pub first: Date,
    /// Weeks from Monday to Sunday, covering the month.
    pub weeks: Vec<Vec<Day>>,
    /// Whether only the person's cards are shown.
    pub mine_only: bool,
    /// Whether some cards were left out (more than a calendar shows).
    pub truncated: bool,
}

fn internal(e: jiff::Error) -> AppError {
    AppError::Internal(e.into())
}

/// The month `YYYY-MM` (this month when absent) in the person's zone.
pub async fn month(
    state: &AppState,
    actor: &CurrentUser,
    wanted: Option<&str>,
    mine_only: bool,
) -> AppResult<Month> {
    let zone = TimeZone::get(&actor.time_zone).unwrap_or(TimeZone::UTC);
    let today = state.clock.today(&zone);
    let first = match wanted.filter(|w| !w.is_empty()) {
        Some(text) => parse_month(text)?,
        None => today.first_of_month(),
    };
    let start = first
        .checked_sub(Span::new().days(i64::from(first.weekday().to_monday_zero_offset())))
        .map_err(internal)?;
    let last = first.last_of_month();
    let end = last
        .checked_add(Span::new().days(i64::from(6 - last.weekday().to_monday_zero_offset())))
        .map_err(internal)?;
    let instant = |day: Date| -> AppResult<i64> {
        Ok(day.to_zoned(zone.clone()).map_err(internal)?.timestamp().as_millisecond())
    };
    let (from, to) = (instant(start)?, instant(end.tomorrow().map_err(internal)?)?);
    let reader = state.db.reader();
    let due =
        store::due_between(reader, &actor.org_id, &actor.user_id, mine_only, from, to).await?;
    let truncated = i64::try_from(due.len()).unwrap_or(i64::MAX) >= store::DUE_SHOWN;
    let boards = super::boards::mine(state, actor).await?.boards;
    let mut cards = Vec::new();
    for stored in due {
        let Some(board) = boards.iter().find(|b| b.id == stored.board_id).cloned() else {
            continue;
        };
        cards.push(Mine { card: opened(state, stored).await?, board });
    }
    let mut weeks = Vec::new();
    let mut day = start;
    while day <= end {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let (begin, finish) = (instant(day)?, instant(day.tomorrow().map_err(internal)?)?);
            let (on_day, rest): (Vec<Mine>, Vec<Mine>) = cards
                .into_iter()
                .partition(|m| m.card.due_at.is_some_and(|at| at >= begin && at < finish));
            cards = rest;
            week.push(Day {
                date: day,
                in_month: day.month() == first.month(),
                today: day == today,
                cards: on_day,
            });
            day = day.tomorrow().map_err(internal)?;
        }
        weeks.push(week);
    }
    Ok(Month { first, weeks, mine_only, truncated })
}

/// `YYYY-MM` between 2000 and 2100, or a form error.
fn parse_month(text: &str) -> AppResult<Date> {
    let invalid = || AppError::Invalid { field: "month", code: "task-month-invalid" };
    let (year, month) = text.trim().split_once('-').ok_or_else(invalid)?;
    let year: i16 = year.parse().map_err(|_| invalid())?;
    let month: i8 = month.parse().map_err(|_| invalid())?;
    if !(2000..=2100).contains(&year) {
        return Err(invalid());
    }
    Date::new(year, month, 1).map_err(|_| invalid())
}

/// The person's feed, if they have one, and whether it carries titles.
pub async fn feed_of(state: &AppState, actor: &CurrentUser) -> AppResult<Option<bool>> {
    let reader = state.db.reader();
    if feeds::exists(reader, &actor.user_id, KIND, SCOPE_TITLES).await? {
        return Ok(Some(true));
    }
    Ok(feeds::exists(reader, &actor.user_id, KIND, SCOPE_PLAIN).await?.then_some(false))
}

/// Creates (or renews) the person's feed; returns the secret token, shown once. A person has one
/// feed: renewing with or without titles revokes the other.
pub async fn renew(state: &AppState, actor: &CurrentUser, titles: bool) -> AppResult<String> {
    let (scope, other) =
        if titles { (SCOPE_TITLES, SCOPE_PLAIN) } else { (SCOPE_PLAIN, SCOPE_TITLES) };
    let mut tx = state.db.begin().await?;
    feeds::revoke(&mut tx, &actor.user_id, KIND, other).await?;
    let token = feeds::renew(&mut tx, &actor.org_id, &actor.user_id, KIND, scope).await?;
    audit(&mut tx, state, actor, Action::FeedRenewed, scope).await?;
    finish(tx, state).await?;
    Ok(token)
}

pub async fn revoke(state: &AppState, actor: &CurrentUser) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    feeds::revoke(&mut tx, &actor.user_id, KIND, SCOPE_PLAIN).await?;
    feeds::revoke(&mut tx, &actor.user_id, KIND, SCOPE_TITLES).await?;
    audit(&mut tx, state, actor, Action::FeedRevoked, "").await?;
    finish(tx, state).await?;
    Ok(())
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    scope: &str,
) -> sqlx::Result<()> {
    let reason = (!scope.is_empty()).then_some(scope);
    let trail = Trail {
        action: action.as_str(),
        object_type: "task_feed",
        object_id: &actor.user_id,
        patient_id: None,
        reason,
    };
    record(conn, state, actor, &trail, &[]).await
}

/// What a feed's events say, in the person's language.
pub struct Words {
    /// "Échéance" — before the board's name.
    pub due: String,
    /// Said instead of the title of a card linked to a patient.
    pub patient_card: String,
}

/// The feed for a token: due dates of the person's open cards from 30 days ago to a year ahead.
/// A due date at 23:59 (a day without a time) is an all-day event; others last 15 minutes.
pub async fn feed(
    state: &AppState,
    token: &str,
    base_url: &str,
    words: &Words,
) -> AppResult<String> {
    let reader = state.db.reader();
    let feed = feeds::find(reader, KIND, token).await?.ok_or(AppError::NotFound)?;
    let titles = feed.scope == SCOPE_TITLES;
    let zone_name = crate::tasks::store::person_zone(reader, &feed.user_id).await?;
    let zone = TimeZone::get(&zone_name).unwrap_or(TimeZone::UTC);
    let now = state.clock.now_ms();
    let (from, to) = (now - 30 * crate::clock::DAY_MS, now + 366 * crate::clock::DAY_MS);
    let due = store::due_between(reader, &feed.org_id, &feed.user_id, true, from, to).await?;
    let names = crate::tasks::store::board_names(reader, &feed.org_id).await?;
    let stamp = utc(now)?;
    let mut calendar = Calendar::empty();
    for property in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Relais//Tasks//FR"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(property);
    }
    for stored in due.into_iter().filter(|c| c.completed_at.is_none()) {
        let Some(due_at) = stored.due_at else { continue };
        let board = names.iter().find(|(id, _)| *id == stored.board_id).map(|(_, n)| n.as_str());
        let mut summary = format!("{} · {}", words.due, board.unwrap_or_default());
        if titles {
            let title = if stored.patient_id.is_some() {
                words.patient_card.clone()
            } else {
                opened(state, stored.clone()).await?.title
            };
            summary = format!("{summary} · {title}");
        }
        let mut event = Event::new();
        event
            .uid(&format!("{}@relais-tasks", stored.id))
            .timestamp(stamp)
            .summary(&summary)
            .url(&format!("{base_url}/tasks/cards/{}", stored.id))
            .add_property("TRANSP", "TRANSPARENT");
        let local =
            jiff::Timestamp::from_millisecond(due_at).map_err(internal)?.to_zoned(zone.clone());
        if local.time() == Time::new(23, 59, 0, 0).map_err(internal)? {
            let day = local.date();
            let next = day.checked_add(1.day()).map_err(internal)?;
            event.all_day(naive(day)?).ends(naive(next)?);
        } else {
            event.starts(utc(due_at)?).ends(utc(due_at + 15 * crate::clock::MINUTE_MS)?);
        }
        calendar.push(event.done());
    }
    Ok(calendar.done().to_string())
}

fn utc(at_ms: i64) -> AppResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("instant out of range: {at_ms}")))
}

fn naive(day: Date) -> AppResult<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        day.month().unsigned_abs().into(),
        day.day().unsigned_abs().into(),
    )
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("day out of range: {day}")))
}
