//! My telework: the charter to accept, my agreement (to sign), my post's assessment with a
//! review to ask for, the form to ask for days, and my days.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::model::{Agreement, Day, DayPart, DayStatus};
use crate::telework::service::charter::MyCharter;
use crate::telework::service::days::{self, Request};
use crate::telework::service::posts::MyPost;
use crate::telework::service::{agreements, charter, posts};
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework", get(show))
        .route("/telework/days", post(ask))
        .route("/telework/days/{id}/cancel", post(cancel))
        .route("/telework/charter/accept", post(accept_charter))
        .route("/telework/agreement/{id}/sign", post(sign))
        .route("/telework/review", post(ask_review))
        .route("/telework/notices/read", post(read_notices))
}

const NOTICES: &[(&str, &str)] = &[
    ("asked", "telework-asked"),
    ("cancelled", "telework-cancelled"),
    ("accepted", "telework-charter-accepted"),
    ("signed", "telework-agreement-signed"),
    ("review", "telework-review-sent"),
];

/// The names of the ISO weekdays (1 = Monday), as i18n keys.
pub const WEEKDAYS: [&str; 7] =
    ["day-mon", "day-tue", "day-wed", "day-thu", "day-fri", "day-sat", "day-sun"];

#[derive(Template)]
#[template(path = "telework.html")]
struct MinePage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    today: String,
    charter: MyCharter,
    agreement: Option<Agreement>,
    post: MyPost,
    days: Vec<Day>,
    waiting: i64,
    form: AskForm,
    /// Delivered notices not read yet.
    notices: Vec<crate::telework::model::Notice>,
}

impl MinePage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    /// The reasons of an assessment, written out from its criteria.
    fn reasons(&self, assessment: &crate::telework::model::Assessment) -> Vec<&'static str> {
        crate::telework::eligibility::assess(&assessment.criteria()).reasons
    }

    fn parts(&self) -> &'static [DayPart] {
        DayPart::ALL
    }

    fn notice_link(&self, notice: &crate::telework::model::Notice) -> &'static str {
        crate::telework::service::notices::link(notice)
    }

    fn is_live(&self, day: &Day) -> bool {
        matches!(day.status, DayStatus::Requested | DayStatus::Approved) && day.day >= self.today
    }

    fn weekdays(&self, agreement: &Agreement) -> String {
        let names: Vec<String> = agreement
            .fixed_weekdays()
            .iter()
            .filter_map(|d| WEEKDAYS.get(usize::try_from(*d).ok()?.checked_sub(1)?))
            .map(|key| self.ui.t(key))
            .collect();
        names.join(", ")
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser, form: AskForm) -> AppResult<Page> {
    let today = crate::org::service::today(state, &user.org_id).await?.to_string();
    let org = &user.org_id;
    let reader = state.db.reader();
    let agreement = crate::telework::store::agreements::open_of(reader, org, &user.user_id).await?;
    let form = if form.day.is_empty() { AskForm { day: today.clone(), ..form } } else { form };
    let ui = ui.with_user(user);
    let page = MinePage {
        ui: ui.clone(),
        tabs: Tabs::of(user),
        zone: user.time_zone.clone(),
        today,
        charter: charter::mine(state, user).await?,
        agreement,
        post: posts::mine(state, user).await?,
        days: days::mine(state, user).await?,
        waiting: i64::try_from(days::waiting(state, user).await?.len()).unwrap_or(i64::MAX),
        form,
        notices: crate::telework::service::notices::mine(state, user)
            .await?
            .into_iter()
            .filter(|n| n.read_at.is_none())
            .collect(),
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    page(&state, ui.with_done(&done, NOTICES), &user, AskForm::default()).await
}

#[derive(Debug, Clone, Default, Deserialize)]
struct AskForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    weeks: String,
}

async fn ask(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AskForm>,
) -> AppResult<Response> {
    let outcome = async {
        let request = Request {
            day: super::date("day", &form.day)?,
            part: DayPart::parse(&form.part)
                .ok_or(AppError::Invalid { field: "part", code: "field-required" })?,
            weeks: match form.weeks.trim() {
                "" => 1,
                text => text.parse().map_err(|_| AppError::Invalid {
                    field: "weeks",
                    code: "telework-weeks-range",
                })?,
            },
        };
        days::request(&state, &user, &request).await?;
        Ok("/telework?done=asked".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user, form)).await
}

async fn cancel(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let outcome = days::cancel(&state, &user, &id).await.map(|_| "/telework?done=cancelled".into());
    answer(outcome, ui, |ui| page(&state, ui, &user, AskForm::default())).await
}

#[derive(Deserialize)]
struct AcceptForm {
    #[serde(default)]
    version: String,
}

async fn accept_charter(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> AppResult<Response> {
    let version = form.version.trim().parse().map_err(|_| AppError::NotFound)?;
    let outcome =
        charter::accept(&state, &user, version).await.map(|()| "/telework?done=accepted".into());
    answer(outcome, ui, |ui| page(&state, ui, &user, AskForm::default())).await
}

#[derive(Deserialize)]
struct SignForm {
    #[serde(default)]
    password: String,
}

async fn sign(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<SignForm>,
) -> AppResult<Response> {
    let outcome = agreements::sign(&state, &user, &id, &form.password)
        .await
        .map(|()| "/telework?done=signed".into());
    answer(outcome, ui, |ui| page(&state, ui, &user, AskForm::default())).await
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    message: String,
}

async fn ask_review(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> AppResult<Response> {
    let outcome = posts::ask_review(&state, &user, &form.message)
        .await
        .map(|()| "/telework?done=review".into());
    answer(outcome, ui, |ui| page(&state, ui, &user, AskForm::default())).await
}

async fn read_notices(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<axum::response::Redirect> {
    crate::telework::service::notices::mark_read(&state, &user).await?;
    Ok(axum::response::Redirect::to("/telework"))
}
