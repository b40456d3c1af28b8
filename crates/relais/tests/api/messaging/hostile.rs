//! Bad input: empty, oversize, control characters, injection, floods, other people's messages,
//! other conversations and organisations.

use reqwest::StatusCode;

use super::{channel, chat, page, send, send_raw};

#[tokio::test]
async fn malformed_messages_are_refused_with_the_reason() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", false).await;
    let long = "a".repeat(8001);
    let flood: String = (0..40).map(|i| format!("@p{i} ")).collect();
    for (text, reason) in [
        ("   ", "message-empty"),
        (long.as_str(), "message-too-long"),
        ("bip\u{7}", "field-control-characters"),
        ("\u{1b}[2J efface", "field-control-characters"),
        (flood.as_str(), "message-too-many-mentions"),
    ] {
        let response = send_raw(&c.admin, &id, &[("text", text)]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{reason}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["code"], reason);
    }
    // Without script, the form comes back with the message next to the field and the draft kept.
    let form = c.admin.post(&format!("/messages/{id}/post"), &[("text", "bip\u{7}")]).await;
    assert_eq!(form.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.text().await.unwrap().contains("aria-invalid=\"true\""));
    // Invalid UTF-8 in the form body.
    let csrf = c.admin.csrf().await;
    let raw = c
        .admin
        .post_raw(&format!("/messages/{id}/post"), &format!("csrf={csrf}&text=%FF%FE"))
        .await;
    assert!(raw.status().is_client_error(), "{}", raw.status());
    assert_eq!(c.app.count("SELECT COUNT(*) FROM messages").await, 0);
}

#[tokio::test]
async fn injected_markup_is_shown_as_text() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", false).await;
    send(&c.admin, &id, "[x](javascript:alert(3)) and [y](data:text/html,hi)").await;
    send(&c.admin, &id, "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href=\"https://evil.example\">lien</a>").await;
    c.nurse.post(&format!("/messages/{id}/join"), &[]).await;
    let html = page(&c.nurse, &format!("/messages/{id}")).await;
    assert!(!html.contains("<script>alert"), "no script");
    assert!(!html.contains("<img src=x"), "no image");
    assert!(!html.contains("href=\"javascript"), "no javascript link");
    assert!(!html.contains("<a href=\"https://evil.example\">"), "no raw link");
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("href=\"data:"), "no data link");
}

