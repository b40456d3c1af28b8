//! The managers' page of the right to disconnect: per team, the last weeks' aggregates.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::indicators::{self, MIN_PEOPLE, Week};
use crate::org::{Permission, Team};
use crate::state::AppState;
use crate::web::{Page, Ui};

const WEEKS: usize = 6;

#[derive(Template)]
#[template(path = "messages_indicators.html")]
struct IndicatorsPage {
    ui: Ui,
    teams: Vec<Team>,
    team: Option<Team>,
    weeks: Option<Vec<Week>>,
    min_people: usize,
}

#[derive(Debug, Default, Deserialize)]
pub struct IndicatorsQuery {
    team: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<IndicatorsQuery>,
) -> AppResult<Page> {
    user.require(Permission::SeeTeamIndicators)?;
    let teams = crate::org::service::list_teams(&state, &user).await?;
    let team = match query.team.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => Some(teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?),
        None => teams.first().cloned(),
    };
    let weeks = match &team {
        Some(team) => {
            let today = crate::org::service::today(&state, &user.org_id).await?;
            indicators::of_team(&state, &user, &team.id, today, WEEKS).await?
        }
        None => None,
    };
    let ui = ui.with_user(&user);
    Page::render(&IndicatorsPage { ui, teams, team, weeks, min_people: MIN_PEOPLE })
}
