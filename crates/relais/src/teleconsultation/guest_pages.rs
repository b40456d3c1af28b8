//! The guest's pages, with no account: `/visio/{link}` (what will happen, the device check, the
//! code and consent), `/visio/{link}/salle` (waiting room, then the call) and its socket, and the
//! printable guide. Nothing is loaded from elsewhere; the only cookies are the form token and the
//! pass for this call, both gone when the browser closes.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::guest::{self, Access, Entering, GuestLink};
use super::model::Kind;
use crate::calls::seat::Seat;
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::cookies;
use crate::web::{CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/visio/guide", get(guide))
        .route("/visio/{link}", get(welcome).post(enter))
        .route("/visio/{link}/salle", get(room))
        .route("/visio/{link}/ws", get(connect))
}

#[derive(Template)]
#[template(path = "visio.html")]
struct WelcomePage {
    ui: Ui,
    link: String,
    professional: String,
    kind: Kind,
    when: String,
    opens_at: String,
    too_early: bool,
    /// This browser holds the pass: straight to the waiting room.
    entered: bool,
    /// Someone entered the code on another device.
    used_elsewhere: bool,
    name: String,
    texts: [&'static str; 6],
}

/// What the device check says, in the page's language.
const CHECK_TEXTS: [&str; 6] = [
    "visio-check-ok",
    "visio-check-failed",
    "visio-check-camera-refused",
    "visio-check-network-slow",
    "visio-check-tone",
    "visio-check-running",
];

#[derive(Template)]
#[template(path = "visio_closed.html")]
struct ClosedPage {
    ui: Ui,
    reason: &'static str,
}

/// The link is unknown, locked, or no longer valid: said plainly, with what to do.
fn closed(ui: Ui, reason: &'static str, status: StatusCode) -> AppResult<Response> {
    Ok(Page::render(&ClosedPage { ui, reason })?.with_status(status).into_response())
}

async fn found_or_closed(state: &AppState, ui: &Ui, link: &str) -> Result<GuestLink, Response> {
    match guest::by_link(state, link).await {
        Ok(found) => Ok(found),
        Err(AppError::NotFound) => {
            Err(closed(ui.clone(), "visio-link-unknown", StatusCode::NOT_FOUND)
                .unwrap_or_else(IntoResponse::into_response))
        }
        Err(error) => Err(error.into_response()),
    }
}

fn welcome_page(
    ui: Ui,
    link: &str,
    found: &GuestLink,
    name: &str,
    holds_pass: bool,
) -> AppResult<Response> {
    let consultation = &found.consultation;
    let zone = &consultation.time_zone;
    let page = WelcomePage {
        ui,
        link: link.to_string(),
        professional: consultation.professional_name.clone(),
        kind: consultation.kind,
        when: crate::clock::format_local(consultation.starts_at, zone),
        opens_at: crate::clock::format_local(consultation.opens_at(), zone),
        too_early: found.access(now_ms()) == Access::TooEarly,
        entered: holds_pass,
        used_elsewhere: found.row.guest.entered && !holds_pass,
        name: name.to_string(),
        texts: CHECK_TEXTS,
    };
    let status =
        if page.ui.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(Page::render(&page)?.with_status(status).into_response())
}

fn refusal_page(ui: Ui, access: Access) -> Option<AppResult<Response>> {
    match access {
        Access::Open | Access::TooEarly => None,
        Access::Locked => Some(closed(ui, "visio-link-locked", StatusCode::FORBIDDEN)),
        Access::Closed => Some(closed(ui, "visio-link-closed", StatusCode::GONE)),
    }
}

async fn welcome(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    Path(link): Path<String>,
) -> AppResult<Response> {
    let found = match found_or_closed(&state, &ui, &link).await {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    if let Some(page) = refusal_page(ui.clone(), found.access(now_ms())) {
        return page;
    }
    let holds_pass = found.holds(pass_of(&state, &jar).as_deref());
    welcome_page(ui, &link, &found, "", holds_pass)
}

#[derive(Deserialize)]
struct EnterForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    consent: Option<String>,
}

async fn enter(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    jar: CookieJar,
    Path(link): Path<String>,
    CsrfForm(form): CsrfForm<EnterForm>,
) -> AppResult<Response> {
    let entering = Entering { code: &form.code, name: &form.name, consent: form.consent.is_some() };
    match guest::enter(&state, &client, &link, entering).await {
        Ok(pass) => {
            let cookie = cookies::build(&state.settings, cookies::GUEST, pass, None);
            Ok((jar.add(cookie), Redirect::to(&format!("/visio/{link}/salle"))).into_response())
        }
        Err(AppError::Invalid { field, code }) => {
            let found = match found_or_closed(&state, &ui, &link).await {
                Ok(found) => found,
                Err(response) => return Ok(response),
            };
            if code == "teleconsultation-link-locked" || code == "teleconsultation-link-closed" {
                let access = if code.ends_with("locked") { Access::Locked } else { Access::Closed };
                if let Some(page) = refusal_page(ui.clone(), access) {
                    return page;
                }
            }
            let holds_pass = found.holds(pass_of(&state, &jar).as_deref());
            welcome_page(ui.with_error(field, code), &link, &found, &form.name, holds_pass)
        }
        Err(error) => Err(error),
    }
}

fn pass_of(state: &AppState, jar: &CookieJar) -> Option<String> {
    jar.get(&cookies::name(&state.settings, cookies::GUEST)).map(|c| c.value().to_string())
}

async fn room(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    Path(link): Path<String>,
) -> AppResult<Response> {
    match guest::seated(&state, &link, pass_of(&state, &jar).as_deref()).await {
        Ok(found) => {
            let page = crate::calls::page::CallPage::guest(ui, &link, &found.consultation);
            Ok(Page::render(&page)?.into_response())
        }
        Err(AppError::Forbidden) => Ok(Redirect::to(&format!("/visio/{link}")).into_response()),
        Err(AppError::NotFound) => closed(ui, "visio-link-closed", StatusCode::GONE),
        Err(error) => Err(error),
    }
}

async fn connect(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    headers: HeaderMap,
    Path(link): Path<String>,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    let pass = pass_of(&state, &jar).ok_or(AppError::Forbidden)?;
    let found = guest::seated(&state, &link, Some(&pass)).await?;
    let guest = found.row.guest;
    let label = if guest.name.is_empty() {
        ui.t(&format!("teleconsultation-role-{}", guest.role.as_str()))
    } else {
        guest.name.clone()
    };
    let seat = Seat::Guest { guest, consultation: found.consultation, link, pass, label };
    crate::calls::routes::open(state, &headers, upgrade, seat)
}

#[derive(Template)]
#[template(path = "visio_guide.html")]
struct GuidePage {
    ui: Ui,
}

/// The plain-language guide, printable, for patients and families.
async fn guide(ui: Ui) -> AppResult<Page> {
    Page::render(&GuidePage { ui })
}