#[tokio::test]
async fn people_act_only_where_they_belong_and_on_their_own_messages() {
    let c = chat().await;
    let private = channel(&c.admin, "Direction", true).await;
    let open_channel = channel(&c.admin, "Général", false).await;
    // Not a member: cannot post, even to an open channel, before joining.
    assert_eq!(
        send_raw(&c.nurse, &private, &[("text", "coucou")]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send_raw(&c.nurse, &open_channel, &[("text", "coucou")]).await.status(),
        StatusCode::FORBIDDEN
    );
    c.nurse.post(&format!("/messages/{open_channel}/join"), &[]).await;
    let mine = send(&c.admin, &open_channel, "Réunion jeudi").await;
    let message = mine["message_id"].as_str().unwrap();
    // Someone else's message: no edit, no delete.
    let edit =
        c.nurse.post(&format!("/messages/m/{message}/edit"), &[("text", "Réunion annulée")]).await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    let delete = c.nurse.post(&format!("/messages/m/{message}/delete"), &[]).await;
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
    // A thread root from another conversation, a made-up one, an unknown reaction.
    let other = send(&c.admin, &private, "secret").await;
    let wrong_thread = send_raw(
        &c.nurse,
        &open_channel,
        &[("text", "x"), ("thread", other["message_id"].as_str().unwrap())],
    )
    .await;
    assert_eq!(wrong_thread.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_thread =
        send_raw(&c.nurse, &open_channel, &[("text", "x"), ("thread", "../../etc")]).await;
    assert_eq!(bad_thread.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let react = c.nurse.post(&format!("/messages/m/{message}/react"), &[("emoji", "<b>")]).await;
    assert_eq!(react.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Replies to a deleted message are refused; the earlier replies stay readable.
    send_raw(&c.nurse, &open_channel, &[("text", "Je serai là"), ("thread", message)]).await;
    c.admin.post(&format!("/messages/m/{message}/delete"), &[]).await;
    let late =
        send_raw(&c.nurse, &open_channel, &[("text", "Moi aussi"), ("thread", message)]).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(page(&c.nurse, &format!("/messages/m/{message}/thread")).await.contains("Je serai là"));
    // Odd ids and another organisation's people.
    assert_eq!(c.nurse.get("/messages/..%2F..").await.status(), StatusCode::NOT_FOUND);
    let outsider = c.app.second_organisation_admin().await;
    assert_eq!(
        outsider.get(&format!("/messages/{open_channel}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let foreign = outsider.post("/messages/direct", &[("people", &c.nurse_id)]).await;
    assert_eq!(foreign.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A client key sends once.
    let once = [("text", "Une seule fois"), ("key", "k-1")];
    let first =
        send_raw(&c.nurse, &open_channel, &once).await.json::<serde_json::Value>().await.unwrap();
    let second =
        send_raw(&c.nurse, &open_channel, &once).await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(first["message_id"], second["message_id"]);
}

#[tokio::test]
async fn calling_everyone_in_a_big_channel_needs_a_confirmation() {
    let c = chat().await;
    let id = channel(&c.admin, "Tout le monde", false).await;
    for i in 0..11 {
        let email = format!("aide{i}@ssiad-test.fr");
        let (browser, _, _) = c.app.person(&c.admin, &email, &["staff"]).await;
        browser.post(&format!("/messages/{id}/join"), &[]).await;
    }
    let refused = send_raw(&c.admin, &id, &[("text", "@channel réunion à 14 h")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let form =
        c.admin.post(&format!("/messages/{id}/post"), &[("text", "@channel réunion à 14 h")]).await;
    assert!(form.text().await.unwrap().contains("confirm_everyone"));
    let confirmed =
        send_raw(&c.admin, &id, &[("text", "@channel réunion à 14 h"), ("confirm_everyone", "1")])
            .await;
    assert_eq!(confirmed.status(), StatusCode::CREATED);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM notifications").await, 11);
}

#[tokio::test]
async fn retention_deletes_old_messages_but_keeps_pinned_ones_and_live_threads() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", false).await;
    let old =
        send(&c.admin, &id, "Vieux message").await["message_id"].as_str().unwrap().to_string();
    let pinned =
        send(&c.admin, &id, "Vieux mais épinglé").await["message_id"].as_str().unwrap().to_string();
    c.admin.post(&format!("/messages/m/{pinned}/pin"), &[("value", "1")]).await;
    let root = send(&c.admin, &id, "Vieux fil").await["message_id"].as_str().unwrap().to_string();
    send_raw(&c.admin, &id, &[("text", "Réponse récente"), ("thread", &root)]).await;
    c.admin.post(&format!("/messages/m/{old}/react"), &[("emoji", "👍")]).await;
    let forty_days_ago = relais::clock::now_ms() - 40 * 86_400_000;
    c.app
        .execute(&format!(
            "UPDATE messages SET created_at = {forty_days_ago} WHERE thread_root_id IS NULL"
        ))
        .await;

    // Bad settings are refused; good ones saved and audited.
    let bad_role = c.admin.post("/admin/organisation/messaging", &[("urgent_roles", "pope")]).await;
    assert_eq!(bad_role.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let by_nurse =
        c.nurse.post("/admin/organisation/messaging", &[("urgent_roles", "coordinator")]).await;
    assert_eq!(by_nurse.status(), StatusCode::FORBIDDEN);
    let saved =
        c.admin.post("/admin/organisation/messaging", &[("urgent_roles", "coordinator")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'org.messaging_settings'").await,
        1
    );

    // Messages older than 30 days go (the retention rule's cutoff).
    let org: String = sqlx::Row::get(
        &sqlx::query("SELECT org_id FROM users LIMIT 1")
            .fetch_one(c.app.state().db.reader())
            .await
            .unwrap(),
        0,
    );
    let cutoff = relais::clock::now_ms() - 30 * 86_400_000;
    let purge = || relais::messaging::retention::purge_before(c.app.state(), &org, cutoff);
    let deleted = purge().await.unwrap();
    assert_eq!(deleted, 1, "only the plain old message");
    assert_eq!(c.app.count(&format!("SELECT COUNT(*) FROM messages WHERE id = '{old}'")).await, 0);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM message_reactions").await, 0);
    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(html.contains("Vieux mais épinglé"), "pinned messages stay");
    assert!(
        !html.contains("Vieux fil") && html.contains("Message supprimé."),
        "a live thread keeps its place"
    );
    assert!(
        page(&c.admin, &format!("/messages/m/{root}/thread")).await.contains("Réponse récente")
    );
    assert_eq!(purge().await.unwrap(), 0, "idempotent");
}
