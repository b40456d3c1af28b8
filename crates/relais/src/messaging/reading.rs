//! Reading a conversation: pages of messages opened and rendered, threads, pinned messages, read
//! marks and receipts, the typing signal, and search.

use std::collections::HashMap;

use super::conversations::{joined, readable};
use super::model::{Conversation, Kind, MessageRow, MessageView, Reaction};
use super::store::messages::{self as store, SearchFilter};
use super::store::{self as conversations, Member};
use super::{audience, markdown, posting, search};
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::events::outbox;
use crate::state::AppState;

/// Messages shown per page.
pub const PAGE: i64 = 50;

/// What a page of a conversation needs.
pub struct ConversationView {
    pub conversation: Conversation,
    pub member: bool,
    pub members: Vec<Member>,
    pub messages: Vec<MessageView>,
    /// The read mark when the page was opened: the "new messages" line goes after it.
    pub last_read_seq: i64,
    pub has_older: bool,
}

/// A page of the conversation's main line, newest last, before `before_seq` (or the end).
pub async fn open(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    before_seq: Option<i64>,
) -> AppResult<ConversationView> {
    let (conversation, membership) = readable(state, user, id).await?;
    let members = conversations::members(state.db.reader(), id).await?;
    let before = before_seq.unwrap_or(i64::MAX);
    let rows = store::page(state.db.reader(), id, before, PAGE + 1).await?;
    let has_older = rows.len() as i64 > PAGE;
    let rows: Vec<MessageRow> = rows.into_iter().skip(usize::from(has_older)).collect();
    let messages = views(state, user, &conversation, &members, rows).await?;
    Ok(ConversationView {
        last_read_seq: membership.map(|m| m.last_read_seq).unwrap_or(conversation.last_seq),
        member: membership.is_some(),
        conversation,
        members,
        messages,
        has_older,
    })
}

/// Up to `limit` messages of the main line before `before_seq` (or the end), newest first (the
/// API's pages).
pub async fn newest_first(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    before_seq: Option<i64>,
    limit: i64,
) -> AppResult<Vec<MessageView>> {
    let (conversation, _) = readable(state, user, id).await?;
    let members = conversations::members(state.db.reader(), id).await?;
    let rows = store::page(state.db.reader(), id, before_seq.unwrap_or(i64::MAX), limit).await?;
    let mut messages = views(state, user, &conversation, &members, rows).await?;
    messages.reverse();
    Ok(messages)
}

/// Messages after `after_seq` (for a live page catching up), replies included.
pub async fn since(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    after_seq: i64,
) -> AppResult<Vec<MessageView>> {
    let (conversation, _) = readable(state, user, id).await?;
    let members = conversations::members(state.db.reader(), id).await?;
    let rows = store::after(state.db.reader(), id, after_seq, 200).await?;
    views(state, user, &conversation, &members, rows).await
}

/// One message as it is now (after an edit, a reaction, a pin…).
pub async fn one(state: &AppState, user: &CurrentUser, message_id: &str) -> AppResult<MessageView> {
    let row = store::find(state.db.reader(), &user.org_id, message_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (conversation, _) = readable(state, user, &row.conversation_id).await?;
    let members = conversations::members(state.db.reader(), &conversation.id).await?;
    views(state, user, &conversation, &members, vec![row]).await?.pop().ok_or(AppError::NotFound)
}

/// A thread: its first message and the replies.
pub async fn thread(
    state: &AppState,
    user: &CurrentUser,
    root_id: &str,
) -> AppResult<(Conversation, MessageView, Vec<MessageView>)> {
    let root =
        store::find(state.db.reader(), &user.org_id, root_id).await?.ok_or(AppError::NotFound)?;
    if root.thread_root_id.is_some() {
        return Err(AppError::NotFound);
    }
    let (conversation, _) = readable(state, user, &root.conversation_id).await?;
    let members = conversations::members(state.db.reader(), &conversation.id).await?;
    let replies = store::replies(state.db.reader(), root_id).await?;
    let mut all = views(state, user, &conversation, &members, vec![root]).await?;
    let root = all.pop().ok_or(AppError::NotFound)?;
    all = views(state, user, &conversation, &members, replies).await?;
    Ok((conversation, root, all))
}

pub async fn pinned(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<Vec<MessageView>> {
    let (conversation, _) = readable(state, user, id).await?;
    let members = conversations::members(state.db.reader(), id).await?;
    let rows = store::pinned(state.db.reader(), id).await?;
    views(state, user, &conversation, &members, rows).await
}

/// Opens and renders rows for this reader.
async fn views(
    state: &AppState,
    user: &CurrentUser,
    conversation: &Conversation,
    members: &[Member],
    rows: Vec<MessageRow>,
) -> AppResult<Vec<MessageView>> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else { return Ok(Vec::new()) };
    let mut authors: Vec<&str> = rows.iter().map(|row| row.author_id.as_str()).collect();
    authors.sort_unstable();
    authors.dedup();
    let names = conversations::names(state.db.reader(), &user.org_id, &authors).await?;
    let bots = conversations::bots_among(state.db.reader(), &user.org_id, &authors).await?;
    let reactions =
        store::reactions(state.db.reader(), &conversation.id, first.seq, last.seq).await?;
    let files =
        super::attachments::of_messages(state.db.reader(), &conversation.id, first.seq, last.seq)
            .await?;
    let receipts = matches!(conversation.kind, Kind::Direct | Kind::Group);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let text = match &row.body_enc {
            Some(sealed) => {
                let bytes = state
                    .keys
                    .open_sealed(&state.db, &user.org_id, posting::place(&row.id), sealed)
                    .await?;
                String::from_utf8(bytes).map_err(|e| AppError::Internal(e.into()))?
            }
            None => String::new(),
        };
        let read_by = if receipts {
            members
                .iter()
                .filter(|m| m.user_id != row.author_id && m.last_read_seq >= row.seq)
                .map(|m| m.display_name.clone())
                .collect()
        } else {
            Vec::new()
        };
        out.push(MessageView {
            html: markdown::render(&text),
            text,
            author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
            mine: row.author_id == user.user_id,
            author_bot: bots.contains(&row.author_id),
            reactions: reactions_of(&reactions, &row.id, &user.user_id),
            read_by,
            attachments: files.iter().filter(|f| f.message_id == row.id).cloned().collect(),
            announcement: row.announcement,
            edited: row.edited_at.is_some(),
            version: row.edited_at.unwrap_or(row.created_at),
            deleted: row.deleted_at.is_some(),
            id: row.id,
            conversation_id: row.conversation_id,
            seq: row.seq,
            author_id: row.author_id,
            thread_root_id: row.thread_root_id,
            urgent: row.urgent,
            pinned: row.pinned,
            reply_count: row.reply_count,
            created_at: row.created_at,
        });
    }
    Ok(out)
}

