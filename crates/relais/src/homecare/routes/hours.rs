//! The month's hours page: realised against planned and funded, per patient, funder and caregiver.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;

use super::planning::chosen_team;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::fields as f;
use crate::homecare::hours::{self, Hours, Line};
use crate::org::Team;
use crate::state::AppState;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/planning/hours", get(show))
}

#[derive(Debug, Default, Deserialize)]
struct MonthQuery {
    team: Option<String>,
    month: Option<String>,
}

#[derive(Template)]
#[template(path = "planning_hours.html")]
struct HoursPage {
    ui: Ui,
    team: Team,
    hours: Hours,
}

impl HoursPage {
    /// Minutes as hours with one decimal, French or English style.
    fn h(&self, minutes: &i64) -> String {
        let text = format!("{:.1}", *minutes as f64 / 60.0);
        if self.ui.lang_code() == "fr" { text.replace('.', ",") } else { text }
    }

    /// (title, lines, with funded hours, with travel) for each table.
    fn tables(&self) -> Vec<(&'static str, &[Line], bool, bool)> {
        vec![
            ("hours-by-funder", &self.hours.by_funder, true, false),
            ("hours-by-patient", &self.hours.by_patient, true, false),
            ("hours-by-caregiver", &self.hours.by_caregiver, false, true),
        ]
    }

    fn month(&self) -> String {
        self.hours.first.strftime("%Y-%m").to_string()
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> AppResult<Page> {
    let (_, team) = chosen_team(&state, &user, q.team.as_deref()).await?;
    let day = match q.month.as_deref() {
        Some(month) => f::day("month", &format!("{month}-01"))
            .map_err(|_| AppError::BadRequest("month must be YYYY-MM".into()))?,
        None => crate::org::service::today(&state, &user.org_id).await?,
    };
    let hours = hours::month(&state, &user, &team.id, day).await?;
    Page::render(&HoursPage { ui: ui.with_user(&user), team, hours })
}
