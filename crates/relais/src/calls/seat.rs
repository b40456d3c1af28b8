//! Who holds a call socket and what that allows: a member of a conversation (a team call), the
//! professional hosting a teleconsultation (sees the waiting room, admits), or a guest with a pass
//! (waits until admitted, and only ever reaches the room of their own consultation).

use axum::extract::ws::{Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;

use super::room::Rooms;
use super::signal::{ClientFrame, frame, parse};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::events::ws::{close, closing};
use crate::state::AppState;
use crate::teleconsultation::model::{Consultation, Guest, who};
use crate::teleconsultation::{guest, service, store};

pub type Sink = SplitSink<WebSocket, Message>;
pub type Stream = SplitStream<WebSocket>;

pub enum Seat {
    Member {
        user: CurrentUser,
        conversation_id: String,
    },
    Host {
        user: CurrentUser,
        consultation: Consultation,
    },
    /// `label` is how others see the guest: the name they gave, else their role.
    Guest {
        guest: Guest,
        consultation: Consultation,
        link: String,
        pass: String,
        label: String,
    },
}

impl Seat {
    pub fn room(&self) -> String {
        match self {
            Seat::Member { conversation_id, .. } => format!("conversation:{conversation_id}"),
            Seat::Host { consultation, .. } | Seat::Guest { consultation, .. } => {
                service::room(&consultation.id)
            }
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Seat::Member { user, .. } | Seat::Host { user, .. } => &user.display_name,
            Seat::Guest { label, .. } => label,
        }
    }

    /// Who holds the seat, across reconnections: whom TURN credentials are issued to, and how
    /// the room knows its organiser.
    pub fn identity(&self) -> String {
        match self {
            Seat::Member { user, .. } | Seat::Host { user, .. } => user.user_id.clone(),
            Seat::Guest { guest, .. } => format!("guest-{}", guest.id),
        }
    }

    pub fn is_host(&self) -> bool {
        matches!(self, Seat::Host { .. })
    }

    /// The teleconsultation and how its log names this participant (none in a team call).
    pub fn logged_as(&self) -> Option<(&Consultation, String)> {
        match self {
            Seat::Member { .. } => None,
            Seat::Host { user, consultation } => {
                Some((consultation, who("professional", &user.display_name)))
            }
            Seat::Guest { guest, consultation, .. } => Some((consultation, guest.who())),
        }
    }

    /// The session, membership or pass still holds, and the consultation is still to be held.
    pub async fn still_allowed(&self, state: &AppState) -> bool {
        match self {
            Seat::Member { user, conversation_id } => {
                let member =
                    crate::messaging::conversations::joined(state, user, conversation_id).await;
                crate::events::ws::session_still_valid(state, user).await
                    && !matches!(member, Err(AppError::Forbidden | AppError::NotFound))
            }
            Seat::Host { user, consultation } => {
                crate::events::ws::session_still_valid(state, user).await
                    && service::hosted(state, user, &consultation.id).await.is_ok()
            }
            Seat::Guest { link, pass, .. } => guest::seated(state, link, Some(pass)).await.is_ok(),
        }
    }

    /// Logs an arrival: "joined", or "reconnected" after a drop (a guest's admission is logged
    /// when it happens).
    pub async fn log_arrival(&self, state: &AppState) {
        let Some((consultation, who)) = self.logged_as() else { return };
        let events = store::events_of(state.db.reader(), &consultation.id).await;
        let last = events.ok().and_then(|events| events.into_iter().rev().find(|e| e.who == who));
        let kind = match last.as_ref().map(|e| e.kind.as_str()) {
            Some("dropped") => "reconnected",
            Some("admitted") => return,
            _ => "joined",
        };
        service::log_event(state, &consultation.org_id, &consultation.id, kind, &who).await;
    }

    /// Logs a departure: "left" on purpose, else "dropped" (network, closed tab, crash).
    pub async fn log_departure(&self, state: &AppState, on_purpose: bool) {
        let Some((consultation, who)) = self.logged_as() else { return };
        let kind = if on_purpose { "left" } else { "dropped" };
        service::log_event(state, &consultation.org_id, &consultation.id, kind, &who).await;
    }

    /// Logs, once per socket, that the call went on with sound only.
    pub async fn log_audio_only(&self, state: &AppState) {
        if let Some((consultation, who)) = self.logged_as() {
            service::log_event(state, &consultation.org_id, &consultation.id, "audio_only", &who)
                .await;
        }
    }

    /// A host's own frames: confirming consent and admitting a waiting guest.
    pub async fn host_frame(
        &self,
        state: &AppState,
        sink: &mut Sink,
        frame_sent: ClientFrame,
    ) -> Result<(), &'static str> {
        let Seat::Host { user, consultation } = self else { return Err("call-frame-type") };
        let rooms = Rooms::of(state).ok_or("call-unavailable")?;
        let room = self.room();
        match frame_sent {
            ClientFrame::Consent => {
                service::confirm_consent(state, user, &consultation.id).await.map_err(code)?;
                let _ = sink.send(Message::Text(frame("consented", json!({})).into())).await;
            }
            ClientFrame::Admit { guest } => {
                if !rooms.waiting(&room).iter().any(|(id, _, _)| *id == guest) {
                    return Err("call-peer-gone");
                }
                service::admit(state, user, &consultation.id, &guest).await.map_err(code)?;
                rooms.admit(&room, &guest);
            }
            _ => return Err("call-frame-type"),
        }
        Ok(())
    }
}

