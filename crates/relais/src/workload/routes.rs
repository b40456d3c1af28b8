//! `/qvct/indicators` (a team's weeks, for those who read workload indicators) and `/qvct/me`
//! (a person's own weeks, for them alone). `/messages/indicators` leads to the first.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::service::{self, MyWeek, TeamWeek};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::indicators::MIN_PEOPLE;
use crate::org::{Permission, Team};
use crate::state::AppState;
use crate::web::{Page, Ui};

const WEEKS: usize = 6;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/qvct/indicators", get(team_page))
        .route("/qvct/me", get(my_page))
        .route("/messages/indicators", get(moved))
}

/// Tenths as the reader writes decimals ("3,5" in French).
fn tenths(ui: &Ui, value: i64) -> String {
    let text = format!("{}.{}", value / 10, value % 10);
    if ui.lang_code() == "fr" { text.replace('.', ",") } else { text }
}

#[derive(Template)]
#[template(path = "workload.html")]
struct TeamPage {
    ui: Ui,
    teams: Vec<Team>,
    team: Option<Team>,
    weeks: Option<Vec<TeamWeek>>,
    min_people: usize,
}

impl TeamPage {
    fn tenths(&self, value: i64) -> String {
        tenths(&self.ui, value)
    }

    fn week(&self, week: &TeamWeek) -> String {
        self.ui.day_short(&week.monday.to_string())
    }
}

#[derive(Debug, Default, Deserialize)]
struct TeamQuery {
    team: Option<String>,
}

async fn team_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<TeamQuery>,
) -> AppResult<Page> {
    user.require(Permission::SeeWorkload)?;
    let teams = crate::org::service::list_teams(&state, &user).await?;
    let team = match query.team.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => Some(teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?),
        None => {
            let me = crate::org::service::show_self(&state, &user).await?;
            teams.iter().find(|t| me.in_team(&t.id)).or(teams.first()).cloned()
        }
    };
    let weeks = match &team {
        Some(team) => service::team(&state, &user, &team.id, WEEKS).await?,
        None => None,
    };
    let ui = ui.with_user(&user);
    Page::render(&TeamPage { ui, teams, team, weeks, min_people: MIN_PEOPLE })
}

#[derive(Template)]
#[template(path = "workload_me.html")]
struct MyPage {
    ui: Ui,
    weeks: Vec<MyWeek>,
}

impl MyPage {
    fn tenths(&self, value: i64) -> String {
        tenths(&self.ui, value)
    }

    fn week(&self, week: &MyWeek) -> String {
        self.ui.day_short(&week.monday.to_string())
    }
}

async fn my_page(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let weeks = service::mine(&state, &user, WEEKS).await?;
    Page::render(&MyPage { ui: ui.with_user(&user), weeks })
}

async fn moved(uri: axum::http::Uri) -> Response {
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Redirect::permanent(&format!("/qvct/indicators{query}")).into_response()
}
