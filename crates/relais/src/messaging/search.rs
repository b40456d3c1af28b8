//! Search over encrypted messages through a blind index: each message's words are normalised
//! (lower case, accents folded, plural `s`/`x` dropped) and stored only as keyed digests
//! (HMAC-SHA-256 with a per-organisation secret, truncated). A query's words are digested the same
//! way; matching messages are then opened and highlighted. The trade-offs are in `docs/security.md`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The most distinct words a message contributes to the index.
pub const MAX_TERMS_PER_MESSAGE: usize = 300;
/// The most words a query may have.
pub const MAX_QUERY_TERMS: usize = 8;

/// The normalised words of a text, distinct, in order of appearance.
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let Some(term) = normalise(word) else { continue };
        if !out.contains(&term) {
            out.push(term);
            if out.len() == MAX_TERMS_PER_MESSAGE {
                break;
            }
        }
    }
    out
}

/// One word as the index keeps it, or `None` for words too short or too long to be useful.
pub fn normalise(word: &str) -> Option<String> {
    let folded: String = word.chars().flat_map(char::to_lowercase).map(fold_accent).collect();
    let count = folded.chars().count();
    if !(2..=40).contains(&count) {
        return None;
    }
    let stem = if count > 3 && (folded.ends_with('s') || folded.ends_with('x')) {
        folded[..folded.len() - 1].to_string()
    } else {
        folded
    };
    Some(stem)
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'ÿ' => 'y',
        'ñ' => 'n',
        other => other,
    }
}

/// The keyed digest a term is stored as.
pub fn digest(secret: &[u8; 32], term: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(term.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The name of an organisation's index secret in the key ring.
pub fn secret_name(org_id: &str) -> String {
    format!("message-search:{org_id}")
}

/// Wraps the words of `text` that match one of `terms` in `<mark>`; the rest is escaped.
pub fn highlight(text: &str, wanted: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut word = String::new();
    let push_word = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let escaped = escape(word);
        if normalise(word).is_some_and(|term| wanted.contains(&term)) {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            push_word(&mut word, &mut out);
            out.push_str(&escape(&c.to_string()));
        }
    }
    push_word(&mut word, &mut out);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_plurals_dropped() {
        assert_eq!(terms("Pansements à refaire, PANSEMENT !"), vec!["pansement", "refaire"]);
        assert_eq!(normalise("Hôpital"), Some("hopital".into()));
        assert_eq!(normalise("a"), None);
        assert_eq!(normalise("bas"), Some("bas".into()));
    }

    #[test]
    fn digests_depend_on_the_secret() {
        assert_ne!(digest(&[1; 32], "pansement"), digest(&[2; 32], "pansement"));
        assert_eq!(digest(&[1; 32], "pansement").len(), 32);
    }

    #[test]
    fn highlights_escape_the_rest() {
        assert_eq!(
            highlight("Les pansements <b>", &["pansement".into()]),
            "Les <mark>pansements</mark> &lt;b&gt;"
        );
    }

    #[test]
    fn search_syntax_is_just_words() {
        assert_eq!(
            terms("\"unterminated AND (OR NEAR* -"),
            vec!["unterminated", "and", "or", "near"]
        );
    }
}
