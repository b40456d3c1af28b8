//! Writing in a conversation: send (with thread, mentions, urgency), edit, delete, react, pin.

use super::conversations::joined;
use super::model::{Conversation, MessageRow, REACTIONS};
use super::notifications::{self, Held};
use super::store::messages as store;
use super::store::{self as conversations, Member};
use super::text::{MessageText, handle_of, mentioned_handles, mentions_everyone};
use super::writer::NewPost;
use super::{audience, search};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::events::outbox;
use crate::messaging::actions::Action;
use crate::org::Role;
use crate::state::AppState;

/// Beyond this many members, `@channel` needs the sender to confirm.
pub const CONFIRM_EVERYONE_ABOVE: usize = 10;
/// The longest reason for an urgent message.
const MAX_REASON_CHARS: usize = 300;

pub fn place(message_id: &str) -> Place<'_> {
    Place { table: "messages", column: "body_enc", row_id: message_id }
}

/// What a person sends.
#[derive(Debug, Clone)]
pub struct Draft {
    pub text: MessageText,
    pub thread_root_id: Option<String>,
    /// Set to mark the message urgent (notifies even outside working hours).
    pub urgent_reason: Option<String>,
    /// The sender confirmed notifying everyone in a big channel.
    pub confirm_everyone: bool,
    /// A key chosen by the client, so that a repeated request sends once.
    pub client_key: Option<String>,
    /// A file sent with the message, already checked and sealed.
    pub attachment: Option<super::attachments::NewAttachment>,
}

/// What became of a sent message.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Posted {
    pub message_id: String,
    pub seq: i64,
    /// Those who will be notified later, when their working hours start.
    pub held: Vec<Held>,
}

/// Whether the organisation lets this person mark messages urgent.
pub async fn may_send_urgent(state: &AppState, user: &CurrentUser) -> AppResult<bool> {
    let allowed =
        super::store::notifications::urgent_roles(state.db.reader(), &user.org_id).await?;
    Ok(allowed
        .split(',')
        .filter_map(|name| Role::parse(name.trim()))
        .any(|role| user.roles.contains(&role)))
}

#[tracing::instrument(skip_all, fields(conversation = conversation_id))]
pub async fn post(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: &str,
    draft: Draft,
) -> AppResult<Posted> {
    let (conversation, _) = joined(state, user, conversation_id).await?;
    if conversation.archived() {
        return Err(AppError::Conflict("conversation-archived"));
    }
    if let Some(key) = &draft.client_key {
        if key.is_empty() || key.len() > 64 {
            return Err(AppError::BadRequest("client_key must be 1 to 64 characters".into()));
        }
        if let Some(sent) = store::by_client_key(state.db.reader(), &user.user_id, key).await? {
            return Ok(Posted { message_id: sent.id, seq: sent.seq, held: Vec::new() });
        }
    }
    let mut announcement_line = false;
    if let Some(root_id) = &draft.thread_root_id {
        let root = store::find(state.db.reader(), &user.org_id, root_id).await?;
        match root {
            Some(root)
                if root.conversation_id == conversation.id && root.thread_root_id.is_none() =>
            {
                if root.deleted_at.is_some() {
                    return Err(AppError::Conflict("message-deleted"));
                }
                if root.announcement {
                    super::announcement::check_line(state, user, &root.id, draft.text.as_str())
                        .await?;
                    announcement_line = true;
                }
            }
            _ => return Err(AppError::Invalid { field: "thread", code: "message-thread-unknown" }),
        }
    }
    let reason = urgent_reason(state, user, draft.urgent_reason.as_deref()).await?;
    // A channel message that mentions no one notifies no one: no need for the member list.
    let text = draft.text.as_str();
    let members = if conversation.is_channel() && !text.contains('@') {
        Vec::new()
    } else {
        conversations::members(state.db.reader(), conversation_id).await?
    };
    let everyone = mentions_everyone(text);
    if everyone && members.len() > CONFIRM_EVERYONE_ABOVE && !draft.confirm_everyone {
        return Err(AppError::Invalid { field: "text", code: "message-confirm-everyone" });
    }
    let mentioned = mentioned_ids(&members, draft.text.as_str());
    let key = state.keys.current(&state.db, &user.org_id).await?;
    let secret =
        state.keys.installation_secret(&state.db, &search::secret_name(&user.org_id)).await?;
    let digests: Vec<String> =
        search::terms(draft.text.as_str()).iter().map(|t| search::digest(&secret, t)).collect();
    let id = crate::secrets::new_id();
    let body = key.seal(place(&id), draft.text.as_str().as_bytes());
    let recipients =
        notifications::recipients(&conversation, &members, &user.user_id, &mentioned, everyone)
            .into_iter()
            .map(|r| (r.member.clone(), r.kind))
            .collect();
    let urgent = reason.map(|reason| {
        let override_id = crate::secrets::new_id();
        let place = Place { table: "urgent_overrides", column: "reason_enc", row_id: &override_id };
        let sealed = key.seal(place, reason.as_bytes());
        (override_id, sealed, reason)
    });
    let post = NewPost {
        user: user.clone(),
        id: id.clone(),
        conversation,
        thread_root_id: draft.thread_root_id.clone(),
        body,
        client_key: draft.client_key.clone(),
        mentioned,
        digests,
        recipients,
        urgent,
        attachment: draft.attachment,
        announcement_line,
    };
    match state.runtime::<crate::messaging::writer::MessageWriter>()?.write(post).await {
        Ok(written) => Ok(Posted { message_id: id, seq: written.seq, held: written.held }),
        // The same key sent twice at once: the first one won, answer with it.
        Err(AppError::Conflict("message-repeated")) => {
            let key = draft.client_key.as_deref().unwrap_or_default();
            match store::by_client_key(state.db.reader(), &user.user_id, key).await? {
                Some(sent) => Ok(Posted { message_id: sent.id, seq: sent.seq, held: Vec::new() }),
                // Not a repeat: another line of theirs under the announcement got in first.
                None if announcement_line => {
                    Err(AppError::Invalid { field: "text", code: "announcement-already-written" })
                }
                None => Err(AppError::Conflict("message-repeated")),
            }
        }
        Err(error) => Err(error),
    }
}

