//! Messaging in `/api/v1`: conversations, members, messages (post, edit with `If-Match`, delete,
//! threads, reactions, pins), read marks, search and files. Every handler goes through the same
//! services as the pages (`conversations`, `posting`, `reading`), so a token can do what its
//! person can, no more, and the right to disconnect holds its notifications the same way.

mod conversations;
mod messages;
pub mod views;

use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, patch, post, put};

use crate::api::Scope;
use crate::api::endpoints::{Endpoint, Parameter};
use views::*;

const CONVERSATION: Parameter = Parameter::path("id", "The conversation's id");
const MESSAGE: Parameter = Parameter::path("id", "The message's id");

pub fn endpoints() -> Vec<Endpoint> {
    let (read, write) = (Scope::MessagingRead, Scope::MessagingWrite);
    vec![
        Endpoint::get(
            "/api/v1/conversations",
            read,
            "The caller's conversations and the open channels, most recent first",
            get(conversations::list),
        )
        .gives::<Vec<ConversationOut>>(),
        Endpoint::post(
            "/api/v1/conversations",
            write,
            "Create a channel",
            post(conversations::create),
        )
        .takes::<NewChannelIn>()
        .gives::<IdOut>()
        .status(StatusCode::CREATED),
        Endpoint::post(
            "/api/v1/conversations/direct",
            write,
            "The direct or group conversation with these people (created if there is none)",
            post(conversations::direct),
        )
        .takes::<DirectIn>()
        .gives::<IdOut>(),
        Endpoint::get(
            "/api/v1/conversations/{id}/members",
            read,
            "A conversation's members and their read marks",
            get(conversations::members),
        )
        .gives::<Vec<MemberOut>>()
        .with([CONVERSATION]),
        Endpoint::post(
            "/api/v1/conversations/{id}/members",
            write,
            "Add a colleague to a channel or a group the caller belongs to",
            post(conversations::invite),
        )
        .takes::<InviteIn>()
        .status(StatusCode::NO_CONTENT)
        .with([CONVERSATION]),
        Endpoint::post(
            "/api/v1/conversations/{id}/join",
            write,
            "Join an open channel",
            post(conversations::join),
        )
        .status(StatusCode::NO_CONTENT)
        .with([CONVERSATION]),
        Endpoint::post(
            "/api/v1/conversations/{id}/leave",
            write,
            "Leave a channel or a group",
            post(conversations::leave),
        )
        .status(StatusCode::NO_CONTENT)
        .with([CONVERSATION]),
        Endpoint::post(
            "/api/v1/conversations/{id}/read",
            write,
            "Move the caller's read mark forward",
            post(conversations::mark_read),
        )
        .takes::<ReadIn>()
        .status(StatusCode::NO_CONTENT)
        .with([CONVERSATION]),
        Endpoint::get(
            "/api/v1/conversations/{id}/messages",
            read,
            "The conversation's main line, newest first (replies are read by thread)",
            get(messages::list),
        )
        .gives::<crate::api::page::Page<MessageOut>>()
        .with([CONVERSATION])
        .paged(),
        Endpoint::post(
            "/api/v1/conversations/{id}/messages",
            write,
            "Post a message, or a reply with thread_root_id",
            post(messages::create),
        )
        .takes::<NewMessageIn>()
        .gives::<PostedOut>()
        .status(StatusCode::CREATED)
        .with([CONVERSATION]),
        Endpoint::get(
            "/api/v1/conversations/{id}/pins",
            read,
            "The conversation's pinned messages",
            get(messages::pins),
        )
        .gives::<Vec<MessageOut>>()
        .with([CONVERSATION]),
        Endpoint::post(
            "/api/v1/conversations/{id}/files",
            write,
            "Post a message carrying a file: the body is the file itself",
            post(messages::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .uploads_file()
        .gives::<PostedOut>()
        .status(StatusCode::CREATED)
        .with([
            CONVERSATION,
            Parameter::required_query("name", "The file's name"),
            Parameter::query("text", "A caption (the file's name stands in)"),
        ]),
        Endpoint::get(
            "/api/v1/files/{id}",
            read,
            "Download a file sent in a conversation",
            get(messages::download),
        )
        .gives_file()
        .with([Parameter::path("id", "The file's id")]),
        Endpoint::get(
            "/api/v1/messages/search",
            read,
            "Messages containing every word",
            get(messages::search),
        )
        .gives::<Vec<HitOut>>()
        .with([
            Parameter::required_query("q", "The words"),
            Parameter::query("conversation_id", "Only in this conversation"),
        ]),
        Endpoint::get(
            "/api/v1/messages/{id}",
            read,
            "One message (its ETag is its version)",
            get(messages::one),
        )
        .gives::<MessageOut>()
        .with([MESSAGE]),
        Endpoint::new(
            Method::PATCH,
            "/api/v1/messages/{id}",
            write,
            "Edit one's own message",
            patch(messages::edit),
        )
        .takes::<EditIn>()
        .gives::<MessageOut>()
        .with([MESSAGE, Parameter::if_match()]),
        Endpoint::new(
            Method::DELETE,
            "/api/v1/messages/{id}",
            write,
            "Delete one's own message (its place and thread stay)",
            delete(messages::remove),
        )
        .status(StatusCode::NO_CONTENT)
        .with([MESSAGE]),
        Endpoint::get(
            "/api/v1/messages/{id}/thread",
            read,
            "A thread: its first message and the replies",
            get(messages::thread),
        )
        .gives::<ThreadOut>()
        .with([MESSAGE]),
        Endpoint::new(
            Method::PUT,
            "/api/v1/messages/{id}/reactions/{emoji}",
            write,
            "React (one of 👍 ❤️ 😂 😮 😢 🙏 ✅ 👀)",
            put(messages::react),
        )
        .status(StatusCode::NO_CONTENT)
        .with([MESSAGE, Parameter::path("emoji", "The emoji, URL-encoded")]),
        Endpoint::new(
            Method::DELETE,
            "/api/v1/messages/{id}/reactions/{emoji}",
            write,
            "Take a reaction back",
            delete(messages::unreact),
        )
        .status(StatusCode::NO_CONTENT)
        .with([MESSAGE, Parameter::path("emoji", "The emoji, URL-encoded")]),
        Endpoint::new(
            Method::PUT,
            "/api/v1/messages/{id}/pin",
            write,
            "Pin a message",
            put(messages::pin),
        )
        .status(StatusCode::NO_CONTENT)
        .with([MESSAGE]),
        Endpoint::new(
            Method::DELETE,
            "/api/v1/messages/{id}/pin",
            write,
            "Unpin a message",
            delete(messages::unpin),
        )
        .status(StatusCode::NO_CONTENT)
        .with([MESSAGE]),
    ]
}
