//! Bots and incoming webhooks: a monitoring tool posts into a channel as a bot; the bot shows as
//! one, stays out of the people directory, and is limited like any program.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{Setup, send, setup};

#[tokio::test]
async fn a_monitoring_tool_posts_into_a_channel_as_a_bot() {
    let Setup { app: _app, admin, token, channel } = setup("Supervision").await;
    let bot = json!({ "name": "Nagios", "scopes": ["messaging:read", "messaging:write"] });
    let (status, _, created) =
        send(&admin, Method::POST, "/api/v1/bots", &token, Some(bot), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (bot_id, bot_token) = (created["id"].as_str().unwrap(), created["token"].as_str().unwrap());
    for refused in [
        json!({ "name": "Root", "roles": ["admin"], "scopes": ["org:read"] }),
        json!({ "name": "Soin", "roles": ["nurse"], "scopes": ["org:read"] }),
        json!({ "name": "Rien", "scopes": [] }),
        json!({ "name": "Faux", "scopes": ["everything"] }),
    ] {
        let (status, _, _) =
            send(&admin, Method::POST, "/api/v1/bots", &token, Some(refused.clone()), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    }

    let hook = json!({ "name": "Alertes disque", "conversation_id": channel, "bot_id": bot_id });
    let (status, _, hook) =
        send(&admin, Method::POST, "/api/v1/incoming-webhooks", &token, Some(hook), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{hook}");
    let url = hook["url"].as_str().unwrap().to_string();
    let client = reqwest::Client::new();
    let posted =
        client.post(&url).json(&json!({ "text": "Disque plein sur srv-1" })).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    let path = format!("/api/v1/conversations/{channel}/messages");
    let (_, _, page) = send(&admin, Method::GET, &path, &token, None, &[]).await;
    let message = &page["items"][0];
    assert_eq!(
        (message["text"].as_str(), message["author_bot"].as_bool()),
        (Some("Disque plein sur srv-1"), Some(true))
    );
    assert_eq!(message["author_name"], "Nagios");
    let html = admin.get(&format!("/messages/{channel}")).await.text().await.unwrap();
    assert!(html.contains("class=\"badge\">robot<"), "shown as a bot on the page");

    // The bot's own token reads and answers; it is not among the people.
    let (status, _, me) = send(&admin, Method::GET, &path, bot_token, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let (_, _, people) = send(&admin, Method::GET, "/api/v1/people", &token, None, &[]).await;
    assert!(people.as_array().unwrap().iter().all(|p| p["id"] != bot_id), "{people}");

    // Bad bodies, wrong secrets, floods.
    for body in ["{", "{\"text\":\"\"}", "{\"text\":42}"] {
        let response = client
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_client_error(), "{body}: {}", response.status());
    }
    let wrong = url.rsplit_once('/').unwrap().0.to_string() + "/not-the-secret";
    assert_eq!(
        client.post(&wrong).json(&json!({ "text": "x" })).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let mut statuses = Vec::new();
    for i in 0..70 {
        statuses.push(
            client
                .post(&url)
                .json(&json!({ "text": format!("flood {i}") }))
                .send()
                .await
                .unwrap()
                .status(),
        );
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "a flood is limited");

    // Deactivated, the bot's token and hook stop.
    let (status, _, _) =
        send(&admin, Method::DELETE, &format!("/api/v1/bots/{bot_id}"), &token, None, &[]).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        send(&admin, Method::GET, &path, bot_token, None, &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client.post(&url).json(&json!({ "text": "x" })).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}
