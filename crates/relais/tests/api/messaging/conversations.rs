//! Channels and direct messages: the whole life of a message, read state and receipts.

use reqwest::StatusCode;

use super::{channel, chat, conversation_of, page, send};
use crate::helpers::location;

#[tokio::test]
async fn a_channel_carries_messages_threads_reactions_pins_edits_and_deletions() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe Nord", false).await;
    assert_eq!(
        c.nurse.post(&format!("/messages/{id}/join"), &[]).await.status(),
        StatusCode::SEE_OTHER
    );

    let first = send(&c.nurse, &id, "Pansement de **M. Durand** à refaire, @claire.dubois").await;
    let message_id = first["message_id"].as_str().unwrap().to_string();
    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(html.contains("<strong>M. Durand</strong>"), "markdown rendered");
    assert!(html.contains("<span class=\"mention\">@claire.dubois</span>"));
    assert!(html.contains("id=\"new\""), "the new-messages line for the admin");
    let mentions = c
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = '{}' AND kind = 'mention'",
            c.admin_id
        ))
        .await;
    assert_eq!(mentions, 1);
    let sealed = c.app.count("SELECT COUNT(*) FROM messages WHERE body_enc IS NOT NULL").await;
    assert_eq!(sealed, 1);

    // A reply in a thread, a reaction, a pin.
    let reply =
        super::send_raw(&c.admin, &id, &[("text", "Je m'en occupe"), ("thread", &message_id)])
            .await;
    assert_eq!(reply.status(), StatusCode::CREATED);
    let thread = page(&c.nurse, &format!("/messages/m/{message_id}/thread")).await;
    assert!(
        thread.contains("Je m&#x27;en occupe") || thread.contains("Je m'en occupe"),
        "{thread}"
    );
    let main = page(&c.nurse, &format!("/messages/{id}")).await;
    assert!(!main.contains("Je m'en occupe"), "replies stay in the thread");
    let react = c.admin.post(&format!("/messages/m/{message_id}/react"), &[("emoji", "👍")]).await;
    assert_eq!(react.status(), StatusCode::SEE_OTHER);
    let pin = c.admin.post(&format!("/messages/m/{message_id}/pin"), &[("value", "1")]).await;
    assert_eq!(pin.status(), StatusCode::SEE_OTHER);
    let pinned = page(&c.nurse, &format!("/messages/{id}/pinned")).await;
    assert!(pinned.contains("M. Durand") && pinned.contains("👍 1"));

    // The author edits, then deletes: the place stays, the text goes, the deletion is audited.
    let edit = c
        .nurse
        .post(&format!("/messages/m/{message_id}/edit"), &[("text", "Pansement refait")])
        .await;
    assert_eq!(edit.status(), StatusCode::SEE_OTHER);
    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(html.contains("Pansement refait") && html.contains("modifié"));
    let delete = c.nurse.post(&format!("/messages/m/{message_id}/delete"), &[]).await;
    assert_eq!(delete.status(), StatusCode::SEE_OTHER);
    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(!html.contains("Pansement refait") && html.contains("Message supprimé."));
    assert_eq!(
        c.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'message.delete'").await,
        1
    );
    assert_eq!(
        c.app
            .count(&format!("SELECT COUNT(*) FROM message_terms WHERE message_id = '{message_id}'"))
            .await,
        0
    );
    assert_eq!(c.app.count("SELECT COUNT(*) FROM messages WHERE body_enc IS NULL").await, 1);
}

