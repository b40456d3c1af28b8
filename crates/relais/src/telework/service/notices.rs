//! Notices of the telework module (a request to decide, a decision, a charter or an agreement to
//! read, a self-check due), held until each person's next working period: the right to disconnect
//! applies to them as to messages. Delivered notices are listed on "My telework" and announced live.

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::events::Audience;
use crate::org::Person;
use crate::org::availability::Availability;
use crate::state::AppState;
use crate::telework::model::{Notice, NoticeKind};
use crate::telework::store::notices as store;

/// Tells `people` about `subject`, now if they are at work, else at their next working period.
pub(crate) async fn notify(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    people: &[&Person],
    kind: NoticeKind,
    subject: &str,
) -> sqlx::Result<()> {
    let now = state.clock.now_ms();
    for person in people {
        let reachable = Availability::new(person.hours, &person.time_zone).next_reachable(now);
        let org = &person.org_id;
        let Some(id) =
            store::insert(&mut *conn, org, &person.id, kind, subject, now, reachable).await?
        else {
            continue;
        };
        if reachable <= now && store::mark_delivered(&mut *conn, &id, now).await? {
            announce(&mut *conn, org, &person.id, &id).await?;
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
    crate::events::outbox::emit(conn, org, &audience, "telework.notice", &payload).await?;
    Ok(())
}

/// Delivers the notices whose time has come. Returns how many.
pub async fn deliver_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let due = store::due(state.db.reader(), now).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut delivered = 0;
    let mut tx = state.db.begin().await?;
    for notice in &due {
        if store::mark_delivered(&mut tx, &notice.id, now).await? {
            announce(&mut tx, &notice.org_id, &notice.user_id, &notice.id).await?;
            delivered += 1;
        }
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(delivered)
}

/// Reminders, once each: the charter in force not accepted three days after its publication, and
/// devices whose self-check is due.
pub async fn remind(state: &AppState) -> AppResult<usize> {
    let mut sent = 0;
    for org in crate::org::store::organisation_ids(state.db.reader()).await? {
        let mut tx = state.db.begin().await?;
        sent += remind_charter(&mut tx, state, &org).await?;
        sent += remind_checks(&mut tx, state, &org).await?;
        crate::audit::trail::finish(tx, state).await?;
    }
    Ok(sent)
}

async fn remind_charter(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    org: &str,
) -> AppResult<usize> {
    let reader = state.db.reader();
    let now = state.clock.now_ms();
    let Some(charter) = crate::telework::store::charter::current(reader, org).await? else {
        return Ok(0);
    };
    if charter.published_at >= now - 3 * 24 * 60 * crate::clock::MINUTE_MS {
        return Ok(0);
    }
    let accepted = crate::telework::store::charter::acceptances(reader, &charter.id).await?;
    let concerned = super::charter::concerned(state, org).await?;
    let waiting: Vec<&Person> =
        concerned.iter().filter(|p| !accepted.iter().any(|(u, _)| *u == p.id)).collect();
    notify(conn, state, &waiting, NoticeKind::CharterReminder, &charter.id).await?;
    Ok(waiting.len())
}

async fn remind_checks(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    org: &str,
) -> AppResult<usize> {
    let reader = state.db.reader();
    let people = super::people(state, org).await?;
    let months = crate::telework::store::security::check_months(reader, org).await?;
    let due_before = super::security::due_before(state, org, months).await?;
    let mut sent = 0;
    for device in crate::telework::store::security::devices(reader, org, None).await? {
        if device.checked_at.is_some_and(|at| at >= due_before) {
            continue;
        }
        let Some(owner) = people.iter().find(|p| p.id == device.user_id && p.active) else {
            continue;
        };
        let subject = format!("{}:{}", device.id, device.checked_at.unwrap_or(device.created_at));
        notify(conn, state, &[owner], NoticeKind::CheckDue, &subject).await?;
        sent += 1;
    }
    Ok(sent)
}

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

/// Where a notice leads.
pub fn link(notice: &Notice) -> &'static str {
    match notice.kind {
        NoticeKind::DayRequested => "/telework/team",
        NoticeKind::DayDecided | NoticeKind::AgreementProposed => "/telework",
        NoticeKind::CharterPublished | NoticeKind::CharterReminder => "/telework/charter",
        NoticeKind::CheckDue => "/telework/security",
    }
}
