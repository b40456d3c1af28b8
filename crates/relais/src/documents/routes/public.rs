//! The share link's page for someone without an account (`/s/{token}`): the organisation's name,
//! a notice, the password form; once the password is given, the shared document, the folder's
//! documents, or the drop box's upload form. Nothing else of Relais shows.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::documents::links::public::{self, Found};
use crate::documents::links::{LinkState, PASS_MS};
use crate::documents::model::Document;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::{CsrfForm, Page, Ui, cookies};

pub fn router() -> Router<AppState> {
    Router::new().route("/s/{token}", get(show).post(unlock))
}

pub(super) fn pass_of(state: &AppState, jar: &CookieJar) -> Option<String> {
    jar.get(&cookies::name(&state.settings, cookies::SHARE)).map(|c| c.value().to_string())
}

#[derive(Template)]
#[template(path = "share_visit.html")]
struct VisitPage {
    ui: Ui,
    token: String,
    organisation: String,
    /// The password was given: what the link shares shows.
    entered: bool,
    drop_box: bool,
    documents: Vec<Document>,
    until: String,
}

impl VisitPage {
    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }
}

#[derive(Template)]
#[template(path = "share_closed.html")]
struct ClosedPage {
    ui: Ui,
    organisation: String,
    reason: &'static str,
}

fn closed(
    ui: Ui,
    organisation: String,
    reason: &'static str,
    status: StatusCode,
) -> AppResult<Response> {
    Ok(Page::render(&ClosedPage { ui, organisation, reason })?.with_status(status).into_response())
}

/// The visitor's page as it stands: closed, the password form, or what the link shares.
pub(super) async fn visitor_page(
    state: &AppState,
    ui: Ui,
    client: &Client,
    jar: &CookieJar,
    token: &str,
) -> AppResult<Response> {
    let Found { link, organisation } = match public::by_token(state, client, token).await {
        Ok(found) => found,
        Err(AppError::NotFound) => {
            return closed(ui, String::new(), "links-unknown", StatusCode::NOT_FOUND);
        }
        Err(error) => return Err(error),
    };
    let state_now = link.state(state.clock.now_ms());
    if state_now != LinkState::Open {
        return closed(ui, organisation, state_now.key(), StatusCode::GONE);
    }
    let pass = pass_of(state, jar);
    let entered = public::holds(state, &link, pass.as_deref()).await?;
    let documents = if entered {
        match public::shared(state, client, token, pass.as_deref()).await {
            Ok(shared) => shared.documents,
            Err(AppError::NotFound) => {
                return closed(ui, organisation, "links-unavailable", StatusCode::GONE);
            }
            Err(error) => return Err(error),
        }
    } else {
        Vec::new()
    };
    let zone = crate::org::store::time_zone(state.db.reader(), &link.org_id).await?;
    let page = VisitPage {
        until: ui.moment(link.expires_at - 1, &zone),
        token: token.to_string(),
        organisation,
        entered,
        drop_box: link.is_drop_box(),
        documents,
        ui: ui.clone(),
    };
    let page = Page::form(&page, &ui)?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct Shown {
    #[serde(default)]
    done: String,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    Path(token): Path<String>,
    Query(shown): Query<Shown>,
) -> AppResult<Response> {
    let ui = if shown.done == "dropped" { ui.with_notice("links-dropped") } else { ui };
    visitor_page(&state, ui, &client, &jar, &token).await
}

#[derive(Debug, Default, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
}

async fn unlock(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    match public::unlock(&state, &client, &token, &form.password).await {
        Ok(pass) => {
            let lasts = Some(time::Duration::milliseconds(PASS_MS));
            let cookie = cookies::build(&state.settings, cookies::SHARE, pass, lasts);
            Ok((jar.add(cookie), Redirect::to(&format!("/s/{token}"))).into_response())
        }
        Err(AppError::Invalid { field, code }) => {
            visitor_page(&state, ui.with_error(field, code), &client, &jar, &token).await
        }
        Err(AppError::NotFound) => {
            closed(ui, String::new(), "links-unknown", StatusCode::NOT_FOUND)
        }
        Err(error) => Err(error),
    }
}
