//! What managers see of the right to disconnect, per team and per week: messages sent and
//! received outside working hours, and urgent overrides — aggregates only, never per person, and
//! nothing at all for a team of fewer than five people.

use std::collections::HashMap;

use jiff::civil::Date;

use super::store::indicators as store;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::org::availability::Availability;
use crate::state::AppState;

/// Below this many people, a team's figures could point at someone: they are not shown.
pub const MIN_PEOPLE: usize = 5;

/// One week of one team.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Week {
    pub monday: String,
    pub sent: usize,
    pub sent_outside_hours: usize,
    /// Notifications that arrived while the person was off duty (held, or urgent).
    pub received_outside_hours: usize,
    pub urgent_received: usize,
    pub urgent_sent: usize,
    /// Working days declared (telework module) beyond the person's own hours or on a day off.
    pub declared_outside_hours: usize,
    /// Working days declared at more than ten hours.
    pub declared_long_days: usize,
}

/// Ten hours: the usual daily maximum of the labour code.
pub const LONG_DAY_MINUTES: i64 = 600;

/// The team's last `weeks` weeks up to the one holding `day`, newest first; `None` when the team
/// is too small to be shown.
pub async fn of_team(
    state: &AppState,
    user: &CurrentUser,
    team_id: &str,
    day: Date,
    weeks: usize,
) -> AppResult<Option<Vec<Week>>> {
    user.require(Permission::SeeWorkload)?;
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &user.org_id).await?;
    drop(conn);
    let teams = crate::org::store::list_teams(state.db.reader(), &user.org_id).await?;
    if !teams.iter().any(|team| team.id == team_id) {
        return Err(AppError::NotFound);
    }
    let members: HashMap<String, Availability> = people
        .iter()
        .filter(|p| p.active && p.in_team(team_id))
        .map(|p| (p.id.clone(), Availability::new(p.hours, &p.time_zone)))
        .collect();
    if members.len() < MIN_PEOPLE {
        return Ok(None);
    }
    let zone = crate::org::service::zone(state, &user.org_id).await?;
    let mut out = Vec::with_capacity(weeks);
    let mut monday = crate::homecare::recurrence::week_start(day);
    for _ in 0..weeks {
        let start = monday.to_zoned(zone.clone()).map_err(|e| AppError::Internal(e.into()))?;
        let end = start
            .checked_add(jiff::Span::new().weeks(1))
            .map_err(|e| AppError::Internal(e.into()))?;
        let (from, to) = (start.timestamp().as_millisecond(), end.timestamp().as_millisecond());
        let reader = state.db.reader();
        let sent = store::messages_between(reader, &user.org_id, from, to).await?;
        let received = store::notifications_between(reader, &user.org_id, from, to).await?;
        let overrides = store::overrides_between(reader, &user.org_id, from, to).await?;
        let sunday = monday.checked_add(jiff::Span::new().days(6)).map_err(AppError::internal)?;
        let declared =
            crate::telework::service::time::declared_between(state, &user.org_id, monday, sunday)
                .await?;
        let (declared_outside_hours, declared_long_days) = declared_beyond(&members, &declared);
        out.push(Week {
            monday: monday.to_string(),
            declared_outside_hours,
            declared_long_days,
            ..aggregate(&members, &sent, &received, &overrides)
        });
        monday = monday
            .checked_sub(jiff::Span::new().weeks(1))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(Some(out))
}

/// Counts, for the team's `members`, what happened outside each one's own working hours.
pub fn aggregate(
    members: &HashMap<String, Availability>,
    sent: &[(String, i64)],
    received: &[(String, i64, bool)],
    overrides: &[String],
) -> Week {
    let mut week = Week::default();
    for (author, at) in sent {
        if let Some(hours) = members.get(author) {
            week.sent += 1;
            week.sent_outside_hours += usize::from(!hours.on_duty(*at));
        }
    }
    for (recipient, at, urgent) in received {
        if let Some(hours) = members.get(recipient) {
            week.received_outside_hours += usize::from(!hours.on_duty(*at));
            week.urgent_received += usize::from(*urgent);
        }
    }
    week.urgent_sent = overrides.iter().filter(|author| members.contains_key(*author)).count();
    week
}

/// Of the members' declared days: those beyond each one's own hours (or on a day off), and those
/// longer than ten hours.
pub fn declared_beyond(
    members: &HashMap<String, Availability>,
    declared: &[crate::telework::model::Declaration],
) -> (usize, usize) {
    let (mut outside, mut long) = (0, 0);
    for line in declared {
        let Some(availability) = members.get(&line.user_id) else { continue };
        let hours = availability.hours;
        let weekday = line.day.parse::<Date>().map(|d| d.weekday().to_monday_zero_offset());
        let day_off = weekday.is_ok_and(|w| !hours.works_on(usize::try_from(w).unwrap_or(7)));
        outside += usize::from(
            day_off
                || line.start_minute < i64::from(hours.start_minute)
                || line.end_minute > i64::from(hours.end_minute),
        );
        long += usize::from(line.worked_minutes > LONG_DAY_MINUTES);
    }
    (outside, long)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::fields::WorkingHours;

    fn ms(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn only_the_teams_people_count_each_in_their_own_hours() {
        let paris = Availability::new(WorkingHours::default(), "Europe/Paris");
        let reunion = Availability::new(WorkingHours::default(), "Indian/Reunion");
        let members = HashMap::from([("a".to_string(), paris), ("b".to_string(), reunion)]);
        // Tuesday 06:30 UTC: 07:30 in Paris (off duty), 10:30 in Réunion (on duty).
        let early = ms("2026-12-01T06:30:00Z");
        let sent =
            [("a".to_string(), early), ("b".to_string(), early), ("stranger".to_string(), early)];
        let received = [("a".to_string(), early, false), ("b".to_string(), early, true)];
        let week = aggregate(&members, &sent, &received, &["b".to_string(), "x".to_string()]);
        assert_eq!(
            week,
            Week {
                monday: String::new(),
                sent: 2,
                sent_outside_hours: 1,
                received_outside_hours: 1,
                urgent_received: 1,
                urgent_sent: 1,
                ..Week::default()
            }
        );
    }

    fn declared(
        user: &str,
        day: &str,
        start: i64,
        end: i64,
    ) -> crate::telework::model::Declaration {
        crate::telework::model::Declaration {
            id: day.into(),
            user_id: user.into(),
            person_name: String::new(),
            day: day.into(),
            start_minute: start,
            end_minute: end,
            break_minutes: 0,
            worked_minutes: end - start,
            place: crate::telework::model::Place::Remote,
            status: crate::telework::model::TimeStatus::Declared,
            declared_at: 0,
            approved_at: None,
        }
    }

    #[test]
    fn declared_days_count_beyond_each_ones_hours_and_past_ten_hours() {
        let paris = Availability::new(WorkingHours::default(), "Europe/Paris");
        let members = HashMap::from([("a".to_string(), paris)]);
        let days = [
            declared("a", "2026-12-07", 7 * 60, 17 * 60),
            declared("a", "2026-12-08", 9 * 60, 17 * 60),
            declared("a", "2026-12-09", 7 * 60, 18 * 60),
            declared("a", "2026-12-12", 9 * 60, 12 * 60),
            declared("stranger", "2026-12-07", 0, 13 * 60),
        ];
        assert_eq!(declared_beyond(&members, &days), (3, 1), "Monday early, Wednesday, Saturday");
    }
}
