//! `/documents/folders/{id}/access`: who may read, write or manage here, for those who manage it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::pages::space_name;
use crate::auth::CurrentUser;
use crate::documents::model::FolderId;
use crate::documents::rights::{GranteeKind, Level};
use crate::documents::service::grants::{self, AccessView, Named};
use crate::error::AppResult;
use crate::org::Role;
use crate::state::AppState;
use crate::web::{CsrfForm, Done, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents/folders/{id}/access", get(show).post(set))
        .route("/documents/folders/{id}/access/{grant}/remove", post(remove))
}

#[derive(Template)]
#[template(path = "documents_access.html")]
struct AccessPage {
    ui: Ui,
    view: AccessView,
    space_name: String,
    roles: &'static [Role],
    levels: Vec<Level>,
}

impl AccessPage {
    fn is_root(&self) -> bool {
        self.view.folder.folder.parent_id.is_none()
    }

    fn title(&self) -> String {
        if self.is_root() { self.space_name.clone() } else { self.view.folder.folder.name.clone() }
    }

    fn grantee(&self, named: &Named) -> String {
        match named.grant.grantee_kind {
            GranteeKind::Role => {
                let role = self.ui.t_of("role", &named.grant.grantee_id);
                self.ui.t1("documents-grantee-role", "role", &role)
            }
            GranteeKind::Team | GranteeKind::Person => named.name.clone(),
        }
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser, id: &FolderId) -> AppResult<Page> {
    let view = grants::view(state, user, id).await?;
    let ui = ui.with_user(user);
    let levels = if view.folder.folder.parent_id.is_some() {
        vec![Level::None, Level::Read, Level::Write, Level::Manage]
    } else {
        vec![Level::Read, Level::Write, Level::Manage]
    };
    let page = AccessPage {
        space_name: space_name(&ui, &view.folder.space),
        ui: ui.clone(),
        view,
        roles: &Role::ALL,
        levels,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let notices =
        [("granted", "documents-access-granted"), ("removed", "documents-access-removed")];
    page(&state, ui.with_done(&done, &notices), &user, &id).await
}

#[derive(Deserialize)]
struct GrantForm {
    #[serde(default)]
    grantee: String,
    #[serde(default)]
    level: String,
}

async fn set(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    CsrfForm(form): CsrfForm<GrantForm>,
) -> AppResult<Response> {
    let outcome = grants::set(&state, &user, &id, &form.grantee, &form.level)
        .await
        .map(|()| format!("/documents/folders/{id}/access?done=granted"));
    answer(outcome, ui, |ui| page(&state, ui, &user, &id)).await
}

async fn remove(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Path((id, grant)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let id = FolderId::parse(&id).ok_or(crate::error::AppError::NotFound)?;
    let outcome = grants::remove(&state, &user, &id, &grant)
        .await
        .map(|()| format!("/documents/folders/{id}/access?done=removed"));
    answer(outcome, ui, |ui| page(&state, ui, &user, &id)).await
}
