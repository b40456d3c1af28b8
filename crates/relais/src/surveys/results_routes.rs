//! A survey's results page, its CSV of aggregates, and the action plan written from it.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::actions::{self, Action, Status};
use super::results::{self, QuestionResult, Results, Shown};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/qvct/surveys/{id}/results", get(results_page))
        .route("/qvct/surveys/{id}/results.csv", get(results_csv))
        .route("/qvct/surveys/{id}/actions", post(create_action))
        .route("/qvct/actions/{id}/status", post(set_status))
        .route("/qvct/actions/{id}/comments", post(comment))
        .route("/qvct/compare", get(compare))
}

#[derive(Template)]
#[template(path = "survey_results.html")]
struct ResultsPage {
    ui: Ui,
    results: Results,
    actions: Vec<Action>,
    /// Who may own an action (for those who run the survey, once results show).
    owners: Vec<(String, String)>,
    form: ActionForm,
    zone: String,
    trend: Option<super::trend::Trend>,
}

impl ResultsPage {
    fn chart(&self, result: &QuestionResult, index: &usize) -> String {
        let description = result
            .bars
            .iter()
            .map(|b| format!("{} : {} %", b.label, b.percent))
            .collect::<Vec<_>>()
            .join(" ; ");
        results::chart(result, &format!("question-{index}"), &description)
    }

    fn mean(&self, mean: &f64) -> String {
        let text = format!("{mean:.1}");
        if self.ui.lang_code() == "fr" { text.replace('.', ",") } else { text }
    }

    fn k(&self) -> String {
        self.results.survey.stored.min_group.to_string()
    }

    fn questions(&self) -> Option<&Vec<QuestionResult>> {
        match &self.results.shown {
            Shown::Results(list) => Some(list),
            _ => None,
        }
    }

    fn open(&self) -> bool {
        matches!(self.results.shown, Shown::Open)
    }

    fn may_plan(&self) -> bool {
        self.results.manages && self.questions().is_some()
    }

    fn statuses(&self) -> Vec<(&'static str, String)> {
        Status::ALL
            .iter()
            .map(|s| (s.as_str(), self.ui.t(&format!("survey-action-{}", s.as_str()))))
            .collect()
    }

    /// The text of the question an action answers.
    fn question_of(&self, key: &str) -> String {
        let question = self.results.survey.questions.iter().find(|q| q.key == key);
        question.map(|q| q.text(self.ui.lang).to_string()).unwrap_or_default()
    }

    fn decimal(&self, value: &f64) -> String {
        self.mean(value)
    }

    fn column(&self, column: &super::trend::Column) -> String {
        match &column.wave {
            Some(wave) => self.ui.t_of("survey-wave", wave),
            None => self.ui.day(&column.opens_on),
        }
    }

    fn sparkline(&self, row: &super::trend::Row, index: &usize) -> String {
        let Some(trend) = &self.trend else { return String::new() };
        let description = trend
            .columns
            .iter()
            .zip(&row.means)
            .map(|(c, m)| {
                format!("{} : {}", self.column(c), m.map(|m| self.mean(&m)).unwrap_or("—".into()))
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        super::trend::sparkline(row, &format!("trend-{index}"), &description)
    }

    fn at(&self, ms: &i64) -> String {
        self.ui.moment(*ms, &self.zone)
    }

    fn action_error(&self) -> Option<String> {
        self.ui.error("body").or_else(|| self.ui.error("status")).or_else(|| self.ui.error("plan"))
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

async fn render(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &str,
    form: ActionForm,
) -> AppResult<Page> {
    let results = results::of(state, user, id).await?;
    let actions = actions::of_surveys(state, user, &[(id.to_string(), results.manages)]).await?;
    let owners = if results.manages { owners(state, user, &results).await? } else { Vec::new() };
    let ui = ui.with_user(user);
    let zone = user.time_zone.clone();
    let trend = match results.shown {
        Shown::Results(_) => super::trend::of(state, user, &results.survey, user.lang).await?,
        _ => None,
    };
    let page = ResultsPage { ui: ui.clone(), results, actions, owners, form, zone, trend };
    Page::form(&page, &ui)
}

/// The active people a survey asked, by name.
async fn owners(
    state: &AppState,
    user: &CurrentUser,
    results: &Results,
) -> AppResult<Vec<(String, String)>> {
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &user.org_id).await?;
    let team = results.survey.stored.team_id.as_deref();
    let mut out: Vec<(String, String)> = people
        .into_iter()
        .filter(|p| p.active && team.is_none_or(|t| p.in_team(t)))
        .map(|p| (p.id, p.display_name))
        .collect();
    out.sort_by_key(|a| a.1.to_lowercase());
    Ok(out)
}

async fn results_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    render(&state, ui, &user, &id, ActionForm::default()).await
}

/// The aggregates as a spreadsheet (only once the results show).
async fn results_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let results = results::of(&state, &user, &id).await?;
    let bytes = results::csv(&results, user.lang)?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"resultats.csv\""),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, bytes).into_response())
}

async fn create_action(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> AppResult<Response> {
    let draft = actions::Draft {
        title: &form.title,
        detail: &form.detail,
        question: &form.question,
        owner: &form.owner,
        due_on: &form.due_on,
    };
    let outcome = actions::create(&state, &user, &id, &draft)
        .await
        .map(|action| format!("/qvct/surveys/{id}/results#action-{action}"));
    answer(outcome, ui, |ui| render(&state, ui, &user, &id, form.clone())).await
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> AppResult<Response> {
    let outcome = actions::set_status(&state, &user, &id, &form.status).await;
    again(&state, ui, &user, &id, outcome).await
}

#[derive(Deserialize)]
struct CommentForm {
    #[serde(default)]
    body: String,
}

async fn comment(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> AppResult<Response> {
    let outcome = actions::comment(&state, &user, &id, &form.body).await;
    again(&state, ui, &user, &id, outcome).await
}

/// Back to the action on its survey's results, or the page again with the error.
async fn again(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    action: &str,
    outcome: AppResult<String>,
) -> AppResult<Response> {
    let survey = match &outcome {
        Ok(survey) => survey.clone(),
        Err(_) => actions::survey_of(state, user, action).await?,
    };
    let next = outcome.map(|survey| format!("/qvct/surveys/{survey}/results#action-{action}"));
    answer(next, ui, |ui| render(state, ui, user, &survey, ActionForm::default())).await
}

#[derive(Template)]
#[template(path = "survey_compare.html")]
struct ComparePage {
    ui: Ui,
    comparison: super::compare::Comparison,
}

impl ComparePage {
    fn decimal(&self, value: &f64) -> String {
        let text = format!("{value:.1}");
        if self.ui.lang_code() == "fr" { text.replace('.', ",") } else { text }
    }
}

async fn compare(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let comparison = super::compare::of(&state, &user).await?;
    Page::render(&ComparePage { ui: ui.with_user(&user), comparison })
}
