//! Declared working time, without surveillance: each person declares their day (or confirms their
//! usual hours in one tap), sees the week's total against their planned hours, and a manager
//! approves the week; human resources export the month for payroll. Nothing is measured.

use jiff::ToSpan;
use jiff::civil::{Date, Time};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::fields::WorkingHours;
use crate::org::{Permission, Person, Team};
use crate::state::AppState;
use crate::telework::model::{Action, DayPart, DayStatus, Declaration, Place, TimeStatus};
use crate::telework::store::days as days_store;
use crate::telework::store::time::{self as store, Declared};

/// The most minutes worked in a day that can be declared (11 hours of daily rest leave 13).
pub const MOST_WORKED: i64 = 13 * 60;
/// How far back a day can still be declared.
pub const MOST_DAYS_BACK: i64 = 62;

/// A day as the form gives it.
pub struct Entry {
    pub day: Date,
    pub start_minute: i64,
    pub end_minute: i64,
    pub break_minutes: i64,
    pub place: Place,
}

/// Real minutes between two clock minutes of `day` in `zone` (a DST day has 23 or 25 hours).
pub fn elapsed(day: Date, start: i64, end: i64, zone: &jiff::tz::TimeZone) -> AppResult<i64> {
    let at = |minute: i64| -> AppResult<i64> {
        let moment = day.to_datetime(Time::midnight()).checked_add(minute.minutes());
        let zoned = moment.and_then(|m| m.to_zoned(zone.clone())).map_err(AppError::internal)?;
        Ok(zoned.timestamp().as_millisecond())
    };
    Ok((at(end)? - at(start)?) / crate::clock::MINUTE_MS)
}

/// The minutes worked on `entry`, or the field that is wrong.
pub fn worked(entry: &Entry, zone: &jiff::tz::TimeZone) -> AppResult<i64> {
    let invalid = |field, code| AppError::Invalid { field, code };
    if !(0..1440).contains(&entry.start_minute) || !(1..=1440).contains(&entry.end_minute) {
        return Err(invalid("start", "time-invalid"));
    }
    if entry.end_minute <= entry.start_minute {
        return Err(invalid("end", "hours-end-before-start"));
    }
    let span = elapsed(entry.day, entry.start_minute, entry.end_minute, zone)?;
    if entry.break_minutes < 0 || entry.break_minutes >= span {
        return Err(invalid("break", "telework-time-break"));
    }
    let worked = span - entry.break_minutes;
    if worked > MOST_WORKED {
        return Err(invalid("end", "telework-time-too-long"));
    }
    Ok(worked)
}

/// Usual hours of a working day: the span of the working hours, less an hour's break beyond six.
pub fn planned_minutes(hours: &WorkingHours, day: Date) -> i64 {
    let index = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(7);
    if !hours.works_on(index) {
        return 0;
    }
    let span = i64::from(hours.end_minute) - i64::from(hours.start_minute);
    if span > 6 * 60 { span - 60 } else { span }
}

