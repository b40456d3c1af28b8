//! An agreement as a document to print or save as PDF: the parties, each clause, the charter it
//! refers to, and both signatures. The person reads their own; human resources any (audited).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::telework::model::Agreement;
use crate::telework::service::agreements;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new().route("/telework/agreement", get(show))
}

#[derive(Debug, Default, Deserialize)]
struct Whose {
    person: Option<String>,
}

#[derive(Template)]
#[template(path = "telework_agreement.html")]
struct AgreementPage {
    ui: Ui,
    zone: String,
    organisation: String,
    person: String,
    post: String,
    agreement: Agreement,
    /// The charter versions the person accepted: (version, when).
    charters: Vec<(i64, i64)>,
}

impl AgreementPage {
    fn at(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn weekdays(&self) -> String {
        let names: Vec<String> = self
            .agreement
            .fixed_weekdays()
            .iter()
            .filter_map(|d| super::mine::WEEKDAYS.get(usize::try_from(*d).ok()?.checked_sub(1)?))
            .map(|key| self.ui.t(key))
            .collect();
        names.join(", ")
    }
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(whose): Query<Whose>,
) -> AppResult<Page> {
    let person_id = whose.person.unwrap_or_else(|| user.user_id.clone());
    let history = agreements::of_person(&state, &user, &person_id).await?;
    let agreement = history.into_iter().next().ok_or(AppError::NotFound)?;
    let reader = state.db.reader();
    let org = &user.org_id;
    let people = crate::telework::service::people(&state, org).await?;
    let person = people.iter().find(|p| p.id == person_id).ok_or(AppError::NotFound)?;
    let post = crate::telework::store::posts::of_person(reader, org, &person_id).await?;
    Page::render(&AgreementPage {
        ui: ui.with_user(&user),
        zone: user.time_zone.clone(),
        organisation: crate::org::store::organisation_name(reader, org).await?,
        person: person.display_name.clone(),
        post: post.map(|p| p.name).unwrap_or_default(),
        agreement,
        charters: crate::telework::store::charter::accepted_by(reader, org, &person_id).await?,
    })
}
