//! A caregiver's published visits as an iCalendar feed at a secret, revocable address. The feed
//! carries times only — no patient name, address or care — because calendar apps copy it to
//! servers outside the service; the caregiver opens "My day" for the rest.

use sqlx::Row;

use super::store::visits as visit_store;
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::{MINUTE_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::secrets::{digest, random_token};
use crate::state::AppState;

/// Creates (or renews) the person's feed; returns the secret token, shown once.
pub async fn renew(state: &AppState, actor: &CurrentUser) -> AppResult<String> {
    actor.require(Permission::SeePatientData)?;
    let token = random_token(24);
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, org_id, token_digest, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET token_digest = excluded.token_digest, created_at = excluded.created_at",
    )
    .bind(&actor.user_id)
    .bind(&actor.org_id)
    .bind(digest(&token))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let trail = Trail {
        action: "calendar.renew",
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
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(&actor.user_id)
        .execute(&mut *tx)
        .await?;
    let trail = Trail {
        action: "calendar.revoke",
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
    let row = sqlx::query("SELECT COUNT(*) FROM calendar_feeds WHERE user_id = $1")
        .bind(&actor.user_id)
        .fetch_one(state.db.reader())
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), on character boundaries.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn utc(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// The feed for a token: published visits from a week ago to four weeks ahead.
pub async fn feed(
    state: &AppState,
    token: &str,
    base_url: &str,
    summary: &str,
) -> AppResult<String> {
    let row = sqlx::query("SELECT user_id, org_id FROM calendar_feeds WHERE token_digest = $1")
        .bind(digest(token))
        .fetch_optional(state.db.reader())
        .await?
        .ok_or(AppError::NotFound)?;
    let (user_id, org_id): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    let today = crate::org::service::today(state, &org_id).await?;
    let span = |days: i64| {
        today.checked_add(jiff::Span::new().days(days)).map(|d| d.to_string()).unwrap_or_default()
    };
    let visits =
        visit_store::of_caregiver(state.db.reader(), &org_id, &user_id, &span(-7), &span(28))
            .await?;
    let stamp = utc(now_ms());
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Relais//Round//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(line));
    }
    for visit in visits.iter().filter(|v| !v.cancelled) {
        let day: jiff::civil::Date =
            visit.day.parse().map_err(|e: jiff::Error| AppError::Internal(e.into()))?;
        if !super::scope::week_published(state, &org_id, &visit.team_id, day).await? {
            continue;
        }
        let start = visit.planned_start_at.unwrap_or(visit.window_start_at);
        let end = start + visit.duration_minutes * MINUTE_MS;
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@relais", visit.id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", utc(start)),
            format!("DTEND:{}", utc(end)),
            format!("SUMMARY:{}", text(summary)),
            format!("URL:{base_url}/round?day={}", visit.day),
            "TRANSP:OPAQUE".to_string(),
            "END:VEVENT".to_string(),
        ] {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_folded_at_75_octets_and_text_is_escaped() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|line| line.len() <= 75), "{folded:?}");
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(utc(0), "19700101T000000Z");
    }
}
