//! `/protocols`: the list (what waits for the person's acknowledgement first), a page and its
//! versions, the editors' forms (a new page from a starting text, a new version), and who has
//! acknowledged what.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{ProtocolId, ProtocolKind};
use super::service::{self, Draft, Listing, Reader, Shown};
use super::starters::starter;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{CsrfForm, Done, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/protocols", get(list))
        .route("/protocols/new", get(new_form).post(create))
        .route("/protocols/{id}", get(show))
        .route("/protocols/{id}/edit", get(edit_form).post(publish))
        .route("/protocols/{id}/acknowledge", post(acknowledge))
        .route("/protocols/{id}/readers", get(readers))
}

fn kind_key(kind: ProtocolKind) -> String {
    format!("protocol-kind-{}", kind.as_str())
}

#[derive(Template)]
#[template(path = "protocols.html")]
struct ListPage {
    ui: Ui,
    listing: Listing,
    zone: String,
}

impl ListPage {
    fn kind(&self, kind: &ProtocolKind) -> String {
        self.ui.t(&kind_key(*kind))
    }

    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn may_create(&self) -> bool {
        self.listing.may_write_organisation || !self.listing.writable_teams.is_empty()
    }
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let listing = service::list(&state, &user).await?;
    let ui = ui.with_user(&user).with_done(&done, &[("created", "protocol-created")]);
    let page = ListPage { ui: ui.clone(), listing, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ShowPage {
    ui: Ui,
    shown: Shown,
    zone: String,
}

impl ShowPage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn html(&self) -> String {
        crate::messaging::markdown::render_document(&self.shown.version.body)
    }

    fn is_current(&self) -> bool {
        self.shown.version.version == self.shown.protocol.current_version
    }

    fn scope(&self) -> String {
        match self.shown.protocol.team_id {
            Some(_) => self.shown.protocol.team_name.clone(),
            None => self.ui.t("protocol-scope-organisation"),
        }
    }
}

#[derive(Deserialize)]
struct VersionQuery {
    v: Option<i64>,
    done: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: ProtocolId,
    Query(query): Query<VersionQuery>,
) -> AppResult<Page> {
    let notice = match query.done.as_deref() {
        Some("published") => Some("protocol-published"),
        Some("acknowledged") => Some("protocol-acknowledged"),
        _ => None,
    };
    let ui = match notice {
        Some(key) => ui.with_notice(key),
        None => ui,
    };
    show_page(&state, ui, &user, &id, query.v).await
}

async fn show_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &ProtocolId,
    version: Option<i64>,
) -> AppResult<Page> {
    let shown = service::show(state, user, id, version).await?;
    let ui = ui.with_user(user);
    let page = ShowPage { ui: ui.clone(), shown, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

#[derive(Deserialize)]
struct AcknowledgeForm {
    version: i64,
}

async fn acknowledge(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: ProtocolId,
    CsrfForm(form): CsrfForm<AcknowledgeForm>,
) -> AppResult<Response> {
    let outcome = service::acknowledge(&state, &user, &id, form.version)
        .await
        .map(|()| format!("/protocols/{id}?done=acknowledged"));
    answer(outcome, ui, |ui| show_page(&state, ui, &user, &id, None)).await
}

#[derive(Template)]
#[template(path = "protocol_edit.html")]
struct EditPage {
    ui: Ui,
    /// None for a new page.
    editing: Option<Shown>,
    listing: Option<Listing>,
    form: EditForm,
    kinds: &'static [ProtocolKind],
}

impl EditPage {
    fn kind(&self, kind: &ProtocolKind) -> String {
        self.ui.t(&kind_key(*kind))
    }

    fn action(&self) -> String {
        match &self.editing {
            Some(shown) => format!("/protocols/{}/edit", shown.protocol.id),
            None => "/protocols/new".into(),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    note: String,
    needs_ack: Option<String>,
    #[serde(default)]
    based_on: i64,
}

impl EditForm {
    fn draft(&self) -> Draft<'_> {
        Draft { body: &self.body, note: &self.note, needs_ack: self.needs_ack.is_some() }
    }
}

#[derive(Deserialize)]
struct NewQuery {
    kind: Option<String>,
}

async fn new_page(state: &AppState, ui: Ui, user: &CurrentUser, form: EditForm) -> AppResult<Page> {
    let listing = service::list(state, user).await?;
    if !listing.may_write_organisation && listing.writable_teams.is_empty() {
        return Err(crate::error::AppError::Forbidden);
    }
    let ui = ui.with_user(user);
    let page = EditPage {
        ui: ui.clone(),
        editing: None,
        listing: Some(listing),
        form,
        kinds: ProtocolKind::ALL,
    };
    Page::form(&page, &ui)
}

async fn new_form(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<NewQuery>,
) -> AppResult<Page> {
    let kind = query.kind.as_deref().and_then(ProtocolKind::parse).unwrap_or(ProtocolKind::Usage);
    let form = EditForm {
        title: if kind == ProtocolKind::Other { String::new() } else { ui.t(&kind_key(kind)) },
        kind: kind.as_str().into(),
        body: starter(kind, ui.lang).into(),
        needs_ack: Some("on".into()),
        ..EditForm::default()
    };
    new_page(&state, ui, &user, form).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<EditForm>,
) -> AppResult<Response> {
    let team = (!form.team.is_empty()).then_some(form.team.as_str());
    let outcome = match ProtocolKind::parse(&form.kind) {
        Some(kind) => service::create(&state, &user, team, kind, &form.title, &form.draft()).await,
        None => {
            Err(crate::error::AppError::Invalid { field: "kind", code: "protocol-kind-unknown" })
        }
    };
    let outcome = outcome.map(|id| format!("/protocols/{id}?done=published"));
    answer(outcome, ui, |ui| new_page(&state, ui, &user, form.clone())).await
}

async fn edit_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &ProtocolId,
    form: Option<EditForm>,
) -> AppResult<Page> {
    let shown = service::show(state, user, id, None).await?;
    if !shown.may_edit {
        return Err(crate::error::AppError::Forbidden);
    }
    let form = form.unwrap_or_else(|| EditForm {
        body: shown.version.body.clone(),
        based_on: shown.protocol.current_version,
        needs_ack: None,
        ..EditForm::default()
    });
    let ui = ui.with_user(user);
    let page = EditPage {
        ui: ui.clone(),
        editing: Some(shown),
        listing: None,
        form,
        kinds: ProtocolKind::ALL,
    };
    Page::form(&page, &ui)
}

async fn edit_form(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: ProtocolId,
) -> AppResult<Page> {
    edit_page(&state, ui, &user, &id, None).await
}

async fn publish(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: ProtocolId,
    CsrfForm(form): CsrfForm<EditForm>,
) -> AppResult<Response> {
    let outcome = service::publish(&state, &user, &id, form.based_on, &form.draft())
        .await
        .map(|_| format!("/protocols/{id}?done=published"));
    answer(outcome, ui, |ui| edit_page(&state, ui, &user, &id, Some(form.clone()))).await
}

#[derive(Template)]
#[template(path = "protocol_readers.html")]
struct ReadersPage {
    ui: Ui,
    protocol: super::model::Protocol,
    readers: Vec<Reader>,
    zone: String,
}

impl ReadersPage {
    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn up_to_date(&self) -> usize {
        self.readers.iter().filter(|r| r.up_to_date).count()
    }
}

async fn readers(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: ProtocolId,
) -> AppResult<Page> {
    let (protocol, readers) = service::readers(&state, &user, &id).await?;
    let ui = ui.with_user(&user);
    let page = ReadersPage { ui: ui.clone(), protocol, readers, zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}
