//! Results over time: a team's surveys compared question by question (the mean of each scale),
//! only those whose results show. The waves of the digital-and-work questionnaire are compared
//! with each other (before, 3 and 6 months after a change); pulse surveys with the team's other
//! pulse surveys.

use super::bank::Kind;
use super::results::escape;
use super::service::Survey;
use super::store;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::text_enum::text_enum;

text_enum! {
    /// When a wave of the digital-and-work questionnaire is run, around a change.
    Wave { Before = "before", After3Months = "after_3_months", After6Months = "after_6_months" }
}

/// How many surveys a trend compares at most (the latest).
const MAX_COLUMNS: usize = 6;

pub struct Column {
    pub title: String,
    pub wave: Option<String>,
    pub opens_on: String,
    pub current: bool,
}

pub struct Row {
    pub text: String,
    /// The mean in each column, if the question was asked there.
    pub means: Vec<Option<f64>>,
    /// The highest value of the scale (5 or 10).
    pub top: f64,
}

pub struct Trend {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// The trend of `survey`'s scales across its team's comparable surveys, or `None` when there is
/// nothing to compare with yet.
pub async fn of(
    state: &AppState,
    actor: &CurrentUser,
    survey: &Survey,
    lang: Lang,
) -> AppResult<Option<Trend>> {
    let today = crate::org::service::today(state, &actor.org_id).await?.to_string();
    let reader = state.db.reader();
    let mut compared = Vec::new();
    for stored in store::of_org(reader, &actor.org_id).await? {
        let comparable = stored.team_id == survey.stored.team_id
            && stored.series == survey.stored.series
            && today > stored.closes_on;
        if !comparable {
            continue;
        }
        let other = Survey::of(stored)?;
        if store::response_count(reader, &other.stored.id).await? < other.k(&state.settings.surveys)
        {
            continue;
        }
        compared.push(other);
    }
    compared.sort_by(|a, b| a.stored.opens_on.cmp(&b.stored.opens_on));
    let skip = compared.len().saturating_sub(MAX_COLUMNS);
    let compared: Vec<Survey> = compared.into_iter().skip(skip).collect();
    if compared.len() < 2 {
        return Ok(None);
    }
    let mut means = Vec::with_capacity(compared.len());
    for other in &compared {
        let tallies = store::tallies(reader, &other.stored.id).await?;
        means.push(tallies);
    }
    let rows = survey
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Likert | Kind::Scale))
        .map(|question| Row {
            text: question.text(lang).to_string(),
            top: if question.kind == Kind::Likert { 5.0 } else { 10.0 },
            means: compared
                .iter()
                .zip(&means)
                .map(|(other, tallies)| {
                    let asked = other
                        .questions
                        .iter()
                        .any(|q| q.key == question.key && q.kind == question.kind);
                    asked.then(|| mean(tallies, &question.key)).flatten()
                })
                .collect(),
        })
        .collect();
    let columns = compared
        .iter()
        .map(|other| Column {
            title: other.stored.title.clone(),
            wave: other.stored.wave.clone(),
            opens_on: other.stored.opens_on.clone(),
            current: other.stored.id == survey.stored.id,
        })
        .collect();
    Ok(Some(Trend { columns, rows }))
}

/// The mean of one question's numeric answers.
pub fn mean(tallies: &[(String, i64, i64, i64)], key: &str) -> Option<f64> {
    let (sum, count) = tallies
        .iter()
        .filter(|(question, _, _, _)| question == key)
        .fold((0i64, 0i64), |(sum, count), (_, _, value, n)| (sum + value * n, count + n));
    (count > 0).then(|| sum as f64 / count as f64)
}

/// A small line chart of one row's means (a point per column), with its title and description.
pub fn sparkline(row: &Row, id: &str, description: &str) -> String {
    const W: f64 = 160.0;
    const H: f64 = 40.0;
    let n = row.means.len().max(2) as f64;
    let points: Vec<String> = row
        .means
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.map(|m| {
                format!(
                    "{:.1},{:.1}",
                    6.0 + i as f64 * (W - 12.0) / (n - 1.0),
                    H - 4.0 - m / row.top * (H - 8.0)
                )
            })
        })
        .collect();
    let dots: String = points
        .iter()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
            format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" class=\"dot\"/>")
        })
        .collect();
    let (title, description) = (escape(&row.text), escape(description));
    format!(
        "<svg class=\"sparkline\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{description}</desc>\
         <polyline points=\"{}\" class=\"line\"/>{dots}</svg>",
        points.join(" ")
    )
}
