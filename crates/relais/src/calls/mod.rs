//! Calls: WebRTC in the browser with media from peer to peer (a mesh of at most
//! [`MAX_PARTICIPANTS`]); the server never sees media. It hands out ICE servers (TURN credentials
//! that expire) and relays signalling between the participants of one room, and only them.

pub mod ice;
pub mod page;
pub mod room;
pub mod routes;
pub mod seat;
pub mod signal;

/// A mesh beyond six people costs each browser too much upload (five outgoing streams already).
pub const MAX_PARTICIPANTS: usize = 6;
