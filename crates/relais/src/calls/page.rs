//! The call page: video tiles, controls and the in-call chat, for a team call, a teleconsultation's
//! professional (with the waiting room) or its guest. `call.js` does the WebRTC; without
//! JavaScript the page says a call needs it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::homecare::model::Patient;
use crate::messaging::conversations;
use crate::state::AppState;
use crate::teleconsultation::model::Consultation;
use crate::web::{CsrfForm, IdPath, Page, Ui, answer};

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
    /// Where the organiser may keep the in-call chat: `conversation` (posted there) or `report`
    /// (attached to the teleconsultation's report form); empty for guests.
    save_to: &'static str,
    /// The conversation or consultation it goes to.
    save_id: String,
    /// The organisation's time zone: the chat's times are written in it, whatever the device's.
    time_zone: String,
    texts: [&'static str; 23],
}

/// What `call.js` says, in the page's language.
const TEXTS: [&str; 23] = [
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
    "call-chat-transcript",
    "call-chat-saved-conversation",
    "call-chat-saved-report",
    "call-chat-save-failed",
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
            save_to: "report",
            save_id: id.clone(),
            time_zone: consultation.time_zone.clone(),
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
            save_to: "",
            save_id: String::new(),
            time_zone: consultation.time_zone.clone(),
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
        save_to: "conversation",
        save_id: id,
        time_zone: crate::org::store::time_zone(state.db.reader(), &user.org_id).await?,
        texts: TEXTS,
    };
    Page::render(&page)
}

#[derive(Deserialize)]
pub struct StartForm {
    urgent: Option<String>,
    #[serde(default)]
    call_urgent_reason: String,
}

/// "Appel vidéo": opens the call and, when nobody is in it yet, tells the conversation with a
/// message to everyone there, so its notifications follow the right to disconnect (held outside
/// working hours) unless the call is urgent, with a reason, from someone allowed to say so.
pub async fn start(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<StartForm>,
) -> AppResult<Response> {
    let (conversation, _) = conversations::joined(&state, &user, &id).await?;
    if conversation.archived_at.is_some() {
        return Err(AppError::NotFound);
    }
    let urgent_reason = form.urgent.is_some().then_some(form.call_urgent_reason);
    let outcome =
        if state.runtime::<super::room::Rooms>()?.count(&format!("conversation:{id}")) == 0 {
            announce(&state, &user, &id, urgent_reason).await
        } else {
            Ok(())
        };
    let next = outcome.map(|()| format!("/messages/{id}/call"));
    answer(next, ui, |ui| {
        crate::messaging::routes::conversation_page(&state, ui, &user, &id, None, String::new())
    })
    .await
}

async fn announce(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: &str,
    urgent_reason: Option<String>,
) -> AppResult<()> {
    let text = format!(
        "@here 📞 {} [{}](/messages/{conversation_id}/call)",
        user.lang.t("call-started"),
        user.lang.t("call-join")
    );
    let text = crate::messaging::text::MessageText::parse(&text)
        .map_err(|_| AppError::Invalid { field: "call", code: "call-announce-failed" })?;
    let urgent = urgent_reason.is_some();
    let draft = crate::messaging::posting::Draft {
        text,
        thread_root_id: None,
        urgent_reason,
        confirm_everyone: true,
        client_key: None,
        attachment: None,
    };
    match crate::messaging::posting::post(state, user, conversation_id, draft).await {
        Ok(_) => Ok(()),
        Err(AppError::Invalid { field: "urgent_reason", code }) => {
            Err(AppError::Invalid { field: "call_urgent_reason", code })
        }
        Err(error) if urgent => Err(error),
        Err(error) => {
            tracing::warn!(%error, "could not announce a call in its conversation");
            Ok(())
        }
    }
}
