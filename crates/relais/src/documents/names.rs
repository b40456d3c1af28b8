//! Names of documents and folders: what a person may type, and the key two names collide on.
//! A name is stored in NFC; the key is its lower case, so "Protocole.pdf" and "protocole.PDF",
//! or "é" typed as one or two code points, cannot sit side by side in a folder.

use unicode_normalization::UnicodeNormalization;

/// The longest name, in characters (what common file systems accept).
pub const MAX_CHARS: usize = 200;

/// Why a name is refused (each is a message key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    /// `/`, `\`, control characters, or a name made of dots.
    Forbidden,
    /// A name Windows cannot open (CON, PRN, NUL, COM1…), so a synced copy would break.
    Reserved,
}

impl NameError {
    pub fn code(self) -> &'static str {
        match self {
            NameError::Empty => "document-name-empty",
            NameError::TooLong => "document-name-too-long",
            NameError::Forbidden => "document-name-forbidden",
            NameError::Reserved => "document-name-reserved",
        }
    }
}

const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A name as typed (or as a browser sent a file's name): trimmed, NFC, checked.
pub fn clean(typed: &str) -> Result<String, NameError> {
    let name: String = typed.trim().nfc().collect();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_CHARS {
        return Err(NameError::TooLong);
    }
    if name.chars().any(|c| c == '/' || c == '\\' || c.is_control())
        || name.chars().all(|c| c == '.')
    {
        return Err(NameError::Forbidden);
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end().to_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Err(NameError::Reserved);
    }
    Ok(name)
}

/// What two names collide on.
pub fn key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

/// The part after the last dot, lower case ("" when there is none).
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// "Compte rendu (2).pdf" for the n-th copy of "Compte rendu.pdf".
pub fn numbered(name: &str, n: u32) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_must_not_replace_another_gets_a_number() {
        assert_eq!(numbered("rapport.pdf", 2), "rapport (2).pdf");
        assert_eq!(numbered("notes", 3), "notes (3)");
        assert_eq!(numbered(".profile", 2), ".profile (2)");
    }

    #[test]
    fn odd_names_are_refused_with_their_reason() {
        assert_eq!(clean("  Protocole de soins.pdf "), Ok("Protocole de soins.pdf".into()));
        assert_eq!(clean("   "), Err(NameError::Empty));
        assert_eq!(clean(&"a".repeat(MAX_CHARS + 1)), Err(NameError::TooLong));
        for bad in ["../etc/passwd", "a\\b", "a\u{0}b", "..", ".", "tab\there"] {
            assert_eq!(clean(bad), Err(NameError::Forbidden), "{bad:?}");
        }
        assert_eq!(clean("CON.txt"), Err(NameError::Reserved));
        assert_eq!(clean("Nul"), Err(NameError::Reserved));
        assert!(clean("console.txt").is_ok());
    }

    #[test]
    fn names_differing_by_case_or_normalisation_collide() {
        let composed = clean("Procédure.pdf").unwrap();
        let decomposed = clean("Proce\u{301}dure.PDF").unwrap();
        assert_eq!(composed, "Procédure.pdf");
        assert_eq!(key(&composed), key(&decomposed));
        assert_ne!(key("a.pdf"), key("b.pdf"));
    }

    #[test]
    fn extensions_and_numbered_copies() {
        assert_eq!(extension("Compte rendu.PDF"), "pdf");
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(numbered("Compte rendu.pdf", 2), "Compte rendu (2).pdf");
        assert_eq!(numbered("Notes", 3), "Notes (3)");
    }
}
