//! `/qvct/feedback`: the box (list, send, one item, vote, answer) and following an anonymous item
//! by its code.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{Kind, Status, Topic};
use super::service::{self, Draft, Item};
use super::store::StoredReply;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Team;
use crate::state::AppState;
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/qvct/feedback", get(list))
        .route("/qvct/feedback/new", get(new_form).post(send))
        .route("/qvct/feedback/follow", get(follow_form).post(follow))
        .route("/qvct/feedback/{id}", get(show))
        .route("/qvct/feedback/{id}/vote", post(vote))
        .route("/qvct/feedback/{id}/answer", post(answer_item))
}

/// What every feedback template needs to name things in the reader's language.
pub struct Labels {
    ui: Ui,
}

impl Labels {
    pub fn status(&self, item: &Item) -> String {
        self.ui.t_of("feedback-status", item.stored.status.as_str())
    }

    pub fn kind(&self, item: &Item) -> String {
        self.ui.t_of("feedback-kind", item.stored.kind.as_str())
    }

    pub fn topic(&self, item: &Item) -> String {
        self.ui.t_of("feedback-topic", item.stored.topic.as_str())
    }

    pub fn audience(&self, item: &Item) -> String {
        match item.stored.team_id {
            Some(_) => item.stored.team_name.clone(),
            None => self.ui.t("survey-whole-org"),
        }
    }

    pub fn author(&self, item: &Item) -> String {
        match item.stored.anonymous {
            1 => self.ui.t("feedback-anonymous"),
            _ if item.stored.author_name.is_empty() => self.ui.t("feedback-former"),
            _ => item.stored.author_name.clone(),
        }
    }

    pub fn reply_status(&self, reply: &StoredReply) -> String {
        self.ui.t_of("feedback-status", reply.status.as_str())
    }
}

#[derive(Template)]
#[template(path = "feedback_list.html")]
struct ListPage {
    ui: Ui,
    labels: Labels,
    open: Vec<Item>,
    closed: Vec<Item>,
    months: Vec<(String, [usize; 4])>,
}

impl ListPage {
    fn month(&self, month: &str) -> String {
        let (year, number) = month.split_once('-').unwrap_or((month, "01"));
        format!("{} {year}", self.ui.t_of("month-long", number.trim_start_matches('0')))
    }
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("sent", "feedback-sent")]).with_user(&user);
    let items = service::list(&state, &user).await?;
    let months = service::monthly(&items);
    let (open, closed) = items.into_iter().partition(|i| i.status().is_open());
    Page::render(&ListPage { labels: Labels { ui: ui.clone() }, ui, open, closed, months })
}

#[derive(Debug, Clone, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    anonymous: Option<String>,
}

impl Default for SendForm {
    fn default() -> Self {
        Self {
            team: String::new(),
            kind: "suggestion".into(),
            topic: "work".into(),
            title: String::new(),
            body: String::new(),
            anonymous: Some("on".into()),
        }
    }
}

#[derive(Template)]
#[template(path = "feedback_new.html")]
struct NewPage {
    ui: Ui,
    teams: Vec<Team>,
    form: SendForm,
    kinds: Vec<(&'static str, String)>,
    topics: Vec<(&'static str, String)>,
}

async fn new_page(state: &AppState, ui: Ui, user: &CurrentUser, form: SendForm) -> AppResult<Page> {
    let me = crate::org::service::show_self(state, user).await?;
    let teams = crate::org::service::list_teams(state, user)
        .await?
        .into_iter()
        .filter(|t| me.in_team(&t.id))
        .collect();
    let ui = ui.with_user(user);
    let named = |prefix: &str, value: &'static str| (value, ui.t_of(prefix, value));
    let kinds = Kind::ALL.iter().map(|k| named("feedback-kind", k.as_str())).collect();
    let topics = Topic::ALL.iter().map(|t| named("feedback-topic", t.as_str())).collect();
    Page::form(&NewPage { ui: ui.clone(), teams, form, kinds, topics }, &ui)
}

async fn new_form(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    new_page(&state, ui, &user, SendForm::default()).await
}

#[derive(Template)]
#[template(path = "feedback_sent.html")]
struct SentPage {
    ui: Ui,
    code: String,
}

async fn send(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SendForm>,
) -> AppResult<Response> {
    let draft = Draft {
        team_id: &form.team,
        kind: &form.kind,
        topic: &form.topic,
        title: &form.title,
        body: &form.body,
        anonymous: form.anonymous.is_some(),
    };
    match service::send(&state, &user, &draft).await {
        // The code is shown once, in this answer, never in an address.
        Ok((_, Some(code))) => {
            Ok(Page::render(&SentPage { ui: ui.with_user(&user), code })?.into_response())
        }
        sent => {
            let outcome = sent.map(|(id, _)| format!("/qvct/feedback/{id}"));
            answer(outcome, ui, |ui| new_page(&state, ui, &user, form.clone())).await
        }
    }
}

#[derive(Template)]
#[template(path = "feedback_item.html")]
struct ItemPage {
    ui: Ui,
    labels: Labels,
    item: Item,
    replies: Vec<StoredReply>,
    zone: String,
    statuses: Vec<(&'static str, String)>,
    /// Reached by a follow-up code: read only.
    followed: bool,
}

impl ItemPage {
    fn at(&self, ms: &i64) -> String {
        self.ui.moment(*ms, &self.zone)
    }
}

async fn item_page(
    ui: Ui,
    user: &CurrentUser,
    (item, replies): (Item, Vec<StoredReply>),
    followed: bool,
) -> AppResult<Page> {
    let ui = ui.with_user(user);
    let statuses =
        Status::ALL.iter().map(|s| (s.as_str(), ui.t_of("feedback-status", s.as_str()))).collect();
    let page = ItemPage {
        labels: Labels { ui: ui.clone() },
        ui: ui.clone(),
        item,
        replies,
        zone: user.time_zone.clone(),
        statuses,
        followed,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let shown = service::show(&state, &user, &id).await?;
    item_page(ui, &user, shown, false).await
}

#[derive(Deserialize)]
struct Empty {}

async fn vote(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    service::vote(&state, &user, &id).await?;
    Ok(axum::response::Redirect::to(&format!("/qvct/feedback#item-{id}")).into_response())
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    answer: String,
}

async fn answer_item(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> AppResult<Response> {
    let outcome = service::answer(&state, &user, &id, &form.status, &form.answer)
        .await
        .map(|()| format!("/qvct/feedback/{id}"));
    let again = |ui| async {
        let shown = service::show(&state, &user, &id).await?;
        item_page(ui, &user, shown, false).await
    };
    answer(outcome, ui, again).await
}

#[derive(Template)]
#[template(path = "feedback_follow.html")]
struct FollowPage {
    ui: Ui,
}

async fn follow_form(ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let ui = ui.with_user(&user);
    Page::form(&FollowPage { ui: ui.clone() }, &ui)
}

#[derive(Deserialize)]
struct FollowForm {
    #[serde(default)]
    code: String,
}

async fn follow(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<FollowForm>,
) -> AppResult<Response> {
    match service::follow(&state, &user, &form.code).await {
        Ok(found) => Ok(item_page(ui, &user, found, true).await?.into_response()),
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code).with_user(&user);
            Ok(Page::form(&FollowPage { ui: ui.clone() }, &ui)?.into_response())
        }
        Err(error) => Err(error),
    }
}
