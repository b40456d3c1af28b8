//! Avatars: a person's initials on one of twelve colours derived from their id, so that the same
//! person has the same colour on every page (and white text keeps AA contrast on each).

/// `<span class="avatar hue-N">AB</span>`, decorative: the name is always written beside it.
pub fn html(key: &str, name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    let hue = key
        .bytes()
        .fold(2_166_136_261_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(16_777_619))
        % 12;
    // Letters and digits only: nothing to escape.
    format!(r#"<span class="avatar hue-{hue}" aria-hidden="true">{initials}</span>"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_a_stable_colour() {
        let first = html("u-1", "Claire Dubois");
        assert!(first.contains(">CD<"), "{first}");
        assert_eq!(first, html("u-1", "Claire Dubois"));
        assert!(html("u-1", "élise").contains(">É<"));
        assert!(html("u-2", "<b>").contains("avatar"));
        assert!(!html("u-2", "<b> x").contains("<b>"));
    }
}
