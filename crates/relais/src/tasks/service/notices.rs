//! What boards tell people — a card assigned to them, a mention, a card due within a day, a card
//! overdue — held until each person's next working period (the right to disconnect applies as to
//! messages), then listed on "My tasks" and announced live. A notice names the card, never its
//! text: the page shows the title to whoever may open the card.

use crate::auth::CurrentUser;
use crate::clock::{HOUR_MS, MINUTE_MS};
use crate::error::AppResult;
use crate::events::Audience;
use crate::org::availability::Availability;
use crate::state::AppState;
use crate::tasks::model::{CardId, Notice, NoticeKind};
use crate::tasks::store::notices::{self as store, NewNotice};

/// How long before its due moment a card is "due soon".
pub const DUE_SOON_MS: i64 = 24 * HOUR_MS;
/// How far back the overdue scan looks (older ones were told already or are forgotten).
const OVERDUE_WINDOW_MS: i64 = 7 * 24 * HOUR_MS;

/// Tells each of `people` about `card`: now if they are at work, else at their next working period.
pub(crate) async fn notify(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    org: &str,
    people: &[&str],
    kind: NoticeKind,
    card: &CardId,
) -> sqlx::Result<()> {
    let now = state.clock.now_ms();
    for user in people {
        let Some(person) = crate::org::store::find_person(&mut *conn, org, user).await? else {
            continue;
        };
        if !person.active {
            continue;
        }
        let deliver_at = Availability::new(person.hours, &person.time_zone).next_reachable(now);
        let notice = NewNotice { org_id: org, user_id: user, card, kind, at: now, deliver_at };
        let Some(id) = store::insert(&mut *conn, &notice).await? else {
            continue;
        };
        if deliver_at <= now && store::mark_delivered(&mut *conn, &id, now).await? {
            announce(&mut *conn, org, user, &id).await?;
        }
    }
    Ok(())
}

async fn announce(
    conn: &mut sqlx::AnyConnection,
    org: &str,
    user: &str,
    id: &str,
) -> sqlx::Result<()> {
    let payload = serde_json::json!({ "id": id });
    let audience = Audience::user(user).to_string();
    crate::events::outbox::emit(conn, org, &audience, "task.notice", &payload).await?;
    Ok(())
}

/// Finds the cards due soon or overdue and tells their assignees (once per card and kind), then
/// delivers the notices whose time has come. Returns how many were delivered.
pub async fn run(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let reader = state.db.reader();
    let cards = store::due_cards(reader, now - OVERDUE_WINDOW_MS, now + DUE_SOON_MS).await?;
    let mut tx = state.db.begin().await?;
    for (card, org, user, due_at) in &cards {
        let kind = if *due_at <= now { NoticeKind::Overdue } else { NoticeKind::DueSoon };
        notify(&mut tx, state, org, &[user.as_str()], kind, card).await?;
    }
    let mut delivered = 0;
    for notice in store::due(&mut *tx, now).await? {
        if store::mark_delivered(&mut tx, &notice.id, now).await? {
            announce(&mut tx, &notice.org_id, &notice.user_id, &notice.id).await?;
            delivered += 1;
        }
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(delivered)
}

/// How often the job runs.
pub const EVERY_MS: i64 = MINUTE_MS;

/// The person's delivered notices, newest first.
pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Notice>> {
    Ok(store::delivered_to(state.db.reader(), &actor.user_id).await?)
}

pub async fn mark_read(state: &AppState, actor: &CurrentUser) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    store::mark_read(&mut tx, &actor.user_id, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok(())
}
