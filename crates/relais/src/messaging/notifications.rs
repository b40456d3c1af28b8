//! Who a message notifies, and when: at once when they are on duty (or the message is urgent),
//! else held until their next working period; a delivery pass hands held ones over when due.
//! Notifications carry no message content: only where and how many.

use super::model::{Conversation, Kind};
use super::store::Member;
use super::store::notifications::{self as store, NewNotification, NotificationRow};
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::error::AppResult;
use crate::events::outbox;
use crate::org::availability::Availability;
use crate::state::AppState;

/// Someone a message will reach later, for the sender to know.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Held {
    pub user_id: String,
    pub display_name: String,
    pub until: i64,
}

/// A person a message notifies, and why.
pub struct Recipient<'a> {
    pub member: &'a Member,
    pub kind: &'static str,
}

/// The people a message notifies: everyone else in a direct or group conversation (unless they
/// muted it); in a channel, those mentioned (everyone for `@channel`), even when muted.
pub fn recipients<'a>(
    conversation: &Conversation,
    members: &'a [Member],
    author_id: &str,
    mentioned: &[String],
    everyone: bool,
) -> Vec<Recipient<'a>> {
    members
        .iter()
        .filter(|member| member.user_id != author_id)
        .filter_map(|member| {
            let is_mentioned = everyone || mentioned.contains(&member.user_id);
            match conversation.kind {
                Kind::Direct | Kind::Group if is_mentioned => {
                    Some(Recipient { member, kind: "mention" })
                }
                Kind::Direct | Kind::Group if !member.muted => {
                    Some(Recipient { member, kind: "message" })
                }
                Kind::Channel if is_mentioned => Some(Recipient { member, kind: "mention" }),
                _ => None,
            }
        })
        .collect()
}

/// Records the notifications of a new message in its transaction. Returns who will get it later.
pub async fn create(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    conversation_id: &str,
    message_id: &str,
    recipients: &[Recipient<'_>],
    urgent: bool,
    now: i64,
) -> sqlx::Result<Vec<Held>> {
    let mut held = Vec::new();
    for recipient in recipients {
        let member = recipient.member;
        let reachable = Availability::new(member.hours, &member.time_zone).next_reachable(now);
        let at_once = urgent || reachable <= now;
        let new = NewNotification {
            org_id,
            user_id: &member.user_id,
            kind: recipient.kind,
            conversation_id,
            message_id,
            urgent,
            created_at: now,
            deliver_at: if at_once { now } else { reachable },
            delivered_at: at_once.then_some(now),
        };
        let id = store::insert(&mut *conn, &new).await?;
        if at_once {
            announce(&mut *conn, org_id, &member.user_id, &id, conversation_id, urgent).await?;
        } else {
            held.push(Held {
                user_id: member.user_id.clone(),
                display_name: member.display_name.clone(),
                until: reachable,
            });
        }
    }
    Ok(held)
}

async fn announce(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    user_id: &str,
    notification_id: &str,
    conversation_id: &str,
    urgent: bool,
) -> sqlx::Result<()> {
    let payload = serde_json::json!({
        "notification_id": notification_id,
        "conversation_id": conversation_id,
        "urgent": urgent,
    });
    outbox::emit(conn, org_id, &format!("user:{user_id}"), "notification", &payload).await?;
    Ok(())
}

/// Delivers every held notification whose time has come. Returns how many.
pub async fn deliver_due(state: &AppState) -> AppResult<usize> {
    let now = now_ms();
    let mut delivered = 0;
    loop {
        let due = store::due(state.db.reader(), now, 200).await?;
        if due.is_empty() {
            break;
        }
        let mut tx = state.db.begin().await?;
        for notification in &due {
            if store::mark_delivered(&mut tx, &notification.id, now).await? {
                announce(
                    &mut tx,
                    &notification.org_id,
                    &notification.user_id,
                    &notification.id,
                    &notification.conversation_id,
                    notification.urgent,
                )
                .await?;
                delivered += 1;
            }
        }
        tx.commit().await?;
        state.events.wake();
        if due.len() < 200 {
            break;
        }
    }
    Ok(delivered)
}

/// A person's delivered notifications, newest first.
pub async fn list(state: &AppState, user: &CurrentUser) -> AppResult<Vec<NotificationRow>> {
    Ok(store::delivered_to(state.db.reader(), &user.user_id, 100).await?)
}

/// The badge: delivered notifications not read yet.
pub async fn unread_count(state: &AppState, user: &CurrentUser) -> AppResult<i64> {
    Ok(store::unread_count(state.db.reader(), &user.user_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::fields::WorkingHours;

    fn member(id: &str, muted: bool) -> Member {
        Member {
            user_id: id.into(),
            display_name: id.into(),
            email: format!("{id}@x.fr"),
            time_zone: "Europe/Paris".into(),
            hours: WorkingHours::default(),
            muted,
            last_read_seq: 0,
        }
    }

    fn conversation(kind: Kind) -> Conversation {
        Conversation {
            id: "c".into(),
            org_id: "o".into(),
            kind,
            private: false,
            name: String::new(),
            topic: String::new(),
            created_by: "a".into(),
            created_at: 0,
            archived_at: None,
            last_seq: 0,
            last_message_at: 0,
        }
    }

    fn ids(recipients: &[Recipient<'_>]) -> Vec<(String, &'static str)> {
        recipients.iter().map(|r| (r.member.user_id.clone(), r.kind)).collect()
    }

    #[test]
    fn direct_messages_notify_the_others_unless_muted_and_channels_only_mentions() {
        let members = [member("a", false), member("b", false), member("c", true)];
        let group = recipients(&conversation(Kind::Group), &members, "a", &[], false);
        assert_eq!(ids(&group), vec![("b".into(), "message")]);
        let channel = recipients(&conversation(Kind::Channel), &members, "a", &["c".into()], false);
        assert_eq!(ids(&channel), vec![("c".into(), "mention")], "a mention passes a mute");
        let everyone = recipients(&conversation(Kind::Channel), &members, "a", &[], true);
        assert_eq!(everyone.len(), 2, "the author is never notified");
    }
}
