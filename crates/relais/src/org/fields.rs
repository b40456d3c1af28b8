//! Validated values from forms: parse, don't validate. Each error is an i18n key.

use serde::Serialize;

/// Why a value was refused; the code is the i18n key of the message shown next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError(pub &'static str);

fn has_control_characters(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// A short single-line label: a person's or team's name, a job title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label(String);

impl Label {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldError("field-required"));
        }
        Self::parse_optional(text)
    }

    /// Like `parse`, but the empty string is allowed.
    pub fn parse_optional(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(FieldError("field-too-long"));
        }
        if has_control_characters(text) {
            return Err(FieldError("field-control-characters"));
        }
        Ok(Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim().to_lowercase();
        let invalid = Err(FieldError("email-invalid"));
        if text.len() > 254 || has_control_characters(&text) || text.contains(char::is_whitespace) {
            return invalid;
        }
        let Some((local, domain)) = text.rsplit_once('@') else { return invalid };
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.contains(['<', '>', '"', '(', ')', ',', ';', ':', '\\', '[', ']']);
        if !domain_ok || !local_ok {
            return invalid;
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form (`+33612345678`). French national numbers are accepted and
/// converted; an empty value means "no phone".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse_optional(text: &str) -> Result<Self, FieldError> {
        let compact: String =
            text.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')')).collect();
        if compact.is_empty() {
            return Ok(Self(String::new()));
        }
        let invalid = Err(FieldError("phone-invalid"));
        let international = if let Some(rest) = compact.strip_prefix('+') {
            rest.to_string()
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest.to_string()
        } else if compact.len() == 10 && compact.starts_with('0') {
            format!("33{}", &compact[1..])
        } else {
            return invalid;
        };
        let digits_ok = international.chars().all(|c| c.is_ascii_digit());
        if !digits_ok || !(8..=15).contains(&international.len()) || international.starts_with('0')
        {
            return invalid;
        }
        Ok(Self(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name known to the bundled time zone database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.is_empty() || text.len() > 64 || jiff::tz::TimeZone::get(text).is_err() {
            return Err(FieldError("time-zone-invalid"));
        }
        Ok(Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's working hours: which days, and from when to when (minutes after midnight, local).
/// Read from the columns `work_days`, `work_start_minute` and `work_end_minute` (flatten it into a
/// row); a stored value out of range is a decode error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct WorkingHours {
    /// Bit 0 is Monday … bit 6 is Sunday.
    #[sqlx(rename = "work_days", try_from = "i64")]
    pub days: u8,
    #[sqlx(rename = "work_start_minute", try_from = "i64")]
    pub start_minute: u16,
    #[sqlx(rename = "work_end_minute", try_from = "i64")]
    pub end_minute: u16,
}

impl Default for WorkingHours {
    fn default() -> Self {
        Self { days: 0b001_1111, start_minute: 8 * 60, end_minute: 18 * 60 }
    }
}

impl WorkingHours {
    /// From day flags and `HH:MM` times as a form sends them.
    pub fn parse(days: [bool; 7], start: &str, end: &str) -> Result<Self, FieldError> {
        let start_minute = parse_clock(start).ok_or(FieldError("time-invalid"))?;
        let end_minute = parse_clock(end).ok_or(FieldError("time-invalid"))?;
        if end_minute <= start_minute {
            return Err(FieldError("hours-end-before-start"));
        }
        let days = days.iter().enumerate().fold(0u8, |mask, (i, on)| mask | (u8::from(*on) << i));
        if days == 0 {
            return Err(FieldError("hours-no-day"));
        }
        Ok(Self { days, start_minute, end_minute })
    }

    pub fn works_on(&self, weekday_index: usize) -> bool {
        weekday_index < 7 && self.days & (1 << weekday_index) != 0
    }

    pub fn start_text(&self) -> String {
        clock_text(self.start_minute)
    }

    pub fn end_text(&self) -> String {
        clock_text(self.end_minute)
    }
}

pub fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    (hours < 24 && minutes < 60 && text.trim().len() <= 5).then_some(hours * 60 + minutes)
}

pub fn clock_text(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_refuse_empty_overlong_and_control_characters() {
        assert_eq!(Label::parse("  Équipe Nord ").unwrap().as_str(), "Équipe Nord");
        assert_eq!(Label::parse(" "), Err(FieldError("field-required")));
        assert_eq!(Label::parse(&"a".repeat(101)), Err(FieldError("field-too-long")));
        assert_eq!(Label::parse("a\u{0}b"), Err(FieldError("field-control-characters")));
        assert_eq!(Label::parse("a\u{1b}[31m"), Err(FieldError("field-control-characters")));
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            Email::parse(" Anne.Martin@SSIAD.fr ").unwrap().as_str(),
            "anne.martin@ssiad.fr"
        );
        for bad in [
            "",
            "anne",
            "anne@",
            "@ssiad.fr",
            "a b@ssiad.fr",
            "anne@ssiad",
            "anne@-x.fr",
            "a@b..fr",
            "<a>@b.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn french_phone_numbers_become_e164() {
        assert_eq!(Phone::parse_optional("06 12 34 56 78").unwrap().as_str(), "+33612345678");
        assert_eq!(Phone::parse_optional("+33 6.12.34.56.78").unwrap().as_str(), "+33612345678");
        assert_eq!(Phone::parse_optional("0033612345678").unwrap().as_str(), "+33612345678");
        assert_eq!(Phone::parse_optional("").unwrap().as_str(), "");
        for bad in ["12", "06123", "+33abc", "061234567890123456", "+0123456789"] {
            assert!(Phone::parse_optional(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn time_zones_must_exist() {
        assert!(TimeZoneName::parse("Europe/Paris").is_ok());
        assert!(TimeZoneName::parse("America/Cayenne").is_ok());
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
        assert!(TimeZoneName::parse("").is_err());
    }

    #[test]
    fn working_hours_need_a_day_and_an_end_after_the_start() {
        let weekdays = [true, true, true, true, true, false, false];
        let hours = WorkingHours::parse(weekdays, "07:30", "15:00").unwrap();
        assert_eq!(hours.days, 0b001_1111);
        assert_eq!(hours.start_text(), "07:30");
        assert!(hours.works_on(0) && !hours.works_on(6));
        assert!(WorkingHours::parse(weekdays, "15:00", "07:30").is_err());
        assert!(WorkingHours::parse([false; 7], "07:00", "08:00").is_err());
        assert!(WorkingHours::parse(weekdays, "25:00", "26:00").is_err());
        assert!(WorkingHours::parse(weekdays, "7h", "8h").is_err());
    }
}
