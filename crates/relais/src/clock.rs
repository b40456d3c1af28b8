//! Time as the database stores it: milliseconds since the Unix epoch.

use std::time::{SystemTime, UNIX_EPOCH};

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A timestamp rendered for people, in their time zone (ISO-like, minute precision).
pub fn format_local(at_ms: i64, time_zone: &str) -> String {
    let Ok(timestamp) = jiff::Timestamp::from_millisecond(at_ms) else {
        return String::new();
    };
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    timestamp.to_zoned(zone).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Midnight UTC of a `YYYY-MM-DD` day plus `days_after` days, in milliseconds.
pub fn day_start_ms(day: &str, days_after: i64) -> anyhow::Result<i64> {
    let date: jiff::civil::Date =
        day.trim().parse().map_err(|_| anyhow::anyhow!("{day:?} is not a date (YYYY-MM-DD)"))?;
    let date = date.checked_add(jiff::Span::new().days(days_after))?;
    Ok(date.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp().as_millisecond())
}
