//! The server a chat benchmark drives — Relais (form posts, `/ws`) or a Matrix homeserver (the
//! client-server API: `/send`, `/sync`) — behind one interface, so that both sides run the same
//! scenario with the same client.

use super::{SharedLedger, matrix, relais};

/// A person of the benchmark: what authenticates them, and the room they are in.
#[derive(Clone)]
pub struct User {
    /// Relais: the `Cookie` header of a signed-in session; Matrix: an access token.
    pub credential: String,
    pub room: usize,
}

/// The people and rooms as set up: per room, its id and member count.
pub struct Layout {
    pub users: Vec<User>,
    pub rooms: Vec<String>,
    pub room_sizes: Vec<usize>,
}

#[derive(Clone)]
pub enum Server {
    /// `base` is `http://host:port`; `csrf` is the token every user's cookie carries.
    Relais {
        base: String,
        csrf: String,
    },
    Matrix {
        base: String,
    },
}

impl Server {
    pub fn name(&self) -> &'static str {
        match self {
            Server::Relais { .. } => "relais",
            Server::Matrix { .. } => "matrix",
        }
    }

    /// Receives as `user` until `stop` is set, recording every message in `ledger`; signals
    /// `ready` once receiving.
    pub async fn listen(
        self,
        http: reqwest::Client,
        user: User,
        receiver: u32,
        ledger: SharedLedger,
        ready: tokio::sync::mpsc::Sender<()>,
        stop: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        let listener = super::Listener { receiver, ledger, ready, stop };
        match self {
            Server::Relais { base, .. } => relais::listen(&base, &user.credential, listener).await,
            Server::Matrix { base } => {
                matrix::listen(&http, &base, &user.credential, listener).await
            }
        }
    }

    /// Sends `text` as `user` into `room`; returns the message's id once acknowledged.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        user: &User,
        room: &str,
        text: &str,
    ) -> anyhow::Result<String> {
        match self {
            Server::Relais { base, csrf } => {
                relais::send(http, base, &user.credential, csrf, room, text).await
            }
            Server::Matrix { base } => matrix::send(http, base, &user.credential, room, text).await,
        }
    }
}
