//! The notification list, the menu badge, and one's choice of e-mail digests.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::Clock;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::messaging::store::digest;
use crate::messaging::store::notifications::NotificationRow;
use crate::messaging::{conversations, notifications};
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui};

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ui: Ui,
    items: Vec<(NotificationRow, String, i64)>,
    clock: Clock,
    /// Whether this server sends e-mail at all.
    mail_configured: bool,
    digest_wanted: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    saved: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> AppResult<Page> {
    let titles: std::collections::HashMap<String, String> = conversations::list(&state, &user)
        .await?
        .into_iter()
        .map(|s| (s.conversation.id, s.title))
        .collect();
    let items = notifications::list(&state, &user)
        .await?
        .into_iter()
        .map(|n| {
            let title = titles.get(&n.conversation_id).cloned().unwrap_or_default();
            let at = n.delivered_at.unwrap_or(n.created_at);
            (n, title, at)
        })
        .collect();
    let mut ui = ui.with_user(&user);
    if query.saved.is_some() {
        ui = ui.with_notice("digest-preference-saved");
    }
    Page::render(&NotificationsPage {
        ui,
        items,
        clock: Clock::of(&state, &user),
        mail_configured: state.settings.smtp_url().is_some(),
        digest_wanted: digest::wanted(state.db.reader(), &user.user_id).await?,
    })
}

/// The badge of the menu: how many delivered notifications are unread (for `app.js`).
pub async fn unread_count(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<axum::Json<serde_json::Value>> {
    let unread = notifications::unread_count(&state, &user).await?;
    Ok(axum::Json(serde_json::json!({ "unread": unread })))
}

#[derive(Deserialize)]
pub struct DigestForm {
    /// Present (any value) when the box is ticked; a form leaves an unticked box out.
    digest: Option<String>,
}

pub async fn set_digest(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DigestForm>,
) -> AppResult<Redirect> {
    digest::set_wanted(state.db.writer(), &user.user_id, form.digest.is_some()).await?;
    Ok(Redirect::to("/notifications?saved=digest"))
}
