//! `/qvct`: the surveys that ask me (to answer) and those I run (create, close, results).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::bank::{self, Kind, Question};
use super::service::{self, Draft, Overview, Survey};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Team;
use crate::state::AppState;
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/qvct", get(home))
        .route("/qvct/surveys/new", get(new_form).post(create))
        .route("/qvct/surveys/{id}", get(show).post(respond))
        .route("/qvct/surveys/{id}/close", post(close))
        .route("/qvct/surveys/{id}/stop", post(stop_repeating))
        .merge(super::results_routes::router())
}

#[derive(Template)]
#[template(path = "qvct.html")]
struct HomePage {
    ui: Ui,
    overview: Overview,
    /// Actions decided from past surveys, not finished (or finished lately), newest first.
    actions: Vec<super::actions::Action>,
}

impl HomePage {
    fn audience(&self, survey: &Survey) -> String {
        let audience = match &survey.stored.team_id {
            Some(_) => survey.stored.team_name.clone(),
            None => self.ui.t("survey-whole-org"),
        };
        match (&survey.stored.series, &survey.stored.wave) {
            (Some(series), Some(wave)) => {
                format!("{audience} · {series} · {}", self.ui.t_of("survey-wave", wave))
            }
            _ => audience,
        }
    }
}

async fn home(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("answered", "survey-thanks")]);
    let overview = service::overview(&state, &user).await?;
    let past: Vec<(String, bool)> =
        overview.past.iter().map(|s| (s.stored.id.clone(), false)).collect();
    let mut actions = super::actions::of_surveys(&state, &user, &past).await?;
    actions.retain(|a| a.stored.status != super::actions::Status::Dropped);
    actions.reverse();
    Page::render(&HomePage { ui: ui.with_user(&user), overview, actions })
}

#[derive(Template)]
#[template(path = "survey_new.html")]
struct NewPage {
    ui: Ui,
    bank: Vec<Question>,
    teams: Vec<Team>,
    form: NewForm,
}

impl NewPage {
    fn question(&self, question: &Question) -> String {
        question.text(self.ui.lang).to_string()
    }

    fn kind(&self, question: &Question) -> String {
        self.ui.t(&format!("survey-kind-{}", question.kind.as_str()))
    }

    fn waves(&self) -> Vec<(&'static str, String)> {
        let waves = super::trend::Wave::ALL.iter();
        waves.map(|w| (w.as_str(), self.ui.t_of("survey-wave", w.as_str()))).collect()
    }

    fn chosen(&self, key: &str) -> bool {
        self.form.questions.iter().any(|k| k == key)
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    questions: Vec<String>,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    min_group: String,
    #[serde(default)]
    questionnaire: String,
    #[serde(default)]
    series: String,
    #[serde(default)]
    wave: String,
    #[serde(default)]
    follow_ups: Option<String>,
    #[serde(default)]
    every_days: String,
}

async fn new_page(state: &AppState, ui: Ui, user: &CurrentUser, form: NewForm) -> AppResult<Page> {
    let me = crate::org::service::show_self(state, user).await?;
    let teams = crate::org::service::list_teams(state, user)
        .await?
        .into_iter()
        .filter(|t| me.in_team(&t.id))
        .collect();
    let bank = bank::questions(&state.settings.surveys)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let ui = ui.with_user(user);
    Page::form(&NewPage { ui: ui.clone(), bank, teams, form }, &ui)
}

async fn new_form(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let today = crate::org::service::today(&state, &user.org_id).await?;
    let later = today.checked_add(jiff::Span::new().days(13)).unwrap_or(today);
    let form = NewForm {
        opens_on: today.to_string(),
        closes_on: later.to_string(),
        min_group: state.settings.surveys.min_group.to_string(),
        questions: vec!["workload".into(), "disconnect".into(), "team_support".into()],
        questionnaire: "pulse".into(),
        wave: "before".into(),
        follow_ups: Some("on".into()),
        ..NewForm::default()
    };
    new_page(&state, ui, &user, form).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<NewForm>,
) -> AppResult<Response> {
    let min_group = form.min_group.trim().parse().unwrap_or(0);
    let draft = Draft {
        title: &form.title,
        team_id: (!form.team.is_empty()).then_some(form.team.as_str()),
        keys: &form.questions,
        opens_on: &form.opens_on,
        closes_on: &form.closes_on,
        min_group,
        every_days: match form.every_days.trim() {
            "" => None,
            days => Some(days.parse().unwrap_or(-1)),
        },
        digital: (form.questionnaire == "digital").then(|| service::Digital {
            series: &form.series,
            wave: &form.wave,
            follow_ups: form.follow_ups.is_some(),
        }),
    };
    let outcome =
        service::create(&state, &user, &draft).await.map(|id| format!("/qvct/surveys/{id}"));
    answer(outcome, ui, |ui| new_page(&state, ui, &user, form.clone())).await
}

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    ui: Ui,
    survey: Survey,
    manages: bool,
    answered: bool,
    open: bool,
}

impl SurveyPage {
    fn question(&self, question: &Question) -> String {
        question.text(self.ui.lang).to_string()
    }

    fn choices(&self, question: &Question) -> Vec<(i64, String)> {
        match question.kind {
            Kind::Likert => {
                (1..=5).map(|v| (v, self.ui.t(&format!("survey-likert-{v}")))).collect()
            }
            Kind::Scale => (0..=10).map(|v| (v, v.to_string())).collect(),
            _ => question
                .choices
                .iter()
                .zip(0..)
                .map(|(c, i)| (i, c.text(self.ui.lang).to_string()))
                .collect(),
        }
    }

    fn is(&self, question: &Question, kind: &str) -> bool {
        question.kind.as_str() == kind
    }
}

async fn survey_page(state: &AppState, ui: Ui, user: &CurrentUser, id: &str) -> AppResult<Page> {
    let (survey, manages) = service::visible(state, user, id).await?;
    let answered = super::store::has_answered(state.db.reader(), id, &user.user_id).await?;
    let today = crate::org::service::today(state, &user.org_id).await?.to_string();
    let open = survey.is_open(&today);
    let ui = ui.with_user(user);
    Page::form(&SurveyPage { ui: ui.clone(), survey, manages, answered, open }, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    survey_page(&state, ui, &user, &id).await
}

async fn respond(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut sent: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in form.into_iter().filter(|(name, _)| name.starts_with("q-")) {
        let key = name.trim_start_matches("q-").to_string();
        match sent.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value),
            None => sent.push((key, vec![value])),
        }
    }
    let outcome = service::answer(&state, &user, &id, &sent)
        .await
        .map(|()| "/qvct?done=answered".to_string());
    answer(outcome, ui, |ui| survey_page(&state, ui, &user, &id)).await
}

#[derive(Deserialize)]
struct Empty {}

async fn close(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome =
        service::close(&state, &user, &id).await.map(|()| format!("/qvct/surveys/{id}/results"));
    answer(outcome, ui, |ui| survey_page(&state, ui, &user, &id)).await
}

async fn stop_repeating(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome =
        super::recurrence::stop(&state, &user, &id).await.map(|()| format!("/qvct/surveys/{id}"));
    answer(outcome, ui, |ui| survey_page(&state, ui, &user, &id)).await
}
