//! A caregiver's published visits as an iCalendar feed at a secret, revocable address. The feed
//! carries times only — no patient name, address or care — because calendar apps copy it to
//! servers outside the service; the caregiver opens "My day" for the rest.

use super::store::visits as visit_store;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::{CurrentUser, feeds};
use crate::clock::{MINUTE_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::org::Permission;
use crate::state::AppState;
use icalendar::{Calendar, Component, Event, EventLike};

/// The kind of the round's feeds in `auth::feeds`.
const KIND: &str = "round";

/// Creates (or renews) the person's feed; returns the secret token, shown once.
pub async fn renew(state: &AppState, actor: &CurrentUser) -> AppResult<String> {
    actor.require(Permission::SeePatientData)?;
    let mut tx = state.db.begin().await?;
    let token = feeds::renew(&mut tx, &actor.org_id, &actor.user_id, KIND, "").await?;
    let trail = Trail {
        action: Action::CalendarRenew.as_str(),
        object_type: "calendar_feed",
        object_id: &actor.user_id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(token)
}

pub async fn revoke(state: &AppState, actor: &CurrentUser) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    feeds::revoke(&mut tx, &actor.user_id, KIND, "").await?;
    let trail = Trail {
        action: Action::CalendarRevoke.as_str(),
        object_type: "calendar_feed",
        object_id: &actor.user_id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn has_feed(state: &AppState, actor: &CurrentUser) -> AppResult<bool> {
    Ok(feeds::exists(state.db.reader(), &actor.user_id, KIND, "").await?)
}

/// An instant as iCalendar writes it (UTC).
fn utc(at_ms: i64) -> AppResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("instant out of range: {at_ms}")))
}

/// The feed for a token: published visits from a week ago to four weeks ahead.
pub async fn feed(
    state: &AppState,
    token: &str,
    base_url: &str,
    summary: &str,
) -> AppResult<String> {
    let feed = feeds::find(state.db.reader(), KIND, token).await?.ok_or(AppError::NotFound)?;
    let (user_id, org_id) = (feed.user_id, feed.org_id);
    let today = crate::org::service::today(state, &org_id).await?;
    let span = |days: i64| {
        today.checked_add(jiff::Span::new().days(days)).map(|d| d.to_string()).unwrap_or_default()
    };
    let visits =
        visit_store::of_caregiver(state.db.reader(), &org_id, &user_id, &span(-7), &span(28))
            .await?;
    let stamp = utc(now_ms())?;
    let mut calendar = Calendar::empty();
    for property in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Relais//Round//FR"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(property);
    }
    for visit in visits.iter().filter(|v| !v.cancelled()) {
        let day = super::scope::stored_day(&visit.day)?;
        if !super::scope::week_published(state, &org_id, &visit.team_id, day).await? {
            continue;
        }
        let start = visit.planned_start_at.unwrap_or(visit.window_start_at);
        let end = start + visit.duration_minutes * MINUTE_MS;
        calendar.push(
            Event::new()
                .uid(&format!("{}@relais", visit.id))
                .timestamp(stamp)
                .starts(utc(start)?)
                .ends(utc(end)?)
                .summary(summary)
                .url(&format!("{base_url}/round?day={}", visit.day))
                .add_property("TRANSP", "OPAQUE")
                .done(),
        );
    }
    Ok(calendar.done().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_folds_long_lines_and_escapes_text() {
        let mut calendar = Calendar::new();
        let summary = format!("Visite; à domicile, {}", "é".repeat(60));
        calendar.push(Event::new().uid("v@relais").summary(&summary).done());
        let ics = calendar.done().to_string();
        assert!(ics.split("\r\n").all(|line| line.len() <= 75), "{ics:?}");
        assert!(ics.replace("\r\n ", "").contains("SUMMARY:Visite\\; à domicile\\, é"), "{ics}");
        assert_eq!(utc(0).unwrap().to_rfc3339(), "1970-01-01T00:00:00+00:00");
    }
}
