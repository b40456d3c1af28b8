//! The texts a person types on a board, checked before they are kept.

use crate::error::{AppError, AppResult};

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_LIST_CHARS: usize = 60;
pub const MAX_LABEL_CHARS: usize = 40;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_ITEM_CHARS: usize = 300;
pub const MAX_COMMENT_CHARS: usize = 5_000;

/// A one-line text: trimmed, not empty, at most `max` characters, no control characters.
pub fn line<'a>(
    text: &'a str,
    max: usize,
    field: &'static str,
    code: &'static str,
) -> AppResult<&'a str> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(AppError::Invalid { field, code });
    }
    Ok(text)
}

/// A text of several lines: at most `max` characters, no control characters but line breaks
/// and tabs; `required` refuses an empty one.
pub fn body<'a>(
    text: &'a str,
    max: usize,
    required: bool,
    field: &'static str,
    code: &'static str,
) -> AppResult<&'a str> {
    let text = text.trim();
    let bad = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if (required && text.is_empty()) || text.chars().count() > max || text.chars().any(bad) {
        return Err(AppError::Invalid { field, code });
    }
    Ok(text)
}

/// A due moment typed in a `datetime-local` field (`2026-12-07T14:30`), in the person's time
/// zone; empty is none. A moment that does not exist that day (the spring change) is taken just
/// after it; one that happens twice (the autumn change), the first time.
pub fn due(text: &str, zone: &str) -> AppResult<Option<i64>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let invalid = || AppError::Invalid { field: "due", code: "task-due-invalid" };
    // A day alone (a browser without date-time fields) is due at the end of that day.
    let local: jiff::civil::DateTime = match text.len() {
        10 => text.parse::<jiff::civil::Date>().map_err(|_| invalid())?.at(23, 59, 0, 0),
        _ => text.parse().map_err(|_| invalid())?,
    };
    if !(2000..=2100).contains(&local.year()) {
        return Err(invalid());
    }
    let zone = jiff::tz::TimeZone::get(zone).map_err(|_| invalid())?;
    let at = local.to_zoned(zone).map_err(|_| invalid())?;
    Ok(Some(at.timestamp().as_millisecond()))
}

/// A due moment as a `datetime-local` field shows it, in the person's time zone.
pub fn due_field(at: Option<i64>, zone: &str) -> String {
    let Some(at) = at else {
        return String::new();
    };
    let Ok(zone) = jiff::tz::TimeZone::get(zone) else {
        return String::new();
    };
    match jiff::Timestamp::from_millisecond(at) {
        Ok(at) => at.to_zoned(zone).datetime().strftime("%Y-%m-%dT%H:%M").to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_moment_is_read_in_the_persons_zone_across_the_changes_of_time() {
        let Ok(Some(winter)) = due("2026-12-07T14:30", "Europe/Paris") else {
            panic!("a plain moment")
        };
        assert_eq!(due_field(Some(winter), "Europe/Paris"), "2026-12-07T14:30");
        assert_eq!(due_field(Some(winter), "UTC"), "2026-12-07T13:30");
        // 02:30 does not exist in Paris on 29 March 2026: it is taken just after the change.
        let Ok(Some(gap)) = due("2026-03-29T02:30", "Europe/Paris") else {
            panic!("a moment in the gap")
        };
        assert_eq!(due_field(Some(gap), "Europe/Paris"), "2026-03-29T03:30");
        // 02:30 happens twice on 25 October 2026: the first one (summer time, UTC+2).
        let Ok(Some(fold)) = due("2026-10-25T02:30", "Europe/Paris") else {
            panic!("a moment in the fold")
        };
        assert_eq!(due_field(Some(fold), "UTC"), "2026-10-25T00:30");
    }

    #[test]
    fn a_due_moment_that_is_not_one_is_refused() {
        assert!(matches!(due("", "Europe/Paris"), Ok(None)));
        let Ok(Some(day)) = due("2026-12-07", "Europe/Paris") else { panic!("a day alone") };
        assert_eq!(due_field(Some(day), "Europe/Paris"), "2026-12-07T23:59");
        for bad in ["demain", "2026-13-01T10:00", "1900-01-01T10:00", "2026-12-07T25:00"] {
            assert!(due(bad, "Europe/Paris").is_err(), "{bad}");
        }
    }
}
