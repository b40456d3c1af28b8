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
