//! Telework days: asked by the person (one day or every week on that weekday), checked against
//! the rules, decided by a manager of the team, cancelled by the person. The team's turn
//! (`store::take_turn`) makes requests and decisions of one team wait for each other, so that
//! the minimum on site is counted with the others' committed.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::events::Audience;
use crate::org::{Permission, Person};
use crate::state::AppState;
use crate::telework::model::{Action, Day, DayPart, DayStatus, NoticeKind};
use crate::telework::rules::{self, Context};
use crate::telework::store::{agreements, days as store};

/// The most weeks one repeated request covers.
pub const MOST_WEEKS: i64 = 26;
/// How far ahead a day can be asked for.
pub const MOST_DAYS_AHEAD: i64 = 366;

/// What the person asks for.
pub struct Request {
    pub day: Date,
    pub part: DayPart,
    /// How many weeks in a row, on the same weekday (1: that day only).
    pub weeks: i64,
}

/// The team whose rules apply to a person: their first team by name.
pub async fn team_of(state: &AppState, person: &Person) -> AppResult<Option<crate::org::Team>> {
    let teams = super::teams(state, &person.org_id).await?;
    Ok(teams.into_iter().find(|t| person.in_team(&t.id)))
}

/// Asks for telework on `request.day` (and the same weekday of the following weeks). Every day
/// is checked; the first refused one stops the request and names its rule, nothing is kept.
/// Returns how many days were asked.
pub async fn request(state: &AppState, actor: &CurrentUser, request: &Request) -> AppResult<usize> {
    let invalid = |field, code| AppError::Invalid { field, code };
    if !(1..=MOST_WEEKS).contains(&request.weeks) {
        return Err(invalid("weeks", "telework-weeks-range"));
    }
    let org = &actor.org_id;
    let today = crate::org::service::today(state, org).await?;
    let last = request.day.checked_add((request.weeks - 1).weeks()).map_err(AppError::internal)?;
    if last > today.checked_add(MOST_DAYS_AHEAD.days()).map_err(AppError::internal)? {
        return Err(invalid("day", "telework-too-far"));
    }
    let people = super::people(state, org).await?;
    let me = people.iter().find(|p| p.id == actor.user_id).ok_or(AppError::Unauthenticated)?;
    let team = team_of(state, me).await?.ok_or(invalid("day", "telework-no-team"))?;
    let reader = state.db.reader();
    let agreement = agreements::open_of(reader, org, &actor.user_id).await?;
    let charter_accepted = super::charter::accepted(state, org, &actor.user_id).await?;
    let series = (request.weeks > 1).then(crate::secrets::new_id);
    let mut tx = state.db.begin().await?;
    store::take_turn(&mut tx, org, &team.id).await?;
    let team_rules = store::rules(&mut *tx, org, &team.id).await?;
    let team_size = members(&people, &team.id);
    let mut asked = 0;
    let mut first_id: Option<String> = None;
    for week in 0..request.weeks {
        let day = request.day.checked_add(week.weeks()).map_err(AppError::internal)?;
        let (first, last) = week_of(day)?;
        let week_days = store::of_team(&mut *tx, org, &team.id, &first, &last).await?;
        let blackouts = store::blackouts(&mut *tx, org, &team.id, &first, &last).await?;
        let context = Context {
            today,
            day,
            part: request.part,
            agreement: agreement.as_ref(),
            charter_accepted,
            halves_that_week: halves_of(&week_days, &actor.user_id, None),
            rules: &team_rules,
            blackouts: &blackouts,
            team_size,
            remote_that_day: away(&week_days, &day.to_string(), &actor.user_id),
        };
        rules::check(&context).map_err(|broken| invalid("day", broken.key()))?;
        let series = series.as_deref();
        let id = store::insert(
            &mut tx,
            org,
            &actor.user_id,
            &team.id,
            &day.to_string(),
            request.part,
            series,
        )
        .await?
        .ok_or(invalid("day", "telework-day-taken"))?;
        let team_audience = Audience::team(&team.id);
        super::record(
            &mut tx,
            state,
            actor,
            Action::DayRequested,
            ("telework_day", &id),
            &[team_audience],
        )
        .await?;
        first_id.get_or_insert(id);
        asked += 1;
    }
    let deciders: Vec<&Person> = people
        .iter()
        .filter(|p| {
            p.active
                && p.in_team(&team.id)
                && p.id != actor.user_id
                && crate::org::roles::grants(&p.roles, Permission::ApproveTelework)
        })
        .collect();
    let subject = series.as_deref().or(first_id.as_deref()).unwrap_or_default();
    super::notices::notify(&mut tx, state, &deciders, NoticeKind::DayRequested, subject).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(asked)
}

