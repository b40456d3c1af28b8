//! Call signalling: members of a conversation reach each other's browsers, and only them; six at
//! most; malformed, oversized or misdirected frames are refused; ICE servers carry TURN
//! credentials that expire.

use futures_util::SinkExt;
use relais::secrets::Redacted;
use reqwest::StatusCode;
use tokio_tungstenite::tungstenite::Message;

use crate::live::{Socket, next, open_at};
use crate::messaging::{channel, chat, chat_with};

async fn say(socket: &mut Socket, value: serde_json::Value) {
    socket.send(Message::Text(value.to_string().into())).await.unwrap();
}

async fn call(
    browser: &crate::helpers::Browser,
    conversation: &str,
) -> (Socket, serde_json::Value) {
    let mut socket = open_at(browser, &format!("/messages/{conversation}/call/ws")).await.unwrap();
    let welcome = next(&mut socket).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    (socket, welcome)
}

fn http_status(error: tokio_tungstenite::tungstenite::Error) -> u16 {
    match error {
        tokio_tungstenite::tungstenite::Error::Http(response) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other}"),
    }
}

#[tokio::test]
async fn members_signal_each_other_and_nobody_else() {
    let c = chat().await;
    let team = channel(&c.coordinator, "Équipe Nord", false).await;
    c.nurse.post(&format!("/messages/{team}/join"), &[]).await;

    let call_page = c.nurse.get(&format!("/messages/{team}/call")).await;
    assert_eq!(call_page.status(), StatusCode::OK);
    assert!(call_page.headers()["permissions-policy"].to_str().unwrap().contains("camera=(self)"));
    assert!(
        c.nurse.get(&format!("/messages/{team}")).await.headers()["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=()")
    );
    assert_eq!(
        c.admin.get(&format!("/messages/{team}/call")).await.status(),
        StatusCode::FORBIDDEN
    );
    let (mut coordinator, first) = call(&c.coordinator, &team).await;
    assert_eq!(first["peers"], serde_json::json!([]));
    assert_eq!(first["organiser"], true, "who opens the call organises it");
    let (mut nurse, second) = call(&c.nurse, &team).await;
    let coordinator_peer = second["peers"][0]["peer"].as_str().unwrap().to_string();
    let nurse_peer = second["peer"].as_str().unwrap().to_string();
    assert_eq!(second["organiser"], false);
    let joined = next(&mut coordinator).await;
    assert_eq!(
        (joined["type"].as_str(), joined["peer"].as_str()),
        (Some("joined"), Some(nurse_peer.as_str()))
    );

    let offer = serde_json::json!({ "description": { "type": "offer", "sdp": "v=0\r\n" } });
    say(&mut nurse, serde_json::json!({ "type": "signal", "to": coordinator_peer, "data": offer }))
        .await;
    let relayed = next(&mut coordinator).await;
    assert_eq!(relayed["type"], "signal");
    assert_eq!(relayed["from"], nurse_peer.as_str(), "the server names the sender");
    assert_eq!(relayed["data"], offer);

    // Someone in another room cannot be reached from this one.
    let other = channel(&c.admin, "Astreinte", false).await;
    let (_admin, elsewhere) = call(&c.admin, &other).await;
    let stranger = elsewhere["peer"].as_str().unwrap();
    say(&mut nurse, serde_json::json!({ "type": "signal", "to": stranger, "data": offer })).await;
    assert_eq!(next(&mut nurse).await["code"], "call-peer-gone");

    // Not a member of the channel: no socket.
    let refused = open_at(&c.admin, &format!("/messages/{team}/call/ws")).await.unwrap_err();
    assert_eq!(http_status(refused), 403);

    say(&mut nurse, serde_json::json!({ "type": "chat", "text": "Je vous entends mal" })).await;
    let line = next(&mut coordinator).await;
    assert_eq!(
        (line["type"].as_str(), line["text"].as_str()),
        (Some("chat"), Some("Je vous entends mal"))
    );
    nurse.close(None).await.unwrap();
    let left = next(&mut coordinator).await;
    assert_eq!(
        (left["type"].as_str(), left["peer"].as_str()),
        (Some("left"), Some(nurse_peer.as_str()))
    );
    let in_chat =
        c.app.count("SELECT COUNT(*) FROM messages WHERE conversation_id = '{team}'").await;
    assert_eq!(in_chat, 0, "the in-call chat is not stored");
}

#[tokio::test]
async fn a_seventh_participant_is_refused() {
    let c = chat().await;
    let team = channel(&c.coordinator, "Réunion", false).await;
    let mut sockets = Vec::new();
    for _ in 0..relais::calls::MAX_PARTICIPANTS {
        sockets.push(call(&c.coordinator, &team).await.0);
    }
    let mut seventh = open_at(&c.coordinator, &format!("/messages/{team}/call/ws")).await.unwrap();
    assert_eq!(next(&mut seventh).await["code"], "call-full");
    assert_eq!(next(&mut seventh).await["close"], 4409);
}

