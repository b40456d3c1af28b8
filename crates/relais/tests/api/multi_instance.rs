//! Several instances and the NATS bus: events made on one instance reach clients of another, and
//! an unreachable NATS neither stops the server nor loses events.

use std::process::{Child, Command};
use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::spawn_app_with;
use crate::live::{next, open};

fn nats_server_binary() -> Option<String> {
    ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
        .map(str::to_string)
}

/// Skips (or, under CI, fails) when a service the test needs is missing.
fn required(what: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{what} is required under CI");
    eprintln!("{what} not available: test not run");
}

fn stream_name() -> String {
    format!("relais_test_{}", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn a_change_on_one_instance_reaches_a_client_of_another_through_nats() {
    if std::env::var("RELAIS_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()).is_none() {
        eprintln!(
            "several instances need PostgreSQL (RELAIS_TEST_DATABASE_URL): run in the PostgreSQL pass"
        );
        return;
    }
    let Some(nats) = std::env::var("RELAIS_TEST_NATS_URL").ok().filter(|u| !u.is_empty()) else {
        return required("NATS (RELAIS_TEST_NATS_URL)");
    };
    let stream = stream_name();
    let (bus, bus_stream) = (nats.clone(), stream.clone());
    let app_a = spawn_app_with(move |settings| {
        settings.bus = Some(relais::secrets::Redacted(bus));
        settings.bus_stream = bus_stream;
    })
    .await;
    let (admin_on_a, _) = app_a.admin().await;
    let mut settings_b = app_a.state().settings.clone();
    settings_b.listen = "127.0.0.1:0".parse().unwrap();
    let instance_b = relais::server::start(settings_b).await.unwrap();

    let on_b = crate::helpers::Browser::at(&format!("http://{}", instance_b.address));
    on_b.set_cookie("relais_session", &admin_on_a.cookie("relais_session").unwrap());
    assert_eq!(
        on_b.get("/").await.status(),
        StatusCode::OK,
        "sessions are shared through the database"
    );
    let mut socket = open(&on_b, "").await.unwrap();
    assert_eq!(next(&mut socket).await["type"], "hello");
    admin_on_a.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let event = next(&mut socket).await;
    assert_eq!(event["kind"], "team.create", "{event}");
    instance_b.shutdown().await.unwrap();
}

#[tokio::test]
async fn events_wait_for_an_unreachable_nats_and_are_delivered_when_it_returns() {
    let Some(binary) = nats_server_binary() else {
        return required("nats-server");
    };
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("nats://127.0.0.1:{port}");
    let app = spawn_app_with(move |settings| {
        settings.bus = Some(relais::secrets::Redacted(url));
        settings.bus_stream = stream_name();
    })
    .await;
    // NATS is down: the server starts and serves, and says it is not ready.
    let (admin, _) = app.admin().await;
    assert_eq!(admin.get("/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
    let mut socket = open(&admin, "").await.unwrap();
    assert_eq!(next(&mut socket).await["type"], "hello");
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(app.count("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL").await >= 1);

    let store = tempfile::tempdir().unwrap();
    let mut nats = start_nats(&binary, port, store.path());
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "team.create");
    assert_eq!(event["payload"]["type"], "team");
    wait_until_ready(&admin).await;

    // NATS goes away mid-run: pages still work, events wait, then arrive in order.
    nats.kill().unwrap();
    nats.wait().unwrap();
    let response = admin.post("/admin/teams", &[("name", "Équipe Sud")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mut nats = start_nats(&binary, port, store.path());
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "team.create");
    nats.kill().unwrap();
    nats.wait().unwrap();
}

fn start_nats(binary: &str, port: u16, store: &std::path::Path) -> Child {
    Command::new(binary)
        .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd", store.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The next event frame, skipping pongs; NATS reconnection may take a few seconds.
async fn next_event(socket: &mut crate::live::Socket) -> serde_json::Value {
    loop {
        let frame = crate::live::next_within(socket, Duration::from_secs(30))
            .await
            .expect("an event within 30 s");
        if frame["type"] == "event" || frame.get("close").is_some() {
            return frame;
        }
    }
}

async fn wait_until_ready(browser: &crate::helpers::Browser) {
    for _ in 0..60 {
        if browser.get("/readyz").await.status() == StatusCode::OK {
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("not ready 15 s after NATS came back");
}
