//! Parsing what people type: message text, channel names and topics, mentions.

use crate::org::fields::FieldError;

/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 8000;
/// The most people one message may mention by name.
pub const MAX_MENTIONS: usize = 30;
/// The longest topic, in characters.
pub const MAX_TOPIC_CHARS: usize = 250;

/// Message text: not blank, not too long, no control characters but line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageText(String);

impl MessageText {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim_end();
        let text = text.trim_start_matches('\n');
        if text.trim().is_empty() {
            return Err(FieldError("message-empty"));
        }
        if text.chars().count() > MAX_MESSAGE_CHARS {
            return Err(FieldError("message-too-long"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError("field-control-characters"));
        }
        if mentioned_handles(text).len() > MAX_MENTIONS {
            return Err(FieldError("message-too-many-mentions"));
        }
        Ok(Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A channel's topic: may be empty, one line.
pub fn topic(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.chars().count() > MAX_TOPIC_CHARS {
        return Err(FieldError("field-too-long"));
    }
    if text.chars().any(char::is_control) {
        return Err(FieldError("field-control-characters"));
    }
    Ok(text.to_string())
}

/// A person's handle for mentions: the part of the e-mail address before `@`, lower case.
pub fn handle_of(email: &str) -> String {
    email.split('@').next().unwrap_or_default().to_lowercase()
}

/// Whether the text calls everyone in the conversation (`@channel`, `@all`, `@tous`).
pub fn mentions_everyone(text: &str) -> bool {
    mentioned_handles(text).iter().any(|handle| EVERYONE.contains(&handle.as_str()))
}

const EVERYONE: [&str; 4] = ["channel", "all", "tous", "here"];

/// The distinct `@handle` words of a text (lower case, without the `@`).
pub fn mentioned_handles(text: &str) -> Vec<String> {
    let mut handles: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 1..];
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue; // an e-mail address, not a mention
        }
        let handle: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let handle = handle.trim_end_matches(['.', '-', '_']).to_lowercase();
        if !handle.is_empty() && !handles.contains(&handle) {
            handles.push(handle);
        }
    }
    handles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_refuse_blank_overlong_and_control_characters() {
        assert_eq!(MessageText::parse("  \n "), Err(FieldError("message-empty")));
        assert_eq!(
            MessageText::parse(&"a".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(FieldError("message-too-long"))
        );
        assert_eq!(MessageText::parse("a\u{0}b"), Err(FieldError("field-control-characters")));
        assert_eq!(MessageText::parse("a\u{1b}[2J"), Err(FieldError("field-control-characters")));
        assert_eq!(
            MessageText::parse("ligne 1\r\nligne 2\n").unwrap().as_str(),
            "ligne 1\nligne 2"
        );
    }

    #[test]
    fn mentions_are_handles_after_an_at_sign_not_e_mail_addresses() {
        assert_eq!(
            mentioned_handles("@anne.martin et @Paul, écrire à x@ssiad.fr. @anne.martin"),
            vec!["anne.martin".to_string(), "paul".to_string()]
        );
        assert!(mentions_everyone("@channel réunion à 14 h"));
        assert!(!mentions_everyone("réunion à 14 h"));
    }

    #[test]
    fn a_flood_of_mentions_is_refused() {
        let flood: String = (0..=MAX_MENTIONS).map(|i| format!("@p{i} ")).collect();
        assert_eq!(MessageText::parse(&flood), Err(FieldError("message-too-many-mentions")));
    }
}
