//! Live delivery to members only, and search over what a person can see.

use std::time::Duration;

use reqwest::StatusCode;

use super::{channel, chat, page, send};
use crate::live::{next, next_within, open};

#[tokio::test]
async fn messages_reach_members_live_and_nobody_else() {
    let c = chat().await;
    let id = channel(&c.admin, "Transmissions", true).await;
    let mut member = open(&c.nurse, "").await.unwrap();
    let mut outsider = open(&c.coordinator, "").await.unwrap();
    next(&mut member).await;
    next(&mut outsider).await;
    c.admin.post(&format!("/messages/{id}/invite"), &[("person", &c.nurse_id)]).await;
    // The invitation arrives first, and the live filter follows it.
    let joined = loop {
        let frame = next(&mut member).await;
        if frame["kind"] == "conversation.joined" {
            break frame;
        }
    };
    assert_eq!(joined["payload"]["conversation_id"], id.as_str());
    let sent = send(&c.admin, &id, "Bonjour l'équipe").await;
    let frame = loop {
        let frame = next(&mut member).await;
        if frame["kind"] == "message.posted" {
            break frame;
        }
    };
    assert_eq!(frame["payload"]["message_id"], sent["message_id"]);
    assert!(frame["payload"].get("text").is_none(), "events carry ids, not content");
    while let Some(frame) = next_within(&mut outsider, Duration::from_millis(500)).await {
        assert_ne!(frame["payload"]["conversation_id"], id.as_str(), "{frame}");
    }
    // The page fetches what it may see.
    let fragment = page(&c.nurse, &format!("/messages/{id}/since?after=0")).await;
    assert!(fragment.contains("Bonjour l"));
    assert_eq!(
        c.coordinator.get(&format!("/messages/{id}/since?after=0")).await.status(),
        StatusCode::NOT_FOUND
    );
    // Typing reaches the others.
    c.admin.post(&format!("/messages/{id}/typing"), &[]).await;
    let typing = loop {
        let frame = next(&mut member).await;
        if frame["kind"] == "conversation.typing" {
            break frame;
        }
    };
    assert_eq!(typing["payload"]["user_id"], c.admin_id.as_str());
}

#[tokio::test]
async fn search_folds_accents_and_plurals_and_stays_within_ones_conversations() {
    let c = chat().await;
    let open_channel = channel(&c.admin, "Général", false).await;
    let private = channel(&c.admin, "Direction", true).await;
    c.nurse.post(&format!("/messages/{open_channel}/join"), &[]).await;
    send(&c.admin, &open_channel, "Les pansements de Mme Hébert sont à l'hôpital").await;
    send(&c.admin, &private, "Pansement confidentiel").await;
    send(&c.admin, &open_channel, "Rien à voir").await;

    let hits = page(&c.nurse, "/messages/search?q=PANSEMENT+hopital").await;
    assert!(hits.contains("1 résultat"), "{hits}");
    assert!(hits.contains("<mark>pansements</mark>") && hits.contains("<mark>hôpital</mark>"));
    assert!(!hits.contains("confidentiel"), "a private channel's messages stay private");
    let admin_hits = page(&c.admin, "/messages/search?q=pansement").await;
    assert!(admin_hits.contains("2 résultat"), "{admin_hits}");
    let filtered =
        page(&c.admin, &format!("/messages/search?q=pansement&conversation={private}")).await;
    assert!(filtered.contains("1 résultat"));
    let by_author =
        page(&c.admin, &format!("/messages/search?q=pansement&author={}", c.nurse_id)).await;
    assert!(by_author.contains("0 résultat"));
    let future = page(&c.admin, "/messages/search?q=pansement&from=2999-01-01").await;
    assert!(future.contains("0 résultat"));
    // Search syntax of other engines is just words here.
    for query in
        ["\"unterminated", "pansement*", "NEAR(a b)", "AND OR NOT", "%27%3B--", "%F0%9F%91%8D"]
    {
        let response = c.nurse.get(&format!("/messages/search?q={query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
    }
    let bad_date = c.nurse.get("/messages/search?q=x&from=demain").await;
    assert_eq!(bad_date.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let too_many =
        c.nurse.get("/messages/search?q=un+deux+trois+quatre+cinq+six+sept+huit+neuf").await;
    assert_eq!(too_many.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stored = c.app.count("SELECT COUNT(*) FROM message_terms WHERE term = 'pansement'").await;
    assert_eq!(stored, 0, "the index holds digests, not words");
}

#[tokio::test]
async fn concurrent_senders_are_written_together_each_once_and_in_order() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", false).await;
    c.nurse.post(&format!("/messages/{id}/join"), &[]).await;
    let sends = (0..40).map(|i| {
        let (browser, id) = (if i % 2 == 0 { &c.admin } else { &c.nurse }, id.clone());
        async move {
            super::send_raw(
                browser,
                &id,
                &[("text", &format!("message {i}")), ("key", &format!("k{i}"))],
            )
            .await
        }
    });
    // The same key twice at once, too: one message.
    let repeated =
        (0..2).map(|_| super::send_raw(&c.nurse, &id, &[("text", "une fois"), ("key", "same")]));
    let (answers, twice) = tokio::join!(
        futures_util::future::join_all(sends),
        futures_util::future::join_all(repeated)
    );
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::CREATED);
    }
    let mut ids = Vec::new();
    for answer in twice {
        assert_eq!(answer.status(), StatusCode::CREATED);
        ids.push(answer.json::<serde_json::Value>().await.unwrap()["message_id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM messages").await, 41);
    assert_eq!(c.app.count("SELECT COUNT(DISTINCT seq) FROM messages").await, 41);
    assert_eq!(c.app.count("SELECT MAX(seq) FROM messages").await, 41);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'message.posted'").await, 41);
}
