//! Faults other than a crash: storage that fills up, a database connection that dies, idle and
//! slow clients, too many connections, and a reverse proxy in front.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{spawn_app, spawn_app_with};
use crate::messaging::{channel, chat, send_raw};

/// A transaction whose `COMMIT` fails after SQLite already rolled it back (what a full disk
/// does) left the single writer connection "inside" a transaction for ever: every later write
/// failed with "attempted to call begin_with at non-zero transaction depth".
#[tokio::test]
async fn a_failed_commit_does_not_jam_later_writes() {
    let app = spawn_app().await;
    let db = &app.state().db;
    for _ in 0..3 {
        let mut tx = db.begin().await.unwrap();
        // The database ends the transaction behind the driver's back, as SQLITE_FULL does.
        sqlx::query("ROLLBACK").execute(&mut *tx).await.unwrap();
        let committed = tx.commit().await;
        // PostgreSQL only warns of a COMMIT outside a transaction; SQLite refuses it.
        if db.backend() == relais::db::Backend::Sqlite {
            assert!(committed.is_err());
        }
    }
    let mut tx = db.begin().await.expect("a new write transaction starts");
    sqlx::query("INSERT INTO storage_probe (id, written_at, padding) VALUES (7, 1, $1)")
        .bind(vec![1u8; 10])
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM storage_probe").await, 1);
}

/// With the database file capped (`max_page_count`, as a full disk would), a write answers 503
/// `storage_full` and `/readyz` says "not ready"; once room is back, both recover without a
/// restart.
#[tokio::test]
async fn a_full_disk_answers_storage_full_and_readyz_follows_it() {
    if std::env::var("RELAIS_TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty()) {
        return; // SQLite's page cap; PostgreSQL's failing connection is the next test.
    }
    let c = chat().await;
    let nord = channel(&c.coordinator, "equipe-nord", false).await;
    let writer = c.app.state().db.writer();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(writer).await.unwrap();
    sqlx::query(&format!("PRAGMA max_page_count = {pages}")).execute(writer).await.unwrap();
    let long = "Transmission détaillée. ".repeat(300);
    let mut refused = None;
    for _ in 0..40 {
        let response = send_raw(&c.coordinator, &nord, &[("text", &long)]).await;
        if response.status() != StatusCode::CREATED {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("the capped database refuses a write");
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "storage_full");
    // The writer connection that failed was replaced; the disk is still full for the new one
    // (the cap is per connection: set it again).
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(writer).await.unwrap();
    sqlx::query(&format!("PRAGMA max_page_count = {pages}")).execute(writer).await.unwrap();
    let ready = reqwest::get(format!("{}/readyz", c.app.address)).await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);

    // Space is freed: the next readiness check and the next write succeed.
    sqlx::query("PRAGMA max_page_count = 1073741823").execute(writer).await.unwrap();
    let ready = reqwest::get(format!("{}/readyz", c.app.address)).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let sent = send_raw(&c.coordinator, &nord, &[("text", "De nouveau possible")]).await;
    assert_eq!(sent.status(), StatusCode::CREATED);
}

/// PostgreSQL: the server's connections are cut (a restart, a failover); the next requests get
/// fresh connections instead of errors for ever.
#[tokio::test]
async fn postgres_connections_cut_under_the_server_are_replaced() {
    let Ok(admin_url) = std::env::var("RELAIS_TEST_DATABASE_URL") else { return };
    if admin_url.is_empty() {
        return;
    }
    let c = chat().await;
    let nord = channel(&c.coordinator, "equipe-nord", false).await;
    let database: String = sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(c.app.state().db.reader())
        .await
        .unwrap();
    let mut killer = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(&database)
        .execute(&mut killer)
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for n in 0..5 {
        let text = format!("Après coupure {n}");
        let response = send_raw(&c.coordinator, &nord, &[("text", &text)]).await;
        statuses.push(response.status());
    }
    assert_eq!(statuses.last(), Some(&StatusCode::CREATED), "{statuses:?}");
    assert!(
        statuses.iter().filter(|s| **s != StatusCode::CREATED).count() <= 1,
        "at most the request that met the dead connection fails: {statuses:?}"
    );
}

async fn connect(address: &str) -> TcpStream {
    TcpStream::connect(address.trim_start_matches("http://")).await.unwrap()
}

/// Reads until the server closes the connection (or `limit` passes); what it sent.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, stream.read_to_end(&mut received)).await;
    read.ok().map(|_| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn slow_headers_and_idle_keep_alive_connections_are_closed() {
    let app = spawn_app_with(|s| s.connections.header_timeout_seconds = 1).await;
    // Slowloris: a request line, then a header now and then, never the end.
    let mut slow = connect(&app.address).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let _ = slow.write_all(b"X-A: 1\r\n").await;
    assert!(read_until_closed(&mut slow, Duration::from_secs(5)).await.is_some(), "cut off");
    // A silent connection, and one left idle after a request.
    let mut silent = connect(&app.address).await;
    assert!(read_until_closed(&mut silent, Duration::from_secs(5)).await.is_some());
    let mut idle = connect(&app.address).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let answered = read_until_closed(&mut idle, Duration::from_secs(5)).await.unwrap();
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn connections_beyond_the_cap_are_refused_cleanly_and_freed_slots_are_reused() {
    let app = spawn_app_with(|s| {
        s.connections.max_per_ip = 3;
        s.connections.header_timeout_seconds = 30;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(connect(&app.address).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut refused = connect(&app.address).await;
    let said = read_until_closed(&mut refused, Duration::from_secs(5)).await.unwrap();
    assert!(said.starts_with("HTTP/1.1 503"), "{said}");
    assert!(said.contains("Retry-After: 5"), "{said}");
    drop(held.pop());
    // The freed place is taken again as soon as the server has seen the close.
    let mut status = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let health = reqwest::get(format!("{}/healthz", app.address)).await;
        status = health.ok().map(|response| response.status());
        if status == Some(StatusCode::OK) {
            break;
        }
    }
    assert_eq!(status, Some(StatusCode::OK));
}

/// A browser whose requests carry `X-Forwarded-For: <chain>`.
pub(crate) fn forwarding(app: &crate::helpers::TestApp, chain: &str) -> crate::helpers::Browser {
    let mut browser = app.browser();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", chain.parse().unwrap());
    browser.client = reqwest::Client::builder()
        .cookie_provider(browser.jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    browser
}

async fn last_sign_in_address(app: &crate::helpers::TestApp) -> String {
    sqlx::query_scalar(
        "SELECT ip FROM audit_log WHERE action = 'auth.sign_in' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(app.state().db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    // Nobody trusted: a client cannot choose the address it is logged (and throttled) under.
    let app = spawn_app().await;
    forwarding(&app, "203.0.113.50").sign_in("nobody@ssiad-test.fr", "wrong").await;
    assert_eq!(last_sign_in_address(&app).await, "127.0.0.1");

    // Behind a trusted proxy on loopback: the address the proxy saw, not what the client wrote.
    let proxied =
        spawn_app_with(|s| s.connections.trusted_proxies = vec!["127.0.0.0/8".into()]).await;
    forwarding(&proxied, "6.6.6.6, 198.51.100.23").sign_in("nobody@ssiad-test.fr", "wrong").await;
    assert_eq!(last_sign_in_address(&proxied).await, "198.51.100.23");
}
