//! The DPO's records: retention per class of data, the register of processing activities (page
//! and CSV) and the data-breach register.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::privacy::actions::{Action, audit};
use crate::privacy::breaches::{self, BreachForm};
use crate::privacy::model::{Breach, BreachId, BreachNature};
use crate::privacy::register::{self, Entry};
use crate::privacy::retention::service::{self as retention, Line};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/privacy/retention", get(show_retention).post(save_retention))
        .route("/admin/privacy/register", get(show_register))
        .route("/admin/privacy/register.csv", get(register_csv))
        .route("/admin/privacy/breaches", get(show_breaches).post(add_breach))
        .route("/admin/privacy/breaches/{id}", get(show_breach).post(change_breach))
}

#[derive(Template)]
#[template(path = "privacy_retention.html")]
struct RetentionPage {
    ui: Ui,
    lines: Vec<Line>,
    typed: HashMap<String, String>,
}

impl RetentionPage {
    /// The value the field shows: what was typed (after a refusal), else the days in force.
    fn value(&self, line: &Line) -> String {
        self.typed.get(line.class.key).cloned().unwrap_or_else(|| line.days.to_string())
    }
}

async fn retention_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    typed: HashMap<String, String>,
) -> AppResult<Page> {
    let lines = retention::page_lines(state, user).await?;
    let ui = ui.with_user(user);
    Page::form(&RetentionPage { ui: ui.clone(), lines, typed }, &ui)
}

async fn show_retention(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("saved", "settings-saved")]);
    retention_page(&state, ui, &user, HashMap::new()).await
}

async fn save_retention(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    client: Client,
    CsrfForm(mut form): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let password = form.remove("password").unwrap_or_default();
    let outcome = retention::save(&state, &user, &client, &form, &password)
        .await
        .map(|()| "/admin/privacy/retention?done=saved".to_string());
    answer(outcome, ui, |ui| retention_page(&state, ui, &user, form.clone())).await
}

#[derive(Template)]
#[template(path = "privacy_register.html")]
struct RegisterPage {
    ui: Ui,
    entries: Vec<Entry>,
}

async fn show_register(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
) -> AppResult<Page> {
    let entries = register::entries(&state, &user, user.lang).await?;
    let ui = ui.with_user(&user);
    Page::render(&RegisterPage { ui, entries })
}

async fn register_csv(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let entries = register::entries(&state, &user, user.lang).await?;
    let organisation =
        crate::org::store::organisation_name(state.db.reader(), &user.org_id).await?;
    let bytes = register::csv(&entries, user.lang, &organisation)?;
    let mut tx = state.db.begin().await?;
    audit(
        &mut tx,
        &state,
        &user,
        Action::RegisterExported,
        ("organisation", user.org_id.as_str()),
        None,
    )
    .await?;
    crate::audit::trail::finish(tx, &state).await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"registre-des-traitements.csv\""),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "privacy_breaches.html")]
struct BreachesPage {
    ui: Ui,
    breaches: Vec<Breach>,
    editing: Option<BreachId>,
    form: BreachForm,
    natures: &'static [BreachNature],
    now: i64,
    zone: String,
}

impl BreachesPage {
    fn when(&self, at: impl std::borrow::Borrow<i64>) -> String {
        crate::clock::format_local(*at.borrow(), &self.zone)
    }

    fn action(&self) -> String {
        match &self.editing {
            Some(id) => format!("/admin/privacy/breaches/{id}"),
            None => "/admin/privacy/breaches".to_string(),
        }
    }
}

async fn breaches_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    editing: Option<BreachId>,
    form: Option<BreachForm>,
) -> AppResult<Page> {
    let breaches = breaches::list(state, user).await?;
    let form = match (form, &editing) {
        (Some(form), _) => form,
        (None, Some(id)) => breaches::form_of(state, user, id).await?,
        (None, None) => BreachForm { nature: "confidentiality".into(), ..BreachForm::default() },
    };
    let ui = ui.with_user(user);
    let page = BreachesPage {
        ui: ui.clone(),
        breaches,
        editing,
        form,
        natures: BreachNature::ALL,
        now: state.clock.now_ms(),
        zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

async fn show_breaches(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("saved", "privacy-breach-saved")]);
    breaches_page(&state, ui, &user, None, None).await
}

async fn show_breach(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let id = BreachId::parse(&id).ok_or(AppError::NotFound)?;
    breaches_page(&state, ui, &user, Some(id), None).await
}

async fn add_breach(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<BreachForm>,
) -> AppResult<Response> {
    let outcome = breaches::save(&state, &user, None, &form)
        .await
        .map(|_| "/admin/privacy/breaches?done=saved".to_string());
    answer(outcome, ui, |ui| breaches_page(&state, ui, &user, None, Some(form.clone()))).await
}

async fn change_breach(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<BreachForm>,
) -> AppResult<Response> {
    let id = BreachId::parse(&id).ok_or(AppError::NotFound)?;
    // Only an existing breach of the organisation is changed.
    breaches::form_of(&state, &user, &id).await?;
    let outcome = breaches::save(&state, &user, Some(&id), &form)
        .await
        .map(|_| "/admin/privacy/breaches?done=saved".to_string());
    answer(outcome, ui, |ui| breaches_page(&state, ui, &user, Some(id.clone()), Some(form.clone())))
        .await
}
