//! A closed survey's results: per question, how many chose each value, the mean of a scale, and
//! free answers in alphabetical order — only when enough people answered. Charts are drawn here
//! as SVG (with a title, a description and, beside them, the same figures as a table).

use super::bank::{Kind, Question};
use super::service::{Survey, place, visible};
use super::store;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;

/// One bar: its label, how many, and the share of respondents (0-100).
pub struct Bar {
    pub label: String,
    pub count: i64,
    pub percent: i64,
}

pub struct QuestionResult {
    pub text: String,
    pub bars: Vec<Bar>,
    /// The mean of a likert or 0-10 scale.
    pub mean: Option<f64>,
    pub texts: Vec<String>,
    pub kind: Kind,
}

pub enum Shown {
    /// Still open: results come when it closes.
    Open,
    /// Too few answers to show anything.
    TooFew,
    Results(Vec<QuestionResult>),
}

pub struct Results {
    pub survey: Survey,
    pub responses: i64,
    pub shown: Shown,
    pub manages: bool,
}

pub async fn of(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Results> {
    let (survey, manages) = visible(state, actor, id).await?;
    let today = crate::org::service::today(state, &actor.org_id).await?.to_string();
    let reader = state.db.reader();
    let responses = store::response_count(reader, id).await?;
    let k = survey.k(&state.settings.surveys);
    let shown = if !survey.is_closed(&today) {
        Shown::Open
    } else if responses < k {
        Shown::TooFew
    } else {
        let tallies = store::tallies(reader, id).await?;
        let mut texts = Vec::new();
        for (question, row, sealed) in store::texts(reader, id).await? {
            let bytes = state
                .keys
                .open_sealed(&state.db, &actor.org_id, place(&row), &sealed)
                .await
                .map_err(|e| AppError::Internal(e.into()))?;
            texts.push((question, String::from_utf8_lossy(&bytes).into_owned()));
        }
        let lang = actor.lang;
        let results = survey
            .questions
            .iter()
            .map(|q| question_result(q, lang, responses, &tallies, &texts))
            .collect();
        Shown::Results(results)
    };
    Ok(Results { survey, responses, shown, manages })
}

fn question_result(
    question: &Question,
    lang: Lang,
    responses: i64,
    tallies: &[(String, i64, i64, i64)],
    texts: &[(String, String)],
) -> QuestionResult {
    let mine: Vec<&(String, i64, i64, i64)> =
        tallies.iter().filter(|(q, ..)| *q == question.key).collect();
    let count_of = |choice: i64, value: i64| {
        mine.iter().filter(|(_, c, v, _)| *c == choice && *v == value).map(|t| t.3).sum::<i64>()
    };
    let percent =
        |count: i64| if responses > 0 { (count * 100 + responses / 2) / responses } else { 0 };
    let labels: Vec<(String, i64, i64)> = match question.kind {
        Kind::Likert => (1..=5).map(|v| (likert_label(lang, v), 0, v)).collect(),
        Kind::Scale => (0..=10).map(|v| (v.to_string(), 0, v)).collect(),
        Kind::Single => question
            .choices
            .iter()
            .zip(0..)
            .map(|(c, i)| (c.text(lang).to_string(), 0, i))
            .collect(),
        Kind::Multiple => question
            .choices
            .iter()
            .zip(0..)
            .map(|(c, i)| (c.text(lang).to_string(), i, 1))
            .collect(),
        Kind::Text => Vec::new(),
    };
    let bars: Vec<Bar> = labels
        .into_iter()
        .map(|(label, choice, value)| {
            let count = count_of(choice, value);
            Bar { label, count, percent: percent(count) }
        })
        .collect();
    let mean = matches!(question.kind, Kind::Likert | Kind::Scale).then(|| {
        let (sum, n) = mine.iter().fold((0, 0), |(s, n), t| (s + t.2 * t.3, n + t.3));
        if n > 0 { sum as f64 / n as f64 } else { 0.0 }
    });
    let mut free: Vec<String> =
        texts.iter().filter(|(q, _)| *q == question.key).map(|(_, t)| t.clone()).collect();
    free.sort_by_key(|t| t.to_lowercase());
    QuestionResult {
        text: question.text(lang).to_string(),
        bars,
        mean,
        texts: free,
        kind: question.kind,
    }
}

fn likert_label(lang: Lang, value: i64) -> String {
    lang.t(&format!("survey-likert-{value}"))
}

/// Text made safe inside SVG markup.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart as SVG: one row per value, its label, a bar and its share.
pub fn chart(result: &QuestionResult, title_id: &str, description: &str) -> String {
    let row = 28;
    let height = row * result.bars.len().max(1) + 8;
    let mut svg = format!(
        "<svg class=\"survey-chart\" viewBox=\"0 0 640 {height}\" role=\"img\" \
         aria-labelledby=\"{title_id} {title_id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <desc id=\"{title_id}-desc\">{}</desc>",
        escape(description)
    );
    for (index, bar) in result.bars.iter().enumerate() {
        let y = 4 + index * row;
        let width = bar.percent.clamp(0, 100) * 3;
        svg.push_str(&format!(
            "<text x=\"230\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <rect x=\"240\" y=\"{}\" width=\"300\" height=\"18\" class=\"track\" rx=\"3\"/>\
             <rect x=\"240\" y=\"{}\" width=\"{width}\" height=\"18\" class=\"bar\" rx=\"3\"/>\
             <text x=\"550\" y=\"{}\" class=\"value\">{} % ({})</text>",
            y + 14,
            escape(&bar.label),
            y + 1,
            y + 1,
            y + 14,
            bar.percent,
            bar.count
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The aggregates of shown results as CSV (question, answer, count, share); never free text, and
/// nothing at all while the results are hidden (open, or below k).
pub fn csv(results: &Results, lang: Lang) -> AppResult<Vec<u8>> {
    let Shown::Results(questions) = &results.shown else {
        return Err(AppError::Conflict("survey results are not shown: open, or too few answers"));
    };
    let internal = |e: csv::Error| AppError::Internal(e.into());
    let mut out = crate::web::spreadsheet::writer();
    let header = [
        lang.t("survey-csv-question"),
        lang.t("survey-answer-col"),
        lang.t("survey-count-col"),
        "%".to_string(),
    ];
    out.write_record(&header).map_err(internal)?;
    for question in questions {
        for bar in &question.bars {
            let row = [
                crate::web::spreadsheet::guarded(&question.text),
                crate::web::spreadsheet::guarded(&bar.label),
                bar.count.to_string(),
                bar.percent.to_string(),
            ];
            out.write_record(&row).map_err(internal)?;
        }
    }
    out.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}
