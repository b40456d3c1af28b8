//! The administrators' page of identity providers: the list, a form to add one, and one per
//! provider to change it. The address to register at the provider is shown.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use super::model::{JIT_ROLES, Provider, ProviderId, ProviderKind};
use super::setup::{self, ProviderForm};
use super::store;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Role};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Done, IdPath, Page, Ui, answer, base_url};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/sso", get(show).post(add))
        .route("/admin/sso/{id}", get(show_one).post(change))
}

#[derive(Template)]
#[template(path = "admin_sso.html")]
struct ProvidersPage {
    ui: Ui,
    providers: Vec<Provider>,
    /// The provider being changed, if any; else the form adds one.
    editing: Option<Provider>,
    form: ProviderForm,
    callback_url: String,
    kinds: &'static [ProviderKind],
    jit_roles: [Role; 4],
}

impl ProvidersPage {
    fn action(&self) -> String {
        match &self.editing {
            Some(provider) => format!("/admin/sso/{}", provider.id),
            None => "/admin/sso".to_string(),
        }
    }
}

fn form_of(provider: &Provider) -> ProviderForm {
    ProviderForm {
        name: provider.name.clone(),
        kind: provider.kind.as_str().to_string(),
        issuer: provider.issuer.clone(),
        client_id: provider.client_id.clone(),
        scopes: provider.scopes.clone(),
        acr_values: provider.acr_values.clone(),
        mfa_acr: provider.mfa_acr.clone(),
        jit_role: provider.jit_role.clone().unwrap_or_default(),
        enabled: if provider.enabled.0 { "on".into() } else { String::new() },
        password_off: if provider.password_off.0 { "on".into() } else { String::new() },
        ..ProviderForm::default()
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    headers: &HeaderMap,
    editing: Option<&ProviderId>,
    form: Option<ProviderForm>,
) -> AppResult<Page> {
    user.require(Permission::ManagePeople)?;
    let providers = store::providers_of_org(state.db.reader(), &user.org_id).await?;
    let editing = match editing {
        Some(id) => {
            Some(providers.iter().find(|p| &p.id == id).cloned().ok_or(AppError::NotFound)?)
        }
        None => None,
    };
    let form = match (form, &editing) {
        (Some(mut form), _) => {
            form.client_secret.clear();
            form.password.clear();
            form
        }
        (None, Some(provider)) => form_of(provider),
        (None, None) => {
            ProviderForm { enabled: "on".into(), kind: "generic".into(), ..ProviderForm::default() }
        }
    };
    let ui = ui.with_user(user);
    let page = ProvidersPage {
        ui: ui.clone(),
        providers,
        editing,
        form,
        callback_url: super::service::callback_url(&base_url(state, headers)),
        kinds: ProviderKind::ALL,
        jit_roles: JIT_ROLES,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(&done, &[("saved", "settings-saved")]);
    page(&state, ui, &user, &headers, None, None).await
}

async fn show_one(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let id = ProviderId::parse(&id).ok_or(AppError::NotFound)?;
    page(&state, ui, &user, &headers, Some(&id), None).await
}

async fn add(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    client: Client,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> AppResult<Response> {
    let outcome = setup::save(&state, &user, &client, None, &form).await;
    let outcome = outcome.map(|_| "/admin/sso?done=saved".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user, &headers, None, Some(form))).await
}

async fn change(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    client: Client,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> AppResult<Response> {
    let id = ProviderId::parse(&id).ok_or(AppError::NotFound)?;
    let outcome = setup::save(&state, &user, &client, Some(&id), &form).await;
    let outcome = outcome.map(|_| "/admin/sso?done=saved".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user, &headers, Some(&id), Some(form))).await
}