fn code(error: AppError) -> &'static str {
    match error {
        AppError::Invalid { code, .. } => code,
        _ => "call-not-allowed",
    }
}

/// Who waits in `room`, for its hosts.
pub fn lobby(state: &AppState, room: &str) -> String {
    let Some(rooms) = Rooms::of(state) else { return frame("lobby", json!({ "waiting": [] })) };
    let waiting: Vec<_> = rooms
        .waiting(room)
        .into_iter()
        .map(|(guest, name, role)| json!({ "guest": guest, "name": name, "role": role }))
        .collect();
    frame("lobby", json!({ "waiting": waiting }))
}

/// Keeps a guest in the waiting room until a host admits them (true), or they go (false).
pub async fn wait_for_admission(
    state: &AppState,
    seat: &Seat,
    sink: &mut Sink,
    stream: &mut Stream,
) -> bool {
    let Seat::Guest { guest, link, .. } = seat else { return true };
    let Some(rooms) = Rooms::of(state) else { return false };
    let room = seat.room();
    let bell = rooms.wait(&room, &guest.id, &guest.name, guest.role.as_str());
    rooms.tell_hosts(&room, &lobby(state, &room));
    let mut admitted = sink.send(Message::Text(frame("waiting", json!({})).into())).await.is_ok()
        && wait(state, seat, &bell, sink, stream).await;
    rooms.stop_waiting(&room, &guest.id);
    rooms.tell_hosts(&room, &lobby(state, &room));
    if admitted {
        // The admission is in the database before the bell rings; read it back to be sure.
        admitted = guest::by_link(state, link)
            .await
            .is_ok_and(|found| found.row.guest.admitted_at.is_some());
    }
    admitted
}

async fn wait(
    state: &AppState,
    seat: &Seat,
    bell: &tokio::sync::Notify,
    sink: &mut Sink,
    stream: &mut Stream,
) -> bool {
    let mut recheck = tokio::time::interval(super::routes::RECHECK);
    recheck.tick().await;
    let mut strikes = 0;
    loop {
        tokio::select! {
            () = bell.notified() => return true,
            _ = recheck.tick() => {
                if !seat.still_allowed(state).await {
                    let _ = sink.send(closing(close::SIGNED_OUT, "no longer allowed")).await;
                    return false;
                }
            }
            incoming = tokio::time::timeout(super::routes::SILENCE_LIMIT, stream.next()) => {
                let Ok(Some(Ok(message))) = incoming else { return false };
                let Message::Text(text) = message else { continue };
                let reply = match parse(&text) {
                    Ok(ClientFrame::Ping) => frame("pong", json!({})),
                    Ok(ClientFrame::Leave) => return false,
                    _ => {
                        strikes += 1;
                        if strikes >= super::routes::STRIKES {
                            let _ = sink.send(closing(close::POLICY, "not admitted yet")).await;
                            return false;
                        }
                        frame("error", json!({ "code": "call-waiting" }))
                    }
                };
                if sink.send(Message::Text(reply.into())).await.is_err() {
                    return false;
                }
            }
        }
    }
}
