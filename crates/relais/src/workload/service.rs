//! The indicators of a team's weeks (for managers, coordinators, human resources and staff
//! representatives) and a person's own (for them alone). A team's figures are hidden when fewer
//! than five people are in it; the care figures of a week when fewer than five caregivers had
//! visits that week.

use std::collections::HashMap;

use jiff::civil::Date;

use super::care::{self, CareWeek};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::indicators::{self, MIN_PEOPLE, Week};
use crate::messaging::store::indicators as messages;
use crate::org::Permission;
use crate::org::availability::Availability;
use crate::state::AppState;

pub struct TeamWeek {
    pub monday: Date,
    /// `None` when fewer than five caregivers had visits that week.
    pub care: Option<CareWeek>,
    /// Whether the team had published rounds that week at all.
    pub had_rounds: bool,
    pub disconnect: Week,
    /// Telework days as a share of the members' working days, in percent.
    pub telework_percent: i64,
}

/// The team's last `count` weeks, newest first; `None` when the team is too small to be shown.
pub async fn team(
    state: &AppState,
    actor: &CurrentUser,
    team_id: &str,
    count: usize,
) -> AppResult<Option<Vec<TeamWeek>>> {
    actor.require(Permission::SeeWorkload)?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let Some(disconnect) = indicators::of_team(state, actor, team_id, today, count).await? else {
        return Ok(None);
    };
    let members = members_of(state, &actor.org_id, Some(team_id)).await?;
    let mut out = Vec::with_capacity(count);
    for week in disconnect {
        let monday: Date = week.monday.parse().map_err(AppError::internal)?;
        let figures = care::week(state, &actor.org_id, team_id, monday, None).await?;
        let telework_percent = telework_percent(state, team_id, &members, monday).await?;
        let had_rounds = figures.caregivers > 0;
        let care = (figures.caregivers >= MIN_PEOPLE).then_some(figures);
        out.push(TeamWeek { monday, care, had_rounds, disconnect: week, telework_percent });
    }
    Ok(Some(out))
}

/// A person's own weeks: their visits in every team, their messages outside their hours.
pub struct MyWeek {
    pub monday: Date,
    pub care: CareWeek,
    pub disconnect: Week,
}

pub async fn mine(state: &AppState, actor: &CurrentUser, count: usize) -> AppResult<Vec<MyWeek>> {
    let me = crate::org::service::show_self(state, actor).await?;
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let today = crate::org::service::today(state, &actor.org_id).await?;
    let only_me: HashMap<String, Availability> =
        [(me.id.clone(), Availability::new(me.hours, &me.time_zone))].into();
    let mut monday = crate::homecare::recurrence::week_start(today);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let mut figures = CareWeek::default();
        for team in &me.team_ids {
            let week = care::week(state, &actor.org_id, team, monday, Some(&me.id)).await?;
            add(&mut figures, &week);
        }
        let start = monday.to_zoned(zone.clone()).map_err(AppError::internal)?;
        let end = start.checked_add(jiff::Span::new().weeks(1)).map_err(AppError::internal)?;
        let (from, to) = (start.timestamp().as_millisecond(), end.timestamp().as_millisecond());
        let reader = state.db.reader();
        let sent = messages::messages_between(reader, &actor.org_id, from, to).await?;
        let received = messages::notifications_between(reader, &actor.org_id, from, to).await?;
        let overrides = messages::overrides_between(reader, &actor.org_id, from, to).await?;
        let disconnect = Week {
            monday: monday.to_string(),
            ..indicators::aggregate(&only_me, &sent, &received, &overrides)
        };
        out.push(MyWeek { monday, care: figures, disconnect });
        monday = monday.checked_sub(jiff::Span::new().weeks(1)).map_err(AppError::internal)?;
    }
    Ok(out)
}

fn add(total: &mut CareWeek, week: &CareWeek) {
    total.caregivers = total.caregivers.max(week.caregivers);
    total.planned += week.planned;
    total.done += week.done;
    total.caregiver_days += week.caregiver_days;
    total.visit_minutes += week.visit_minutes;
    total.travel_minutes += week.travel_minutes;
    total.late += week.late;
    total.forgotten += week.forgotten;
}

/// The active members of a team (or of the organisation) with their working hours.
async fn members_of(
    state: &AppState,
    org_id: &str,
    team_id: Option<&str>,
) -> AppResult<HashMap<String, Availability>> {
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, org_id).await?;
    Ok(people
        .into_iter()
        .filter(|p| p.active && team_id.is_none_or(|t| p.in_team(t)))
        .map(|p| (p.id.clone(), Availability::new(p.hours, &p.time_zone)))
        .collect())
}

/// Approved telework (a half day counts half) over the members' working days of the week.
async fn telework_percent(
    state: &AppState,
    team_id: &str,
    members: &HashMap<String, Availability>,
    monday: Date,
) -> AppResult<i64> {
    let sunday = monday.checked_add(jiff::Span::new().days(6)).map_err(AppError::internal)?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, part FROM telework_days WHERE team_id = $1 AND day BETWEEN $2 AND $3 \
         AND status = 'approved'",
    )
    .bind(team_id)
    .bind(monday.to_string())
    .bind(sunday.to_string())
    .fetch_all(state.db.reader())
    .await?;
    let halves: i64 = rows
        .iter()
        .filter(|(user, _)| members.contains_key(user))
        .map(|(_, part)| if part == "day" { 2 } else { 1 })
        .sum();
    let working_days: i64 = members.values().map(|a| i64::from(a.hours.days.count_ones())).sum();
    Ok(if working_days == 0 { 0 } else { halves * 50 / working_days })
}