#[tokio::test]
async fn direct_messages_show_who_has_read_them_and_unread_counts() {
    let c = chat().await;
    let id = conversation_of(&c.admin.post("/messages/direct", &[("people", &c.nurse_id)]).await);
    let again = c.nurse.post("/messages/direct", &[("people", &c.admin_id)]).await;
    assert_eq!(location(&again), format!("/messages/{id}"), "one conversation per pair");
    let sent = send(&c.admin, &id, "Tu peux passer chez Mme Leroy ?").await;
    let list = page(&c.nurse, "/messages").await;
    assert!(list.contains("class=\"badge count\">"), "unread count for the nurse");
    let seq = sent["seq"].as_i64().unwrap().to_string();
    assert!(!page(&c.admin, &format!("/messages/{id}")).await.contains("Lu par"));
    let read = c.nurse.post(&format!("/messages/{id}/read"), &[("seq", &seq)]).await;
    assert_eq!(read.status(), StatusCode::SEE_OTHER);
    assert!(page(&c.admin, &format!("/messages/{id}")).await.contains("Lu par Nadia Benali"));
    assert!(!page(&c.nurse, "/messages").await.contains("class=\"badge count\">"));
    let unread = c
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = '{}' AND read_at IS NULL",
            c.nurse_id
        ))
        .await;
    assert_eq!(unread, 0, "reading clears the notification");
    // Groups: three people, one conversation; leaving a direct conversation is refused.
    let group = c
        .admin
        .post("/messages/direct", &[("people", &c.nurse_id), ("people", &c.coordinator_id)])
        .await;
    assert_eq!(group.status(), StatusCode::SEE_OTHER);
    let leave = c.admin.post(&format!("/messages/{id}/leave"), &[]).await;
    assert_eq!(leave.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn private_channels_are_by_invitation_and_archived_ones_are_read_only() {
    let c = chat().await;
    let id = channel(&c.coordinator, "Coordination", true).await;
    assert_eq!(c.nurse.get(&format!("/messages/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        c.nurse.post(&format!("/messages/{id}/join"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(!page(&c.nurse, "/messages").await.contains("Coordination"));
    let invite =
        c.coordinator.post(&format!("/messages/{id}/invite"), &[("person", &c.nurse_id)]).await;
    assert_eq!(invite.status(), StatusCode::SEE_OTHER);
    assert!(page(&c.nurse, "/messages").await.contains("Coordination"));
    send(&c.nurse, &id, "Merci pour l'invitation").await;

    // Only the creator (or a team manager) archives; then nobody writes.
    let by_nurse = c.nurse.post(&format!("/messages/{id}/archive"), &[("value", "1")]).await;
    assert_eq!(by_nurse.status(), StatusCode::FORBIDDEN);
    let archive = c.coordinator.post(&format!("/messages/{id}/archive"), &[("value", "1")]).await;
    assert_eq!(archive.status(), StatusCode::SEE_OTHER);
    let refused = super::send_raw(&c.nurse, &id, &[("text", "encore ?")]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(page(&c.nurse, &format!("/messages/{id}")).await.contains("Merci pour l"));

    // Rename and topic are for members; mute and leave work.
    let rename = c
        .coordinator
        .post(&format!("/messages/{id}/details"), &[("name", ""), ("topic", "x")])
        .await;
    assert_eq!(rename.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mute = c.nurse.post(&format!("/messages/{id}/mute"), &[("value", "1")]).await;
    assert_eq!(mute.status(), StatusCode::SEE_OTHER);
    let leave = c.nurse.post(&format!("/messages/{id}/leave"), &[]).await;
    assert_eq!(location(&leave), "/messages");
    assert_eq!(c.nurse.get(&format!("/messages/{id}")).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_morning_announcement_opens_once_a_day_with_one_line_each() {
    let c = chat().await;
    let id = channel(&c.coordinator, "Équipe Nord", false).await;
    c.nurse.post(&format!("/messages/{id}/join"), &[]).await;
    let bad =
        c.coordinator.post(&format!("/messages/{id}/announcement"), &[("time", "25:00")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let set =
        c.coordinator.post(&format!("/messages/{id}/announcement"), &[("time", "00:00")]).await;
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    assert!(page(&c.coordinator, &format!("/messages/{id}")).await.contains("value=\"00:00\""));

    assert_eq!(relais::messaging::announcement::open_due(c.app.state()).await.unwrap(), 1);
    assert_eq!(
        relais::messaging::announcement::open_due(c.app.state()).await.unwrap(),
        0,
        "once a day"
    );
    let html = page(&c.nurse, &format!("/messages/{id}")).await;
    assert!(html.contains("Annonce du matin"));
    let root = html.split("data-id=\"").nth(1).unwrap().split('"').next().unwrap().to_string();

    let line =
        super::send_raw(&c.nurse, &id, &[("text", "Tournée Nord, 9 visites"), ("thread", &root)])
            .await;
    assert_eq!(line.status(), StatusCode::CREATED);
    let second = super::send_raw(&c.nurse, &id, &[("text", "Encore une"), ("thread", &root)]).await;
    assert_eq!(second.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let two_lines =
        super::send_raw(&c.coordinator, &id, &[("text", "un\ndeux"), ("thread", &root)]).await;
    assert_eq!(two_lines.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Four lines sent at the same moment (two phones, a double tap): the database keeps one.
    let texts = ["Sud : 8 visites", "Sud : 9 visites", "Sud : 10 visites", "Sud : 11 visites"];
    let forms = texts.map(|text| [("text", text), ("thread", root.as_str())]);
    let racing = forms.iter().map(|form| super::send_raw(&c.coordinator, &id, form));
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all(racing).await.iter().map(|r| r.status()).collect();
    let kept = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    assert_eq!(kept, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY].contains(s))
    );
    send(&c.coordinator, &id, "hors fil : ceci reste possible").await;
    let thread = page(&c.coordinator, &format!("/messages/m/{root}/thread")).await;
    assert!(thread.contains("<strong>Nadia Benali</strong> — Tournée Nord, 9 visites"), "{thread}");
    let lines = c.app.count("SELECT COUNT(*) FROM messages WHERE announcement_line = 1").await;
    assert_eq!(lines, 2, "the nurse's line and one of the coordinator's");
    // Turned off: nothing opens any more.
    c.coordinator.post(&format!("/messages/{id}/announcement"), &[("time", "")]).await;
    c.app.execute("UPDATE conversations SET announcement_day = NULL").await;
    assert_eq!(relais::messaging::announcement::open_due(c.app.state()).await.unwrap(), 0);
}

#[tokio::test]
async fn two_people_opening_their_conversation_at_the_same_moment_get_the_same_one() {
    let c = chat().await;
    let admin_asks = [("people", c.nurse_id.as_str())];
    let nurse_asks = [("people", c.admin_id.as_str())];
    let opening = (0..4).flat_map(|_| {
        [
            c.admin.post("/messages/direct", &admin_asks),
            c.nurse.post("/messages/direct", &nurse_asks),
        ]
    });
    let answers = futures_util::future::join_all(opening).await;
    let places: std::collections::BTreeSet<String> = answers.iter().map(location).collect();
    assert_eq!(places.len(), 1, "one conversation for everyone: {places:?}");
    let stored = c.app.count("SELECT COUNT(*) FROM conversations WHERE kind = 'direct'").await;
    assert_eq!(stored, 1);
}
