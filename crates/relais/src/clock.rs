//! Time as the database stores it (milliseconds since the Unix epoch), and the one clock that
//! says what "now" and "today" are for a request: today is always today in the organisation's
//! time zone, never in the server's.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The application's clock: the system's, unless a test pinned it to an instant.
#[derive(Debug)]
pub struct Clock {
    /// Milliseconds since the epoch when pinned, `i64::MIN` when following the system.
    pinned: AtomicI64,
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl Clock {
    pub fn system() -> Self {
        Self { pinned: AtomicI64::new(i64::MIN) }
    }

    /// Makes "now" this instant from here on (tests: a day across midnight, another zone).
    pub fn pin(&self, at: jiff::Timestamp) {
        self.pinned.store(at.as_millisecond(), Ordering::Relaxed);
    }

    pub fn now_ms(&self) -> i64 {
        match self.pinned.load(Ordering::Relaxed) {
            i64::MIN => now_ms(),
            pinned => pinned,
        }
    }

    pub fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond(self.now_ms()).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    /// Today's date in `zone` (an organisation's zone: a Paris round at 00:30 is the new day).
    pub fn today(&self, zone: &TimeZone) -> Date {
        self.now().to_zoned(zone.clone()).date()
    }
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
