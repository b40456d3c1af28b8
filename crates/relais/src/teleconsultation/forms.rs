//! The scheduling form: what the professional types, read in their time zone.

use serde::Deserialize;

use super::model::Kind;
use super::service::ScheduleInput;
use crate::auth::CurrentUser;
use crate::clock::MINUTE_MS;
use crate::error::{AppError, AppResult};

/// Slot lengths offered, in minutes.
pub const DURATIONS: [i64; 6] = [10, 15, 20, 30, 45, 60];

#[derive(Deserialize, Default, Clone)]
pub struct ScheduleForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub duration: String,
}

impl ScheduleForm {
    pub fn parse(&self, time_zone: &str) -> AppResult<ScheduleInput> {
        let invalid = |field, code| AppError::Invalid { field, code };
        let kind = Kind::parse(&self.kind).ok_or(invalid("kind", "choice-invalid"))?;
        let date = crate::homecare::fields::day("date", &self.date)?;
        let minute =
            crate::org::fields::parse_clock(&self.time).ok_or(invalid("time", "time-invalid"))?;
        let duration = self.duration.trim().parse::<i64>().ok().filter(|d| DURATIONS.contains(d));
        let duration_minutes = duration.ok_or(invalid("duration", "choice-invalid"))?;
        let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let time = jiff::civil::Time::new(
            i8::try_from(minute / 60).unwrap_or(0),
            i8::try_from(minute % 60).unwrap_or(0),
            0,
            0,
        )
        .map_err(|_| invalid("time", "time-invalid"))?;
        let starts_at = date
            .to_datetime(time)
            .to_zoned(zone)
            .map_err(|_| invalid("time", "time-invalid"))?
            .timestamp()
            .as_millisecond();
        Ok(ScheduleInput { kind, starts_at, duration_minutes })
    }
}

/// The next quarter hour, today, in the person's time zone, and the person's own kind of care.
pub fn suggested(user: &CurrentUser) -> ScheduleForm {
    let zone = jiff::tz::TimeZone::get(&user.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let quarter = 15 * MINUTE_MS;
    let next = (crate::clock::now_ms() / quarter + 1) * quarter;
    let local = jiff::Timestamp::from_millisecond(next).map(|t| t.to_zoned(zone));
    let (date, time) = local
        .map(|z| (z.strftime("%Y-%m-%d").to_string(), z.strftime("%H:%M").to_string()))
        .unwrap_or_default();
    // A nurse holds télésoin as a nurse; others choose.
    let nurse = user.roles.contains(&crate::org::Role::Nurse);
    let kind = if nurse { Kind::Nurse.as_str().to_string() } else { String::new() };
    ScheduleForm { kind, date, time, duration: "20".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, date: &str, time: &str, duration: &str) -> ScheduleForm {
        let text = |s: &str| s.to_string();
        ScheduleForm {
            kind: text(kind),
            date: text(date),
            time: text(time),
            duration: text(duration),
        }
    }

    #[test]
    fn the_slot_is_read_in_the_professionals_time_zone() {
        let input =
            form("psychologist", "2027-01-05", "10:00", "45").parse("Europe/Paris").unwrap();
        assert_eq!(input.kind, Kind::Psychologist);
        assert_eq!(input.duration_minutes, 45);
        let utc = jiff::Timestamp::from_millisecond(input.starts_at).unwrap();
        assert_eq!(utc.to_string(), "2027-01-05T09:00:00Z", "winter: UTC+1");
        let summer = form("nurse", "2027-07-05", "10:00", "20").parse("Europe/Paris").unwrap();
        assert_eq!(summer.starts_at - input.starts_at, (181 * 24 - 1) * 3_600_000, "summer: UTC+2");
        for (bad, field) in [
            (form("", "2027-01-05", "10:00", "20"), "kind"),
            (form("nurse", "05/01/2027", "10:00", "20"), "date"),
            (form("nurse", "2027-01-05", "10h", "20"), "time"),
            (form("nurse", "2027-01-05", "10:00", "600"), "duration"),
        ] {
            assert!(
                matches!(bad.parse("Europe/Paris"), Err(AppError::Invalid { field: f, .. }) if f == field)
            );
        }
    }
}
