//! When the interventions of a care plan happen: calendar days and local times turned into
//! instants in the organisation's time zone, so that "8:00 every day" stays 8:00 on the wall clock
//! across daylight-saving changes (a time that does not exist that night moves forward).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::model::CarePlanItem;

/// One planned occurrence of a care plan item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub day: Date,
    pub window_start_at: i64,
    pub window_end_at: i64,
}

/// The Monday of the week holding `day`.
pub fn week_start(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

/// Monday = 0 … Sunday = 6.
pub fn weekday_index(day: Date) -> usize {
    usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0)
}

/// The seven days starting at `monday`.
pub fn days_of_week(monday: Date) -> Vec<Date> {
    monday.series(jiff::Span::new().days(1)).take(7).collect()
}

/// The instant of `minute` minutes after local midnight on `day` in `zone`.
pub fn local_instant(day: Date, minute: i64, zone: &TimeZone) -> Option<i64> {
    let minute = minute.clamp(0, 24 * 60);
    let (day, minute) = if minute == 24 * 60 { (day.tomorrow().ok()?, 0) } else { (day, minute) };
    let hour = i8::try_from(minute / 60).ok()?;
    let min = i8::try_from(minute % 60).ok()?;
    let zoned = day.at(hour, min, 0, 0).to_zoned(zone.clone()).ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// The occurrences of `item` on the given days.
pub fn occurrences(item: &CarePlanItem, days: &[Date], zone: &TimeZone) -> Vec<Occurrence> {
    let first: Option<Date> = item.first_day.parse().ok();
    let last: Option<Date> = item.last_day.as_deref().and_then(|d| d.parse().ok());
    days.iter()
        .filter(|day| item.days & (1 << weekday_index(**day)) != 0)
        .filter(|day| first.is_none_or(|f| **day >= f) && last.is_none_or(|l| **day <= l))
        .filter_map(|&day| {
            Some(Occurrence {
                day,
                window_start_at: local_instant(day, item.window_start_minute, zone)?,
                window_end_at: local_instant(day, item.window_end_minute, zone)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::homecare::model::{Skill, SyncKind};
    use jiff::civil::Weekday;

    fn day_bit(weekday: Weekday) -> i64 {
        1 << weekday.to_monday_zero_offset()
    }

    fn daily(start: i64, end: i64) -> CarePlanItem {
        CarePlanItem {
            id: "i".into(),
            patient_id: "p".into(),
            label: "Injection".into(),
            skill: Skill::Nurse,
            days: 0b111_1111,
            window_start_minute: start,
            window_end_minute: end,
            duration_minutes: 15,
            caregivers: 1,
            sync_kind: SyncKind::Simultaneous,
            min_gap_minutes: 0,
            max_gap_minutes: 0,
            preferred_caregiver: None,
            excluded_caregiver: None,
            first_day: "2026-01-01".into(),
            last_day: None,
        }
    }

    fn paris() -> TimeZone {
        TimeZone::get("Europe/Paris").unwrap()
    }

    fn local_text(ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .to_zoned(paris())
            .strftime("%Y-%m-%d %H:%M %:z")
            .to_string()
    }

    #[test]
    fn eight_oclock_stays_eight_oclock_across_the_autumn_change() {
        // Sunday 25 October 2026: clocks go back from 3:00 to 2:00.
        let monday: Date = "2026-10-19".parse().unwrap();
        let week = occurrences(&daily(450, 510), &days_of_week(monday), &paris());
        assert_eq!(week.len(), 7);
        assert_eq!(local_text(week[5].window_start_at), "2026-10-24 07:30 +02:00");
        assert_eq!(local_text(week[6].window_start_at), "2026-10-25 07:30 +01:00");
        // The same wall-clock time is 25 hours apart across the change.
        assert_eq!(week[6].window_start_at - week[5].window_start_at, 25 * 3_600_000);
    }

    #[test]
    fn a_time_skipped_in_spring_moves_forward_and_a_repeated_one_takes_the_first() {
        // Sunday 29 March 2026: 2:00 → 3:00. A 2:30 window start does not exist that night.
        let sunday: Date = "2026-03-29".parse().unwrap();
        let spring = occurrences(&daily(150, 240), &[sunday], &paris());
        assert_eq!(local_text(spring[0].window_start_at), "2026-03-29 03:30 +02:00");
        // 25 October 2026: 2:30 happens twice; the window starts at the first one.
        let autumn_day: Date = "2026-10-25".parse().unwrap();
        let autumn = occurrences(&daily(150, 240), &[autumn_day], &paris());
        assert_eq!(local_text(autumn[0].window_start_at), "2026-10-25 02:30 +02:00");
        assert_eq!(autumn[0].window_end_at - autumn[0].window_start_at, 150 * 60_000);
    }

    #[test]
    fn weekdays_and_the_plan_dates_limit_the_occurrences() {
        let mut item = daily(480, 540);
        item.days = day_bit(Weekday::Monday) | day_bit(Weekday::Thursday);
        item.first_day = "2026-12-03".into();
        item.last_day = Some("2026-12-10".into());
        let days: Vec<Date> = days_of_week("2026-11-30".parse().unwrap())
            .into_iter()
            .chain(days_of_week("2026-12-07".parse().unwrap()))
            .collect();
        let got: Vec<String> =
            occurrences(&item, &days, &paris()).iter().map(|o| o.day.to_string()).collect();
        assert_eq!(got, ["2026-12-03", "2026-12-07", "2026-12-10"]);
    }

    #[test]
    fn any_day_finds_its_monday_and_midnight_is_the_next_day() {
        let sunday: Date = "2026-12-06".parse().unwrap();
        assert_eq!(week_start(sunday).to_string(), "2026-11-30");
        let end = local_instant(sunday, 24 * 60, &paris()).unwrap();
        assert_eq!(local_text(end), "2026-12-07 00:00 +01:00");
    }
}
