//! Human resources: posts and their eligibility grid, who holds which post, reviews asked, the
//! share of eligible people per team, and individual agreements.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::Tabs;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Person};
use crate::state::AppState;
use crate::telework::model::{
    Agreement, Assessment, Autonomy, Criteria, DataAccess, OnSiteEquipment, PaperRecords,
    PatientPresence,
};
use crate::telework::service::posts::{self, Overview};
use crate::telework::service::{self as telework, agreements};
use crate::telework::store::agreements::Proposal;
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/telework/posts", get(show).post(create_post))
        .route("/telework/posts/{id}/assess", post(assess))
        .route("/telework/holders", post(set_holder))
        .route("/telework/reviews/{id}/answer", post(answer_review))
        .route("/telework/agreements", post(propose))
        .route("/telework/people/{id}", get(person))
}

#[derive(Template)]
#[template(path = "telework_person.html")]
struct PersonPage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    name: String,
    telework: crate::telework::transparency::AboutMe,
}

impl PersonPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }
}

/// A person's telework record, as human resources read it (audited).
async fn person(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    user.require(Permission::ManageTelework)?;
    let people = telework::people(&state, &user.org_id).await?;
    let name = people
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.display_name.clone())
        .ok_or(AppError::NotFound)?;
    let record = crate::telework::transparency::about_person(&state, &user, &id).await?;
    Page::render(&PersonPage {
        ui: ui.with_user(&user),
        tabs: Tabs::of(&user),
        zone: user.time_zone.clone(),
        name,
        telework: record,
    })
}

const NOTICES: &[(&str, &str)] = &[
    ("post", "telework-post-created"),
    ("assessed", "telework-assessment-saved"),
    ("holder", "telework-holder-set"),
    ("answered", "telework-review-answered"),
    ("proposed", "telework-agreement-proposed"),
];

#[derive(Template)]
#[template(path = "telework_posts.html")]
struct PostsPage {
    ui: Ui,
    tabs: Tabs,
    zone: String,
    overview: Overview,
    people: Vec<Person>,
    agreements: Vec<Agreement>,
}