/// The checked reason of an urgent message, if the sender asked for one and may.
async fn urgent_reason(
    state: &AppState,
    user: &CurrentUser,
    reason: Option<&str>,
) -> AppResult<Option<String>> {
    let Some(reason) = reason else { return Ok(None) };
    if !may_send_urgent(state, user).await? {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid { field: "urgent_reason", code: "message-urgent-reason" });
    }
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(AppError::Invalid { field: "urgent_reason", code: "field-too-long" });
    }
    Ok(Some(reason.to_string()))
}

/// The members a text mentions by handle.
fn mentioned_ids(members: &[Member], text: &str) -> Vec<String> {
    let handles = mentioned_handles(text);
    members
        .iter()
        .filter(|member| handles.contains(&handle_of(&member.email)))
        .map(|member| member.user_id.clone())
        .collect()
}

/// A message of a conversation the person belongs to, not deleted.
async fn live_message(
    state: &AppState,
    user: &CurrentUser,
    message_id: &str,
) -> AppResult<(Conversation, MessageRow)> {
    let message = store::find(state.db.reader(), &user.org_id, message_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (conversation, _) = joined(state, user, &message.conversation_id).await?;
    if message.deleted_at.is_some() {
        return Err(AppError::Conflict("message-deleted"));
    }
    Ok((conversation, message))
}

async fn announce(
    state: &AppState,
    mut tx: crate::db::Transaction,
    user: &CurrentUser,
    message: &MessageRow,
    kind: &str,
) -> AppResult<()> {
    let payload = serde_json::json!({
        "conversation_id": message.conversation_id,
        "message_id": message.id,
        "seq": message.seq,
        "thread_root_id": message.thread_root_id,
    });
    outbox::emit(&mut tx, &user.org_id, &audience(&message.conversation_id), kind, &payload)
        .await?;
    finish(tx, state).await?;
    Ok(())
}

/// The author changes their message; it shows as edited. With `expected` (the version read
/// before), refused with `precondition_failed` if it changed since.
pub async fn edit(
    state: &AppState,
    user: &CurrentUser,
    message_id: &str,
    text: &MessageText,
    expected: Option<i64>,
) -> AppResult<()> {
    let (conversation, message) = live_message(state, user, message_id).await?;
    if message.author_id != user.user_id {
        return Err(AppError::Forbidden);
    }
    if conversation.archived() {
        return Err(AppError::Conflict("conversation-archived"));
    }
    let key = state.keys.current(&state.db, &user.org_id).await?;
    let secret =
        state.keys.installation_secret(&state.db, &search::secret_name(&user.org_id)).await?;
    let digests: Vec<String> =
        search::terms(text.as_str()).iter().map(|t| search::digest(&secret, t)).collect();
    let body = key.seal(place(message_id), text.as_str().as_bytes());
    let mut tx = state.db.begin().await?;
    if !store::set_body(&mut tx, message_id, &body, now_ms(), expected).await? {
        return Err(match expected {
            Some(_) => AppError::PreconditionFailed,
            None => AppError::NotFound,
        });
    }
    store::replace_terms(&mut tx, &user.org_id, message_id, &digests).await?;
    announce(state, tx, user, &message, "message.edited").await
}

/// The author deletes their message: its text is erased, its place (and its thread) stays.
pub async fn delete(state: &AppState, user: &CurrentUser, message_id: &str) -> AppResult<()> {
    let (_, message) = live_message(state, user, message_id).await?;
    if message.author_id != user.user_id {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    store::mark_deleted(&mut tx, message_id, now_ms()).await?;
    let trail = Trail {
        action: Action::MessageDelete.as_str(),
        object_type: "message",
        object_id: message_id,
        patient_id: None,
        reason: None,
    };
    record(&mut tx, state, user, &trail, &[]).await?;
    announce(state, tx, user, &message, "message.deleted").await
}

/// Adds or takes back a reaction (`present`: add it, absent: take it back, none: toggle).
pub async fn react(
    state: &AppState,
    user: &CurrentUser,
    message_id: &str,
    emoji: &str,
    present: Option<bool>,
) -> AppResult<()> {
    if !REACTIONS.contains(&emoji) {
        return Err(AppError::Invalid { field: "emoji", code: "message-reaction-unknown" });
    }
    let (_, message) = live_message(state, user, message_id).await?;
    let mut tx = state.db.begin().await?;
    let changed = match present {
        None => {
            store::toggle_reaction(&mut tx, message_id, &user.user_id, emoji).await?;
            true
        }
        Some(true) => store::add_reaction(&mut tx, message_id, &user.user_id, emoji).await?,
        Some(false) => store::remove_reaction(&mut tx, message_id, &user.user_id, emoji).await?,
    };
    if !changed {
        return Ok(());
    }
    announce(state, tx, user, &message, "message.reacted").await
}

/// Pins a message to the conversation, or unpins it (any member).
pub async fn pin(
    state: &AppState,
    user: &CurrentUser,
    message_id: &str,
    pinned: bool,
) -> AppResult<()> {
    let (_, message) = live_message(state, user, message_id).await?;
    let mut tx = state.db.begin().await?;
    store::set_pinned(&mut tx, message_id, pinned).await?;
    announce(state, tx, user, &message, "message.pinned").await
}
