//! The call page: video tiles, controls and the in-call chat, for a team call, a teleconsultation's
//! professional (with the waiting room) or its guest. `call.js` does the WebRTC; without
//! JavaScript the page says a call needs it.

use askama::Template;
use axum::extract::State;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::model::Patient;
use crate::messaging::conversations;
use crate::state::AppState;
use crate::teleconsultation::model::Consultation;
use crate::web::{IdPath, Page, Ui};

#[derive(Template)]
#[template(path = "call.html")]
pub struct CallPage {
    ui: Ui,
    title: String,
    /// The signalling socket's path.
    socket: String,
    /// Where "leave" goes.
    leave: String,
    /// `member`, `host` or `guest`.
    seat: &'static str,
    texts: [&'static str; 19],
}

/// What `call.js` says, in the page's language.
const TEXTS: [&str; 19] = [
    "call-connected",
    "call-reconnecting",
    "call-full",
    "call-media-refused",
    "call-audio-only",
    "call-joined",
    "call-left",
    "call-quality-good",
    "call-quality-poor",
    "call-hand-raised",
    "call-waiting",
    "call-admit",
    "call-nobody-waiting",
    "call-link-locked",
    "call-consent-first",
    "call-ended",
    "teleconsultation-role-patient",
    "teleconsultation-role-carer",
    "teleconsultation-role-interpreter",
];

impl CallPage {
    pub fn host(ui: Ui, consultation: &Consultation, patient: &Patient) -> Self {
        let id = &consultation.id;
        Self {
            title: format!("{} — {}", ui.t("teleconsultation-title"), patient.full_name()),
            ui,
            socket: format!("/teleconsultations/{id}/call/ws"),
            leave: format!("/teleconsultations/{id}"),
            seat: "host",
            texts: TEXTS,
        }
    }

    pub fn guest(ui: Ui, link: &str, consultation: &Consultation) -> Self {
        let title =
            format!("{} — {}", ui.t("teleconsultation-title"), consultation.professional_name);
        Self {
            ui,
            title,
            socket: format!("/visio/{link}/ws"),
            leave: format!("/visio/{link}"),
            seat: "guest",
            texts: TEXTS,
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let (conversation, _) = conversations::joined(&state, &user, &id).await?;
    if conversation.archived_at.is_some() {
        return Err(AppError::NotFound);
    }
    let title = conversations::list(&state, &user)
        .await?
        .into_iter()
        .find(|summary| summary.conversation.id == id)
        .map(|summary| summary.title)
        .unwrap_or(conversation.name);
    let ui = ui.with_user(&user);
    let title = format!("{} — {title}", ui.t("call-title"));
    let page = CallPage {
        ui,
        title,
        socket: format!("/messages/{id}/call/ws"),
        leave: format!("/messages/{id}"),
        seat: "member",
        texts: TEXTS,
    };
    Page::render(&page)
}