#[tokio::test]
async fn malformed_and_oversized_frames_are_refused_then_the_socket_is_closed() {
    let c = chat().await;
    let team = channel(&c.coordinator, "Réunion", false).await;
    let (mut socket, _) = call(&c.coordinator, &team).await;
    say(&mut socket, serde_json::json!({ "type": "ping" })).await;
    assert_eq!(next(&mut socket).await["type"], "pong");
    for bad in [
        serde_json::json!({ "type": "record" }),
        serde_json::json!({ "type": "signal", "to": "../../x", "data": { "candidate": null } }),
        serde_json::json!({ "type": "state", "audio": "oui", "video": true }),
        serde_json::json!({ "type": "chat", "text": "" }),
    ] {
        say(&mut socket, bad).await;
        assert_eq!(next(&mut socket).await["type"], "error");
    }
    socket.send(Message::Text("{not json".into())).await.unwrap();
    assert_eq!(next(&mut socket).await["close"], 1008, "five strikes");

    let (mut socket, _) = call(&c.coordinator, &team).await;
    let huge = "x".repeat(70 * 1024);
    let _ = socket.send(Message::Text(huge.into())).await;
    let closed = next(&mut socket).await;
    assert!(closed.get("close").is_some(), "{closed}");
}

#[tokio::test]
async fn ice_servers_carry_expiring_turn_credentials() {
    let c = chat_with(|settings| {
        settings.calls.stun_urls = vec!["stun:turn.example.org:3478".into()];
        settings.calls.turn_urls = vec!["turns:turn.example.org:5349".into()];
        settings.calls.turn_secret = Some(Redacted("0123456789abcdef0123".into()));
        settings.calls.turn_ttl_seconds = 3600;
    })
    .await;
    let answer: serde_json::Value = c.nurse.get("/calls/ice").await.json().await.unwrap();
    let servers = answer["ice_servers"].as_array().unwrap();
    assert_eq!(servers[0]["urls"][0], "stun:turn.example.org:3478");
    let username = servers[1]["username"].as_str().unwrap();
    let (expiry, subject) = username.split_once(':').unwrap();
    assert_eq!(subject, c.nurse_id);
    let expiry: i64 = expiry.parse().unwrap();
    let now = relais::clock::now_ms() / 1000;
    assert!((now + 3590..=now + 3610).contains(&expiry), "{expiry} vs {now}");
    assert!(!servers[1]["credential"].as_str().unwrap().is_empty());
    let anonymous = c.app.browser().get("/calls/ice").await;
    assert_ne!(anonymous.status(), StatusCode::OK);
}

#[tokio::test]
async fn leaving_the_conversation_ends_ones_place_in_its_call() {
    let c = chat().await;
    let team = channel(&c.coordinator, "Réunion", false).await;
    c.nurse.post(&format!("/messages/{team}/join"), &[]).await;
    let (mut nurse, _) = call(&c.nurse, &team).await;
    let (mut coordinator, welcome) = call(&c.coordinator, &team).await;
    assert_eq!(welcome["peers"].as_array().unwrap().len(), 1);
    assert_eq!(next(&mut nurse).await["type"], "joined");
    c.nurse.post(&format!("/messages/{team}/leave"), &[]).await;
    // Checked again every 15 s: the socket closes, the others see her leave.
    let closed = crate::live::next_within(&mut nurse, std::time::Duration::from_secs(20)).await;
    assert_eq!(closed.unwrap()["close"], 4401);
    let left = crate::live::next_within(&mut coordinator, std::time::Duration::from_secs(5)).await;
    assert_eq!(left.unwrap()["type"], "left");
}

#[tokio::test]
async fn starting_a_call_announces_it_once_held_off_duty_unless_urgent() {
    let c = chat().await;
    crate::messaging::disconnect::off_duty_until_three_days_from_now(&c.app, &c.nurse_id).await;
    let team = channel(&c.coordinator, "Équipe Nord", false).await;
    c.nurse.post(&format!("/messages/{team}/join"), &[]).await;
    c.admin.post(&format!("/messages/{team}/join"), &[]).await;
    let announcements = "SELECT COUNT(*) FROM messages WHERE deleted_at IS NULL";
    let before = c.app.count(announcements).await;

    let started = c.coordinator.post(&format!("/messages/{team}/call"), &[]).await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&started), format!("/messages/{team}/call"));
    assert_eq!(c.app.count(announcements).await, before + 1);
    let held = format!(
        "SELECT COUNT(*) FROM notifications WHERE user_id = '{}' AND delivered_at IS NULL",
        c.nurse_id
    );
    assert_eq!(c.app.count(&held).await, 1, "the off-duty nurse's ring waits for her day");

    // Someone is in the call: starting it again joins it without a second announcement (and
    // joining the socket, or coming back to it after a drop, never announces).
    let (_in_call, _) = call(&c.coordinator, &team).await;
    let again = c.admin.post(&format!("/messages/{team}/call"), &[]).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(c.app.count(announcements).await, before + 1);

    // An urgent call: only for the roles allowed, with a reason; then it rings at once, audited.
    let other = channel(&c.coordinator, "Astreinte", false).await;
    c.nurse.post(&format!("/messages/{other}/join"), &[]).await;
    c.admin.post(&format!("/messages/{other}/join"), &[]).await;
    let path = format!("/messages/{other}/call");
    let refused = c.admin.post(&path, &[("urgent", "1"), ("call_urgent_reason", "test")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let no_reason =
        c.coordinator.post(&path, &[("urgent", "1"), ("call_urgent_reason", " ")]).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text().await.unwrap().contains("id=\"call_urgent_reason-error\""));
    let reason = [("urgent", "1"), ("call_urgent_reason", "Chute de M. Petit, avis urgent")];
    assert_eq!(c.coordinator.post(&path, &reason).await.status(), StatusCode::SEE_OTHER);
    let rang = format!(
        "SELECT COUNT(*) FROM notifications WHERE user_id = '{}' AND urgent = 1 AND delivered_at IS NOT NULL",
        c.nurse_id
    );
    assert_eq!(c.app.count(&rang).await, 1);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM urgent_overrides").await, 1);
}
