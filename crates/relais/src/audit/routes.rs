//! The audit page, for DPOs and administrators: filters, paging, and a JSON Lines download.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::model::Row;
use super::service;
use super::store::{self, Filter};
use crate::auth::CurrentUser;
use crate::clock::{day_start_ms, format_local};
use crate::error::{AppError, AppResult};
use crate::org::Permission;
use crate::state::AppState;
use crate::web::{Page, Ui};

const PAGE_SIZE: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit", get(list)).route("/admin/audit/export", get(export))
}

#[derive(Debug, Default, Deserialize)]
struct AuditQuery {
    #[serde(default)]
    person: String,
    #[serde(default)]
    patient: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    before: Option<i64>,
}

impl AuditQuery {
    /// The filter for this organisation; a field error names the field and its message key.
    async fn filter(
        &self,
        state: &AppState,
        user: &CurrentUser,
    ) -> Result<Filter, (&'static str, &'static str)> {
        let text = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
        for value in [&self.person, &self.patient, &self.action] {
            if value.chars().count() > 254 || value.chars().any(char::is_control) {
                return Err(("action", "field-control-characters"));
            }
        }
        let actor_id = match text(&self.person) {
            Some(email) => {
                let found = crate::auth::store::credentials_by_email(
                    state.db.reader(),
                    &email.to_lowercase(),
                )
                .await
                .map_err(|_| ("person", "person-unknown"))?
                .filter(|c| c.org_id == user.org_id)
                .ok_or(("person", "person-unknown"))?;
                Some(found.user_id)
            }
            None => None,
        };
        let day = |value: &str, after| match text(value) {
            Some(day) => day_start_ms(&day, after).map(Some).map_err(|_| "date-invalid"),
            None => Ok(None),
        };
        Ok(Filter {
            org_id: Some(user.org_id.clone()),
            actor_id,
            patient_id: text(&self.patient),
            action: text(&self.action),
            from_ms: day(&self.from, 0).map_err(|code| ("from", code))?,
            to_ms: day(&self.to, 1).map_err(|code| ("to", code))?,
            before_seq: self.before,
            ..Filter::default()
        })
    }

    /// The query string of the next page.
    fn next_page(&self, before: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("person", &self.person),
            ("patient", &self.patient),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        query.append_pair("before", &before.to_string());
        query.finish()
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    ui: Ui,
    query: AuditQuery,
    rows: Vec<Row>,
    next: Option<String>,
    time_zone: String,
}

impl AuditPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> AppResult<Page> {
    user.require(Permission::SeeAudit)?;
    let ui = ui.with_user(&user);
    let (ui, rows) = match query.filter(&state, &user).await {
        Ok(filter) => {
            service::record_consultation(&state, &user, "audit.read", &filter).await?;
            (ui, store::search(state.db.reader(), &filter, PAGE_SIZE + 1, false).await?)
        }
        Err((field, code)) => (ui.with_error(field, code), Vec::new()),
    };
    let mut rows = rows;
    let next = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|row| query.next_page(row.seq))
    } else {
        None
    };
    let page = AuditPage { ui: ui.clone(), query, rows, next, time_zone: user.time_zone.clone() };
    Page::form(&page, &ui)
}

async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> AppResult<Response> {
    user.require(Permission::SeeAudit)?;
    let mut filter = query
        .filter(&state, &user)
        .await
        .map_err(|(field, code)| AppError::Invalid { field, code })?;
    filter.before_seq = None;
    service::record_consultation(&state, &user, "audit.export", &filter).await?;
    let mut body = Vec::new();
    service::export(&state.db, filter, &mut body).await.map_err(AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"relais-audit.jsonl\""),
        ],
        body,
    )
        .into_response())
}
