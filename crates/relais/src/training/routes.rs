//! Help and training pages: `/help` (index and search), `/help/<topic>`, the course's quiz,
//! the teams' coverage for IT, and hiding one's first steps.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::course::{self, ANSWERS, CHOICES, Graded};
use super::help::{self, HelpPage};
use super::model::{Completion, Course, Coverage};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help", get(index))
        .route("/help/{id}", get(show))
        .route("/training/security/quiz", get(quiz).post(submit_quiz))
        .route("/training/coverage", get(coverage))
        .route("/training/first-steps/hide", post(hide_steps))
        .merge(super::practice_routes::router())
}

#[derive(Deserialize, Default)]
struct Search {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "help_index.html")]
struct IndexPage {
    ui: Ui,
    query: String,
    found: Option<Vec<HelpPage>>,
    mine: Vec<HelpPage>,
    others: Vec<HelpPage>,
}

async fn index(ui: Ui, user: CurrentUser, Query(search): Query<Search>) -> AppResult<Page> {
    let query: String = search.q.chars().take(200).collect();
    let found = (!query.trim().is_empty()).then(|| help::search(user.lang, &query));
    let (mine, others) =
        help::all(user.lang).into_iter().partition(|page| page.is_for(&user.roles));
    Page::render(&IndexPage { ui: ui.with_user(&user), query, found, mine, others })
}

#[derive(Template)]
#[template(path = "help_page.html")]
struct HelpShown {
    ui: Ui,
    page: HelpPage,
    html: String,
    completion: Option<Completion>,
    zone: String,
}

impl HelpShown {
    fn when(&self, at: &i64) -> String {
        crate::clock::format_local(*at, &self.zone)
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(topic): IdPath,
) -> AppResult<Page> {
    let page = help::page(user.lang, &topic).ok_or(AppError::NotFound)?;
    let completion = if page.topic == "cybersecurity" {
        super::store::completion(state.db.reader(), &user.user_id, Course::Security).await?
    } else {
        None
    };
    let html = page.html();
    Page::render(&HelpShown {
        ui: ui.with_user(&user),
        page,
        html,
        completion,
        zone: user.time_zone.clone(),
    })
}

#[derive(Template)]
#[template(path = "training_quiz.html")]
struct QuizPage {
    ui: Ui,
    questions: Vec<usize>,
    choices: Vec<usize>,
    graded: Option<Graded>,
}

impl QuizPage {
    fn chosen(&self, question: &usize, choice: &usize) -> bool {
        self.graded.as_ref().and_then(|g| g.chosen.get(*question).copied().flatten())
            == Some(*choice)
    }

    fn right(&self, question: &usize) -> Option<bool> {
        self.graded.as_ref().and_then(|g| g.right.get(*question).copied())
    }
}

fn quiz_page(ui: Ui, user: &CurrentUser, graded: Option<Graded>) -> AppResult<Page> {
    let ui = ui.with_user(user);
    let page = QuizPage {
        ui: ui.clone(),
        questions: (0..ANSWERS.len()).collect(),
        choices: (0..CHOICES).collect(),
        graded,
    };
    Page::form(&page, &ui)
}

async fn quiz(ui: Ui, user: CurrentUser) -> AppResult<Page> {
    quiz_page(ui, &user, None)
}

async fn submit_quiz(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    match course::submit(&state, &user, &form).await {
        Ok(graded) => Ok(quiz_page(ui, &user, Some(graded))?.into_response()),
        Err(error) => answer(Err(error), ui, |ui| async move { quiz_page(ui, &user, None) }).await,
    }
}

#[derive(Template)]
#[template(path = "training_coverage.html")]
struct CoveragePage {
    ui: Ui,
    teams: Vec<Coverage>,
}

async fn coverage(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let teams = course::coverage(&state, &user).await?;
    Page::render(&CoveragePage { ui: ui.with_user(&user), teams })
}

#[derive(Deserialize, Default)]
struct Nothing {}

async fn hide_steps(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Nothing>,
) -> AppResult<Redirect> {
    super::steps::hide(&state, &user).await?;
    Ok(Redirect::to("/"))
}