impl PostsPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn name_of(&self, user_id: &str) -> String {
        self.people
            .iter()
            .find(|p| p.id == user_id)
            .map(|p| p.display_name.clone())
            .unwrap_or_default()
    }

    fn weekdays(&self) -> Vec<(i64, &'static str)> {
        (1..=7).zip(super::mine::WEEKDAYS).collect()
    }

    fn value_key(&self, field: &str, value: &str) -> String {
        format!("telework-{field}-{value}")
    }

    /// Whether the latest assessment chose `value` for `field`.
    fn chosen(&self, assessment: &Assessment, field: &str, value: &str) -> bool {
        let criteria = assessment.criteria();
        let chosen = match field {
            "patient_presence" => criteria.patient_presence.as_str(),
            "paper_records" => criteria.paper_records.as_str(),
            "onsite_equipment" => criteria.onsite_equipment.as_str(),
            "data_access" => criteria.data_access.as_str(),
            "autonomy" => criteria.autonomy.as_str(),
            _ => "",
        };
        chosen == value
    }

    /// The criteria of the grid: (field, i18n prefix, values).
    fn grid(&self) -> Vec<(&'static str, Vec<&'static str>)> {
        vec![
            ("patient_presence", PatientPresence::ALL.iter().map(|v| v.as_str()).collect()),
            ("paper_records", PaperRecords::ALL.iter().map(|v| v.as_str()).collect()),
            ("onsite_equipment", OnSiteEquipment::ALL.iter().map(|v| v.as_str()).collect()),
            ("data_access", DataAccess::ALL.iter().map(|v| v.as_str()).collect()),
            ("autonomy", Autonomy::ALL.iter().map(|v| v.as_str()).collect()),
        ]
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser) -> AppResult<Page> {
    user.require(Permission::ManageTelework)?;
    let overview = posts::overview(state, user).await?;
    let people =
        telework::people(state, &user.org_id).await?.into_iter().filter(|p| p.active).collect();
    let agreements = agreements::open_all(state, user).await?;
    let ui = ui.with_user(user);
    let page = PostsPage {
        ui: ui.clone(),
        tabs: Tabs::of(user),
        zone: user.time_zone.clone(),
        overview,
        people,
        agreements,
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    page(&state, ui.with_done(&done, NOTICES), &user).await
}

#[derive(Deserialize)]
struct PostForm {
    #[serde(default)]
    name: String,
}

async fn create_post(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PostForm>,
) -> AppResult<Response> {
    let outcome =
        posts::create(&state, &user, &form.name).await.map(|_| "/telework/posts?done=post".into());
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct AssessForm {
    #[serde(default)]
    patient_presence: String,
    #[serde(default)]
    paper_records: String,
    #[serde(default)]
    onsite_equipment: String,
    #[serde(default)]
    data_access: String,
    #[serde(default)]
    autonomy: String,
    #[serde(default)]
    remote_share: String,
    #[serde(default)]
    comment: String,
}

fn pick<T>(field: &'static str, value: Option<T>) -> Result<T, AppError> {
    value.ok_or(AppError::Invalid { field, code: "field-required" })
}

async fn assess(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<AssessForm>,
) -> AppResult<Response> {
    let outcome = async {
        let criteria = Criteria {
            patient_presence: pick(
                "patient_presence",
                PatientPresence::parse(&form.patient_presence),
            )?,
            paper_records: pick("paper_records", PaperRecords::parse(&form.paper_records))?,
            onsite_equipment: pick(
                "onsite_equipment",
                OnSiteEquipment::parse(&form.onsite_equipment),
            )?,
            data_access: pick("data_access", DataAccess::parse(&form.data_access))?,
            autonomy: pick("autonomy", Autonomy::parse(&form.autonomy))?,
            remote_share: form.remote_share.trim().parse().map_err(|_| AppError::Invalid {
                field: "remote_share",
                code: "telework-share-range",
            })?,
        };
        posts::assess(&state, &user, &id, &criteria, &form.comment).await?;
        Ok("/telework/posts?done=assessed".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct HolderForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    post: String,
}

async fn set_holder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<HolderForm>,
) -> AppResult<Response> {
    let post = Some(form.post.as_str()).filter(|p| !p.is_empty());
    let outcome = posts::set_holder(&state, &user, &form.user, post)
        .await
        .map(|()| "/telework/posts?done=holder".into());
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct ReplyForm {
    #[serde(default)]
    reply: String,
}

async fn answer_review(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> AppResult<Response> {
    let outcome = posts::answer_review(&state, &user, &id, &form.reply)
        .await
        .map(|()| "/telework/posts?done=answered".into());
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}

#[derive(Deserialize)]
struct AgreementForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    days_per_week: String,
    #[serde(default)]
    fixed_days: Vec<String>,
    #[serde(default)]
    place: String,
    #[serde(default)]
    equipment: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    trial_until: String,
    #[serde(default)]
    review_on: String,
    #[serde(default)]
    ends_on: String,
}

async fn propose(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AgreementForm>,
) -> AppResult<Response> {
    let outcome = async {
        let days_per_week = form.days_per_week.trim().parse().map_err(|_| AppError::Invalid {
            field: "days_per_week",
            code: "telework-days-beyond-post",
        })?;
        let mut fixed: Vec<i64> = Vec::new();
        for text in &form.fixed_days {
            let day = text
                .parse()
                .ok()
                .filter(|d| (1..=7).contains(d))
                .ok_or(AppError::Invalid { field: "fixed_days", code: "telework-weekday-range" })?;
            if !fixed.contains(&day) {
                fixed.push(day);
            }
        }
        fixed.sort();
        let fixed = fixed.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
        let place = telework::text("place", &form.place, 200, true)?;
        let equipment = telework::text("equipment", &form.equipment, 500, false)?;
        let starts_on = super::date("starts_on", &form.starts_on)?.to_string();
        let trial_until =
            super::optional_date("trial_until", &form.trial_until)?.map(|d| d.to_string());
        let review_on = super::optional_date("review_on", &form.review_on)?.map(|d| d.to_string());
        let ends_on = super::optional_date("ends_on", &form.ends_on)?.map(|d| d.to_string());
        let proposal = Proposal {
            user_id: &form.user,
            days_per_week,
            fixed_days: &fixed,
            place: &place,
            equipment: &equipment,
            starts_on: &starts_on,
            trial_until: trial_until.as_deref(),
            review_on: review_on.as_deref(),
            ends_on: ends_on.as_deref(),
        };
        agreements::propose(&state, &user, &proposal).await?;
        Ok("/telework/posts?done=proposed".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user)).await
}
