//! `/calls/ice` (the ICE servers for the signed-in person) and `/messages/{id}/call/ws`, the
//! signalling socket of a conversation's call, open to its members only; [`open`] serves every
//! kind of call socket (teleconsultations too).

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;

use super::room::{Joined, Rooms};
use super::seat::{Seat, Sink, Stream, lobby, wait_for_admission};
use super::signal::{ClientFrame, frame, parse};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::events::ws::{close, closing};
use crate::state::AppState;
use crate::web::IdPath;

/// An SDP offer with every codec and candidate fits well within this.
const MAX_FRAME_BYTES: usize = 64 * 1024;
/// ICE candidates come in bursts; a client may send this many frames per window.
const FLOOD_LIMIT: u32 = 300;
const FLOOD_WINDOW: Duration = Duration::from_secs(10);
/// Refused frames tolerated before the socket is closed.
pub const STRIKES: u32 = 5;
/// A client pings every 20 s; silence this long means it is gone.
pub const SILENCE_LIMIT: Duration = Duration::from_secs(60);
/// How often a participant's right to be in the call is checked again.
pub const RECHECK: Duration = Duration::from_secs(15);

/// A call already holds `MAX_PARTICIPANTS` (the other close codes are the platform socket's).
pub const CLOSE_FULL: u16 = 4409;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calls/ice", get(ice))
        .route("/messages/{id}/call", get(super::page::show).post(super::page::start))
        .route("/messages/{id}/call/ws", get(connect))
}

async fn ice(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<axum::Json<serde_json::Value>> {
    let servers = super::ice::servers(&state.settings.calls, &user.user_id, now_s());
    Ok(axum::Json(json!({ "ice_servers": servers })))
}

fn now_s() -> i64 {
    crate::clock::now_ms() / 1000
}

async fn connect(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    let (conversation, _) = crate::messaging::conversations::joined(&state, &user, &id).await?;
    if conversation.archived_at.is_some() {
        return Err(AppError::Invalid { field: "call", code: "error-conversation-archived" });
    }
    open(state, &headers, upgrade, Seat::Member { user, conversation_id: id })
}

/// Opens a call socket for `seat`, from this site's own pages only.
pub fn open(
    state: AppState,
    headers: &HeaderMap,
    upgrade: WebSocketUpgrade,
    seat: Seat,
) -> AppResult<Response> {
    if !crate::events::ws::same_origin(headers, state.settings.public_url.as_deref()) {
        return Err(AppError::CsrfRejected);
    }
    // Small buffers: a frame is usually a few hundred bytes; an offer grows them when needed.
    let upgrade = upgrade
        .read_buffer_size(4096)
        .write_buffer_size(4096)
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES);
    Ok(upgrade.on_upgrade(move |socket| async move { serve(&state, &seat, socket).await }))
}

async fn serve(state: &AppState, seat: &Seat, socket: WebSocket) {
    let Some(rooms) = Rooms::of(state) else { return };
    let (mut sink, mut stream) = socket.split();
    let waits = matches!(seat, Seat::Guest { guest, .. } if guest.admitted_at.is_none());
    if waits && !wait_for_admission(state, seat, &mut sink, &mut stream).await {
        return;
    }
    let room = seat.room();
    let identity = seat.identity();
    let Joined { peer, organiser, others, mut frames } =
        match rooms.join(&room, seat.name(), &identity, seat.is_host()) {
            Ok(joined) => joined,
            Err(_) => {
                let _ = sink
                    .send(Message::Text(frame("error", json!({ "code": "call-full" })).into()))
                    .await;
                let _ = sink.send(closing(CLOSE_FULL, "full")).await;
                return;
            }
        };
    let peers: Vec<_> =
        others.iter().map(|(id, name)| json!({ "peer": id, "name": name })).collect();
    let ice = super::ice::servers(&state.settings.calls, &identity, now_s());
    let welcome = frame(
        "welcome",
        json!({ "peer": peer, "peers": peers, "ice_servers": ice, "organiser": organiser }),
    );
    // The log is written before the others hear of an arrival or a departure, so that whoever
    // reacts to it (a reconnection, a report) finds it in the log.
    seat.log_arrival(state).await;
    let joined = frame("joined", json!({ "peer": peer, "name": seat.name() }));
    rooms.broadcast(&room, &peer, &joined);
    let mut session = Session { state, seat, room: &room, peer: &peer, audio_only: false };
    let mut on_purpose = false;
    if sink.send(Message::Text(welcome.into())).await.is_ok() {
        if let Seat::Host { consultation, .. } = seat {
            let _ = sink.send(Message::Text(lobby(state, &room).into())).await;
            if consultation.professional_consent_at.is_some() {
                let _ = sink.send(Message::Text(frame("consented", json!({})).into())).await;
            }
        }
        on_purpose = session.relay(&mut sink, &mut stream, &mut frames).await;
    }
    seat.log_departure(state, on_purpose).await;
    rooms.leave(&room, &peer);
    rooms.broadcast(&room, &peer, &frame("left", json!({ "peer": peer })));
}

