use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::fields::Label;
use crate::org::{Permission, Site, Team, service};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/teams", get(list).post(create_team))
        .route("/admin/teams/{id}/delete", post(delete_team))
        .route("/admin/sites", post(create_site))
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
struct TeamsPage {
    ui: Ui,
    teams: Vec<Team>,
    sites: Vec<Site>,
    team_name: String,
    site_name: String,
}

impl TeamsPage {
    fn site_name_of(&self, team: &Team) -> String {
        let site = team.site_id.as_ref().and_then(|id| self.sites.iter().find(|s| &s.id == id));
        site.map(|s| s.name.clone()).unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    name: String,
    site_name: String,
) -> AppResult<Page> {
    user.require(Permission::ManageTeams)?;
    let teams = service::list_teams(state, user).await?;
    let sites = service::list_sites(state, user).await?;
    let ui = ui.with_user(user);
    let page = TeamsPage { ui: ui.clone(), teams, sites, team_name: name, site_name };
    Page::form(&page, &ui)
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<crate::web::Done>,
) -> AppResult<Page> {
    let ui =
        ui.with_done(&done, &[("team-created", "team-created"), ("site-created", "site-created")]);
    page(&state, ui, &user, String::new(), String::new()).await
}

#[derive(Deserialize)]
struct TeamForm {
    name: String,
    #[serde(default)]
    site: String,
}

async fn create_team(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TeamForm>,
) -> AppResult<Response> {
    let site = Some(form.site.clone()).filter(|s| !s.is_empty());
    let outcome = match Label::parse(&form.name) {
        _ if site.as_deref().is_some_and(|s| !crate::web::ids::is_id(s)) => {
            Err(AppError::Invalid { field: "site", code: "site-unknown" })
        }
        Ok(name) => service::create_team(&state, &user, name, site).await.map(|_| ()),
        Err(error) => Err(AppError::Invalid { field: "name", code: error.0 }),
    };
    respond(&state, ui, &user, outcome, form.name, String::new(), "team-created").await
}

async fn respond(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    outcome: AppResult<()>,
    name: String,
    site_name: String,
    notice: &'static str,
) -> AppResult<Response> {
    let next = outcome.map(|()| format!("/admin/teams?done={notice}"));
    answer(next, ui, |ui| page(state, ui, user, name, site_name)).await
}

async fn delete_team(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    service::delete_team(&state, &user, &id).await?;
    Ok(Redirect::to("/admin/teams").into_response())
}

#[derive(Deserialize)]
struct SiteForm {
    site_name: String,
}

async fn create_site(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SiteForm>,
) -> AppResult<Response> {
    let outcome = match Label::parse(&form.site_name) {
        Ok(name) => service::create_site(&state, &user, name).await.map(|_| ()),
        Err(error) => Err(AppError::Invalid { field: "site_name", code: error.0 }),
    };
    respond(&state, ui, &user, outcome, String::new(), form.site_name, "site-created").await
}
