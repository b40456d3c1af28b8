//! Translations (Fluent files in `locales/`), French by default, English complete.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use unic_langid::langid;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FRENCH: LanguageIdentifier = langid!("fr");
static ENGLISH: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// A supported language code, or `None`.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality (parsed and
    /// ordered by the `accept-language` crate; `q=0` means "not this one"); French otherwise.
    pub fn negotiate(accept_language: &str) -> Self {
        accept_language::parse_with_quality(accept_language)
            .into_iter()
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(tag, _)| Lang::parse(tag.split('-').next().unwrap_or_default()))
            .unwrap_or_default()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FRENCH,
            Lang::En => &ENGLISH,
        }
    }

    /// The message for `key`; the key itself if it is missing (a test forbids that).
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_string())
    }

    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(self.id(), key).is_some()
    }

    /// The message for `key` with named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lookup(key, fluent_args(args))
    }

    /// The message for `key` with a number `$count` (for plural forms) and named arguments.
    pub fn t_count(self, key: &str, count: i64, args: &[(&'static str, String)]) -> String {
        let mut all = fluent_args(args);
        all.insert(Cow::Borrowed("count"), FluentValue::from(count));
        self.lookup(key, all)
    }

    fn lookup(self, key: &str, args: FluentArgs) -> String {
        LOCALES.try_lookup_with_args(self.id(), key, &args).unwrap_or_else(|| key.to_string())
    }
}

type FluentArgs = HashMap<Cow<'static, str>, FluentValue<'static>>;

fn fluent_args(args: &[(&'static str, String)]) -> FluentArgs {
    args.iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message key of a language, over all its files.
    fn keys_of(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut all = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            all.extend(keys(&std::fs::read_to_string(entry.unwrap().path()).unwrap()));
        }
        all
    }

    fn keys(text: &str) -> std::collections::BTreeSet<String> {
        text.lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key.to_string())
            .filter(|key| !key.starts_with([' ', '#']) && !key.is_empty())
            .collect()
    }

    #[test]
    fn french_and_english_have_the_same_keys() {
        let french = keys_of("fr");
        let english = keys_of("en");
        let only_french: Vec<_> = french.difference(&english).collect();
        let only_english: Vec<_> = english.difference(&french).collect();
        assert!(only_french.is_empty(), "missing in English: {only_french:?}");
        assert!(only_english.is_empty(), "missing in French: {only_english:?}");
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let french = keys_of("fr");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(root).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for call in [".t(\"", ".t1(\"", ".tn(\""] {
                for piece in text.split(call).skip(1) {
                    let key = piece.split('"').next().unwrap();
                    if !french.contains(key) {
                        missing.push(key.to_string());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys used in templates but not translated: {missing:?}");
    }

    #[test]
    fn every_role_has_a_name_and_a_description() {
        for lang in Lang::ALL {
            for role in crate::org::Role::ALL {
                assert!(lang.has(&format!("role-{}", role.as_str())), "{role:?}");
                assert!(lang.has(&format!("role-{}-text", role.as_str())), "{role:?}");
            }
        }
    }

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,fr;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("de-DE,fr;q=0.5,en;q=0.4"), Lang::Fr);
        assert_eq!(Lang::negotiate("de"), Lang::Fr);
        assert_eq!(Lang::negotiate(""), Lang::Fr);
        assert_eq!(Lang::negotiate("en;q=0.5,fr;q=0.9"), Lang::Fr);
        assert_eq!(Lang::negotiate("fr;q=0,en"), Lang::En);
        assert_eq!(Lang::negotiate("*"), Lang::Fr);
        assert_eq!(Lang::negotiate("en;q=0.2,fr;q=0.9"), Lang::Fr);
    }

    #[test]
    fn messages_are_translated() {
        assert_eq!(Lang::Fr.t("sign-in"), "Se connecter");
        assert_eq!(Lang::En.t("sign-in"), "Sign in");
    }
}
