//! Conversations: team channels (open or private), direct and group messages; joining, leaving,
//! inviting, muting, renaming, archiving. Every rule is checked here.

use super::model::{Conversation, Kind, MAX_GROUP, Membership, Summary};
use super::store::{self, Member, NewConversation};
use crate::audit::trail::finish;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::events::{audience, outbox};
use crate::messaging::actions::Action;
use crate::org::Permission;
use crate::org::fields::Label;
use crate::state::AppState;

/// A conversation the person may read: a member's, or an open channel.
pub async fn readable(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> AppResult<(Conversation, Option<Membership>)> {
    let conversation =
        store::find(state.db.reader(), &user.org_id, id).await?.ok_or(AppError::NotFound)?;
    let membership = store::membership(state.db.reader(), id, &user.user_id).await?;
    if membership.is_none() && !conversation.is_open() {
        return Err(AppError::NotFound);
    }
    Ok((conversation, membership))
}

/// A conversation the person belongs to (to write, react, mark read…).
pub async fn joined(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> AppResult<(Conversation, Membership)> {
    match readable(state, user, id).await? {
        (conversation, Some(membership)) => Ok((conversation, membership)),
        (_, None) => Err(AppError::Forbidden),
    }
}

/// The person's conversations and the open channels, most recent first, with unread counts.
pub async fn list(state: &AppState, user: &CurrentUser) -> AppResult<Vec<Summary>> {
    let rows = store::visible_to(state.db.reader(), &user.org_id, &user.user_id).await?;
    let mentions = store::unread_mentions(state.db.reader(), &user.user_id).await?;
    let mut names: std::collections::HashMap<String, Vec<&str>> = std::collections::HashMap::new();
    let members = store::direct_member_names(state.db.reader(), &user.user_id).await?;
    for (conversation_id, member_id, name) in &members {
        let others = names.entry(conversation_id.clone()).or_default();
        if *member_id != user.user_id {
            others.push(name);
        }
    }
    let mut summaries = Vec::with_capacity(rows.len());
    for (conversation, membership) in rows {
        let title = match conversation.kind {
            Kind::Channel => conversation.name.clone(),
            Kind::Direct | Kind::Group => match names.get(&conversation.id) {
                Some(others) if !others.is_empty() => others.join(", "),
                _ => "—".to_string(),
            },
        };
        let unread =
            membership.map(|m| (conversation.last_seq - m.last_read_seq).max(0)).unwrap_or(0);
        let mentions = mentions
            .iter()
            .find(|(id, _)| *id == conversation.id)
            .map(|(_, count)| *count)
            .unwrap_or(0);
        summaries.push(Summary { conversation, title, membership, unread, mentions });
    }
    Ok(summaries)
}

pub fn others_names(members: &[Member], me: &str) -> String {
    let names: Vec<&str> = members
        .iter()
        .filter(|member| member.user_id != me)
        .map(|member| member.display_name.as_str())
        .collect();
    if names.is_empty() { "—".to_string() } else { names.join(", ") }
}

/// Creates a channel; its creator is its first member.
pub async fn create_channel(
    state: &AppState,
    user: &CurrentUser,
    name: &Label,
    topic: &str,
    private: bool,
) -> AppResult<String> {
    let new = NewConversation {
        kind: Kind::Channel,
        private,
        name: name.as_str(),
        topic,
        direct_key: None,
    };
    let mut tx = state.db.begin().await?;
    let id = store::insert(&mut tx, &user.org_id, &user.user_id, &new).await?;
    store::add_member(&mut tx, &id, &user.user_id, 0).await?;
    announce_membership(&mut tx, &user.org_id, &id, &user.user_id, "conversation.joined").await?;
    if !private {
        outbox::emit(
            &mut tx,
            &user.org_id,
            &format!("org:{}", user.org_id),
            "conversation.created",
            &serde_json::json!({ "conversation_id": id }),
        )
        .await?;
    }
    finish(tx, state).await?;
    Ok(id)
}

/// The direct (one other person) or group conversation with exactly these people, created if
/// there is none yet.
pub async fn open_direct(
    state: &AppState,
    user: &CurrentUser,
    others: &[String],
) -> AppResult<String> {
    let mut people: Vec<String> =
        others.iter().filter(|id| **id != user.user_id).cloned().collect();
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Err(AppError::Invalid { field: "people", code: "conversation-needs-someone" });
    }
    if people.len() + 1 > MAX_GROUP {
        return Err(AppError::Invalid { field: "people", code: "conversation-group-too-big" });
    }
    let mut conn = state.db.reader().acquire().await?;
    for id in &people {
        let person = crate::org::store::find_person(&mut conn, &user.org_id, id).await?;
        if !person.is_some_and(|p| p.active) {
            return Err(AppError::Invalid { field: "people", code: "conversation-unknown-person" });
        }
    }
    drop(conn);
    let mut everyone = people.clone();
    everyone.push(user.user_id.clone());
    everyone.sort();
    let key = everyone.join(",");
    if let Some(id) = store::find_direct(state.db.reader(), &user.org_id, &key).await? {
        return Ok(id);
    }
    let kind = if people.len() == 1 { Kind::Direct } else { Kind::Group };
    let new = NewConversation { kind, private: true, name: "", topic: "", direct_key: Some(&key) };
    let mut tx = state.db.begin().await?;
    let Some(id) = store::insert_unless_taken(&mut tx, &user.org_id, &user.user_id, &new).await?
    else {
        // Someone opened the same conversation at the same moment: theirs is the one.
        tx.rollback().await?;
        return store::find_direct(state.db.writer(), &user.org_id, &key)
            .await?
            .ok_or(AppError::Conflict("conversation-changed"));
    };
    for member in &everyone {
        store::add_member(&mut tx, &id, member, 0).await?;
        announce_membership(&mut tx, &user.org_id, &id, member, "conversation.joined").await?;
    }
    finish(tx, state).await?;
    Ok(id)
}

/// Tells a person's live connections that they joined or left (their event filter follows).
async fn announce_membership(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    conversation_id: &str,
    user_id: &str,
    kind: &str,
) -> sqlx::Result<()> {
    let mut payload = serde_json::json!({ "conversation_id": conversation_id, "user_id": user_id });
    // Their live connections follow: the conversation's events reach them from now on, or stop.
    let change = if kind == "conversation.left" { audience::LEAVES } else { audience::JOINS };
    payload[change] = serde_json::Value::String(super::audience(conversation_id));
    outbox::emit(&mut *conn, org_id, &format!("user:{user_id}"), kind, &payload).await?;
    outbox::emit(conn, org_id, &super::audience(conversation_id), "conversation.members", &payload)
        .await?;
    Ok(())
}

/// Joins an open channel.
pub async fn join(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<()> {
    let (conversation, membership) = readable(state, user, id).await?;
    if membership.is_some() {
        return Ok(());
    }
    if conversation.archived() {
        return Err(AppError::Conflict("conversation-archived"));
    }
    let mut tx = state.db.begin().await?;
    if store::add_member(&mut tx, id, &user.user_id, conversation.last_seq).await? {
        announce_membership(&mut tx, &user.org_id, id, &user.user_id, "conversation.joined")
            .await?;
    }
    finish(tx, state).await?;
    Ok(())
}

/// Leaves a channel or a group (a direct conversation is only muted or archived).
pub async fn leave(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<()> {
    let (conversation, _) = joined(state, user, id).await?;
    if conversation.kind == Kind::Direct {
        return Err(AppError::Conflict("conversation-direct-cannot-leave"));
    }
    let mut tx = state.db.begin().await?;
    if store::remove_member(&mut tx, id, &user.user_id).await? {
        announce_membership(&mut tx, &user.org_id, id, &user.user_id, "conversation.left").await?;
    }
    finish(tx, state).await?;
    Ok(())
}

/// A member adds a colleague to a channel (private ones only this way) or a group.
pub async fn invite(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    person_id: &str,
) -> AppResult<()> {
    let (conversation, _) = joined(state, user, id).await?;
    if conversation.kind == Kind::Direct {
        return Err(AppError::Conflict("conversation-direct-cannot-invite"));
    }
    if conversation.archived() {
        return Err(AppError::Conflict("conversation-archived"));
    }
    let mut conn = state.db.reader().acquire().await?;
    let person = crate::org::store::find_person(&mut conn, &user.org_id, person_id).await?;
    drop(conn);
    if !person.is_some_and(|p| p.active) {
        return Err(AppError::Invalid { field: "person", code: "conversation-unknown-person" });
    }
    if conversation.kind == Kind::Group
        && store::members(state.db.reader(), id).await?.len() >= MAX_GROUP
    {
        return Err(AppError::Invalid { field: "person", code: "conversation-group-too-big" });
    }
    let mut tx = state.db.begin().await?;
    if store::add_member(&mut tx, id, person_id, conversation.last_seq).await? {
        announce_membership(&mut tx, &user.org_id, id, person_id, "conversation.joined").await?;
    }
    finish(tx, state).await?;
    Ok(())
}

pub async fn set_muted(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    muted: bool,
) -> AppResult<()> {
    joined(state, user, id).await?;
    let mut tx = state.db.begin().await?;
    store::set_muted(&mut tx, id, &user.user_id, muted).await?;
    tx.commit().await?;
    Ok(())
}

/// Renames a channel or changes its topic (any member).
pub async fn update_details(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    name: &Label,
    topic: &str,
) -> AppResult<()> {
    let (conversation, _) = joined(state, user, id).await?;
    if !conversation.is_channel() {
        return Err(AppError::Conflict("conversation-not-a-channel"));
    }
    let mut tx = state.db.begin().await?;
    store::update_details(&mut tx, id, name.as_str(), topic).await?;
    let payload = serde_json::json!({ "conversation_id": id });
    outbox::emit(&mut tx, &user.org_id, &super::audience(id), "conversation.updated", &payload)
        .await?;
    finish(tx, state).await?;
    Ok(())
}

/// Archives a channel (read-only from then on), or brings it back: its creator or a team manager.
pub async fn set_archived(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    archived: bool,
) -> AppResult<()> {
    let (conversation, _) = joined(state, user, id).await?;
    if !conversation.is_channel() {
        return Err(AppError::Conflict("conversation-not-a-channel"));
    }
    if conversation.created_by != user.user_id && !user.can(Permission::ManageTeams) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    store::set_archived(&mut tx, id, archived).await?;
    let payload = serde_json::json!({ "conversation_id": id });
    outbox::emit(&mut tx, &user.org_id, &super::audience(id), "conversation.updated", &payload)
        .await?;
    let trail = crate::audit::trail::Trail {
        action: if archived { Action::ConversationArchive } else { Action::ConversationUnarchive }
            .as_str(),
        object_type: "conversation",
        object_id: id,
        patient_id: None,
        reason: None,
    };
    crate::audit::trail::record(&mut tx, state, user, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}

/// The members of a conversation the person may read.
pub async fn members(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<Vec<Member>> {
    readable(state, user, id).await?;
    Ok(store::members(state.db.reader(), id).await?)
}
