//! `/ws`: live events for the signed-in person, resumable after a reconnect.
//!
//! Server → client (JSON text frames): `{"type":"hello","last_event_id":N}` once, then
//! `{"type":"event",…}` in id order, `{"type":"resync"}` when a resume point is too old, and
//! `{"type":"pong"}`. Client → server: `{"type":"ping"}` only. A client resumes with
//! `/ws?last_event_id=N` and gets every event after N it may see — no gap, no duplicate.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;

use super::{Audience, Event, Listener, Membership, outbox};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const MAX_MESSAGE_BYTES: usize = 4096;
const BUFFER_BYTES: usize = 4096;
const HEARTBEAT: Duration = Duration::from_secs(20);
const SILENCE_LIMIT: Duration = Duration::from_secs(60);
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// A client may send this many frames per `FLOOD_WINDOW` (it needs one ping now and then).
const FLOOD_LIMIT: u32 = 30;
const FLOOD_WINDOW: Duration = Duration::from_secs(10);

/// Close codes clients can act on.
pub mod close {
    pub const UNSUPPORTED: u16 = 1003;
    pub const INVALID: u16 = 1007;
    pub const POLICY: u16 = 1008;
    pub const TOO_BIG: u16 = 1009;
    pub const SIGNED_OUT: u16 = 4401;
    pub const BAD_RESUME: u16 = 4400;
    pub const TOO_SLOW: u16 = 4408;
}

pub fn router() -> Router<AppState> {
    Router::new().route("/ws", get(connect))
}

/// Open connections per person and per address, to cap them.
#[derive(Default)]
pub struct Connections {
    counts: Mutex<(HashMap<String, usize>, HashMap<IpAddr, usize>)>,
}

/// Held for the life of a connection; frees its place when dropped.
pub struct Permit {
    registry: Arc<Connections>,
    user_id: String,
    ip: IpAddr,
}

impl Connections {
    pub fn acquire(
        self: &Arc<Self>,
        user_id: &str,
        ip: IpAddr,
        per_user: usize,
        per_ip: usize,
    ) -> Option<Permit> {
        let mut counts = self.counts.lock().ok()?;
        let user_count = counts.0.get(user_id).copied().unwrap_or(0);
        let ip_count = counts.1.get(&ip).copied().unwrap_or(0);
        if user_count >= per_user || ip_count >= per_ip {
            return None;
        }
        *counts.0.entry(user_id.to_string()).or_default() += 1;
        *counts.1.entry(ip).or_default() += 1;
        Some(Permit { registry: self.clone(), user_id: user_id.to_string(), ip })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.counts.lock().map(|counts| counts.0.values().sum()).unwrap_or(0)
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Ok(mut counts) = self.registry.counts.lock() {
            decrement(&mut counts.0, &self.user_id);
            decrement(&mut counts.1, &self.ip);
        }
    }
}

fn decrement<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, usize>, key: &K) {
    if let Some(count) = map.get_mut(key) {
        *count -= 1;
        if *count == 0 {
            map.remove(key);
        }
    }
}

#[derive(Deserialize)]
struct ResumeQuery {
    last_event_id: Option<String>,
}

async fn connect(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Query(query): Query<ResumeQuery>,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    if !same_origin(&headers, state.settings.public_url.as_deref()) {
        return Err(AppError::CsrfRejected);
    }
    let resume = match query.last_event_id.as_deref() {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i64>().ok().filter(|id| *id >= 0).ok_or_else(|| {
            AppError::BadRequest("last_event_id must be a non-negative integer".into())
        })?),
    };
    let limits = &state.settings.websocket;
    let permit = state
        .connections
        .acquire(&user.user_id, user.client.ip, limits.max_per_user, limits.max_per_ip)
        .ok_or(AppError::TooManyRequests { retry_after_secs: 5 })?;
    // Small buffers: thousands of mostly idle connections must stay cheap (frames are small).
    let upgrade = upgrade
        .read_buffer_size(BUFFER_BYTES)
        .write_buffer_size(BUFFER_BYTES)
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES);
    Ok(upgrade.on_upgrade(move |socket| async move {
        serve(state, user, resume, socket).await;
        drop(permit);
    }))
}

/// Browsers always send `Origin` on WebSocket requests; it must be this server.
pub fn same_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let matches_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| !host.is_empty() && rest == host);
    matches_host || public_url.is_some_and(|url| url.trim_end_matches('/') == origin)
}

fn frame(kind: &str, extra: serde_json::Value) -> Message {
    let mut value = serde_json::json!({ "type": kind });
    if let (Some(object), serde_json::Value::Object(extra)) = (value.as_object_mut(), extra) {
        object.extend(extra);
    }
    Message::Text(value.to_string().into())
}

fn event_frame(event: &Event) -> Message {
    frame(
        "event",
        serde_json::json!({ "id": event.id, "at": event.at, "kind": event.kind, "payload": event.payload }),
    )
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

/// Sends one message; false when the client is gone or too slow to take it.
async fn send(sink: &mut Sink, message: Message) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(message)).await, Ok(Ok(())))
}