struct Session<'a> {
    state: &'a AppState,
    seat: &'a Seat,
    room: &'a str,
    peer: &'a str,
    audio_only: bool,
}

impl Session<'_> {
    /// Relays frames both ways until either side goes; true when the participant left on purpose
    /// (or was told to go), false when the connection dropped.
    async fn relay(
        &mut self,
        sink: &mut Sink,
        stream: &mut Stream,
        frames: &mut tokio::sync::mpsc::Receiver<String>,
    ) -> bool {
        let (mut window_start, mut in_window, mut strikes) = (tokio::time::Instant::now(), 0, 0);
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        loop {
            tokio::select! {
                _ = recheck.tick() => {
                    if !self.seat.still_allowed(self.state).await {
                        let _ = sink.send(closing(close::SIGNED_OUT, "no longer allowed")).await;
                        return true;
                    }
                }
                outgoing = frames.recv() => {
                    let Some(text) = outgoing else { return false };
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        return false;
                    }
                }
                incoming = tokio::time::timeout(SILENCE_LIMIT, stream.next()) => {
                    let text = match incoming {
                        Ok(Some(Ok(Message::Text(text)))) => text,
                        Ok(Some(Ok(Message::Binary(_)))) => {
                            let _ = sink.send(closing(close::UNSUPPORTED, "text frames only")).await;
                            return true;
                        }
                        Ok(Some(Ok(_))) => continue,
                        _ => return false,
                    };
                    if window_start.elapsed() > FLOOD_WINDOW {
                        (window_start, in_window) = (tokio::time::Instant::now(), 0);
                    }
                    in_window += 1;
                    if in_window > FLOOD_LIMIT {
                        let _ = sink.send(closing(close::POLICY, "too many frames")).await;
                        return true;
                    }
                    match self.handle(sink, &text).await {
                        Ok(Handled::Leave) => return true,
                        Ok(Handled::Relayed) => {}
                        Err(code) => {
                            strikes += 1;
                            let error = frame("error", json!({ "code": code }));
                            if strikes >= STRIKES || sink.send(Message::Text(error.into())).await.is_err() {
                                let _ = sink.send(closing(close::POLICY, "too many invalid frames")).await;
                                return true;
                            }
                        }
                    }
                }
            }
        }
    }

    async fn handle(&mut self, sink: &mut Sink, text: &str) -> Result<Handled, &'static str> {
        let calls = Rooms::of(self.state).ok_or("call-unavailable")?;
        match parse(text)? {
            ClientFrame::Signal { to, data } => {
                let relayed = frame("signal", json!({ "from": self.peer, "data": data }));
                calls.send_to(self.room, &to, relayed).map_err(|_| "call-peer-gone")?;
            }
            ClientFrame::State(peer_state) => {
                if peer_state.audio_only && !self.audio_only {
                    self.audio_only = true;
                    self.seat.log_audio_only(self.state).await;
                }
                let relayed = frame("state", json!({ "from": self.peer, "state": peer_state }));
                calls.broadcast(self.room, self.peer, &relayed);
            }
            ClientFrame::Chat(line) => {
                let name = self.seat.name();
                let relayed =
                    frame("chat", json!({ "from": self.peer, "name": name, "text": line }));
                calls.broadcast(self.room, self.peer, &relayed);
            }
            ClientFrame::Ping => {
                let _ = sink.send(Message::Text(frame("pong", json!({})).into())).await;
            }
            ClientFrame::Leave => return Ok(Handled::Leave),
            host_only @ (ClientFrame::Consent | ClientFrame::Admit { .. }) => {
                self.seat.host_frame(self.state, sink, host_only).await?;
            }
        }
        Ok(Handled::Relayed)
    }
}

enum Handled {
    Relayed,
    Leave,
}
