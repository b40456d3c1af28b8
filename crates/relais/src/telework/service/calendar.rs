//! The team calendar of a week: who is on site and who teleworks each day, the requests still
//! waiting, and the count on site against the team's minimum. Members of the team, its managers
//! and human resources see it.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Team};
use crate::state::AppState;
use crate::telework::model::{Blackout, DayPart, DayStatus, TeamRules};
use crate::telework::store::days as store;

/// One person's day on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    OnSite,
    Remote(DayPart),
    /// Asked for, not yet decided.
    Asked(DayPart),
}

pub struct Line {
    pub person_id: String,
    pub name: String,
    pub cells: Vec<Cell>,
}

pub struct TeamWeek {
    pub team: Team,
    /// The teams the person may look at.
    pub teams: Vec<Team>,
    /// The first day shown: a Monday, or the first of the month.
    pub first: Date,
    /// A month rather than a week.
    pub month: bool,
    pub days: Vec<Date>,
    pub lines: Vec<Line>,
    /// People on site the whole day, per day.
    pub on_site: Vec<i64>,
    pub rules: TeamRules,
    pub blackouts: Vec<Blackout>,
}

impl TeamWeek {
    pub fn below_minimum(&self, index: &usize) -> bool {
        self.on_site.get(*index).is_some_and(|count| *count < self.rules.min_on_site)
    }

    pub fn on_site_at(&self, index: &usize) -> i64 {
        self.on_site.get(*index).copied().unwrap_or_default()
    }

    /// Who teleworks on the day at `index` (whole or half day), and who asked for it.
    pub fn away_on(&self, index: &usize) -> (Vec<&str>, Vec<&str>) {
        let mut remote = Vec::new();
        let mut asked = Vec::new();
        for line in &self.lines {
            match line.cells.get(*index) {
                Some(Cell::Remote(_)) => remote.push(line.name.as_str()),
                Some(Cell::Asked(_)) => asked.push(line.name.as_str()),
                _ => {}
            }
        }
        (remote, asked)
    }

    pub fn is_meeting_day(&self, day: &Date) -> bool {
        self.rules.meeting_weekday == Some(i64::from(day.weekday().to_monday_one_offset()))
    }
}

/// The teams `actor` may see the calendar of.
pub async fn visible_teams(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Team>> {
    let teams = super::teams(state, &actor.org_id).await?;
    if actor.can(Permission::ManageTelework) {
        return Ok(teams);
    }
    let people = super::people(state, &actor.org_id).await?;
    let me = people.iter().find(|p| p.id == actor.user_id).ok_or(AppError::Unauthenticated)?;
    Ok(teams.into_iter().filter(|t| me.in_team(&t.id)).collect())
}

/// The week (or, with `month`, the month) of `day` for a team the actor may see.
pub async fn week(
    state: &AppState,
    actor: &CurrentUser,
    team_id: Option<&str>,
    day: Date,
    month: bool,
) -> AppResult<Option<TeamWeek>> {
    let teams = visible_teams(state, actor).await?;
    let team = match team_id {
        Some(id) => Some(teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?),
        None => teams.first().cloned(),
    };
    let Some(team) = team else { return Ok(None) };
    let (first, last) = if month {
        (day.first_of_month().to_string(), day.last_of_month().to_string())
    } else {
        super::days::week_of(day)?
    };
    let start: Date = first.parse().map_err(AppError::internal)?;
    let length = if month { i64::from(day.days_in_month()) } else { 7 };
    let org = &actor.org_id;
    let reader = state.db.reader();
    let entries = store::of_team(reader, org, &team.id, &first, &last).await?;
    let days: Vec<Date> = (0..length)
        .filter_map(|n| start.checked_add(n.days()).ok())
        .filter(|d| {
            d.weekday().to_monday_one_offset() <= 5
                || entries.iter().any(|e| e.day == d.to_string())
        })
        .collect();
    let people = super::people(state, org).await?;
    let lines: Vec<Line> = people
        .iter()
        .filter(|p| p.active && p.in_team(&team.id))
        .map(|p| Line {
            person_id: p.id.clone(),
            name: p.display_name.clone(),
            cells: days
                .iter()
                .map(|d| {
                    let text = d.to_string();
                    match entries.iter().find(|e| e.user_id == p.id && e.day == text) {
                        Some(e) if e.status == DayStatus::Approved => Cell::Remote(e.part),
                        Some(e) => Cell::Asked(e.part),
                        None => Cell::OnSite,
                    }
                })
                .collect(),
        })
        .collect();
    let on_site = (0..days.len())
        .map(|i| {
            let away = lines.iter().filter(|l| l.cells[i] == Cell::Remote(DayPart::Day)).count();
            i64::try_from(lines.len() - away).unwrap_or(0)
        })
        .collect();
    Ok(Some(TeamWeek {
        rules: store::rules(reader, org, &team.id).await?,
        blackouts: store::blackouts(reader, org, &team.id, &first, &last).await?,
        team,
        teams,
        first: start,
        month,
        days,
        lines,
        on_site,
    }))
}

/// A manager of the team (or human resources) sets its rules.
pub async fn set_rules(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    rules: &TeamRules,
) -> AppResult<()> {
    require_team_manager(state, actor, team_id).await?;
    if !(0..=1_000).contains(&rules.min_on_site) {
        return Err(AppError::Invalid { field: "min_on_site", code: "telework-min-range" });
    }
    if rules.meeting_weekday.is_some_and(|d| !(1..=7).contains(&d)) {
        return Err(AppError::Invalid { field: "meeting_weekday", code: "telework-weekday-range" });
    }
    let mut tx = state.db.begin().await?;
    store::set_rules(&mut tx, &actor.org_id, team_id, rules).await?;
    let audience = crate::events::Audience::team(team_id);
    super::record(
        &mut tx,
        state,
        actor,
        crate::telework::model::Action::RulesChanged,
        ("team", team_id),
        &[audience],
    )
    .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// A period when telework is suspended for the team (an audit, a move).
pub async fn add_blackout(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    first: Date,
    last: Date,
    reason: &str,
) -> AppResult<()> {
    require_team_manager(state, actor, team_id).await?;
    let reason = super::text("reason", reason, 200, true)?;
    if last < first {
        return Err(AppError::Invalid { field: "last_day", code: "telework-end-before-start" });
    }
    if first.until(last).map_err(AppError::internal)?.get_days() > 366 {
        return Err(AppError::Invalid { field: "last_day", code: "telework-too-far" });
    }
    let mut tx = state.db.begin().await?;
    let (first, last) = (first.to_string(), last.to_string());
    store::insert_blackout(&mut tx, &actor.org_id, team_id, &first, &last, &reason, &actor.user_id)
        .await?;
    let audience = crate::events::Audience::team(team_id);
    super::record(
        &mut tx,
        state,
        actor,
        crate::telework::model::Action::RulesChanged,
        ("team", team_id),
        &[audience],
    )
    .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

async fn require_team_manager(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
) -> AppResult<()> {
    actor.require(Permission::ApproveTelework)?;
    let teams = visible_teams(state, actor).await?;
    if teams.iter().any(|t| t.id == team_id) { Ok(()) } else { Err(AppError::NotFound) }
}