/// A close frame with its code and reason.
pub fn closing(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

async fn serve(state: AppState, user: CurrentUser, resume: Option<i64>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    // Subscribe first, then read the backlog: nothing falls between the two.
    let groups: std::collections::HashSet<String> =
        match state.groups.of(&state, &user.org_id, &user.user_id).await {
            Ok(groups) => groups.iter().map(ToString::to_string).collect(),
            Err(error) => {
                tracing::warn!(%error, "reading a WebSocket client's groups failed");
                return;
            }
        };
    let audiences = [Audience::org(&user.org_id), Audience::user(&user.user_id)]
        .iter()
        .map(ToString::to_string)
        .chain(groups.iter().cloned())
        .collect::<Vec<_>>();
    let mut live = state.hub.subscribe(audiences);
    let mut listener =
        Listener { org_id: user.org_id.clone(), user_id: user.user_id.clone(), groups };
    let delivered = state.hub.last_delivered();
    let mut last_sent = delivered;
    if let Some(resume) = resume {
        match catch_up(&state, &mut listener, resume, delivered).await {
            Ok(CatchUp::Events(events)) => {
                for event in events {
                    if !send(&mut sink, event_frame(&event)).await {
                        return;
                    }
                }
            }
            Ok(CatchUp::Resync) => {
                if !send(&mut sink, frame("resync", serde_json::json!({}))).await {
                    return;
                }
            }
            Ok(CatchUp::FromTheFuture) => {
                let _ =
                    send(&mut sink, closing(close::BAD_RESUME, "resume id is ahead of the server"))
                        .await;
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "catching up a WebSocket client failed");
                return;
            }
        }
    }
    if !send(&mut sink, frame("hello", serde_json::json!({ "last_event_id": last_sent }))).await {
        return;
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = tokio::time::Instant::now();
    let (mut window_start, mut frames_in_window) = (last_heard, 0u32);
    loop {
        tokio::select! {
            received = live.events.recv() => match received {
                Some(event) => {
                    if event.id <= last_sent {
                        continue;
                    }
                    last_sent = event.id;
                    match listener.follow(&event) {
                        Some(Membership::Joined(group)) => live.add(&group),
                        Some(Membership::Left(group)) => live.remove(&group),
                        None => {}
                    }
                    if listener.sees(&event) && !send(&mut sink, event_frame(&event)).await {
                        return;
                    }
                }
                None => {
                    let _ = send(&mut sink, closing(close::TOO_SLOW, "too slow: reconnect with last_event_id")).await;
                    return;
                }
            },
            incoming = stream.next() => {
                last_heard = tokio::time::Instant::now();
                if last_heard.duration_since(window_start) > FLOOD_WINDOW {
                    (window_start, frames_in_window) = (last_heard, 0);
                }
                frames_in_window += 1;
                let reply = match incoming {
                    _ if frames_in_window > FLOOD_LIMIT => closing(close::POLICY, "too many messages"),
                    Some(Ok(Message::Text(text))) => match serde_json::from_str::<serde_json::Value>(&text) {
                        Ok(value) if value.get("type").and_then(|t| t.as_str()) == Some("ping") => frame("pong", serde_json::json!({})),
                        Ok(_) => closing(close::UNSUPPORTED, "unsupported message"),
                        Err(_) => closing(close::INVALID, "malformed message"),
                    },
                    Some(Ok(Message::Binary(_))) => closing(close::UNSUPPORTED, "binary messages are not supported"),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | None => return,
                    Some(Err(_)) => closing(close::TOO_BIG, "message too large or malformed"),
                };
                let closes = matches!(reply, Message::Close(_));
                if !send(&mut sink, reply).await || closes {
                    return;
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > SILENCE_LIMIT {
                    return;
                }
                if !session_still_valid(&state, &user).await {
                    let _ = send(&mut sink, closing(close::SIGNED_OUT, "session ended")).await;
                    return;
                }
                if !send(&mut sink, Message::Ping(Default::default())).await {
                    return;
                }
            }
        }
    }
}

enum CatchUp {
    Events(Vec<Event>),
    Resync,
    FromTheFuture,
}

/// The events after `resume` up to `delivered` that this person may see.
async fn catch_up(
    state: &AppState,
    listener: &mut Listener,
    resume: i64,
    delivered: i64,
) -> sqlx::Result<CatchUp> {
    let (head, _) = outbox::backlog(state.db.reader()).await?;
    if resume > head {
        return Ok(CatchUp::FromTheFuture);
    }
    let (_, oldest) = outbox::published_range(state.db.reader()).await?;
    if oldest > 0 && resume + 1 < oldest {
        return Ok(CatchUp::Resync);
    }
    let mut events = Vec::new();
    let mut after = resume;
    loop {
        let page =
            outbox::after(state.db.reader(), &listener.org_id, after, delivered, 1000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        events.extend(page.into_iter().filter(|event| {
            listener.follow(event);
            listener.sees(event)
        }));
    }
    Ok(CatchUp::Events(events))
}

/// Whether the session behind a long-lived socket is still valid (revoked, expired, account off).
pub async fn session_still_valid(state: &AppState, user: &CurrentUser) -> bool {
    let session = crate::auth::store::find_session(state.db.reader(), &user.session_id_hash).await;
    let account = crate::auth::store::credentials_by_id(state.db.reader(), &user.user_id).await;
    match (session, account) {
        (Ok(Some(session)), Ok(Some(account))) => {
            account.active.0 && session.expires_at > crate::clock::now_ms()
        }
        (Err(_), _) | (_, Err(_)) => true,
        _ => false,
    }
}
