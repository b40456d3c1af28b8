//! The right to disconnect: whether a person is on duty at a moment, and when their next working
//! period starts — in their own time zone, across daylight-saving changes.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::org::fields::{WorkingHours, clock_text};

/// When a person is reachable: their hours and time zone.
#[derive(Debug, Clone)]
pub struct Availability {
    pub hours: WorkingHours,
    pub zone: TimeZone,
}

impl Availability {
    pub fn new(hours: WorkingHours, time_zone: &str) -> Self {
        let zone = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
        Self { hours, zone }
    }

    /// Whether `at_ms` falls within the working hours.
    pub fn on_duty(&self, at_ms: i64) -> bool {
        let Ok(at) = Timestamp::from_millisecond(at_ms) else { return false };
        let local = at.to_zoned(self.zone.clone());
        let day = usize::from(local.weekday().to_monday_zero_offset().unsigned_abs());
        let minute =
            u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0);
        self.hours.works_on(day)
            && minute >= self.hours.start_minute
            && minute < self.hours.end_minute
    }

    /// `at_ms` itself when on duty, else the start of the next working period.
    pub fn next_reachable(&self, at_ms: i64) -> i64 {
        if self.on_duty(at_ms) {
            return at_ms;
        }
        let Ok(at) = Timestamp::from_millisecond(at_ms) else { return at_ms };
        let today = at.to_zoned(self.zone.clone()).date();
        let (hour, minute) = (self.hours.start_minute / 60, self.hours.start_minute % 60);
        for offset in 0..=7 {
            let Ok(date) = today.checked_add(jiff::Span::new().days(offset)) else { continue };
            let day = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
            if !self.hours.works_on(day) {
                continue;
            }
            let Ok(start) = date
                .at(i8::try_from(hour).unwrap_or(8), i8::try_from(minute).unwrap_or(0), 0, 0)
                .to_zoned(self.zone.clone())
            else {
                continue;
            };
            let start_ms = start.timestamp().as_millisecond();
            if start_ms > at_ms {
                return start_ms;
            }
        }
        at_ms
    }

    /// The local time of day of `at_ms`, `HH:MM`.
    pub fn local_clock(&self, at_ms: i64) -> String {
        let Ok(at) = Timestamp::from_millisecond(at_ms) else { return String::new() };
        let local = at.to_zoned(self.zone.clone());
        clock_text(
            u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn weekdays_8_to_18(zone: &str) -> Availability {
        Availability::new(WorkingHours::default(), zone)
    }

    #[test]
    fn on_duty_follows_the_local_clock() {
        let paris = weekdays_8_to_18("Europe/Paris");
        // Tuesday 2026-12-01: 07:59 and 18:00 in Paris are off duty, 08:00 is on.
        assert!(!paris.on_duty(ms("2026-12-01T06:59:00Z")));
        assert!(paris.on_duty(ms("2026-12-01T07:00:00Z")));
        assert!(!paris.on_duty(ms("2026-12-01T17:00:00Z")));
        // Saturday is off.
        assert!(!paris.on_duty(ms("2026-12-05T10:00:00Z")));
    }

    #[test]
    fn the_next_start_skips_the_weekend_and_respects_the_zone() {
        let paris = weekdays_8_to_18("Europe/Paris");
        let friday_evening = ms("2026-12-04T19:00:00Z");
        assert_eq!(paris.next_reachable(friday_evening), ms("2026-12-07T07:00:00Z"));
        let reunion = weekdays_8_to_18("Indian/Reunion");
        // 08:00 in Réunion (UTC+4) on Monday.
        assert_eq!(reunion.next_reachable(friday_evening), ms("2026-12-07T04:00:00Z"));
    }

    #[test]
    fn daylight_saving_changes_move_the_start_in_utc() {
        let paris = weekdays_8_to_18("Europe/Paris");
        // Summer time starts on Sunday 2027-03-28: Monday's 08:00 is 06:00 UTC, Friday's was 07:00.
        assert_eq!(paris.next_reachable(ms("2027-03-26T20:00:00Z")), ms("2027-03-29T06:00:00Z"));
        assert!(paris.on_duty(ms("2027-03-29T06:30:00Z")));
        // Winter time returns on Sunday 2027-10-31: Monday's 08:00 is 07:00 UTC again.
        assert_eq!(paris.next_reachable(ms("2027-10-29T20:00:00Z")), ms("2027-11-01T07:00:00Z"));
        assert!(!paris.on_duty(ms("2027-11-01T06:30:00Z")));
    }
}
