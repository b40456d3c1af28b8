//! A person's data-protection page: download everything about them, ask the DPO to erase or
//! correct, follow their requests.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::privacy::export::service as exports;
use crate::privacy::model::{Export, ExportId, RequestKind};
use crate::privacy::requests::{self, Opened};
use crate::state::AppState;
use crate::web::{CsrfForm, Done, IdPath, Page, Ui, answer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/privacy", get(show))
        .route("/account/privacy/export", post(ask_export))
        .route("/account/privacy/exports/{id}", get(status))
        .route("/account/privacy/exports/{id}/download", get(download))
        .route("/account/privacy/requests", post(file_request))
}

#[derive(Template)]
#[template(path = "privacy_mine.html")]
struct MinePage {
    ui: Ui,
    exports: Vec<Export>,
    requests: Vec<Opened>,
    kinds: &'static [RequestKind],
    form: RequestForm,
    zone: String,
}

impl MinePage {
    fn when(&self, at: &i64) -> String {
        crate::clock::format_local(*at, &self.zone)
    }

    fn until(&self, at: &Option<i64>) -> String {
        at.map(|at| self.when(&at)).unwrap_or_default()
    }

    fn size(&self, bytes: &Option<i64>) -> String {
        let kib = bytes.unwrap_or_default().max(0) as f64 / 1024.0;
        if kib < 1024.0 { format!("{kib:.0} Kio") } else { format!("{:.1} Mio", kib / 1024.0) }
    }
}

async fn page(state: &AppState, ui: Ui, user: &CurrentUser, form: RequestForm) -> AppResult<Page> {
    let ui = ui.with_user(user);
    let page = MinePage {
        ui: ui.clone(),
        exports: exports::mine(state, user).await?,
        requests: requests::mine(state, user).await?,
        kinds: RequestKind::ALL,
        form,
        zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Page> {
    let ui = ui.with_done(
        &done,
        &[("export", "privacy-export-queued"), ("request", "privacy-request-filed")],
    );
    page(&state, ui, &user, RequestForm::default()).await
}

#[derive(Debug, Default, Deserialize)]
struct Empty {}

async fn ask_export(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let outcome =
        exports::ask(&state, &user).await.map(|_| "/account/privacy?done=export".to_string());
    answer(outcome, ui, |ui| page(&state, ui, &user, RequestForm::default())).await
}

/// An export's progress, for the page's live bar.
#[derive(serde::Serialize)]
struct Status {
    state: &'static str,
    percent: i64,
}

async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Json<Status>> {
    let id = ExportId::parse(&id).ok_or(AppError::NotFound)?;
    let export = exports::one(&state, &user, &id).await?;
    Ok(Json(Status { state: export.state.as_str(), percent: export.percent() }))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Response> {
    let id = ExportId::parse(&id).ok_or(AppError::NotFound)?;
    let (body, size) = exports::download(&state, &user, &id).await?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    let name = format!("attachment; filename=\"relais-mes-donnees-{id}.zip\"");
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&name).map_err(|e| AppError::Internal(e.into()))?,
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size.max(0)));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct RequestForm {
    kind: String,
    details: String,
}

async fn file_request(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> AppResult<Response> {
    let outcome = async {
        let kind = RequestKind::parse(&form.kind)
            .ok_or(AppError::Invalid { field: "kind", code: "privacy-kind-unknown" })?;
        requests::file(&state, &user, kind, &form.details).await?;
        Ok("/account/privacy?done=request".to_string())
    }
    .await;
    answer(outcome, ui, |ui| page(&state, ui, &user, form.clone())).await
}
