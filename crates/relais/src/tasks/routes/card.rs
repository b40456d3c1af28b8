//! A card's page and its forms: move, edit, archive, assignees, labels, checklist, comments, the
//! patient link; and a board's archive (by pages of 50, searchable by words of the title).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::priority_key;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{Card, CardId, Colour, EventKind, ItemId, LabelId, ListId, Priority};
use crate::tasks::service::cards::{self, Changes, Slot};
use crate::tasks::service::details::{self, Detail, LinkedPatient};
use crate::tasks::service::text;
use crate::web::{CsrfForm, Page, Ui, answer};

#[derive(Template)]
#[template(path = "task_card.html")]
struct CardPage {
    ui: Ui,
    detail: Detail,
    form: EditForm,
    zone: String,
}

impl CardPage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn priorities(&self) -> &'static [Priority] {
        Priority::ALL
    }

    fn priority_name(&self, priority: &Priority) -> String {
        self.ui.t(&priority_key(*priority))
    }

    fn colour(&self, colour: &Colour) -> &'static str {
        colour.as_str()
    }

    fn event(&self, kind: &EventKind) -> String {
        self.ui.t(&format!("task-event-{}", kind.as_str()))
    }

    fn html(&self) -> String {
        crate::messaging::markdown::render_document(&self.detail.card.description)
    }

    fn comment_html(&self, body: &str) -> String {
        crate::messaging::markdown::render_document(body)
    }

    fn progress(&self) -> (usize, usize) {
        let done = self.detail.checklist.iter().filter(|i| i.done).count();
        (done, self.detail.checklist.len())
    }

    fn patient_name(&self) -> Option<String> {
        match &self.detail.patient {
            Some(LinkedPatient::Visible { name, .. }) => Some(name.clone()),
            _ => None,
        }
    }

    fn patient_hidden(&self) -> bool {
        matches!(self.detail.patient, Some(LinkedPatient::Hidden))
    }

    fn size(&self, bytes: &i64) -> String {
        crate::documents::routes::size_text(self.ui.lang_code(), *bytes)
    }

    fn assigned(&self, user: &str) -> bool {
        self.detail.assignees.iter().any(|(id, _)| id == user)
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    version: i64,
}

impl EditForm {
    fn of(card: &Card, zone: &str) -> Self {
        Self {
            title: card.title.clone(),
            description: card.description.clone(),
            priority: card.priority.as_str().into(),
            due: text::due_field(card.due_at, zone),
            version: card.version,
        }
    }
}