fn reactions_of(all: &[(String, String, String)], message_id: &str, me: &str) -> Vec<Reaction> {
    let mut out: Vec<Reaction> = Vec::new();
    for (_, emoji, user_id) in all.iter().filter(|(id, _, _)| id == message_id) {
        match out.iter_mut().find(|r| r.emoji == *emoji) {
            Some(reaction) => {
                reaction.count += 1;
                reaction.mine |= user_id == me;
            }
            None => out.push(Reaction { emoji: emoji.clone(), count: 1, mine: user_id == me }),
        }
    }
    out
}

/// Moves the person's read mark to `seq` (at most the conversation's last message); the others
/// see the receipt live.
pub async fn mark_read(state: &AppState, user: &CurrentUser, id: &str, seq: i64) -> AppResult<()> {
    let (conversation, membership) = joined(state, user, id).await?;
    let seq = seq.clamp(0, conversation.last_seq);
    if seq <= membership.last_read_seq {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    conversations::mark_read(&mut tx, id, &user.user_id, seq).await?;
    super::store::notifications::mark_read_in(&mut tx, &user.user_id, id, seq, now_ms()).await?;
    let payload = serde_json::json!({ "conversation_id": id, "user_id": user.user_id, "seq": seq });
    outbox::emit(&mut tx, &user.org_id, &audience(id), "conversation.read", &payload).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Tells the others that this person is typing (no content).
pub async fn typing(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<()> {
    joined(state, user, id).await?;
    let mut tx = state.db.begin().await?;
    let payload = serde_json::json!({ "conversation_id": id, "user_id": user.user_id });
    outbox::emit(&mut tx, &user.org_id, &audience(id), "conversation.typing", &payload).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// A search hit: the message, where it is, and its text with the matching words marked.
pub struct Hit {
    pub message: MessageView,
    pub conversation_title: String,
    pub highlighted: String,
}

/// Messages the person can see that contain every word of `query`.
pub async fn find(
    state: &AppState,
    user: &CurrentUser,
    query: &str,
    filter: &SearchFilter,
) -> AppResult<Vec<Hit>> {
    let words = search::terms(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    if words.len() > search::MAX_QUERY_TERMS {
        return Err(AppError::Invalid { field: "q", code: "search-too-many-words" });
    }
    let secret =
        state.keys.installation_secret(&state.db, &search::secret_name(&user.org_id)).await?;
    let digests: Vec<String> = words.iter().map(|w| search::digest(&secret, w)).collect();
    let rows =
        store::search(state.db.reader(), &user.org_id, &user.user_id, &digests, filter, 50).await?;
    let mut titles: HashMap<String, (Conversation, Vec<Member>)> = HashMap::new();
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        if !titles.contains_key(&row.conversation_id) {
            let (conversation, _) = readable(state, user, &row.conversation_id).await?;
            let members = conversations::members(state.db.reader(), &row.conversation_id).await?;
            titles.insert(row.conversation_id.clone(), (conversation, members));
        }
        let Some((conversation, members)) = titles.get(&row.conversation_id) else { continue };
        let Some(message) = views(state, user, conversation, members, vec![row]).await?.pop()
        else {
            continue;
        };
        let title = match conversation.kind {
            Kind::Channel => conversation.name.clone(),
            _ => super::conversations::others_names(members, &user.user_id),
        };
        hits.push(Hit {
            highlighted: search::highlight(&message.text, &words),
            message,
            conversation_title: title,
        });
    }
    Ok(hits)
}
