//! The live board page: a team's day as it happens, updated live over the platform WebSocket.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use jiff::civil::Date;
use serde::Deserialize;

use super::planning::chosen_team;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::board::{self, BoardRow, VisitState};
use crate::homecare::fields as f;
use crate::homecare::planning::local_minute;
use crate::org::Team;
use crate::state::AppState;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/planning/board", get(show))
}

#[derive(Debug, Default, Deserialize)]
struct BoardQuery {
    team: Option<String>,
    day: Option<String>,
    state: Option<String>,
}

#[derive(Template)]
#[template(path = "planning_board.html")]
struct BoardPage {
    ui: Ui,
    team: Team,
    day: Date,
    rows: Vec<BoardRow>,
    counts: Vec<(VisitState, usize)>,
    only: Option<VisitState>,
    zone: jiff::tz::TimeZone,
}

impl BoardPage {
    fn time(&self, at: &Option<i64>) -> String {
        at.map(|at| {
            crate::org::fields::clock_text(
                u16::try_from(local_minute(at, &self.zone).0).unwrap_or(0),
            )
        })
        .unwrap_or_default()
    }

    fn planned(&self, row: &BoardRow) -> String {
        self.time(&Some(row.visit.planned_start_at.unwrap_or(row.visit.window_start_at)))
    }

    fn is_only(&self, state: &VisitState) -> bool {
        self.only == Some(*state)
    }

    fn shown(&self) -> Vec<&BoardRow> {
        self.rows.iter().filter(|r| self.only.is_none_or(|s| r.state == s)).collect()
    }

    /// The shown visits by caregiver (in the team's order of names, the unassigned last), each
    /// caregiver's visits in the order of the day.
    fn groups(&self) -> Vec<BoardGroup<'_>> {
        let mut groups: Vec<BoardGroup<'_>> = Vec::new();
        for row in self.shown() {
            let id = row.visit.caregiver_id.clone().unwrap_or_default();
            match groups.iter_mut().find(|g| g.id == id) {
                Some(group) => group.rows.push(row),
                None => {
                    groups.push(BoardGroup { id, name: row.caregiver.clone(), rows: vec![row] })
                }
            }
        }
        groups.sort_by(|a, b| (a.id.is_empty(), &a.name).cmp(&(b.id.is_empty(), &b.name)));
        for group in &mut groups {
            group.rows.sort_by_key(|r| r.visit.planned_start_at.unwrap_or(r.visit.window_start_at));
        }
        groups
    }

    fn alerts(&self) -> Vec<&BoardRow> {
        self.rows.iter().filter(|r| !r.flags.is_empty()).collect()
    }
}

/// One caregiver's visits of the day on the board (`id` empty: not assigned yet).
struct BoardGroup<'a> {
    id: String,
    name: String,
    rows: Vec<&'a BoardRow>,
}

impl BoardGroup<'_> {
    fn count(&self) -> i64 {
        i64::try_from(self.rows.len()).unwrap_or(i64::MAX)
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<BoardQuery>,
) -> AppResult<Page> {
    let (_, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let day = match q.day.as_deref() {
        Some(text) => {
            f::day("day", text).map_err(|_| AppError::BadRequest("day must be a date".into()))?
        }
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let only = match q.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            VisitState::parse(text).ok_or_else(|| AppError::BadRequest("unknown state".into()))?,
        ),
    };
    let board = board::board(&state, &user, &team.id, day).await?;
    let zone = crate::org::service::zone(&state, &user.org_id).await?;
    let ui = ui.with_user(&user);
    Page::render(&BoardPage { ui, team, day, rows: board.rows, counts: board.counts, only, zone })
}
