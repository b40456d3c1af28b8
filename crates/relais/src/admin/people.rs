use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::person_form::PersonForm;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person, Role, Team, service};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer, base_url};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/people", get(list).post(invite))
        .route("/admin/people/new", get(show_invite))
        .route("/admin/people/{id}", get(show).post(update))
        .route("/admin/people/{id}/password-reset", post(password_reset))
        .route("/admin/people/{id}/{action}", post(account_action))
}

#[derive(Template)]
#[template(path = "admin_people.html")]
struct PeoplePage {
    ui: Ui,
    /// The key-encryption key sits in the data directory: it must be backed up apart.
    kek_warning: bool,
    people: Vec<Person>,
    teams: Vec<Team>,
}

impl PeoplePage {
    fn team_names(&self, person: &Person) -> String {
        self.teams
            .iter()
            .filter(|t| person.in_team(&t.id))
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn list(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let people = service::list_people(&state, &user).await?;
    let teams = service::list_teams(&state, &user).await?;
    let kek_warning = state.kek_source.inside_data_dir(&state.settings.data_dir);
    Page::render(&PeoplePage { ui: ui.with_user(&user), kek_warning, people, teams })
}

#[derive(Template)]
#[template(path = "admin_person_form.html")]
struct PersonFormPage {
    ui: Ui,
    form: PersonForm,
    teams: Vec<Team>,
    roles: [Role; 9],
    /// `None` when inviting a new person.
    person: Option<Person>,
}

async fn form_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    form: PersonForm,
    person: Option<Person>,
) -> AppResult<Page> {
    let teams = service::list_teams(state, user).await?;
    let page = PersonFormPage { ui: ui.clone(), form, teams, roles: Role::ALL, person };
    Page::form(&page, &ui)
}

async fn show_invite(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    user.require(Permission::ManagePeople)?;
    let form = PersonForm {
        roles: vec![Role::Aide.as_str().into()],
        locale: "fr".into(),
        ..PersonForm::default()
    };
    form_page(&state, ui.with_user(&user), &user, form, None).await
}

#[derive(Template)]
#[template(path = "admin_link.html")]
struct LinkPage {
    ui: Ui,
    person: Person,
    link: String,
    title_key: &'static str,
}

async fn invite(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    user.require(Permission::ManagePeople)?;
    let ui = ui.with_user(&user);
    let person = match form.to_new_person() {
        Ok(person) => person,
        Err((field, code)) => {
            return Ok(form_page(&state, ui.with_error(field, code), &user, form, None)
                .await?
                .into_response());
        }
    };
    let (id, token) = match service::invite(&state, &user, person).await {
        Ok(created) => created,
        Err(AppError::Invalid { field, code }) => {
            return Ok(form_page(&state, ui.with_error(field, code), &user, form, None)
                .await?
                .into_response());
        }
        Err(error) => return Err(error),
    };
    let person = service::show_person(&state, &user, &id).await?;
    let link = format!("{}/activate?token={token}", base_url(&state, &headers));
    Ok(Page::render(&LinkPage { ui, person, link, title_key: "invitation-created" })?
        .into_response())
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let person = service::show_person(&state, &user, &id).await?;
    form_page(&state, ui.with_user(&user), &user, PersonForm::from_person(&person), Some(person))
        .await
}

async fn update(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(mut form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let person = service::show_person(&state, &user, &id).await?;
    form.email = person.email.clone();
    let ui = ui.with_user(&user);
    let result = match form.to_update() {
        Ok(update) => service::update_person(&state, &user, &id, update).await,
        Err((field, code)) => Err(AppError::Invalid { field, code }),
    };
    let next = result.map(|()| format!("/admin/people/{id}?saved=1"));
    answer(next, ui, |ui| form_page(&state, ui, &user, form, Some(person))).await
}

async fn person_action(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &str,
    outcome: AppResult<()>,
    notice: &'static str,
) -> AppResult<Response> {
    let person = service::show_person(state, user, id).await?;
    let ui = ui.with_user(user);
    let ui = match outcome {
        Ok(()) => ui.with_notice(notice),
        Err(AppError::Invalid { field, code }) => ui.with_error(field, code),
        Err(error) => return Err(error),
    };
    Ok(form_page(state, ui, user, PersonForm::from_person(&person), Some(person))
        .await?
        .into_response())
}

/// Deactivate, reactivate or reset the second factor: one account action, then the person's page.
async fn account_action(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    if !crate::web::ids::is_id(&id) {
        return Err(AppError::NotFound);
    }
    let (outcome, notice) = match action.as_str() {
        "deactivate" => {
            (service::deactivate(&state, &user, &id).await, "person-deactivated-notice")
        }
        "reactivate" => {
            (service::reactivate(&state, &user, &id).await, "person-reactivated-notice")
        }
        "second-factor-reset" => {
            (service::reset_second_factor(&state, &user, &id).await, "second-factor-reset-notice")
        }
        _ => return Err(AppError::NotFound),
    };
    person_action(&state, ui, &user, &id, outcome, notice).await
}

async fn password_reset(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    match service::issue_password_reset(&state, &user, &id).await {
        Ok(token) => {
            let person = service::show_person(&state, &user, &id).await?;
            let link = format!("{}/reset-password?token={token}", base_url(&state, &headers));
            Ok(Page::render(&LinkPage {
                ui: ui.with_user(&user),
                person,
                link,
                title_key: "password-reset-created",
            })?
            .into_response())
        }
        Err(error @ AppError::Invalid { .. }) => {
            person_action(&state, ui, &user, &id, Err(error), "").await
        }
        Err(error) => Err(error),
    }
}
