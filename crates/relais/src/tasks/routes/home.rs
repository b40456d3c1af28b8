//! "Tasks": what is assigned to me across boards (overdue, today, this week, later), my notices,
//! my boards and a new board; and the form that makes a card from a message.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{Board, List, ListId, Notice};
use crate::tasks::service::boards::{self, Boards};
use crate::tasks::service::mine::{self, FromMessage, Mine, MyTasks};
use crate::web::{CsrfForm, Done, Page, Ui, answer};

#[derive(Template)]
#[template(path = "tasks.html")]
struct HomePage {
    ui: Ui,
    mine: MyTasks,
    boards: Boards,
    form: BoardForm,
    zone: String,
}

impl HomePage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn due(&self, task: &Mine) -> String {
        task.card.due_at.map(|at| self.ui.moment(at, &self.zone)).unwrap_or_default()
    }

    fn notice(&self, notice: &Notice) -> String {
        self.ui.t(&format!("task-notice-{}", notice.kind.as_str()))
    }

    fn holder(&self, board: &Board) -> String {
        match &board.team_id {
            Some(_) => board.team_name.clone(),
            None => self.ui.t("task-board-personal"),
        }
    }

    fn groups(&self) -> [(&'static str, &Vec<Mine>); 5] {
        [
            ("task-mine-overdue", &self.mine.overdue),
            ("task-mine-today", &self.mine.today),
            ("task-mine-week", &self.mine.week),
            ("task-mine-later", &self.mine.later),
            ("task-mine-undated", &self.mine.undated),
        ]
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct BoardForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    team: String,
}

async fn home(state: &AppState, ui: Ui, user: &CurrentUser, form: BoardForm) -> AppResult<Page> {
    let mine = mine::my_tasks(state, user).await?;
    let boards = boards::mine(state, user).await?;
    let ui = ui.with_user(user);
    let page = HomePage { ui: ui.clone(), mine, boards, form, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("read", "task-notices-marked-read")]);
    home(&state, ui, &user, BoardForm::default()).await
}

pub async fn create_board(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<BoardForm>,
) -> AppResult<Response> {
    let team = (!form.team.is_empty()).then_some(form.team.as_str());
    let outcome = boards::create(&state, &user, team, &form.name)
        .await
        .map(|id| format!("/tasks/boards/{id}"));
    answer(outcome, ui, |ui| home(&state, ui, &user, form.clone())).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn notices_read(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome = crate::tasks::service::notices::mark_read(&state, &user)
        .await
        .map(|()| "/tasks?done=read".to_string());
    answer(outcome, ui, |ui| home(&state, ui, &user, BoardForm::default())).await
}

#[derive(Template)]
#[template(path = "task_new.html")]
struct NewPage {
    ui: Ui,
    message: FromMessage,
    destinations: Vec<(Board, Vec<List>)>,
    form: NewForm,
}

impl NewPage {
    fn chosen(&self, list: &ListId) -> bool {
        self.form.list == list.as_str()
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    message: String,
    #[serde(default)]
    list: String,
    #[serde(default)]
    title: String,
    reply: Option<String>,
}

async fn new_page(state: &AppState, ui: Ui, user: &CurrentUser, form: NewForm) -> AppResult<Page> {
    let message = mine::from_message(state, user, &form.message).await?;
    let destinations = boards::destinations(state, user).await?;
    let form = NewForm {
        title: if form.title.is_empty() { message.title.clone() } else { form.title },
        ..form
    };
    let ui = ui.with_user(user);
    let page = NewPage { ui: ui.clone(), message, destinations, form };
    Page::form(&page, &ui)
}

#[derive(Deserialize)]
pub struct NewQuery {
    message: String,
}

pub async fn from_message_form(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<NewQuery>,
) -> AppResult<Page> {
    let form = NewForm { message: query.message, reply: Some("on".into()), ..NewForm::default() };
    new_page(&state, ui, &user, form).await
}

pub async fn from_message(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<NewForm>,
) -> AppResult<Response> {
    let outcome = match ListId::parse(&form.list) {
        Some(list) => {
            let reply =
                form.reply.is_some().then(|| ui.t1("task-from-message-reply", "card", "__CARD__"));
            mine::create_from_message(
                &state,
                &user,
                &form.message,
                &list,
                &form.title,
                reply.as_deref(),
            )
            .await
            .map(|id| format!("/tasks/cards/{id}?done=created"))
        }
        None => Err(AppError::Invalid { field: "list", code: "task-list-unknown" }),
    };
    answer(outcome, ui, |ui| new_page(&state, ui, &user, form.clone())).await
}
