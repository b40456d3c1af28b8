//! The creator's pages for share links: make one from a document's or a folder's page (the
//! address and password shown once), the list of one's links (every link for an
//! administrator), revoke.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::pages::{document_page, folder_page};
use crate::auth::CurrentUser;
use crate::documents::links::service::{self, Asked, Made, Subject};
use crate::documents::links::{LinkId, LinkState, ShareLink};
use crate::documents::model::{DocumentId, FolderId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/documents/links", get(list))
        .route("/documents/links/{id}/revoke", post(revoke))
        .route("/documents/{id}/links", post(share_document))
        .route("/documents/folders/{id}/links", post(share_folder))
}

#[derive(Debug, Default, Deserialize)]
struct LinkForm {
    #[serde(default)]
    until: String,
    #[serde(default)]
    max_downloads: String,
    drop_box: Option<String>,
    #[serde(default)]
    reason: String,
}

impl LinkForm {
    fn asked(&self) -> Asked<'_> {
        Asked {
            until: &self.until,
            max_downloads: &self.max_downloads,
            drop_box: self.drop_box.is_some(),
            reason: &self.reason,
        }
    }
}

#[derive(Template)]
#[template(path = "documents_link_made.html")]
struct MadePage {
    ui: Ui,
    made: Made,
    address: String,
    what: String,
    back: String,
    until: String,
}

async fn made_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    headers: &HeaderMap,
    made: Made,
    back: String,
) -> AppResult<Response> {
    let ui = ui.with_user(user);
    let link = crate::documents::links::store::find(state.db.reader(), &user.org_id, &made.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = MadePage {
        address: format!("{}{}", crate::web::base_url(state, headers), made.path),
        until: ui.moment(made.expires_at - 1, &user.time_zone),
        what: link.subject_name,
        made,
        back,
        ui,
    };
    // Shown once: never kept by the browser's cache.
    let headers = [(axum::http::header::CACHE_CONTROL, "no-store")];
    Ok((headers, Page::render(&page)?).into_response())
}

async fn share_document(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    id: DocumentId,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> AppResult<Response> {
    match service::make(&state, &user, Subject::Document(&id), &form.asked()).await {
        Ok(made) => made_page(&state, ui, &user, &headers, made, format!("/documents/{id}")).await,
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code);
            Ok(document_page(&state, ui, &user, &id).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

async fn share_folder(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    id: FolderId,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> AppResult<Response> {
    match service::make(&state, &user, Subject::Folder(&id), &form.asked()).await {
        Ok(made) => {
            let back = format!("/documents/folders/{id}");
            made_page(&state, ui, &user, &headers, made, back).await
        }
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code);
            Ok(folder_page(&state, ui, &user, &id).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "documents_links.html")]
struct ListPage {
    ui: Ui,
    links: Vec<ShareLink>,
    all: bool,
    may_see_all: bool,
    zone: String,
    now: i64,
}

impl ListPage {
    fn when(&self, at: impl std::borrow::Borrow<i64>) -> String {
        self.ui.moment(*at.borrow(), &self.zone)
    }

    fn state(&self, link: &ShareLink) -> LinkState {
        link.state(self.now)
    }

    fn state_text(&self, link: &ShareLink) -> String {
        self.ui.t(link.state(self.now).badge_key())
    }

    fn downloads(&self, link: &ShareLink) -> String {
        match link.max_downloads {
            Some(max) => format!("{} / {max}", link.downloads),
            None => link.downloads.to_string(),
        }
    }

    fn target(&self, link: &ShareLink) -> String {
        match (&link.document_id, &link.folder_id) {
            (Some(id), _) => format!("/documents/{id}"),
            (None, Some(id)) => format!("/documents/folders/{id}"),
            (None, None) => "/documents".to_string(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    all: String,
    #[serde(default)]
    done: String,
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> AppResult<Page> {
    let may_see_all = service::sees_all(&user);
    let all = may_see_all && query.all == "1";
    let links = service::list(&state, &user, all).await?;
    let ui = if query.done == "revoked" { ui.with_notice("links-revoked") } else { ui };
    let page = ListPage {
        ui: ui.with_user(&user),
        links,
        all,
        may_see_all,
        zone: user.time_zone.clone(),
        now: state.clock.now_ms(),
    };
    Page::render(&page)
}

#[derive(Debug, Default, Deserialize)]
struct RevokeForm {
    #[serde(default)]
    back: String,
}

async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    id: LinkId,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> AppResult<Redirect> {
    service::revoke(&state, &user, &id).await?;
    // Back to the page the form was on, when it is one of ours.
    let back = if form.back.starts_with("/documents/") && !form.back.contains("//") {
        format!("{}?done=revoked", form.back.split('?').next().unwrap_or("/documents/links"))
    } else {
        "/documents/links?done=revoked".to_string()
    };
    Ok(Redirect::to(&back))
}
