//! The API proven by a client generated from its OpenAPI document with a mainstream generator
//! (`openapi-python-client`, installed by `.ci/run`): a bot posts in a channel and reads the
//! answer in its thread, a phone program checks a visit in and out with idempotency keys (a
//! replay applies once), and the coordinator's program reads the exceptions.
//! Needs `RELAIS_TEST_OPENAPI_CLIENT` (the generator's command); without it the test says so and
//! passes, like the other tests of external tools.

use std::process::Command;

use reqwest::Method;
use serde_json::{Value, json};

use super::send;
use crate::api_v1::new_token;
use crate::homecare::round::published_week;
use crate::homecare::{WEEK, service};

#[tokio::test]
async fn a_generated_python_client_drives_messaging_and_the_round() {
    let Ok(generator) = std::env::var("RELAIS_TEST_OPENAPI_CLIENT") else {
        eprintln!("RELAIS_TEST_OPENAPI_CLIENT is not set: the generated client is not tried");
        return;
    };
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let admin = &service.admin;
    let admin_token =
        new_token(admin, &["org:read", "org:write", "messaging:read", "messaging:write"]).await;
    let (_, _, channel) = send(
        admin,
        Method::POST,
        "/api/v1/conversations",
        &admin_token,
        Some(json!({ "name": "Astreinte" })),
        &[],
    )
    .await;
    let channel = channel["id"].as_str().unwrap().to_string();
    let bot =
        json!({ "name": "Robot d'astreinte", "scopes": ["messaging:read", "messaging:write"] });
    let (_, _, bot) = send(admin, Method::POST, "/api/v1/bots", &admin_token, Some(bot), &[]).await;
    let invite = json!({ "user_id": bot["id"] });
    let path = format!("/api/v1/conversations/{channel}/members");
    send(admin, Method::POST, &path, &admin_token, Some(invite), &[]).await;
    let nurse_token = new_token(&service.nurse, &["homecare:read", "homecare:write"]).await;
    let coordinator_token = new_token(&service.coordinator, &["homecare:read"]).await;

    let dir = tempfile::tempdir().unwrap();
    let document: Value = admin.get("/api/v1/openapi.json").await.json().await.unwrap();
    let spec = dir.path().join("openapi.json");
    std::fs::write(&spec, serde_json::to_vec_pretty(&document).unwrap()).unwrap();
    let package = dir.path().join("relais_api_client");
    let generated = Command::new(&generator)
        .args(["generate", "--meta", "none", "--path"])
        .arg(&spec)
        .arg("--output-path")
        .arg(&package)
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "the generator accepts the document: {}{}",
        String::from_utf8_lossy(&generated.stdout),
        String::from_utf8_lossy(&generated.stderr)
    );
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/integrations/scenario.py");
    // The server runs on this test's runtime: the scenario waits on another thread.
    let mut command = Command::new("python3");
    command
        .arg(scenario)
        .env("PYTHONPATH", dir.path())
        .env("RELAIS_URL", admin.url(""))
        .env("BOT_TOKEN", bot["token"].as_str().unwrap())
        .env("ADMIN_TOKEN", &admin_token)
        .env("NURSE_TOKEN", &nurse_token)
        .env("COORDINATOR_TOKEN", &coordinator_token)
        .env("CHANNEL", &channel)
        .env("VISIT", &visit)
        .env("TEAM", &service.team_a)
        .env("DAY", WEEK);
    let run = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
    assert!(
        run.status.success(),
        "the scenario runs: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let app = &service.app;
    assert_eq!(app.count("SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_in'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_out'").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE thread_root_id IS NOT NULL").await,
        1
    );
}
