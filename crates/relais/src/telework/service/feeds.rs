//! Telework days as iCalendar feeds (the platform's `auth::feeds`): a person's own approved days,
//! and a team's (for its members). All-day events, no reason or comment: calendar apps copy the
//! feed to servers outside the organisation.

use icalendar::{Calendar, Component, Event, EventLike};
use jiff::ToSpan;

use crate::auth::{CurrentUser, feeds};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::model::{Action, DayPart, DayStatus};
use crate::telework::store::days;

pub const KIND: &str = "telework";

/// A feed the person may have: their own (scope '') or a team's.
pub struct FeedLine {
    pub scope: String,
    pub team: Option<String>,
    pub exists: bool,
}

/// The feeds of `actor`: their own and each team's they may see, with whether it exists.
pub async fn list(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<FeedLine>> {
    let reader = state.db.reader();
    let exists = feeds::exists(reader, &actor.user_id, KIND, "").await?;
    let mut all = vec![FeedLine { scope: String::new(), team: None, exists }];
    for team in super::calendar::visible_teams(state, actor).await? {
        let exists = feeds::exists(reader, &actor.user_id, KIND, &team.id).await?;
        all.push(FeedLine { scope: team.id, team: Some(team.name), exists });
    }
    Ok(all)
}

/// Renews the feed of `scope` ('' or a team the actor may see); returns the token, shown once.
pub async fn renew(state: &AppState, actor: &CurrentUser, scope: &str) -> AppResult<String> {
    allowed(state, actor, scope).await?;
    let mut tx = state.db.begin().await?;
    let token = feeds::renew(&mut tx, &actor.org_id, &actor.user_id, KIND, scope).await?;
    super::record(&mut tx, state, actor, Action::FeedRenewed, ("feed", scope), &[]).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke(state: &AppState, actor: &CurrentUser, scope: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    feeds::revoke(&mut tx, &actor.user_id, KIND, scope).await?;
    super::record(&mut tx, state, actor, Action::FeedRevoked, ("feed", scope), &[]).await?;
    tx.commit().await?;
    Ok(())
}

async fn allowed(state: &AppState, actor: &CurrentUser, scope: &str) -> AppResult<()> {
    if scope.is_empty() {
        return Ok(());
    }
    let teams = super::calendar::visible_teams(state, actor).await?;
    if teams.iter().any(|t| t.id == scope) { Ok(()) } else { Err(AppError::NotFound) }
}

/// What the feed's words are, in the reader's language.
pub struct Words {
    pub telework: String,
    pub morning: String,
    pub afternoon: String,
}

/// The feed a token opens: approved days from a month ago to a year ahead. A team's feed stops
/// when its owner leaves the team or the organisation.
pub async fn feed(state: &AppState, token: &str, words: &Words) -> AppResult<String> {
    let feed = feeds::find(state.db.reader(), KIND, token).await?.ok_or(AppError::NotFound)?;
    let org = &feed.org_id;
    let people = super::people(state, org).await?;
    let owner =
        people.iter().find(|p| p.id == feed.user_id && p.active).ok_or(AppError::NotFound)?;
    let today = crate::org::service::today(state, org).await?;
    let first = today.checked_sub(31.days()).map_err(AppError::internal)?.to_string();
    let last = today.checked_add(366.days()).map_err(AppError::internal)?.to_string();
    let reader = state.db.reader();
    let entries = if feed.scope.is_empty() {
        days::of_person(reader, org, &owner.id, &first).await?
    } else {
        let hr = owner
            .roles
            .iter()
            .any(|r| r.permissions().contains(&crate::org::Permission::ManageTelework));
        if !owner.in_team(&feed.scope) && !hr {
            return Err(AppError::NotFound);
        }
        days::of_team(reader, org, &feed.scope, &first, &last).await?
    };
    let stamp = chrono::DateTime::from_timestamp_millis(state.clock.now_ms())
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("clock out of range")))?;
    let mut calendar = Calendar::empty();
    for property in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Relais//Telework//FR"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(property);
    }
    for day in entries.iter().filter(|d| d.status == DayStatus::Approved && d.day <= last) {
        let date =
            chrono::NaiveDate::parse_from_str(&day.day, "%Y-%m-%d").map_err(AppError::internal)?;
        let what = match day.part {
            DayPart::Day => words.telework.clone(),
            DayPart::Morning => format!("{} ({})", words.telework, words.morning),
            DayPart::Afternoon => format!("{} ({})", words.telework, words.afternoon),
        };
        let summary =
            if feed.scope.is_empty() { what } else { format!("{} — {what}", day.person_name) };
        calendar.push(
            Event::new()
                .uid(&format!("{}@relais", day.id))
                .timestamp(stamp)
                .all_day(date)
                .summary(&summary)
                .add_property("TRANSP", "TRANSPARENT")
                .done(),
        );
    }
    Ok(calendar.done().to_string())
}
