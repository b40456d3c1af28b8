//! Live updates over `/ws`: delivery, resume without gap or duplicate, limits and bad input.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Browser, spawn_app};

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn open(
    browser: &Browser,
    query: &str,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    open_at(browser, &format!("/ws{query}")).await
}

/// Opens a WebSocket at `path` as `browser` (its session cookie, its origin).
pub async fn open_at(
    browser: &Browser,
    path: &str,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let url = format!("{}{path}", browser.address.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    let cookie = browser.cookie_header();
    if !cookie.is_empty() {
        request.headers_mut().insert("cookie", cookie.parse().unwrap());
    }
    request.headers_mut().insert("origin", browser.address.parse().unwrap());
    tokio_tungstenite::connect_async(request).await.map(|(socket, _)| socket)
}

/// The next JSON text frame, or the close frame's code as `{"close": code}`.
pub async fn next(socket: &mut Socket) -> serde_json::Value {
    next_within(socket, Duration::from_secs(10)).await.expect("a frame within 10 s")
}

/// Like `next`, but `None` if nothing comes within `wait`.
pub async fn next_within(socket: &mut Socket, wait: Duration) -> Option<serde_json::Value> {
    let deadline = tokio::time::Instant::now() + wait;
    Some(loop {
        let message = tokio::time::timeout_at(deadline, socket.next()).await.ok()?;
        match message {
            Some(Ok(Message::Text(text))) => break serde_json::from_str(&text).unwrap(),
            Some(Ok(Message::Close(frame))) => {
                break serde_json::json!({ "close": frame.map(|f| u16::from(f.code)).unwrap_or(0) });
            }
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => break serde_json::json!({ "close": 0 }),
        }
    })
}

#[tokio::test]
async fn a_change_reaches_an_open_page_live() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let mut socket = open(&admin, "").await.unwrap();
    let hello = next(&mut socket).await;
    assert_eq!(hello["type"], "hello");
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let event = next(&mut socket).await;
    assert_eq!(event["type"], "event");
    assert_eq!(event["kind"], "team.create");
    assert_eq!(event["payload"]["type"], "team");
    assert!(event["id"].as_i64().unwrap() > hello["last_event_id"].as_i64().unwrap());
    socket.send(Message::Text(r#"{"type":"ping"}"#.into())).await.unwrap();
    assert_eq!(next(&mut socket).await["type"], "pong");
}

#[tokio::test]
async fn a_reconnecting_client_gets_every_missed_event_once() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let mut socket = open(&admin, "").await.unwrap();
    let last = next(&mut socket).await["last_event_id"].as_i64().unwrap();
    drop(socket);
    for name in ["Équipe A", "Équipe B", "Équipe C"] {
        admin.post("/admin/teams", &[("name", name)]).await;
    }
    // Let the publisher deliver them.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut resumed = open(&admin, &format!("?last_event_id={last}")).await.unwrap();
    let mut ids = Vec::new();
    loop {
        let frame = next(&mut resumed).await;
        if frame["type"] == "hello" {
            assert_eq!(frame["last_event_id"].as_i64().unwrap(), *ids.last().unwrap());
            break;
        }
        assert_eq!(frame["kind"], "team.create");
        ids.push(frame["id"].as_i64().unwrap());
    }
    assert_eq!(ids.len(), 3);
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    admin.post("/admin/teams", &[("name", "Équipe D")]).await;
    let live = next(&mut resumed).await;
    assert_eq!(
        live["id"].as_i64().unwrap(),
        ids[2] + 1,
        "no gap and no duplicate after the catch-up"
    );
}

#[tokio::test]
async fn another_organisations_events_never_arrive() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let other = app.second_organisation_admin().await;
    let mut theirs = open(&other, "?last_event_id=0").await.unwrap();
    assert_eq!(next(&mut theirs).await["type"], "hello", "nothing of organisation A is replayed");
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    other.post("/admin/teams", &[("name", "Équipe B")]).await;
    let event = next(&mut theirs).await;
    assert_eq!(event["kind"], "team.create");
    let team_b = app.count("SELECT COUNT(*) FROM teams WHERE name = 'Équipe B'").await;
    assert_eq!(team_b, 1);
    // The only event B saw is its own team.
    let id = event["payload"]["id"].as_str().unwrap().to_string();
    let org_of_team: String = {
        use sqlx::Row;
        sqlx::query("SELECT name FROM teams WHERE id = $1")
            .bind(&id)
            .fetch_one(app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    assert_eq!(org_of_team, "Équipe B");
}

#[tokio::test]
async fn bad_resume_points_and_bad_frames_are_refused_clearly() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let mut future = open(&admin, "?last_event_id=999999").await.unwrap();
    assert_eq!(next(&mut future).await["close"], 4400);
    let malformed = admin.get("/ws?last_event_id=-3").await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);

    let mut socket = open(&admin, "").await.unwrap();
    next(&mut socket).await;
    socket.send(Message::Text("{not json".into())).await.unwrap();
    assert_eq!(next(&mut socket).await["close"], 1007);

    let mut socket = open(&admin, "").await.unwrap();
    next(&mut socket).await;
    socket.send(Message::Binary(vec![1, 2, 3].into())).await.unwrap();
    assert_eq!(next(&mut socket).await["close"], 1003);

    let mut socket = open(&admin, "").await.unwrap();
    next(&mut socket).await;
    socket.send(Message::Text(r#"{"type":"subscribe","to":"everything"}"#.into())).await.unwrap();
    assert_eq!(next(&mut socket).await["close"], 1003);

    let mut socket = open(&admin, "").await.unwrap();
    next(&mut socket).await;
    let huge = format!(r#"{{"type":"ping","pad":"{}"}}"#, "x".repeat(100_000));
    let _ = socket.send(Message::Text(huge.into())).await;
    let closed = next(&mut socket).await;
    assert!(closed.get("close").is_some(), "oversize frame closes the connection: {closed}");

    // A flood of pings: answered up to the limit, then the connection is closed.
    let mut socket = open(&admin, "").await.unwrap();
    next(&mut socket).await;
    for _ in 0..40 {
        let _ = socket.send(Message::Text(r#"{"type":"ping"}"#.into())).await;
    }
    let mut pongs = 0;
    let close = loop {
        let frame = next(&mut socket).await;
        if frame["type"] == "pong" {
            pongs += 1;
        } else {
            break frame;
        }
    };
    assert_eq!(close["close"], 1008, "{close}");
    assert_eq!(pongs, 30);
}

#[tokio::test]
async fn only_signed_in_same_origin_clients_connect_and_connections_are_capped() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let stranger = app.browser();
    assert!(open(&stranger, "").await.is_err(), "no session, no socket");

    let url = format!("{}/ws", admin.address.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    let cookie = format!("relais_session={}", admin.cookie("relais_session").unwrap());
    request.headers_mut().insert("cookie", cookie.parse().unwrap());
    request.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err(), "cross-site socket refused");

    let mut sockets = Vec::new();
    for _ in 0..10 {
        sockets.push(open(&admin, "").await.unwrap());
    }
    assert!(open(&admin, "").await.is_err(), "the eleventh connection of one person is refused");
    drop(sockets.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(open(&admin, "").await.is_ok(), "a freed place can be taken again");
}
