//! The crash check: the real `relais` binary is killed with SIGKILL while people post messages
//! and a caregiver punches and reports, several times, and restarted each time. Every write that
//! was acknowledged is there after the restart, replaying every request (acknowledged or not)
//! with its key applies nothing twice, and `relais audit verify` finds the chain intact.
//! Runs on SQLite, and on PostgreSQL when `RELAIS_TEST_DATABASE_URL` is set.

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use sqlx::Row;

use super::super::service;
use super::{print_card, published_week};
use crate::helpers::Browser;

/// Kills per run; `RELAIS_CRASH_RUNS=21 cargo test … crash` for a longer check.
fn crashes() -> usize {
    std::env::var("RELAIS_CRASH_RUNS").ok().and_then(|n| n.parse().ok()).unwrap_or(3)
}

/// What the load saw acknowledged, by idempotency key.
#[derive(Default)]
struct Acknowledged {
    messages: BTreeSet<String>,
    punches: BTreeSet<String>,
}

struct Server {
    child: Child,
    address: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn environment(settings: &relais::config::Settings) -> Vec<(String, String)> {
    let mut env = vec![
        ("RELAIS__DATA_DIR".to_string(), settings.data_dir.display().to_string()),
        ("RELAIS__METRICS_LISTEN".to_string(), String::new()),
        ("RELAIS__LOG__LEVEL".to_string(), "warn".to_string()),
    ];
    if let Some(url) = &settings.database_url {
        env.push(("RELAIS__DATABASE_URL".to_string(), url.0.clone()));
    }
    if let Some(bus) = &settings.bus {
        env.push(("RELAIS__BUS".to_string(), bus.0.clone()));
        env.push(("RELAIS__BUS_STREAM".to_string(), settings.bus_stream.clone()));
    }
    env
}

async fn start(settings: &relais::config::Settings) -> Server {
    let address = format!("127.0.0.1:{}", free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_relais"))
        .arg("serve")
        .envs(environment(settings))
        .env("RELAIS__LISTEN", &address)
        .env_remove("RELAIS_TEST_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let address = format!("http://{address}");
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(response) = client.get(format!("{address}/readyz")).send().await
            && response.status() == StatusCode::OK
        {
            return Server { child, address };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("relais did not become ready at {address}");
}

/// Posts messages with keys `m-<who>-<n>` until the server stops answering.
async fn post_messages(
    browser: Browser,
    conversation: String,
    who: &'static str,
    seen: Arc<Mutex<Acknowledged>>,
    from: usize,
) {
    for n in from.. {
        let key = format!("m-{who}-{n}");
        let fields = [("text", format!("Message {n} de {who}")), ("key", key.clone())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let sent = crate::messaging::try_send_raw(&browser, &conversation, &fields).await;
        let Ok(response) = sent else { return };
        if response.status() == StatusCode::CREATED {
            seen.lock().unwrap().messages.insert(key);
        }
    }
}

/// One request of the round: its idempotency key, path and form fields.
type RoundRequest = (String, String, Vec<(&'static str, String)>);

/// The round's requests for one visit, each with its idempotency key.
fn round_requests(visit: &str, code: &str) -> Vec<RoundRequest> {
    let proof = |key: String| {
        vec![("key", key), ("method", "code".to_string()), ("code", code.to_string())]
    };
    vec![
        (
            format!("in-{visit}"),
            format!("/round/visits/{visit}/check-in"),
            proof(format!("in-{visit}")),
        ),
        (
            format!("rep-{visit}"),
            format!("/round/visits/{visit}/report"),
            vec![
                ("key", format!("rep-{visit}")),
                ("outcome", "done".to_string()),
                ("note", "Toilette faite, RAS.".to_string()),
            ],
        ),
        (
            format!("out-{visit}"),
            format!("/round/visits/{visit}/check-out"),
            proof(format!("out-{visit}")),
        ),
    ]
}

/// Sends the round's requests in order, again and again, until the server stops answering.
async fn punch_round(
    browser: Browser,
    visits: Vec<String>,
    code: String,
    seen: Arc<Mutex<Acknowledged>>,
) {
    loop {
        for visit in &visits {
            for (key, path, fields) in round_requests(visit, &code) {
                let csrf = browser.cookie("relais_csrf").unwrap_or_default();
                let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
                all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
                let sent = browser
                    .client
                    .post(browser.url(&path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("origin", &browser.address)
                    .body(crate::helpers::serde_urlencoded(&all))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                let Ok(response) = sent else { return };
                if response.status() == StatusCode::SEE_OTHER {
                    seen.lock().unwrap().punches.insert(key);
                }
            }
        }
    }
}

/// The text values a query returns, in order.
async fn keys(db: &relais::db::Db, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql).fetch_all(db.reader()).await.unwrap()
}

async fn open_db(settings: &relais::config::Settings) -> relais::db::Db {
    relais::db::Db::connect(settings).await.unwrap()
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9_and_replays_apply_once() {
    let service = service().await;
    let (jeanne, _) = published_week(&service).await;
    let code = print_card(&service, &jeanne).await;
    let nurse_channel = crate::messaging::channel(&service.nurse, "Crash infirmière", true).await;
    let coordinator_channel =
        crate::messaging::channel(&service.coordinator, "Crash coordination", true).await;
    let visits: Vec<String> =
        sqlx::query("SELECT id FROM visits WHERE caregiver_id = $1 ORDER BY day")
            .bind(&service.nurse_id)
            .fetch_all(service.app.state().db.reader())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
    assert!(visits.len() >= 5, "a week of visits to punch");
    let settings = service.app.state().settings.clone();
    let mut app = service.app;
    app.server.take().unwrap().shutdown().await.unwrap();

    let seen = Arc::new(Mutex::new(Acknowledged::default()));
    for crash in 0..crashes() {
        let mut server = start(&settings).await;
        let nurse = service.nurse.moved_to(&server.address);
        let coordinator = service.coordinator.moved_to(&server.address);
        let load = [
            tokio::spawn(post_messages(
                nurse.moved_to(&server.address),
                nurse_channel.clone(),
                "ide",
                seen.clone(),
                crash * 100_000,
            )),
            tokio::spawn(post_messages(
                coordinator,
                coordinator_channel.clone(),
                "coord",
                seen.clone(),
                crash * 100_000,
            )),
            tokio::spawn(punch_round(nurse, visits.clone(), code.clone(), seen.clone())),
        ];
        tokio::time::sleep(Duration::from_millis(400 + 300 * crash as u64)).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        for task in load {
            task.await.unwrap();
        }
    }

    // Restarted once more: every acknowledged write is there, exactly once.
    let mut server = start(&settings).await;
    let db = open_db(&settings).await;
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(seen.messages.len() > 20, "the load did run: {} messages", seen.messages.len());
    let stored_keys =
        keys(&db, "SELECT client_key FROM messages WHERE client_key IS NOT NULL").await;
    let stored: BTreeSet<String> = stored_keys.iter().cloned().collect();
    assert_eq!(stored.len(), stored_keys.len(), "no message stored twice");
    let lost: Vec<&String> = seen.messages.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged messages lost: {lost:?}");
    let requests: BTreeSet<String> =
        keys(&db, "SELECT idempotency_key FROM device_requests").await.into_iter().collect();
    let lost: Vec<&String> = seen.punches.difference(&requests).collect();
    assert!(lost.is_empty(), "acknowledged round requests lost: {lost:?}");

    // Replaying every round request, acknowledged or not, changes nothing twice.
    let nurse = service.nurse.moved_to(&server.address);
    for visit in &visits {
        for (_, path, fields) in round_requests(visit, &code) {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = nurse.post(&path, &fields).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        }
    }
    for (table, per_visit) in [("visit_punches", 2), ("visit_reports", 1)] {
        let count: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(db.reader())
            .await
            .unwrap()
            .get(0);
        assert_eq!(count, per_visit * visits.len() as i64, "{table}: each applied once");
    }
    db.close().await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let verified = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["audit", "verify"])
        .envs(environment(&settings))
        .env_remove("RELAIS_TEST_DATABASE_URL")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}{}", String::from_utf8_lossy(&verified.stderr));
    assert!(said.contains("Audit log intact"), "{said}");
    drop(app);
}
