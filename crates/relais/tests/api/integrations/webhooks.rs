//! Outgoing webhooks against a receiver started here: signed deliveries a receiver can verify,
//! retries after a 500, no redirect followed, a receiver that hangs, 127.0.0.1 refused unless
//! allowed, and a webhook disabled after repeated failures.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use hmac::{Hmac, Mac};
use relais::api::webhooks::{deliver, store};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{Setup, send, setup};

/// How the receiver answers its next requests (then 200).
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    Redirect,
    Hang,
}

#[derive(Clone, Default)]
struct Receiver {
    script: Arc<Mutex<Vec<Answer>>>,
    received: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

impl Receiver {
    async fn start() -> (Self, String) {
        let receiver = Self::default();
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    state.received.lock().unwrap().push((headers, body));
                    let next = {
                        let mut script = state.script.lock().unwrap();
                        if script.is_empty() { None } else { Some(script.remove(0)) }
                    };
                    match next {
                        None => (AxumStatus::OK, HeaderMap::new()),
                        Some(Answer::Status(code)) => {
                            (AxumStatus::from_u16(code).unwrap(), HeaderMap::new())
                        }
                        Some(Answer::Redirect) => {
                            let mut headers = HeaderMap::new();
                            headers.insert("location", "http://169.254.169.254/".parse().unwrap());
                            (AxumStatus::FOUND, headers)
                        }
                        Some(Answer::Hang) => {
                            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                            (AxumStatus::OK, HeaderMap::new())
                        }
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receiver, format!("http://{address}/hook"))
    }

    fn answer(&self, answers: &[Answer]) {
        self.script.lock().unwrap().extend_from_slice(answers);
    }

    fn received(&self) -> Vec<(HeaderMap, String)> {
        self.received.lock().unwrap().clone()
    }
}

/// What a receiver does with `Relais-Signature` (as `docs/api.md` shows): recompute the HMAC of
/// "<t>.<body>" and refuse a timestamp more than five minutes away (a replay).
fn verify(secret: &str, header: &str, body: &str, now_secs: i64) -> bool {
    let Some((t, v1)) = header.split_once(',') else { return false };
    let (Some(t), Some(v1)) = (t.strip_prefix("t="), v1.strip_prefix("v1=")) else { return false };
    let Ok(t) = t.parse::<i64>() else { return false };
    if (now_secs - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    mac.verify_slice(&hex::decode(v1).unwrap_or_default()).is_ok()
}

async fn register(setup: &Setup, url: &str, allow_private: bool) -> (StatusCode, Value) {
    let body = json!({
        "name": "Supervision",
        "url": url,
        "events": ["message.posted"],
        "conversation_id": setup.channel,
        "allow_private": allow_private,
    });
    let (status, _, answer) =
        send(&setup.admin, Method::POST, "/api/v1/webhooks", &setup.token, Some(body), &[]).await;
    (status, answer)
}

async fn post_message(setup: &Setup, text: &str) {
    let path = format!("/api/v1/conversations/{}/messages", setup.channel);
    let (status, _, _) =
        send(&setup.admin, Method::POST, &path, &setup.token, Some(json!({ "text": text })), &[])
            .await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn deliveries(setup: &Setup, webhook: &str) -> Vec<Value> {
    let path = format!("/api/v1/webhooks/{webhook}/deliveries");
    let (_, _, list) = send(&setup.admin, Method::GET, &path, &setup.token, None, &[]).await;
    list.as_array().unwrap().clone()
}

/// Runs the dispatcher and the sender once, as the periodic job does.
async fn run(setup: &Setup) {
    deliver::run(setup.app.state()).await.unwrap();
}

#[tokio::test]
async fn deliveries_are_signed_retried_after_a_500_and_logged() {
    let setup = setup("Alertes").await;
    let (receiver, url) = Receiver::start().await;
    let (status, problem) = register(&setup, &url, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "127.0.0.1 is refused: {problem}");
    assert_eq!(problem["code"], "webhook-url-private");
    for bad in ["ftp://example.org/", "https://user:pw@example.org/", "javascript:alert(1)", ""] {
        assert_eq!(register(&setup, bad, true).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (status, created) = register(&setup, &url, true).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_string();
    let webhook = created["webhook"]["id"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));

    receiver.answer(&[Answer::Status(500)]);
    post_message(&setup, "Serveur de fichiers plein").await;
    run(&setup).await;
    let log = deliveries(&setup, &webhook).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0]["state"].as_str(), log[0]["last_status"].as_i64()),
        (Some("pending"), Some(500))
    );
    assert!(log[0]["next_attempt_at"].is_string());
    // Not yet due: nothing is sent again.
    run(&setup).await;
    assert_eq!(receiver.received().len(), 1);
    setup.app.execute("UPDATE webhook_deliveries SET next_at = 0").await;
    run(&setup).await;
    let log = deliveries(&setup, &webhook).await;
    assert_eq!(
        (log[0]["state"].as_str(), log[0]["attempts"].as_i64()),
        (Some("delivered"), Some(2))
    );

    let received = receiver.received();
    assert_eq!(received.len(), 2);
    let (headers, body) = &received[1];
    assert_eq!(headers["relais-event"], "message.posted");
    assert_eq!(headers["relais-delivery"], log[0]["id"].as_str().unwrap());
    let now = jiff::Timestamp::now().as_second();
    let signature = headers["relais-signature"].to_str().unwrap();
    assert!(verify(&secret, signature, body, now), "the receiver verifies the signature");
    assert!(!verify(&secret, signature, &format!("{body} "), now), "a changed body fails");
    assert!(!verify(&secret, signature, body, now + 3600), "a replay an hour later fails");
    assert!(!verify("whsec_other", signature, body, now), "another secret fails");
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["event"], "message.posted");
    assert_eq!(event["data"]["conversation_id"], setup.channel.as_str());
    assert!(!body.contains("Serveur de fichiers"), "ids only, no content");

