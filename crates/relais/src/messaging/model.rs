//! What messaging stores and shows.

use serde::Serialize;

crate::text_enum::text_enum! {
    /// A team channel (public within the organisation, or private by invitation), two people
    /// (direct), or a small group of people (three to nine, by invitation).
    #[serde(rename_all = "snake_case")]
    Kind { Channel = "channel", Direct = "direct", Group = "group" }
}

/// The most people a group conversation may have; beyond, make a private channel.
pub const MAX_GROUP: usize = 9;

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    pub org_id: String,
    pub kind: Kind,
    pub private: bool,
    pub name: String,
    pub topic: String,
    pub created_by: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
    pub last_seq: i64,
    pub last_message_at: i64,
}

impl Conversation {
    pub fn is_channel(&self) -> bool {
        self.kind == Kind::Channel
    }

    /// Anyone of the organisation may see and join it.
    pub fn is_open(&self) -> bool {
        self.is_channel() && !self.private
    }

    pub fn archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// A person's place in a conversation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Membership {
    pub muted: bool,
    pub last_read_seq: i64,
}

/// A conversation as a person's list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub conversation: Conversation,
    /// For direct and group messages, the other people's names; else the channel's name.
    pub title: String,
    pub membership: Option<Membership>,
    pub unread: i64,
    pub mentions: i64,
}

/// A stored message, body still sealed.
#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: String,
    pub org_id: String,
    pub conversation_id: String,
    pub seq: i64,
    pub author_id: String,
    pub thread_root_id: Option<String>,
    pub body_enc: Option<Vec<u8>>,
    pub urgent: bool,
    pub pinned: bool,
    pub reply_count: i64,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    /// The daily thread of a morning announcement (opened by Relais, not by its author).
    pub announcement: bool,
}

/// One emoji's reactions on a message.
#[derive(Debug, Clone, Serialize)]
pub struct Reaction {
    pub emoji: String,
    pub count: i64,
    pub mine: bool,
}

/// A message as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub id: String,
    pub conversation_id: String,
    pub seq: i64,
    pub author_id: String,
    pub author_name: String,
    /// Written by a bot (an integration), not a person.
    pub author_bot: bool,
    pub thread_root_id: Option<String>,
    /// Safe HTML (rendered from the markdown subset), empty once deleted.
    pub html: String,
    /// The text as written (empty once deleted).
    pub text: String,
    pub urgent: bool,
    pub pinned: bool,
    pub reply_count: i64,
    pub created_at: i64,
    pub edited: bool,
    /// Changes on each edit (the `ETag` of the API): the time of the last edit, or of posting.
    pub version: i64,
    pub deleted: bool,
    pub mine: bool,
    pub reactions: Vec<Reaction>,
    /// In direct and group messages, the people (other than the author) who have read it.
    pub read_by: Vec<String>,
    pub attachments: Vec<super::attachments::AttachmentView>,
    pub announcement: bool,
}

/// The reactions people may give: a short list, the same for everyone.
pub const REACTIONS: [&str; 8] = ["👍", "❤️", "😂", "😮", "😢", "🙏", "✅", "👀"];
