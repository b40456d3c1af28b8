//! Pages to look at: the spaces, a folder, a document and its versions, a space's trash, search.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::documents::links::service::{ShareBox, Subject, share_box};
use crate::documents::model::{
    Document, DocumentId, Folder, FolderId, SpaceAccess, SpaceId, Version,
};
use crate::documents::rights::Level;
use crate::documents::service::access::{self, FolderAccess};
use crate::documents::service::read;
use crate::documents::store::{documents, folders};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents", get(home))
        .route("/documents/folders/{id}", get(folder))
        .route("/documents/spaces/{id}/trash", get(trash))
        .route("/documents/{id}", get(document))
}

#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    #[serde(default)]
    pub done: String,
}

const NOTICES: [(&str, &str); 11] = [
    ("uploaded", "documents-uploaded"),
    ("folder", "documents-folder-created"),
    ("renamed", "documents-renamed"),
    ("moved", "documents-moved"),
    ("trashed", "documents-trashed"),
    ("restored", "documents-restored"),
    ("version", "documents-version-restored"),
    ("locked", "documents-locked"),
    ("unlocked", "documents-unlocked"),
    ("favourite", "documents-favourite-added"),
    ("unfavourite", "documents-favourite-removed"),
];

fn with_notice(ui: Ui, done: &str) -> Ui {
    match NOTICES.iter().find(|(what, _)| *what == done) {
        Some((_, key)) => ui.with_notice(key),
        None => ui,
    }
}

/// A space's name in the reader's language.
pub fn space_name(ui: &Ui, space: &crate::documents::model::Space) -> String {
    space.name(ui.lang)
}

#[derive(Template)]
#[template(path = "documents.html")]
struct HomePage {
    ui: Ui,
    spaces: Vec<SpaceAccess>,
    shortcuts: crate::documents::service::shortcuts::Shortcuts,
    zone: String,
}

impl HomePage {
    fn name(&self, space: &SpaceAccess) -> String {
        space_name(&self.ui, &space.space)
    }

    fn when(&self, at: &i64) -> String {
        self.ui.moment(*at, &self.zone)
    }

    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }

    /// The share of the quota used, 0–100 (none without a quota).
    fn percent(&self, space: &SpaceAccess) -> Option<i64> {
        space
            .space
            .quota_bytes
            .filter(|q| *q > 0)
            .map(|q| (space.space.used_bytes * 100 / q).min(100))
    }
}

async fn home(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let spaces = access::my_spaces(&state, &user).await?;
    let shortcuts = crate::documents::service::shortcuts::of(&state, &user).await?;
    let ui = ui.with_user(&user);
    Page::render(&HomePage { ui, spaces, shortcuts, zone: user.time_zone.clone() })
}

#[derive(Template)]
#[template(path = "documents_folder.html")]
pub(super) struct FolderPage {
    pub ui: Ui,
    pub access: FolderAccess,
    pub space_name: String,
    pub folders: Vec<Folder>,
    pub documents: Vec<Document>,
    pub zone: String,
    pub now: i64,
    pub share: ShareBox,
}

impl FolderPage {
    fn can_write(&self) -> bool {
        self.access.level.allows(Level::Write)
    }

    /// Those who manage a shared space or folder decide who else may work in it.
    fn can_manage_access(&self) -> bool {
        self.access.level == Level::Manage
            && self.access.space.kind != crate::documents::rights::SpaceKind::Personal
    }

    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }

    fn when(&self, at: impl std::borrow::Borrow<i64>) -> String {
        self.ui.moment(*at.borrow(), &self.zone)
    }

    fn is_locked(&self, document: &Document) -> bool {
        document.lock_holder(self.now).is_some()
    }

    fn is_root(&self) -> bool {
        self.access.folder.parent_id.is_none()
    }

    fn title(&self) -> String {
        if self.is_root() { self.space_name.clone() } else { self.access.folder.name.clone() }
    }
}

