//! What the messaging API takes and gives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::json::rfc3339;
use crate::messaging::attachments::AttachmentView;
use crate::messaging::model::{MessageView, Summary};
use crate::messaging::reading::Hit;
use crate::messaging::store::Member;

#[derive(Serialize, JsonSchema)]
pub struct ConversationOut {
    pub id: String,
    /// channel, direct or group.
    pub kind: String,
    pub private: bool,
    /// A channel's name (empty for direct and group conversations).
    pub name: String,
    /// What a list shows: the channel's name, or the other people's names.
    pub title: String,
    pub topic: String,
    pub archived: bool,
    /// The sequence number of the last message.
    pub last_seq: i64,
    pub member: bool,
    pub muted: bool,
    pub unread: i64,
    pub mentions: i64,
}

impl From<Summary> for ConversationOut {
    fn from(summary: Summary) -> Self {
        let c = summary.conversation;
        Self {
            archived: c.archived(),
            id: c.id,
            kind: c.kind.as_str().to_string(),
            private: c.private,
            name: c.name,
            title: summary.title,
            topic: c.topic,
            last_seq: c.last_seq,
            member: summary.membership.is_some(),
            muted: summary.membership.is_some_and(|m| m.muted),
            unread: summary.unread,
            mentions: summary.mentions,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct MemberOut {
    pub user_id: String,
    pub display_name: String,
    pub last_read_seq: i64,
}

impl From<Member> for MemberOut {
    fn from(member: Member) -> Self {
        Self {
            user_id: member.user_id,
            display_name: member.display_name,
            last_read_seq: member.last_read_seq,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct ReactionOut {
    pub emoji: String,
    pub count: i64,
    /// Whether the caller is among them.
    pub mine: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct FileOut {
    pub id: String,
    pub file_name: String,
    /// As sniffed from the content, not as the sender claimed.
    pub media_type: String,
    pub size_bytes: i64,
    /// Where to download it (`GET`, the same credentials).
    pub url: String,
}

impl From<AttachmentView> for FileOut {
    fn from(file: AttachmentView) -> Self {
        Self {
            url: format!("/api/v1/files/{}", file.id),
            id: file.id,
            file_name: file.file_name,
            media_type: file.media_type,
            size_bytes: file.size_bytes,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct MessageOut {
    pub id: String,
    pub conversation_id: String,
    /// Order within the conversation (replies included).
    pub seq: i64,
    pub author_id: String,
    pub author_name: String,
    /// Written by a bot (an integration), not a person.
    pub author_bot: bool,
    /// Set on a reply: the first message of its thread.
    pub thread_root_id: Option<String>,
    /// Markdown as written; empty once deleted.
    pub text: String,
    pub urgent: bool,
    pub pinned: bool,
    pub reply_count: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub edited: bool,
    pub deleted: bool,
    /// The version an edit sends back in `If-Match` (also the `ETag` of `GET /messages/{id}`).
    pub version: i64,
    pub reactions: Vec<ReactionOut>,
    pub files: Vec<FileOut>,
}

impl From<MessageView> for MessageOut {
    fn from(m: MessageView) -> Self {
        Self {
            id: m.id,
            conversation_id: m.conversation_id,
            seq: m.seq,
            author_id: m.author_id,
            author_name: m.author_name,
            author_bot: m.author_bot,
            thread_root_id: m.thread_root_id,
            text: m.text,
            urgent: m.urgent,
            pinned: m.pinned,
            reply_count: m.reply_count,
            created_at: rfc3339(m.created_at),
            edited: m.edited,
            deleted: m.deleted,
            version: m.version,
            reactions: m
                .reactions
                .into_iter()
                .map(|r| ReactionOut { emoji: r.emoji, count: r.count, mine: r.mine })
                .collect(),
            files: m.attachments.into_iter().map(FileOut::from).collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct ThreadOut {
    pub root: MessageOut,
    /// Oldest first.
    pub replies: Vec<MessageOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct HitOut {
    pub message: MessageOut,
    pub conversation_title: String,
}

impl From<Hit> for HitOut {
    fn from(hit: Hit) -> Self {
        Self { message: hit.message.into(), conversation_title: hit.conversation_title }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct PostedOut {
    pub id: String,
    pub seq: i64,
    /// How many people will be notified only when their working hours start (the right to
    /// disconnect applies to programs as to people).
    pub held_notifications: usize,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChannelIn {
    /// 1 to 100 characters.
    pub name: String,
    #[serde(default)]
    pub topic: String,
    /// Private: by invitation only.
    #[serde(default)]
    pub private: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectIn {
    /// The other people: one for a direct conversation, two to eight for a group.
    pub people: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteIn {
    pub user_id: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessageIn {
    /// Markdown, 1 to 8,000 characters.
    pub text: String,
    /// Reply in the thread of this message.
    pub thread_root_id: Option<String>,
    /// Marks the message urgent (notifies outside working hours), for roles allowed to.
    pub urgent_reason: Option<String>,
    /// 1 to 64 characters: the same key posts once, however often the request is repeated.
    pub client_key: Option<String>,
    /// Needed to notify everyone (`@channel`) in a channel of more than 10 people.
    #[serde(default)]
    pub confirm_everyone: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditIn {
    pub text: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadIn {
    /// The last message read (later marks only move forward).
    pub seq: i64,
}

#[derive(Serialize, JsonSchema)]
pub struct IdOut {
    pub id: String,
}
