use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_by_route_pattern() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (_, id, _) = app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    admin.get(&format!("/admin/people/{id}")).await;
    admin.get("/nowhere/at/all").await;
    let _socket = crate::live::open(&admin, "").await.unwrap();
    let address = app.server.as_ref().unwrap().metrics_address.unwrap();
    assert!(address.ip().is_loopback());
    let text =
        reqwest::get(format!("http://{address}/metrics")).await.unwrap().text().await.unwrap();
    assert!(
        text.contains(r#"relais_http_requests_total{method="GET",route="/setup",status="200"}"#),
        "{text}"
    );
    assert!(text.contains(r#"route="/admin/people/{id}""#));
    assert!(!text.contains(&id), "raw paths never become labels");
    assert!(text.contains(r#"route="unmatched",status="404""#));
    assert!(text.contains("relais_http_request_duration_seconds_bucket"));
    assert!(text.contains("relais_websocket_connections 1"));
    assert!(text.contains("relais_event_bus_lag"));
    assert!(text.contains("relais_jobs_queued"));
    assert!(text.contains(r#"relais_db_pool_connections{pool="writer",state="idle"}"#));
    // The main listener does not serve metrics.
    assert_eq!(admin.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn periodic_jobs_run_and_failing_jobs_are_retried_then_kept_as_failed() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let state = app.state();
    relais::jobs::worker::schedule_periodic(state).await.unwrap();
    relais::jobs::worker::run_due(state).await.unwrap();
    let done = app.count("SELECT COUNT(*) FROM jobs WHERE status = 'done'").await;
    assert!(done >= 7, "{done}");
    let next = app
        .count("SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND kind = 'audit.checkpoint'")
        .await;
    assert_eq!(next, 1, "a periodic job schedules its next run");
    assert!(app.count("SELECT COUNT(*) FROM audit_checkpoints").await >= 1);

    relais::jobs::store::enqueue(state.db.writer(), "from.the.future", "{}", 0, 2).await.unwrap();
    relais::jobs::worker::run_due(state).await.unwrap();
    let retried = app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'from.the.future' AND status = 'queued' AND attempts = 1 AND run_at > 0").await;
    assert_eq!(retried, 1, "retried later, with backoff");
    app.execute("UPDATE jobs SET run_at = 0 WHERE kind = 'from.the.future'").await;
    relais::jobs::worker::run_due(state).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'from.the.future' AND status = 'failed' AND attempts = 2").await, 1);

    let page = admin.get("/admin/jobs").await.text().await.unwrap();
    assert!(page.contains("from.the.future") && page.contains("unknown job kind"));
    let (staff, _, _) = app.person(&admin, "accueil@ssiad-test.fr", &["staff"]).await;
    assert_eq!(staff.get("/admin/jobs").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn relais_serves_https_itself_when_given_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let (cert_file, key_file) = (cert.clone(), key.clone());
    let app = crate::helpers::spawn_app_with(move |settings| {
        settings.tls.cert_file = Some(cert_file);
        settings.tls.key_file = Some(key_file);
    })
    .await;
    let port = app.server.as_ref().unwrap().address.port();
    let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap();
    let response = client.get(format!("https://localhost:{port}/login")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().contains("max-age"));
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-relais_csrf=") && cookie.contains("Secure"));
    assert!(
        reqwest::get(format!("http://localhost:{port}/login")).await.is_err(),
        "no plain HTTP on the TLS port"
    );

    // A key that does not fit, or a missing file, stops the start with a clear message.
    let mut settings = app.state().settings.clone();
    settings.listen = "127.0.0.1:0".parse().unwrap();
    settings.tls.key_file = Some(dir.path().join("missing.pem"));
    let error = relais::server::start(settings).await.err().unwrap().to_string();
    assert!(error.contains("TLS private key"), "{error}");
}