pub async fn declare(state: &AppState, actor: &CurrentUser, entry: &Entry) -> AppResult<()> {
    let org = &actor.org_id;
    let today = crate::org::service::today(state, org).await?;
    if entry.day > today {
        return Err(AppError::Invalid { field: "day", code: "telework-time-future" });
    }
    if entry.day < today.checked_sub(MOST_DAYS_BACK.days()).map_err(AppError::internal)? {
        return Err(AppError::Invalid { field: "day", code: "telework-time-too-old" });
    }
    let zone = crate::org::service::zone(state, org).await?;
    let worked_minutes = worked(entry, &zone)?;
    let day = entry.day.to_string();
    let line = Declared {
        user_id: &actor.user_id,
        day: &day,
        start_minute: entry.start_minute,
        end_minute: entry.end_minute,
        break_minutes: entry.break_minutes,
        worked_minutes,
        place: entry.place,
    };
    let mut tx = state.db.begin().await?;
    if !store::upsert(&mut tx, org, &line).await? {
        return Err(AppError::Invalid { field: "day", code: "telework-time-approved" });
    }
    let object = ("telework_time", day.as_str());
    super::record(&mut tx, state, actor, Action::TimeDeclared, object, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// Declares the person's usual hours for `day`, at home when telework was approved that day.
pub async fn confirm_planned(state: &AppState, actor: &CurrentUser, day: Date) -> AppResult<()> {
    let me = myself(state, actor).await?;
    let planned = planned_minutes(&me.hours, day);
    if planned == 0 {
        return Err(AppError::Invalid { field: "day", code: "telework-time-not-a-working-day" });
    }
    let span = i64::from(me.hours.end_minute) - i64::from(me.hours.start_minute);
    let text = day.to_string();
    let days =
        days_store::of_person(state.db.reader(), &actor.org_id, &actor.user_id, &text).await?;
    let remote = days
        .iter()
        .any(|d| d.day == text && d.status == DayStatus::Approved && d.part == DayPart::Day);
    let entry = Entry {
        day,
        start_minute: i64::from(me.hours.start_minute),
        end_minute: i64::from(me.hours.end_minute),
        break_minutes: span - planned,
        place: if remote { Place::Remote } else { Place::OnSite },
    };
    declare(state, actor, &entry).await
}

pub async fn remove(state: &AppState, actor: &CurrentUser, day: Date) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !store::delete(&mut tx, &actor.org_id, &actor.user_id, &day.to_string()).await? {
        return Err(AppError::Conflict("telework_time_approved"));
    }
    tx.commit().await?;
    Ok(())
}

/// One day of the person's week.
pub struct WeekDay {
    pub day: Date,
    pub declared: Option<Declaration>,
    pub planned: i64,
}

pub struct MyWeek {
    pub monday: Date,
    pub days: Vec<WeekDay>,
    pub worked: i64,
    pub planned: i64,
    /// Planned up to today, to compare with what was declared so far.
    pub planned_to_date: i64,
}

pub async fn my_week(state: &AppState, actor: &CurrentUser, day: Date) -> AppResult<MyWeek> {
    let me = myself(state, actor).await?;
    let (first, last) = super::days::week_of(day)?;
    let monday: Date = first.parse().map_err(AppError::internal)?;
    let lines =
        store::between(state.db.reader(), &actor.org_id, Some(&actor.user_id), &first, &last)
            .await?;
    let days: Vec<WeekDay> = (0..7)
        .filter_map(|n| monday.checked_add(n.days()).ok())
        .map(|d| WeekDay {
            declared: lines.iter().find(|l| l.day == d.to_string()).cloned(),
            planned: planned_minutes(&me.hours, d),
            day: d,
        })
        .collect();
    let worked = lines.iter().map(|l| l.worked_minutes).sum();
    let planned = days.iter().map(|d| d.planned).sum();
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let planned_to_date = days.iter().filter(|d| d.day <= today).map(|d| d.planned).sum();
    Ok(MyWeek { monday, days, worked, planned, planned_to_date })
}

/// A person's week as their manager sees it: totals, not the detail of each day.
pub struct PersonWeek {
    pub person_id: String,
    pub name: String,
    pub worked: i64,
    pub planned: i64,
    pub remote_days: usize,
    pub declared_days: usize,
    pub waiting: usize,
}

pub struct TeamTime {
    pub team: Team,
    pub teams: Vec<Team>,
    pub monday: Date,
    pub people: Vec<PersonWeek>,
}

/// The team's declared week, for a manager of the team or human resources (audited).
pub async fn team_week(
    state: &AppState,
    actor: &CurrentUser,
    team_id: Option<&str>,
    day: Date,
) -> AppResult<Option<TeamTime>> {
    actor.require(Permission::ApproveTelework)?;
    let teams = super::calendar::visible_teams(state, actor).await?;
    let team = match team_id {
        Some(id) => Some(teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?),
        None => teams.first().cloned(),
    };
    let Some(team) = team else { return Ok(None) };
    let (first, last) = super::days::week_of(day)?;
    let monday: Date = first.parse().map_err(AppError::internal)?;
    let lines = store::between(state.db.reader(), &actor.org_id, None, &first, &last).await?;
    let people: Vec<PersonWeek> = super::people(state, &actor.org_id)
        .await?
        .into_iter()
        .filter(|p| p.active && p.in_team(&team.id) && p.id != actor.user_id)
        .map(|p| {
            let mine: Vec<&Declaration> = lines.iter().filter(|l| l.user_id == p.id).collect();
            let planned = (0..7)
                .filter_map(|n| monday.checked_add(n.days()).ok())
                .map(|d| planned_minutes(&p.hours, d))
                .sum();
            PersonWeek {
                worked: mine.iter().map(|l| l.worked_minutes).sum(),
                remote_days: mine.iter().filter(|l| l.place == Place::Remote).count(),
                declared_days: mine.len(),
                waiting: mine.iter().filter(|l| l.status == TimeStatus::Declared).count(),
                planned,
                name: p.display_name,
                person_id: p.id,
            }
        })
        .collect();
    let mut tx = state.db.begin().await?;
    let object = ("team", team.id.as_str());
    super::record(&mut tx, state, actor, Action::TimeRead, object, &[]).await?;
    tx.commit().await?;
    Ok(Some(TeamTime { team, teams, monday, people }))
}

/// A manager of the person's team (or human resources) approves their declared week.
pub async fn approve_week(
    state: &AppState,
    actor: &CurrentUser,
    user_id: &str,
    day: Date,
) -> AppResult<u64> {
    actor.require(Permission::ApproveTelework)?;
    if user_id == actor.user_id {
        return Err(AppError::Forbidden);
    }
    let teams = super::calendar::visible_teams(state, actor).await?;
    let people = super::people(state, &actor.org_id).await?;
    let person = people.iter().find(|p| p.id == user_id).ok_or(AppError::NotFound)?;
    if !teams.iter().any(|t| person.in_team(&t.id)) {
        return Err(AppError::NotFound);
    }
    let (first, last) = super::days::week_of(day)?;
    let mut tx = state.db.begin().await?;
    let approved =
        store::approve(&mut tx, &actor.org_id, user_id, &first, &last, &actor.user_id).await?;
    super::record(&mut tx, state, actor, Action::TimeApproved, ("user", user_id), &[]).await?;
    tx.commit().await?;
    Ok(approved)
}

/// The month's declared time for payroll (human resources), as French spreadsheets read it.
pub async fn export_month(
    state: &AppState,
    actor: &CurrentUser,
    month: Date,
) -> AppResult<Vec<u8>> {
    actor.require(Permission::ManageTelework)?;
    let first = month.first_of_month();
    let last = month.last_of_month();
    let lines = store::between(
        state.db.reader(),
        &actor.org_id,
        None,
        &first.to_string(),
        &last.to_string(),
    )
    .await?;
    let mut tx = state.db.begin().await?;
    let object = ("month", &first.to_string()[..7]);
    super::record(&mut tx, state, actor, Action::TimeExported, object, &[]).await?;
    tx.commit().await?;
    let mut out = crate::web::spreadsheet::writer();
    let header =
        ["personne", "jour", "début", "fin", "pause (min)", "travaillé (min)", "lieu", "statut"];
    out.write_record(header).map_err(AppError::internal)?;
    for line in &lines {
        let clock =
            |minute: i64| crate::org::fields::clock_text(u16::try_from(minute).unwrap_or(0));
        out.write_record([
            crate::web::spreadsheet::guarded(&line.person_name),
            line.day.clone(),
            clock(line.start_minute),
            clock(line.end_minute),
            line.break_minutes.to_string(),
            line.worked_minutes.to_string(),
            line.place.as_str().to_string(),
            line.status.as_str().to_string(),
        ])
        .map_err(AppError::internal)?;
    }
    out.into_inner().map_err(|e| AppError::internal(e.into_error()))
}

/// Every declaration of the organisation between two days, for aggregates (the right-to-disconnect
/// indicators); callers show nothing per person.
pub async fn declared_between(
    state: &AppState,
    org_id: &str,
    first: Date,
    last: Date,
) -> AppResult<Vec<Declaration>> {
    let (first, last) = (first.to_string(), last.to_string());
    Ok(store::between(state.db.reader(), org_id, None, &first, &last).await?)
}

async fn myself(state: &AppState, actor: &CurrentUser) -> AppResult<Person> {
    let people = super::people(state, &actor.org_id).await?;
    people.into_iter().find(|p| p.id == actor.user_id).ok_or(AppError::Unauthenticated)
}
