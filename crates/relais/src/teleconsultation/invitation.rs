//! A guest's invitation: a link that names the consultation and a short one-time code that the
//! professional sends by another channel (SMS, phone). Only digests are stored; the code's digest
//! is keyed by the link, so a copy of the database gives neither.

use rand::Rng;
use rand::rngs::OsRng;

use crate::secrets::{digest, random_token};

pub const CODE_DIGITS: usize = 6;

pub struct Invitation {
    /// The token in `/visio/{link}`.
    pub link: String,
    pub code: String,
}

impl Invitation {
    /// A fresh link and code.
    pub fn issue() -> Self {
        let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
        Self { link: random_token(24), code }
    }

    pub fn link_hash(&self) -> String {
        digest(&self.link)
    }

    pub fn code_hash(&self) -> String {
        code_hash(&self.link, &self.code)
    }

    /// The code as people read it aloud: "482 913".
    pub fn code_spaced(&self) -> String {
        format!("{} {}", &self.code[..3], &self.code[3..])
    }
}

pub fn code_hash(link: &str, code: &str) -> String {
    digest(&format!("teleconsultation-code\u{1f}{link}\u{1f}{code}"))
}

/// The digits of what a guest typed ("482 913", "482-913"), if they make a code.
pub fn typed_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '.')).collect();
    (digits.len() == CODE_DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Whether `text` looks like a link token (before any lookup).
pub fn is_link(text: &str) -> bool {
    text.len() == 32 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_typed_codes_forgive_spaces_only() {
        let invitation = Invitation::issue();
        assert_eq!(invitation.code.len(), 6);
        assert!(is_link(&invitation.link));
        assert_eq!(typed_code(&invitation.code_spaced()), Some(invitation.code.clone()));
        assert_eq!(typed_code(" 012-345 "), Some("012345".to_string()));
        for bad in ["12345", "1234567", "12a456", "١٢٣٤٥٦", ""] {
            assert_eq!(typed_code(bad), None, "{bad}");
        }
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
    }
}