    // Another channel's messages are not announced; each event is delivered once however often
    // the dispatcher runs.
    let (_, _, other) = send(
        &setup.admin,
        Method::POST,
        "/api/v1/conversations",
        &setup.token,
        Some(json!({ "name": "Autre" })),
        &[],
    )
    .await;
    let path = format!("/api/v1/conversations/{}/messages", other["id"].as_str().unwrap());
    send(&setup.admin, Method::POST, &path, &setup.token, Some(json!({ "text": "ailleurs" })), &[])
        .await;
    post_message(&setup, "Disque réparé").await;
    let (a, b) = tokio::join!(run(&setup), run(&setup));
    let ((), ()) = (a, b);
    run(&setup).await;
    assert_eq!(deliveries(&setup, &webhook).await.len(), 2);
    assert_eq!(receiver.received().len(), 3);
}

#[tokio::test]
async fn redirects_are_not_followed_hangs_time_out_and_failures_disable_the_webhook() {
    let setup = setup("Alertes").await;
    let (receiver, url) = Receiver::start().await;
    let (_, created) = register(&setup, &url, true).await;
    let webhook = created["webhook"]["id"].as_str().unwrap().to_string();

    receiver.answer(&[Answer::Redirect]);
    post_message(&setup, "un").await;
    run(&setup).await;
    let log = deliveries(&setup, &webhook).await;
    assert_eq!(log[0]["last_status"], 302);
    assert!(log[0]["last_error"].as_str().unwrap().contains("redirect"), "{}", log[0]);
    assert_eq!(receiver.received().len(), 1, "the redirect's target was never asked");

    receiver.answer(&[Answer::Hang]);
    setup.app.execute("UPDATE webhook_deliveries SET next_at = 0").await;
    let started = std::time::Instant::now();
    run(&setup).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "the hang was cut short");
    let log = deliveries(&setup, &webhook).await;
    assert_eq!(log[0]["last_error"], "timeout");

    // One more failure past the limit disables the webhook, once, with an audit entry.
    let limit = deliver::DISABLE_AFTER - 1;
    setup.app.execute(&format!("UPDATE webhooks SET failures = {limit}")).await;
    receiver.answer(&[Answer::Status(503)]);
    setup.app.execute("UPDATE webhook_deliveries SET next_at = 0").await;
    run(&setup).await;
    let (_, _, list) =
        send(&setup.admin, Method::GET, "/api/v1/webhooks", &setup.token, None, &[]).await;
    assert_eq!(list[0]["state"], "disabled", "{list}");
    assert_eq!(
        setup.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.disable'").await,
        1
    );
    let page = setup.admin.get(&format!("/admin/webhooks/{webhook}")).await.text().await.unwrap();
    assert!(page.contains("désactivé"), "the page says so");
    // Nothing is sent while disabled; turning it back on resumes.
    post_message(&setup, "deux").await;
    setup.app.execute("UPDATE webhook_deliveries SET next_at = 0").await;
    let before = receiver.received().len();
    run(&setup).await;
    assert_eq!(receiver.received().len(), before);
    let enable = format!("/api/v1/webhooks/{webhook}/enable");
    assert_eq!(
        send(&setup.admin, Method::POST, &enable, &setup.token, None, &[]).await.0,
        StatusCode::NO_CONTENT
    );
    post_message(&setup, "trois").await;
    run(&setup).await;
    assert_eq!(receiver.received().len(), before + 1);
    assert_eq!(store::WEBHOOK_STATES.len(), 2);
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_refused_at_delivery_too() {
    let setup = setup("Alertes").await;
    let (receiver, url) = Receiver::start().await;
    let named = url.replace("127.0.0.1", "localhost");
    assert_eq!(register(&setup, &named, false).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, created) = register(&setup, &named, true).await;
    let webhook = created["webhook"]["id"].as_str().unwrap().to_string();
    // The administrator takes the permission back: deliveries stop at the check.
    setup.app.execute("UPDATE webhooks SET allow_private = 0").await;
    post_message(&setup, "test").await;
    run(&setup).await;
    let log = deliveries(&setup, &webhook).await;
    assert_eq!(log[0]["last_error"], "webhook-url-private");
    assert!(receiver.received().is_empty());
}