pub(super) async fn card_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &CardId,
    form: Option<EditForm>,
) -> AppResult<Page> {
    let detail = details::detail(state, user, id).await?;
    let form = form.unwrap_or_else(|| EditForm::of(&detail.card, &user.time_zone));
    let ui = ui.with_user(user);
    let page = CardPage { ui: ui.clone(), detail, form, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    Query(query): Query<DoneQuery>,
) -> AppResult<Page> {
    let ui = match query.done.as_deref() {
        Some("created") => ui.with_notice("task-card-created"),
        Some("saved") => ui.with_notice("task-card-saved"),
        Some("moved") => ui.with_notice("task-card-moved"),
        _ => ui,
    };
    card_page(&state, ui, &user, &id, None).await
}

fn saved(id: &CardId) -> String {
    format!("/tasks/cards/{id}?done=saved")
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    list: String,
    /// `top`, `bottom` (the default) or the id of the card it goes before.
    #[serde(default)]
    before: String,
    /// Where to go back to: the board (`board`) or the card.
    #[serde(default)]
    back: String,
}

pub async fn move_card(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> AppResult<Response> {
    let outcome = async {
        let list = ListId::parse(&form.list)
            .ok_or(AppError::Invalid { field: "list", code: "task-list-unknown" })?;
        let slot = match form.before.as_str() {
            "top" => Slot::Top,
            "" | "bottom" => Slot::Bottom,
            other => Slot::Before(CardId::parse(other).ok_or(AppError::NotFound)?),
        };
        cards::move_card(&state, &user, &id, &list, &slot).await?;
        Ok(match form.back.as_str() {
            "board" => {
                let card = cards::usable(&state, &user, &id).await?.1;
                format!("/tasks/boards/{}?done=moved#card-{id}", card.board_id)
            }
            _ => format!("/tasks/cards/{id}?done=moved"),
        })
    }
    .await;
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

pub async fn edit(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<EditForm>,
) -> AppResult<Response> {
    let outcome = async {
        let priority = Priority::parse(&form.priority)
            .ok_or(AppError::Invalid { field: "priority", code: "task-priority-unknown" })?;
        let due_at = text::due(&form.due, &user.time_zone)?;
        let changes = Changes {
            title: &form.title,
            description: &form.description,
            priority,
            due_at,
            version: form.version,
        };
        cards::edit(&state, &user, &id, &changes).await?;
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, Some(form.clone()))).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct OnForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    text: String,
    /// `on` or `off` (`delete` for an item).
    #[serde(default)]
    to: String,
}

impl OnForm {
    fn on(&self) -> bool {
        self.to == "on"
    }
}

pub async fn archive(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<OnForm>,
) -> AppResult<Response> {
    let outcome = cards::archive(&state, &user, &id, form.on()).await.map(|()| saved(&id));
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

pub async fn assign(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<OnForm>,
) -> AppResult<Response> {
    let outcome =
        details::assign(&state, &user, &id, &form.person, form.on()).await.map(|()| saved(&id));
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

pub async fn label(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<OnForm>,
) -> AppResult<Response> {
    let outcome = async {
        let label = LabelId::parse(&form.label)
            .ok_or(AppError::Invalid { field: "label", code: "task-label-unknown" })?;
        details::label(&state, &user, &id, &label, form.on()).await?;
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

pub async fn items(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<OnForm>,
) -> AppResult<Response> {
    let outcome = async {
        match ItemId::parse(&form.item) {
            None => details::add_item(&state, &user, &id, &form.text).await?,
            Some(item) => {
                let done = match form.to.as_str() {
                    "delete" => None,
                    _ => Some(form.on()),
                };
                details::set_item(&state, &user, &id, &item, done).await?;
            }
        }
        Ok(format!("/tasks/cards/{id}?done=saved#checklist"))
    }
    .await;
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

pub async fn comment(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<OnForm>,
) -> AppResult<Response> {
    let outcome = details::comment(&state, &user, &id, &form.text)
        .await
        .map(|()| format!("/tasks/cards/{id}#comments"));
    answer(outcome, ui, |ui| card_page(&state, ui, &user, &id, None)).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct PatientForm {
    #[serde(default)]
    patient: String,
}

pub async fn patient(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
    CsrfForm(form): CsrfForm<PatientForm>,
) -> AppResult<Response> {
    let outcome = async {
        let patient = match form.patient.trim() {
            "" => None,
            text => Some(
                crate::homecare::model::PatientId::parse(text)
                    .ok_or(AppError::Invalid { field: "patient", code: "task-patient-unknown" })?,
            ),
        };
        details::link_patient(&state, &user, &id, patient.as_ref()).await?;
        Ok(saved(&id))
    }
    .await;
    answer(outcome, ui, |ui| patient_page(&state, ui, &user, &id)).await
}

#[derive(Template)]
#[template(path = "task_patient.html")]
struct PatientPage {
    ui: Ui,
    card: CardId,
    title: String,
    current: Option<String>,
    patients: Vec<(String, String)>,
}

async fn patient_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &CardId,
) -> AppResult<Page> {
    let (_, stored) = cards::usable(state, user, id).await?;
    let current = stored.patient_id.clone();
    let card = cards::opened(state, stored).await?;
    let patients = crate::homecare::patients::list(state, user)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), format!("{} {}", p.family_name, p.given_name)))
        .collect();
    let ui = ui.with_user(user);
    let page =
        PatientPage { ui: ui.clone(), card: id.clone(), title: card.title, current, patients };
    Page::form(&page, &ui)
}

pub async fn patient_form(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: CardId,
) -> AppResult<Page> {
    patient_page(&state, ui, &user, &id).await
}
