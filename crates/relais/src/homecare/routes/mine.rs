//! The caregiver's own pages beside the round: "what my organisation sees about me" and the
//! calendar feed; and the coordinator's printable home card.

use crate::homecare::model::PatientId;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::{calendar, card};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/patients/{id}/card", get(card_page).post(issue_card))
        .route("/round/me", get(about_me))
        .route("/round/calendar", get(calendar_page).post(renew_calendar))
        .route("/round/calendar/revoke", post(revoke_calendar))
        .route("/calendar/{file}", get(calendar_feed))
}

#[derive(Template)]
#[template(path = "patient_card.html")]
struct CardPage {
    ui: Ui,
    patient_id: PatientId,
    patient_name: String,
    printed: Option<(String, String)>,
}

async fn card_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
) -> AppResult<Page> {
    user.require(crate::org::Permission::PlanRounds)?;
    let patient = crate::homecare::patients::visible(&state, &user, &id).await?;
    let ui = ui.with_user(&user);
    Page::render(&CardPage {
        ui,
        patient_id: id,
        patient_name: patient.short_name(),
        printed: None,
    })
}

/// Prints a new card (the old one stops working) and shows it once.
async fn issue_card(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    id: PatientId,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Page> {
    let patient = crate::homecare::patients::visible(&state, &user, &id).await?;
    let card = card::issue(&state, &user, &id).await?;
    let link =
        format!("{}/round/card?p={id}&s={}", crate::web::base_url(&state, &headers), card.secret);
    let svg = crate::web::qr::qr_svg(&link).map_err(AppError::internal)?;
    let ui = ui.with_user(&user);
    Page::render(&CardPage {
        ui,
        patient_id: id,
        patient_name: patient.short_name(),
        printed: Some((svg, card::display_code(&card.code))),
    })
}

#[derive(Template)]
#[template(path = "round_calendar.html")]
struct CalendarPage {
    ui: Ui,
    has_feed: bool,
    /// The new address, shown once after renewal.
    link: Option<String>,
}

async fn calendar_page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
) -> AppResult<Page> {
    user.require(crate::org::Permission::SeePatientData)?;
    let has_feed = calendar::has_feed(&state, &user).await?;
    Page::render(&CalendarPage { ui: ui.with_user(&user), has_feed, link: None })
}

async fn renew_calendar(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Page> {
    let token = calendar::renew(&state, &user).await?;
    let link = format!("{}/calendar/{token}.ics", crate::web::base_url(&state, &headers));
    Page::render(&CalendarPage { ui: ui.with_user(&user), has_feed: true, link: Some(link) })
}

async fn revoke_calendar(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Page> {
    calendar::revoke(&state, &user).await?;
    let ui = ui.with_user(&user).with_notice("calendar-revoked");
    Page::render(&CalendarPage { ui, has_feed: false, link: None })
}

/// The feed itself, for calendar apps (no session: the address is the secret).
async fn calendar_feed(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> AppResult<Response> {
    use axum::response::IntoResponse;
    let token = crate::auth::feeds::token_of(&file).ok_or(AppError::NotFound)?;
    let base = crate::web::base_url(&state, &headers);
    let body = calendar::feed(&state, token, &base, &ui.t("calendar-event")).await?;
    let mut response = body.into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "round_me.html")]
struct AboutMePage {
    ui: Ui,
    about: crate::homecare::transparency::AboutMe,
    telework: crate::telework::transparency::AboutMe,
    tasks: crate::tasks::transparency::AboutMe,
    /// The identities linked at identity providers, and the passkeys' names.
    identities: Vec<crate::auth::sso::model::Identity>,
    passkeys: Vec<String>,
    zone: jiff::tz::TimeZone,
}

impl AboutMePage {
    fn when(&self, at: &Option<i64>) -> String {
        let zone = self.zone.iana_name().unwrap_or("UTC");
        at.map(|at| crate::clock::format_local(at, zone)).unwrap_or_default()
    }

    fn at(&self, at: &i64) -> String {
        self.when(&Some(*at))
    }

    fn days(&self) -> i64 {
        crate::homecare::transparency::DAYS_SHOWN
    }
}

/// What the organisation sees about the signed-in caregiver.
async fn about_me(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let about = crate::homecare::transparency::about_me(&state, &user).await?;
    let telework = crate::telework::transparency::about_me(&state, &user).await?;
    let tasks = crate::tasks::transparency::about_me(&state, &user).await?;
    let reader = state.db.reader();
    let identities = crate::auth::sso::store::identities_of_user(reader, &user.user_id).await?;
    let passkeys = crate::auth::passkeys::store::passkeys_of_user(reader, &user.user_id)
        .await?
        .into_iter()
        .map(|passkey| passkey.name)
        .collect();
    let zone = crate::org::service::zone(&state, &user.org_id).await?;
    let ui = ui.with_user(&user);
    Page::render(&AboutMePage { ui, about, telework, tasks, identities, passkeys, zone })
}