pub(super) async fn folder_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &FolderId,
) -> AppResult<Page> {
    let access = access::folder(state, user, id).await?;
    let (folders, documents) = access::contents(state, user, id).await?;
    let ui = ui.with_user(user);
    let may_share = access.level.allows(Level::Write);
    let share = share_box(state, user, Subject::Folder(id), may_share, false).await?;
    let page = FolderPage {
        share,
        space_name: space_name(&ui, &access.space),
        ui: ui.clone(),
        access,
        folders,
        documents,
        zone: user.time_zone.clone(),
        now: state.clock.now_ms(),
    };
    Page::form(&page, &ui)
}

async fn folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: FolderId,
    Query(shown): Query<Shown>,
) -> AppResult<Page> {
    folder_page(&state, with_notice(ui, &shown.done), &user, &id).await
}

#[derive(Template)]
#[template(path = "document.html")]
pub(super) struct DocumentPage {
    pub ui: Ui,
    pub details: read::Details,
    pub space_name: String,
    /// The document's text, for text and Markdown shown in the page.
    pub text: Option<read::TextPreview>,
    pub zone: String,
    pub now: i64,
    pub me: String,
    pub share: ShareBox,
    pub favourite: bool,
}

impl DocumentPage {
    fn document(&self) -> &Document {
        &self.details.access.document
    }

    fn can_write(&self) -> bool {
        self.details.access.folder.level.allows(Level::Write)
    }

    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }

    fn when(&self, at: impl std::borrow::Borrow<i64>) -> String {
        self.ui.moment(*at.borrow(), &self.zone)
    }

    fn versions(&self) -> &[Version] {
        &self.details.versions
    }

    fn is_image(&self) -> bool {
        crate::documents::service::read::shown_inline(&self.document().media_type)
            && self.document().media_type.starts_with("image/")
    }

    fn is_pdf(&self) -> bool {
        self.document().media_type == "application/pdf"
    }

    fn locked_by_other(&self) -> Option<&str> {
        self.document()
            .lock_holder(self.now)
            .filter(|holder| *holder != self.me)
            .map(|_| self.document().locked_by_name.as_str())
    }

    fn locked_by_me(&self) -> bool {
        self.document().lock_holder(self.now) == Some(self.me.as_str())
    }
}

pub(super) async fn document_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &DocumentId,
) -> AppResult<Page> {
    let details = read::details(state, user, id).await?;
    let text = read::text_preview(state, user, &details).await?;
    let ui = ui.with_user(user);
    let may_share = details.access.folder.level.allows(Level::Write);
    let patient = details.access.document.patient_id.is_some();
    let share = share_box(state, user, Subject::Document(id), may_share, patient).await?;
    let favourite = crate::documents::service::shortcuts::is_favourite(state, user, id).await?;
    let page = DocumentPage {
        favourite,
        share,
        space_name: space_name(&ui, &details.access.folder.space),
        ui: ui.clone(),
        details,
        text,
        zone: user.time_zone.clone(),
        now: state.clock.now_ms(),
        me: user.user_id.clone(),
    };
    Page::form(&page, &ui)
}

async fn document(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: DocumentId,
    Query(shown): Query<Shown>,
) -> AppResult<Page> {
    document_page(&state, with_notice(ui, &shown.done), &user, &id).await
}

#[derive(Template)]
#[template(path = "documents_trash.html")]
struct TrashPage {
    ui: Ui,
    space: SpaceAccess,
    space_name: String,
    folders: Vec<Folder>,
    documents: Vec<Document>,
    zone: String,
}

impl TrashPage {
    fn when(&self, at: impl std::borrow::Borrow<Option<i64>>) -> String {
        (*at.borrow()).map(|at| self.ui.moment(at, &self.zone)).unwrap_or_default()
    }

    fn size(&self, bytes: impl std::borrow::Borrow<i64>) -> String {
        super::size_text(self.ui.lang_code(), *bytes.borrow())
    }
}

async fn trash(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: SpaceId,
    Query(shown): Query<Shown>,
) -> AppResult<Page> {
    let space = access::space(&state, &user, &id).await?;
    let reader = state.db.reader();
    let folders = folders::trashed(reader, &id).await?;
    let documents = documents::trashed(reader, &id).await?;
    let ui = with_notice(ui, &shown.done).with_user(&user);
    let page = TrashPage {
        space_name: space_name(&ui, &space.space),
        ui,
        space,
        folders,
        documents,
        zone: user.time_zone.clone(),
    };
    Page::render(&page)
}
