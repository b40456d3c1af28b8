//! `/calls/ice` (the ICE servers for the signed-in person) and `/messages/{id}/call/ws`, the
//! signalling socket of a conversation's call, open to its members only.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;

use super::room::Joined;
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
const STRIKES: u32 = 5;
/// A client pings every 20 s; silence this long means it is gone.
const SILENCE_LIMIT: Duration = Duration::from_secs(60);
/// How often a participant's right to be in the call is checked again.
const RECHECK: Duration = Duration::from_secs(15);

/// A call already holds `MAX_PARTICIPANTS` (the other close codes are the platform socket's).
pub const CLOSE_FULL: u16 = 4409;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calls/ice", get(ice))
        .route("/messages/{id}/call", get(super::page::show))
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
    if !crate::events::ws::same_origin(&headers, state.settings.public_url.as_deref()) {
        return Err(AppError::CsrfRejected);
    }
    let (conversation, _) = crate::messaging::conversations::joined(&state, &user, &id).await?;
    if conversation.archived_at.is_some() {
        return Err(AppError::Invalid { field: "call", code: "error-conversation-archived" });
    }
    // Small buffers: a frame is usually a few hundred bytes; an offer grows them when needed.
    let upgrade = upgrade
        .read_buffer_size(4096)
        .write_buffer_size(4096)
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES);
    let conversation_id = id.clone();
    let room = format!("conversation:{id}");
    Ok(upgrade.on_upgrade(move |socket| async move {
        serve(&state, &user, &room, &conversation_id, socket).await;
    }))
}

async fn serve(
    state: &AppState,
    user: &CurrentUser,
    room: &str,
    conversation_id: &str,
    socket: WebSocket,
) {
    let (mut sink, mut stream) = socket.split();
    let Joined { peer, others, mut frames } = match state.calls.join(room, &user.display_name) {
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
    let ice = super::ice::servers(&state.settings.calls, &user.user_id, now_s());
    let welcome = frame("welcome", json!({ "peer": peer, "peers": peers, "ice_servers": ice }));
    let joined = frame("joined", json!({ "peer": peer, "name": user.display_name }));
    state.calls.broadcast(room, &peer, &joined);
    if others.is_empty() {
        announce(state, user, conversation_id).await;
    }
    let mut session = Session { state, user, conversation_id, room, peer: &peer };
    if sink.send(Message::Text(welcome.into())).await.is_ok() {
        session.relay(&mut sink, &mut stream, &mut frames).await;
    }
    state.calls.leave(room, &peer);
    state.calls.broadcast(room, &peer, &frame("left", json!({ "peer": peer })));
}

/// The first one in a call tells the conversation, with a link to join: a message to everyone
/// there, so its notifications follow the usual rules (held outside working hours).
async fn announce(state: &AppState, user: &CurrentUser, conversation_id: &str) {
    let text = format!(
        "@here 📞 {} [{}](/messages/{conversation_id}/call)",
        user.lang.t("call-started"),
        user.lang.t("call-join")
    );
    let Ok(text) = crate::messaging::text::MessageText::parse(&text) else { return };
    let draft = crate::messaging::posting::Draft {
        text,
        thread_root_id: None,
        urgent_reason: None,
        confirm_everyone: true,
        client_key: None,
        attachment: None,
    };
    if let Err(error) = crate::messaging::posting::post(state, user, conversation_id, draft).await {
        tracing::warn!(%error, "could not announce a call in its conversation");
    }
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;
type Stream = futures_util::stream::SplitStream<WebSocket>;

struct Session<'a> {
    state: &'a AppState,
    user: &'a CurrentUser,
    conversation_id: &'a str,
    room: &'a str,
    peer: &'a str,
}

impl Session<'_> {
    /// Relays frames both ways until either side goes.
    async fn relay(
        &mut self,
        sink: &mut Sink,
        stream: &mut Stream,
        frames: &mut tokio::sync::mpsc::Receiver<String>,
    ) {
        let (mut window_start, mut in_window, mut strikes) = (tokio::time::Instant::now(), 0, 0);
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        loop {
            tokio::select! {
                _ = recheck.tick() => {
                    if !self.still_allowed().await {
                        let _ = sink.send(closing(close::SIGNED_OUT, "no longer allowed")).await;
                        return;
                    }
                }
                outgoing = frames.recv() => {
                    let Some(text) = outgoing else { return };
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                incoming = tokio::time::timeout(SILENCE_LIMIT, stream.next()) => {
                    let text = match incoming {
                        Ok(Some(Ok(Message::Text(text)))) => text,
                        Ok(Some(Ok(Message::Binary(_)))) => {
                            let _ = sink.send(closing(close::UNSUPPORTED, "text frames only")).await;
                            return;
                        }
                        Ok(Some(Ok(_))) => continue,
                        _ => return,
                    };
                    if window_start.elapsed() > FLOOD_WINDOW {
                        (window_start, in_window) = (tokio::time::Instant::now(), 0);
                    }
                    in_window += 1;
                    if in_window > FLOOD_LIMIT {
                        let _ = sink.send(closing(close::POLICY, "too many frames")).await;
                        return;
                    }
                    if let Err(code) = self.handle(sink, &text).await {
                        strikes += 1;
                        let error = frame("error", json!({ "code": code }));
                        if strikes >= STRIKES || sink.send(Message::Text(error.into())).await.is_err() {
                            let _ = sink.send(closing(close::POLICY, "too many invalid frames")).await;
                            return;
                        }
                    }
                }
            }
        }
    }

    /// The session is still valid and the person still a member of the conversation.
    async fn still_allowed(&self) -> bool {
        let member =
            crate::messaging::conversations::joined(self.state, self.user, self.conversation_id)
                .await;
        crate::events::ws::session_still_valid(self.state, self.user).await
            && !matches!(member, Err(AppError::Forbidden | AppError::NotFound))
    }

    async fn handle(&mut self, sink: &mut Sink, text: &str) -> Result<(), &'static str> {
        let calls = &self.state.calls;
        match parse(text)? {
            ClientFrame::Signal { to, data } => {
                let relayed = frame("signal", json!({ "from": self.peer, "data": data }));
                calls.send_to(self.room, &to, relayed).map_err(|_| "call-peer-gone")
            }
            ClientFrame::State(peer_state) => {
                let relayed = frame("state", json!({ "from": self.peer, "state": peer_state }));
                calls.broadcast(self.room, self.peer, &relayed);
                Ok(())
            }
            ClientFrame::Chat(line) => {
                let name = &self.user.display_name;
                let relayed =
                    frame("chat", json!({ "from": self.peer, "name": name, "text": line }));
                calls.broadcast(self.room, self.peer, &relayed);
                Ok(())
            }
            ClientFrame::Ping => {
                let _ = sink.send(Message::Text(frame("pong", json!({})).into())).await;
                Ok(())
            }
        }
    }
}
