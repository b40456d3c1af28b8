//! The charter: read and accept the version in force; human resources publish a new version and
//! see who has not accepted it yet.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::Permission;
use crate::state::AppState;
use crate::telework::service::charter::{self, Follow, MyCharter};
use crate::web::{CsrfForm, Done, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new().route("/telework/charter", get(show).post(publish))
}

#[derive(Template)]
#[template(path = "telework_charter.html")]
struct CharterPage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    mine: MyCharter,
    follow: Option<Follow>,
    draft: String,
}

impl CharterPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn html(&self) -> String {
        self.mine
            .current
            .as_ref()
            .map(|c| crate::messaging::markdown::render_document(&c.body))
            .unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    draft: Option<String>,
) -> AppResult<Page> {
    let mine = charter::mine(state, user).await?;
    let follow = if user.can(Permission::ManageTelework) {
        Some(charter::follow(state, user).await?)
    } else {
        None
    };
    let draft = draft.or_else(|| mine.current.as_ref().map(|c| c.body.clone())).unwrap_or_default();
    let ui = ui.with_user(user);
    let page = CharterPage {
        ui: ui.clone(),
        tabs: Tabs::of(user),
        zone: user.time_zone.clone(),
        mine,
        follow,
        draft,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("published", "telework-charter-published")]);
    page(&state, ui, &user, None).await
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    body: String,
}

async fn publish(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> AppResult<Response> {
    let outcome = charter::publish(&state, &user, &form.body)
        .await
        .map(|_| "/telework/charter?done=published".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user, Some(form.body))).await
}
