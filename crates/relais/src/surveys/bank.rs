//! The question bank: a TOML file shipped with Relais (`surveys/pulse.toml`), data rather than
//! code, which an organisation may adapt. A survey copies the questions it asks, so a later
//! change of the bank does not change a past survey.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::text_enum::text_enum;

text_enum! {
    /// How a question is answered.
    Kind {
        Likert = "likert", Scale = "scale", Single = "single", Multiple = "multiple",
        Text = "text",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub fr: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    #[serde(with = "kind_text")]
    pub kind: Kind,
    pub fr: String,
    pub en: String,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

impl Question {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// The values a numeric answer may take.
    pub fn range(&self) -> std::ops::RangeInclusive<i64> {
        match self.kind {
            Kind::Likert => 1..=5,
            Kind::Scale => 0..=10,
            Kind::Single | Kind::Multiple => {
                0..=i64::try_from(self.choices.len()).unwrap_or(1).saturating_sub(1)
            }
            Kind::Text => 0..=0,
        }
    }
}

impl Choice {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

mod kind_text {
    use super::Kind;

    pub fn serialize<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        Kind::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown kind {text}")))
    }
}

#[derive(Deserialize)]
struct File {
    question: Vec<Question>,
}

const PULSE: &str = include_str!("../../surveys/pulse.toml");
const DIGITAL: &str = include_str!("../../surveys/digital.toml");

/// The pulse bank's questions, checked: the organisation's file when set, else the shipped one.
pub fn questions(settings: &crate::config::SurveySettings) -> Result<Vec<Question>, String> {
    read(settings.bank.as_deref(), PULSE)
}

/// The digital-and-work questionnaire, all of it asked at each wave.
pub fn digital(settings: &crate::config::SurveySettings) -> Result<Vec<Question>, String> {
    read(settings.digital.as_deref(), DIGITAL)
}

fn read(path: Option<&std::path::Path>, shipped: &str) -> Result<Vec<Question>, String> {
    match path {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse(&text).map_err(|e| format!("{}: {e}", path.display()))
        }
        None => parse(shipped),
    }
}

pub fn parse(text: &str) -> Result<Vec<Question>, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut keys = std::collections::BTreeSet::new();
    for question in &file.question {
        if !keys.insert(question.key.as_str()) {
            return Err(format!("the key {} is used twice", question.key));
        }
        let needs_choices = matches!(question.kind, Kind::Single | Kind::Multiple);
        let count = question.choices.len();
        if (needs_choices && !(2..=20).contains(&count)) || (!needs_choices && count > 0) {
            return Err(format!("{}: choices only for single or multiple (2 to 20)", question.key));
        }
    }
    Ok(file.question)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_bank_reads_and_bad_banks_are_refused() {
        let shipped = crate::config::SurveySettings::default();
        let Ok(questions) = super::questions(&shipped) else { panic!("the shipped bank reads") };
        assert!(questions.len() >= 8);
        let Ok(digital) = super::digital(&shipped) else { panic!("the questionnaire reads") };
        assert!(digital.iter().any(|q| q.key == "heard"));
        assert!(super::parse("[[question]]\nkey='a'\nkind='single'\nfr='x'\nen='x'\n").is_err());
        let twice = "[[question]]\nkey='a'\nkind='text'\nfr='x'\nen='x'\n";
        assert!(super::parse(&format!("{twice}{twice}")).is_err());
        assert!(super::parse("[[question]]\nkey='a'\nkind='essay'\nfr='x'\nen='x'\n").is_err());
    }
}
