//! Messaging through the API: channels, pages by signed cursor, edits under `If-Match`,
//! reactions, pins, threads, search, files; tokens held to their scopes and their rate.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Api, send};
use crate::api_v1::new_token;
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_program_runs_a_channel_through_the_api() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let token = new_token(&admin, &["messaging:read", "messaging:write"]).await;
    let api = Api { browser: &admin, token: &token };
    let (status, _, created) =
        api.call(Method::POST, "/api/v1/conversations", Some(json!({ "name": "Astreinte" }))).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let channel = created["id"].as_str().unwrap().to_string();
    let messages = format!("/api/v1/conversations/{channel}/messages");
    let mut ids = Vec::new();
    for text in ["Premier", "Deuxième", "Troisième"] {
        let (status, _, posted) =
            api.call(Method::POST, &messages, Some(json!({ "text": text }))).await;
        assert_eq!(status, StatusCode::CREATED, "{posted}");
        ids.push(posted["id"].as_str().unwrap().to_string());
    }
    // The same client key posts once.
    let keyed = json!({ "text": "Une fois", "client_key": "retry-1" });
    let (_, _, first) = api.call(Method::POST, &messages, Some(keyed.clone())).await;
    let (_, _, again) = api.call(Method::POST, &messages, Some(keyed)).await;
    assert_eq!(first["id"], again["id"]);

    // Pages, newest first, by signed cursor.
    let (_, _, page) = api.call(Method::GET, &format!("{messages}?limit=2"), None).await;
    let texts: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Une fois", "Troisième"]);
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let (_, _, next) =
        api.call(Method::GET, &format!("{messages}?limit=2&cursor={cursor}"), None).await;
    let texts: Vec<&str> =
        next["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Deuxième", "Premier"]);
    assert!(next["next_cursor"].is_null());
    // A cursor forged, or taken from another conversation, or a page too big: refused.
    let (_, _, other) =
        api.call(Method::POST, "/api/v1/conversations", Some(json!({ "name": "Autre" }))).await;
    let other = other["id"].as_str().unwrap();
    let forged = cursor.replace(|c: char| c.is_ascii_digit(), "7");
    for path in [
        format!("/api/v1/conversations/{other}/messages?cursor={cursor}"),
        format!("{messages}?cursor={forged}x"),
        format!("{messages}?cursor=MTI.AAAAAAAAAAAAAAAAAAAAAA"),
        format!("{messages}?limit=100000"),
        format!("{messages}?limit=-1"),
    ] {
        let (status, _, problem) = api.call(Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {problem}");
        assert!(["cursor", "limit"].contains(&problem["field"].as_str().unwrap()), "{problem}");
    }

    // One message and its version; edits under If-Match.
    let one = format!("/api/v1/messages/{}", ids[0]);
    let (status, headers, message) = api.call(Method::GET, &one, None).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert_eq!(etag, format!("\"v{}\"", message["version"]));
    let edit = |text: &'static str, etag: String| {
        let (admin, token, one) = (&admin, &token, &one);
        async move {
            let headers = [("if-match", etag.as_str())];
            send(admin, Method::PATCH, one, token, Some(json!({ "text": text })), &headers).await
        }
    };
    let (status, headers, edited) = edit("Premier (corrigé)", etag.clone()).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert!(edited["edited"].as_bool().unwrap());
    assert_ne!(headers["etag"].to_str().unwrap(), etag, "the version moved");
    let (status, _, problem) = edit("Écrasé", etag.clone()).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(problem["code"], "precondition_failed");
    let (status, _, _) = edit("Sans version", "W/\"nonsense\"".to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Reactions are set and unset, not toggled; pins; threads; search.
    let thumbs = format!("/api/v1/messages/{}/reactions/%F0%9F%91%8D", ids[1]);
    for _ in 0..2 {
        assert_eq!(api.call(Method::PUT, &thumbs, None).await.0, StatusCode::NO_CONTENT);
    }
    let (_, _, reacted) =
        api.call(Method::GET, &format!("/api/v1/messages/{}", ids[1]), None).await;
    assert_eq!(reacted["reactions"][0]["count"], 1);
    assert_eq!(api.call(Method::DELETE, &thumbs, None).await.0, StatusCode::NO_CONTENT);
    let (status, _, problem) =
        api.call(Method::PUT, &format!("/api/v1/messages/{}/reactions/poop", ids[1]), None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("message-reaction-unknown"))
    );
    assert_eq!(
        api.call(Method::PUT, &format!("/api/v1/messages/{}/pin", ids[2]), None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, _, pins) =
        api.call(Method::GET, &format!("/api/v1/conversations/{channel}/pins"), None).await;
    assert_eq!(pins[0]["id"], ids[2].as_str());
    let reply = json!({ "text": "Réponse", "thread_root_id": ids[2] });
    assert_eq!(api.call(Method::POST, &messages, Some(reply)).await.0, StatusCode::CREATED);
    let (_, _, thread) =
        api.call(Method::GET, &format!("/api/v1/messages/{}/thread", ids[2]), None).await;
    assert_eq!(thread["replies"][0]["text"], "Réponse");
    let (_, _, hits) = api.call(Method::GET, "/api/v1/messages/search?q=deuxi%C3%A8me", None).await;
    assert_eq!(hits[0]["message"]["id"], ids[1].as_str(), "{hits}");

    // A file up and down, as it was.
    let upload = reqwest::Client::new()
        .post(admin.url(&format!("/api/v1/conversations/{channel}/files?name=relev%C3%A9.txt")))
        .bearer_auth(&token)
        .header("content-type", "application/octet-stream")
        .body("température 37,2")
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::CREATED);
    let posted: Value = upload.json().await.unwrap();
    let (_, _, with_file) = api
        .call(Method::GET, &format!("/api/v1/messages/{}", posted["id"].as_str().unwrap()), None)
        .await;
    let url = with_file["files"][0]["url"].as_str().unwrap();
    let file = reqwest::Client::new().get(admin.url(url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.text().await.unwrap(), "température 37,2");

    // Delete: the place stays, the text goes.
    assert_eq!(api.call(Method::DELETE, &one, None).await.0, StatusCode::NO_CONTENT);
    let (_, _, gone) = api.call(Method::GET, &one, None).await;
    assert_eq!((gone["deleted"].as_bool(), gone["text"].as_str()), (Some(true), Some("")));
}

