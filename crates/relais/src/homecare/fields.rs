//! Home-care values from forms: parse, don't validate. Each error names the field and the i18n key
//! of its message.

use crate::error::AppError;
use crate::org::fields::{Label, Phone, parse_clock};

fn invalid(field: &'static str, code: &'static str) -> AppError {
    AppError::Invalid { field, code }
}

/// A required single-line text.
pub fn label(field: &'static str, text: &str) -> Result<String, AppError> {
    Label::parse(text).map(|l| l.as_str().to_string()).map_err(|e| invalid(field, e.0))
}

/// An optional single-line text.
pub fn optional_label(field: &'static str, text: &str) -> Result<String, AppError> {
    Label::parse_optional(text).map(|l| l.as_str().to_string()).map_err(|e| invalid(field, e.0))
}

pub fn phone(field: &'static str, text: &str) -> Result<String, AppError> {
    Phone::parse_optional(text).map(|p| p.as_str().to_string()).map_err(|e| invalid(field, e.0))
}

/// Free text of up to `max` characters over several lines (tabs and line breaks allowed).
pub fn long_text(field: &'static str, text: &str, max: usize) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(invalid(field, "field-too-long"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(invalid(field, "field-control-characters"));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// A calendar day `YYYY-MM-DD` between 1900 and 2200.
pub fn day(field: &'static str, text: &str) -> Result<jiff::civil::Date, AppError> {
    let date: jiff::civil::Date =
        text.trim().parse().map_err(|_| invalid(field, "date-invalid"))?;
    if !(1900..=2200).contains(&date.year()) {
        return Err(invalid(field, "date-invalid"));
    }
    Ok(date)
}

/// `HH:MM` as minutes after midnight; `24:00` is accepted as the end of the day.
pub fn clock(field: &'static str, text: &str) -> Result<i64, AppError> {
    if text.trim() == "24:00" {
        return Ok(24 * 60);
    }
    parse_clock(text).map(i64::from).ok_or_else(|| invalid(field, "time-invalid"))
}

/// A whole number within `range`.
pub fn number(
    field: &'static str,
    text: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, AppError> {
    let value: i64 = text.trim().parse().map_err(|_| invalid(field, "number-invalid"))?;
    if !range.contains(&value) {
        return Err(invalid(field, "number-out-of-range"));
    }
    Ok(value)
}

/// Decimal degrees (`48.1173` or `48,1173`) within ±`limit`, as micro-degrees.
pub fn degrees(field: &'static str, text: &str, limit: f64) -> Result<i64, AppError> {
    let value: f64 =
        text.trim().replace(',', ".").parse().map_err(|_| invalid(field, "coordinate-invalid"))?;
    if !value.is_finite() || value.abs() > limit {
        return Err(invalid(field, "coordinate-invalid"));
    }
    Ok((value * 1e6).round() as i64)
}

/// A French postcode: five digits.
pub fn postcode(field: &'static str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.len() != 5 || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(field, "postcode-invalid"));
    }
    Ok(text.to_string())
}

/// An INSEE place code: five characters, digits or 2A/2B for Corsica ("99xxx" abroad).
pub fn place_code(field: &'static str, text: &str) -> Result<String, AppError> {
    let text = text.trim().to_ascii_uppercase();
    let corsica = text.starts_with("2A") || text.starts_with("2B");
    let digits = if corsica { &text[2.min(text.len())..] } else { text.as_str() };
    let length_ok = text.len() == 5;
    if text.is_empty() {
        return Ok(text);
    }
    if !length_ok || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(field, "place-code-invalid"));
    }
    Ok(text)
}

/// The INS matricule (NIR or NIA): 15 characters whose last two are the key
/// `97 − (first 13 mod 97)`; Corsica's 2A and 2B count as 19 and 18. Empty when not known.
pub fn ins_matricule(field: &'static str, text: &str) -> Result<String, AppError> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = text.to_ascii_uppercase();
    if text.is_empty() {
        return Ok(text);
    }
    let bad = || invalid(field, "ins-invalid");
    if text.len() != 15 || !text.is_ascii() {
        return Err(bad());
    }
    let body = text[..13].replace("2A", "19").replace("2B", "18");
    let number: u64 = body.parse().map_err(|_| bad())?;
    let key: u64 = text[13..].parse().map_err(|_| bad())?;
    if body.len() != 13 || 97 - number % 97 != key {
        return Err(bad());
    }
    Ok(text)
}

/// The OIDs of the INS: NIR, NIA, and their test counterparts.
pub const INS_OIDS: [&str; 4] =
    ["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"];

pub fn ins_oid(field: &'static str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() || INS_OIDS.contains(&text) {
        Ok(text.to_string())
    } else {
        Err(invalid(field, "ins-oid-invalid"))
    }
}

/// One of a closed set of values.
pub fn choice<T>(field: &'static str, parsed: Option<T>) -> Result<T, AppError> {
    parsed.ok_or_else(|| invalid(field, "choice-invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ins_matricules_need_their_key() {
        // 97 − (2840575116023 mod 97) = 36.
        assert_eq!(ins_matricule("m", "2 84 05 75 116 023 36").unwrap(), "284057511602336");
        assert!(ins_matricule("m", "284057511602337").is_err());
        assert!(ins_matricule("m", "28405751160234").is_err());
        assert!(ins_matricule("m", "2840575116023٤2").is_err());
        // Corsica: 2A counts as 19.
        let body = "185012A001002";
        let number: u64 = body.replace("2A", "19").parse().unwrap();
        let valid = format!("{body}{:02}", 97 - number % 97);
        assert_eq!(ins_matricule("m", &valid).unwrap(), valid);
        assert_eq!(ins_matricule("m", "").unwrap(), "");
    }

    #[test]
    fn coordinates_clocks_and_codes_are_checked() {
        assert_eq!(degrees("lat", "48,117266", 90.0).unwrap(), 48_117_266);
        assert!(degrees("lat", "91", 90.0).is_err());
        assert!(degrees("lat", "NaN", 90.0).is_err());
        assert!(degrees("lat", "inf", 90.0).is_err());
        assert_eq!(clock("t", "07:30").unwrap(), 450);
        assert_eq!(clock("t", "24:00").unwrap(), 1440);
        assert!(clock("t", "25:00").is_err());
        assert!(postcode("p", "3500").is_err());
        assert_eq!(place_code("b", "2a004").unwrap(), "2A004");
        assert!(place_code("b", "2C004").is_err());
        assert!(day("d", "2026-02-30").is_err());
        assert!(number("n", "-5", 0..=10).is_err());
        assert!(long_text("n", "a\u{0}b", 10).is_err());
    }
}
