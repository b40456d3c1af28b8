use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::audit::model::Row as AuditRow;
use crate::audit::store::{self as audit_store, Filter};
use crate::auth::CurrentUser;
use crate::auth::store::{self as auth_store, SessionRecord};
use crate::clock::format_local;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(list))
        .route("/account/sessions/{public_id}/revoke", post(revoke))
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    ui: Ui,
    sessions: Vec<SessionRecord>,
    events: Vec<AuditRow>,
    current: String,
    time_zone: String,
}

impl SessionsPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }
}

async fn list(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let sessions = auth_store::active_sessions(state.db.reader(), &user.user_id).await?;
    let filter = Filter {
        org_id: Some(user.org_id.clone()),
        object_id: Some(user.user_id.clone()),
        ..Filter::default()
    };
    let events = audit_store::search(state.db.reader(), &filter, 20, false).await?;
    Page::render(&SessionsPage {
        ui: ui.with_user(&user),
        sessions,
        events,
        current: user.session_public_id.clone(),
        time_zone: user.time_zone.clone(),
    })
}

async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(public_id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    if !auth_store::revoke_session_of_user(state.db.writer(), &user.user_id, &public_id).await? {
        return Err(AppError::NotFound);
    }
    let target = if public_id == user.session_public_id { "/login" } else { "/account/sessions" };
    Ok(Redirect::to(target).into_response())
}