/// The person cancels their own request or approved day (not a past one).
pub async fn cancel(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Day> {
    let org = &actor.org_id;
    let day = store::find(state.db.reader(), org, id).await?.ok_or(AppError::NotFound)?;
    if day.user_id != actor.user_id {
        return Err(AppError::NotFound);
    }
    let today = crate::org::service::today(state, org).await?.to_string();
    if day.day < today {
        return Err(AppError::Invalid { field: "day", code: "telework-rule-past" });
    }
    let mut tx = state.db.begin().await?;
    let live = [DayStatus::Requested, DayStatus::Approved];
    if !store::set_status(&mut tx, org, id, &live, DayStatus::Cancelled, None, "").await? {
        return Err(AppError::Conflict("telework_day_decided_meanwhile"));
    }
    super::record(
        &mut tx,
        state,
        actor,
        Action::DayCancelled,
        ("telework_day", id),
        &[Audience::team(&day.team_id)],
    )
    .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(day)
}

/// A manager of the team (or human resources) approves or refuses a request; a refusal needs a
/// reason. An approval is checked again against the minimum on site, with the team's turn taken.
pub async fn decide(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    approve: bool,
    comment: &str,
) -> AppResult<Day> {
    actor.require(Permission::ApproveTelework)?;
    let org = &actor.org_id;
    let comment = super::text("comment", comment, 500, !approve)?;
    let day = store::find(state.db.reader(), org, id).await?.ok_or(AppError::NotFound)?;
    let people = super::people(state, org).await?;
    let me = people.iter().find(|p| p.id == actor.user_id).ok_or(AppError::Unauthenticated)?;
    if !actor.can(Permission::ManageTelework) && !me.in_team(&day.team_id) {
        return Err(AppError::NotFound);
    }
    if day.user_id == actor.user_id {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    store::take_turn(&mut tx, org, &day.team_id).await?;
    if approve {
        let date: Date = day.day.parse().map_err(AppError::internal)?;
        let (first, last) = week_of(date)?;
        let week_days = store::of_team(&mut *tx, org, &day.team_id, &first, &last).await?;
        let blackouts = store::blackouts(&mut *tx, org, &day.team_id, &first, &last).await?;
        let team_rules = store::rules(&mut *tx, org, &day.team_id).await?;
        let agreement = agreements::open_of(&mut *tx, org, &day.user_id).await?;
        let context = Context {
            today: crate::org::service::today(state, org).await?,
            day: date,
            part: day.part,
            agreement: agreement.as_ref(),
            charter_accepted: super::charter::accepted(state, org, &day.user_id).await?,
            halves_that_week: halves_of(&week_days, &day.user_id, Some(&day.id)),
            rules: &team_rules,
            blackouts: &blackouts,
            team_size: members(&people, &day.team_id),
            remote_that_day: away(&week_days, &day.day, &day.user_id),
        };
        rules::check(&context)
            .map_err(|broken| AppError::Invalid { field: "decision", code: broken.key() })?;
    }
    let to = if approve { DayStatus::Approved } else { DayStatus::Refused };
    let waiting = [DayStatus::Requested];
    if !store::set_status(&mut tx, org, id, &waiting, to, Some(&actor.user_id), &comment).await? {
        return Err(AppError::Conflict("telework_day_decided_meanwhile"));
    }
    let audiences = [Audience::team(&day.team_id), Audience::user(&day.user_id)];
    super::record(&mut tx, state, actor, Action::DayDecided, ("telework_day", id), &audiences)
        .await?;
    if let Some(requester) = people.iter().find(|p| p.id == day.user_id) {
        super::notices::notify(&mut tx, state, &[requester], NoticeKind::DayDecided, id).await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(day)
}

/// Requests waiting for the actor's decision, in the teams they may decide for.
pub async fn waiting(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Day>> {
    if !actor.can(Permission::ApproveTelework) {
        return Ok(Vec::new());
    }
    let org = &actor.org_id;
    let people = super::people(state, org).await?;
    let me = people.iter().find(|p| p.id == actor.user_id).ok_or(AppError::Unauthenticated)?;
    let mut all = Vec::new();
    for team in super::teams(state, org).await? {
        if actor.can(Permission::ManageTelework) || me.in_team(&team.id) {
            let waiting = store::waiting(state.db.reader(), org, &team.id).await?;
            all.extend(waiting.into_iter().filter(|d| d.user_id != actor.user_id));
        }
    }
    all.sort_by(|a, b| a.day.cmp(&b.day));
    Ok(all)
}

/// The person's days from a month ago on.
pub async fn mine(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Day>> {
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let since = today.checked_sub(Span::new().days(31)).unwrap_or(today).to_string();
    Ok(store::of_person(state.db.reader(), &actor.org_id, &actor.user_id, &since).await?)
}

pub(crate) fn members(people: &[Person], team_id: &str) -> i64 {
    let count = people.iter().filter(|p| p.active && p.in_team(team_id)).count();
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Half-days of `user_id` in `days` (`except`: leave that one out).
fn halves_of(days: &[Day], user_id: &str, except: Option<&str>) -> i64 {
    days.iter()
        .filter(|d| d.user_id == user_id && Some(d.id.as_str()) != except)
        .map(|d| d.part.halves())
        .sum()
}

/// Other people away the whole of `day` (approved whole days).
pub(crate) fn away(days: &[Day], day: &str, user_id: &str) -> i64 {
    let count = days
        .iter()
        .filter(|d| {
            d.day == day
                && d.user_id != user_id
                && d.part == DayPart::Day
                && d.status == DayStatus::Approved
        })
        .count();
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Monday and Sunday of the week of `day`, as ISO dates.
pub(crate) fn week_of(day: Date) -> AppResult<(String, String)> {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    let monday = day.checked_sub(back.days()).map_err(AppError::internal)?;
    let sunday = monday.checked_add(6.days()).map_err(AppError::internal)?;
    Ok((monday.to_string(), sunday.to_string()))
}
