//! The help pages: Markdown files in `help/<language>/`, embedded in the binary, each with a
//! title and the roles it is written for. Searchable (accents and case ignored), reached from the
//! "?" of the screens they explain (`{% call m::help(ui, "planning") %}`).

use unicode_normalization::UnicodeNormalization;

use crate::i18n::Lang;
use crate::org::Role;

/// The topics and their pages in each language, from one list: `TOPICS` (the addresses,
/// `/help/<topic>`) and `source` (the embedded file of a topic in a language).
macro_rules! pages {
    ($($name:literal),+ $(,)?) => {
        /// Every topic, by its address (`/help/<topic>`).
        pub const TOPICS: &[&str] = &[$($name),+];

        fn source(lang: Lang, topic: &str) -> Option<&'static str> {
            match (lang, topic) {
                $((Lang::Fr, $name) => Some(include_str!(concat!("../../help/fr/", $name, ".md"))),
                  (Lang::En, $name) => Some(include_str!(concat!("../../help/en/", $name, ".md"))),)+
                _ => None,
            }
        }
    };
}

pages!(
    "first-steps",
    "messages",
    "planning",
    "round",
    "patients",
    "teleconsultation",
    "documents",
    "tasks",
    "telework",
    "surveys",
    "privacy",
    "security",
    "cybersecurity",
    "dpo",
    "admin",
);

/// A help page.
#[derive(Debug, Clone)]
pub struct HelpPage {
    pub topic: &'static str,
    pub title: String,
    /// None: for everyone.
    pub roles: Option<Vec<Role>>,
    pub body: &'static str,
}

impl HelpPage {
    pub fn is_for(&self, roles: &[Role]) -> bool {
        self.roles.as_ref().is_none_or(|wanted| wanted.iter().any(|role| roles.contains(role)))
    }

    /// The page as HTML (the help is ours: the documents' Markdown renderer).
    pub fn html(&self) -> String {
        crate::messaging::markdown::render_document(self.body)
    }
}

/// Reads `title:` and `roles:` up to the `---` line.
fn parse(topic: &'static str, text: &'static str) -> Option<HelpPage> {
    let (head, body) = text.split_once("\n---\n")?;
    let mut title = None;
    let mut roles = None;
    for line in head.lines() {
        match line.split_once(':') {
            Some(("title", value)) => title = Some(value.trim().to_string()),
            Some(("roles", value)) if value.trim() != "all" => {
                roles = Some(value.split(',').filter_map(|r| Role::parse(r.trim())).collect())
            }
            _ => {}
        }
    }
    Some(HelpPage { topic, title: title?, roles, body })
}

pub fn page(lang: Lang, topic: &str) -> Option<HelpPage> {
    let topic = TOPICS.iter().find(|t| **t == topic)?;
    parse(topic, source(lang, topic)?)
}

pub fn all(lang: Lang) -> Vec<HelpPage> {
    TOPICS.iter().filter_map(|topic| page(lang, topic)).collect()
}

/// Lower case without accents, for matching.
fn folded(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// The pages matching every word of `query`, title matches first.
pub fn search(lang: Lang, query: &str) -> Vec<HelpPage> {
    let words: Vec<String> = folded(query).split_whitespace().take(10).map(String::from).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, HelpPage)> = all(lang)
        .into_iter()
        .filter_map(|page| {
            let title = folded(&page.title);
            let text = format!("{title} {}", folded(page.body));
            words
                .iter()
                .all(|word| text.contains(word.as_str()))
                .then(|| (words.iter().any(|w| title.contains(w.as_str())), page))
        })
        .collect();
    found.sort_by_key(|(in_title, _)| !in_title);
    found.into_iter().map(|(_, page)| page).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_a_page_in_both_languages_with_a_title() {
        for lang in Lang::ALL {
            for topic in TOPICS {
                let page = page(lang, topic).unwrap_or_else(|| panic!("{topic} in {lang:?}"));
                assert!(!page.title.is_empty() && page.html().contains("<"), "{topic}");
            }
        }
    }

    #[test]
    fn search_ignores_accents_and_case_and_finds_titles_first() {
        let found = search(Lang::Fr, "TELETRAVAIL");
        assert_eq!(found.first().map(|p| p.topic), Some("telework"));
        assert!(search(Lang::Fr, "déconnexion").iter().any(|p| p.topic == "messages"));
        assert!(search(Lang::En, "zzzz nothing").is_empty());
        assert!(search(Lang::Fr, "   ").is_empty());
    }

    #[test]
    fn pages_are_for_their_roles() {
        let planning = page(Lang::Fr, "planning").unwrap();
        assert!(planning.is_for(&[Role::Coordinator]) && !planning.is_for(&[Role::Aide]));
        assert!(page(Lang::Fr, "messages").unwrap().is_for(&[Role::Aide]));
    }
}