#[tokio::test]
async fn a_token_stays_within_its_module_and_its_person() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, _, _) = app.person(&admin, "ide@ssiad-test.fr", &["nurse"]).await;
    let reader = new_token(&admin, &["messaging:read"]).await;
    let (status, _, problem) = send(
        &admin,
        Method::POST,
        "/api/v1/conversations",
        &reader,
        Some(json!({ "name": "X" })),
        &[],
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("insufficient_scope"))
    );
    for path in
        ["/api/v1/homecare/patients", "/api/v1/people", "/api/v1/audit", "/api/v1/tasks/mine"]
    {
        let (status, _, _) = send(&admin, Method::GET, path, &reader, None, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a messaging token reads no {path}");
    }
    // A private channel of the administrator is not the nurse's, whatever her token.
    let writer = new_token(&admin, &["messaging:write"]).await;
    let (_, _, private) = send(
        &admin,
        Method::POST,
        "/api/v1/conversations",
        &writer,
        Some(json!({ "name": "Direction", "private": true })),
        &[],
    )
    .await;
    let private = private["id"].as_str().unwrap();
    let nurses = new_token(&nurse, &["messaging:read", "messaging:write"]).await;
    let path = format!("/api/v1/conversations/{private}/messages");
    assert_eq!(send(&nurse, Method::GET, &path, &nurses, None, &[]).await.0, StatusCode::NOT_FOUND);
    let body = Some(json!({ "text": "intrusion" }));
    assert_eq!(
        send(&nurse, Method::POST, &path, &nurses, body, &[]).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn two_edits_on_the_same_version_one_wins_the_other_is_told() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let token = new_token(&admin, &["messaging:read", "messaging:write"]).await;
    let (_, _, channel) = send(
        &admin,
        Method::POST,
        "/api/v1/conversations",
        &token,
        Some(json!({ "name": "Course" })),
        &[],
    )
    .await;
    let messages = format!("/api/v1/conversations/{}/messages", channel["id"].as_str().unwrap());
    let (_, _, posted) =
        send(&admin, Method::POST, &messages, &token, Some(json!({ "text": "v0" })), &[]).await;
    let one = format!("/api/v1/messages/{}", posted["id"].as_str().unwrap());
    for round in 0..5 {
        let (_, headers, _) = send(&admin, Method::GET, &one, &token, None, &[]).await;
        let etag = headers["etag"].to_str().unwrap().to_string();
        let edit = |text: String| {
            let etag = etag.clone();
            let (admin, token, one) = (&admin, &token, &one);
            async move {
                send(
                    admin,
                    Method::PATCH,
                    one,
                    token,
                    Some(json!({ "text": text })),
                    &[("if-match", &etag)],
                )
                .await
                .0
            }
        };
        let (a, b) = tokio::join!(edit(format!("a{round}")), edit(format!("b{round}")));
        let mut statuses = [a, b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "round {round}");
    }
}

#[tokio::test]
async fn a_token_beyond_its_rate_is_told_when_to_come_back() {
    let app = spawn_app_with(|s| s.limits.api_requests_per_minute = 5).await;
    let (admin, _) = app.admin().await;
    let token = new_token(&admin, &["org:read"]).await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..7 {
        let (status, headers, _) = send(&admin, Method::GET, "/api/v1/me", &token, None, &[]).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            retry_after =
                headers.get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
        }
        statuses.push(status);
    }
    // Five in the minute (unless the minute turned meanwhile), then 429 with Retry-After.
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(refused >= 1, "{statuses:?}");
    assert!(retry_after.is_some_and(|s| (1..=60).contains(&s)), "{retry_after:?}");
    // The signed-in page itself is not limited per token.
    assert_eq!(admin.get("/api/v1/me").await.status(), StatusCode::OK);
}
