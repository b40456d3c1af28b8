use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Browser, between, spawn_app};

pub async fn new_token(browser: &Browser, scopes: &[&str]) -> String {
    let mut fields = vec![("name", "Intégration"), ("expires_in_days", "30")];
    fields.extend(scopes.iter().map(|s| ("scopes", *s)));
    let page = browser.post("/account/tokens", &fields).await.text().await.unwrap();
    between(&page, "id=\"new-token\" type=\"text\" readonly value=\"", "\"")
        .expect("token shown once")
}

pub async fn call(
    browser: &Browser,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let client = reqwest::Client::new();
    let mut request = client.request(method, browser.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn check_refs(document: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                assert!(resolve(document, reference).is_some(), "dangling {reference}");
            }
            map.values().for_each(|v| check_refs(document, v));
        }
        Value::Array(items) => items.iter().for_each(|v| check_refs(document, v)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_is_valid_and_lists_every_route() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let document: Value = admin.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["info"]["title"].is_string() && document["info"]["version"].is_string());
    check_refs(&document, &document);
    let paths = document["paths"].as_object().unwrap();
    let endpoints = relais::api::endpoints::endpoints();
    assert_eq!(
        paths.values().map(|item| item.as_object().unwrap().len()).sum::<usize>(),
        endpoints.len()
    );
    for endpoint in &endpoints {
        let operation = &paths[endpoint.path][endpoint.method.as_str().to_lowercase()];
        assert!(operation["responses"].is_object(), "{} {}", endpoint.method, endpoint.path);
        assert!(operation["operationId"].is_string());
        // Every documented route exists (a GET with the session answers something else than 404/405).
        if endpoint.method == reqwest::Method::GET && !endpoint.path.contains('{') {
            let status = admin.get(endpoint.path).await.status();
            assert!(
                ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&status),
                "{}",
                endpoint.path
            );
        }
    }
    // What the server refuses without, the document calls required.
    let export = &paths["/api/v1/fhir/export"]["get"]["parameters"];
    for name in ["team", "from", "to"] {
        let parameter = export.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap();
        assert_eq!(parameter["required"], true, "{name}");
    }
    let without = admin.get("/api/v1/fhir/export").await.status();
    assert!(without.is_client_error(), "{without}");
    let mut ids: Vec<&str> = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique");
    // A real validator, where `.ci/run` installed one (openapi-spec-validator, from PyPI).
    if let Ok(validator) = std::env::var("RELAIS_TEST_OPENAPI_VALIDATOR") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("openapi.json");
        std::fs::write(&file, serde_json::to_vec(&document).unwrap()).unwrap();
        let checked = std::process::Command::new(validator).arg(&file).output().unwrap();
        assert!(
            checked.status.success(),
            "{}{}",
            String::from_utf8_lossy(&checked.stdout),
            String::from_utf8_lossy(&checked.stderr)
        );
    } else {
        eprintln!("RELAIS_TEST_OPENAPI_VALIDATOR is not set: the document is checked here only");
    }
}

#[tokio::test]
async fn the_api_answers_the_signed_in_page_and_refuses_strangers_with_problem_json() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let me: Value = admin.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["email"], crate::helpers::ADMIN_EMAIL);
    assert_eq!(me["roles"][0], "admin");
    let stranger = app.browser();
    let response = stranger.get("/api/v1/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "unauthenticated");
}

#[tokio::test]
async fn personal_tokens_carry_scopes_and_can_be_revoked() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let read = new_token(&admin, &["org:read"]).await;
    assert!(read.starts_with("rlt_"));
    let (status, me) = call(&admin, reqwest::Method::GET, "/api/v1/me", Some(&read), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], crate::helpers::ADMIN_EMAIL);
    let (status, problem) = call(
        &admin,
        reqwest::Method::POST,
        "/api/v1/teams",
        Some(&read),
        Some(r#"{"name":"Équipe Nord"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(problem["code"], "insufficient_scope");

    let write = new_token(&admin, &["org:read", "org:write"]).await;
    let (status, team) = call(
        &admin,
        reqwest::Method::POST,
        "/api/v1/teams",
        Some(&write),
        Some(r#"{"name":"Équipe Nord"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(team["name"], "Équipe Nord");
    let (_, teams) = call(&admin, reqwest::Method::GET, "/api/v1/teams", Some(&read), None).await;
    assert_eq!(teams.as_array().unwrap().len(), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.create' AND session_id LIKE 'token:%'").await, 1);

    let page = admin.get("/account/tokens").await.text().await.unwrap();
    let first_revoke = between(&page, "action=\"/account/tokens/", "/revoke\"").unwrap();
    admin.post(&format!("/account/tokens/{first_revoke}/revoke"), &[]).await;
    let statuses = [
        call(&admin, reqwest::Method::GET, "/api/v1/me", Some(&read), None).await.0,
        call(&admin, reqwest::Method::GET, "/api/v1/me", Some(&write), None).await.0,
    ];
    assert!(
        statuses.contains(&StatusCode::UNAUTHORIZED) && statuses.contains(&StatusCode::OK),
        "{statuses:?}"
    );

    app.execute("UPDATE api_tokens SET expires_at = 1").await;
    for token in
        [read.as_str(), write.as_str(), "rlt_forged", "not-even-a-token", &"x".repeat(5000)]
    {
        let (status, problem) =
            call(&admin, reqwest::Method::GET, "/api/v1/me", Some(token), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:.20}");
        assert_eq!(problem["code"], "unauthenticated");
    }
}

#[tokio::test]
async fn malformed_json_bodies_get_clear_problems() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let token = new_token(&admin, &["org:read", "org:write", "audit:read"]).await;
    let cases = [
        ("{not json", StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"name":"Nord","extra":1}"#, StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"name":42}"#, StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"name":""}"#, StatusCode::UNPROCESSABLE_ENTITY, "field-required"),
        (r#"{"name":"a\u0000b"}"#, StatusCode::UNPROCESSABLE_ENTITY, "field-control-characters"),
        (
            r#"{"name":"Nord","site_id":"not-a-site"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "site-unknown",
        ),
    ];
    for (body, status, code) in cases {
        let (got, problem) =
            call(&admin, reqwest::Method::POST, "/api/v1/teams", Some(&token), Some(body)).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(problem["code"], code, "{body}");
    }
    let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(2 * 1024 * 1024));
    let (status, problem) =
        call(&admin, reqwest::Method::POST, "/api/v1/teams", Some(&token), Some(&huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem["code"], "payload_too_large");
    let wrong_type = reqwest::Client::new()
        .post(admin.url("/api/v1/teams"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(r#"{"name":"Nord"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::BAD_REQUEST);
    let (status, problem) =
        call(&admin, reqwest::Method::GET, "/api/v1/audit?limit=100000", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["field"], "limit");
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0);
}

#[tokio::test]
async fn a_token_never_reaches_another_organisation() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (_, victim, _) = app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    let other = app.second_organisation_admin().await;
    let theirs = new_token(&other, &["org:read", "audit:read"]).await;
    let (status, _) = call(
        &other,
        reqwest::Method::GET,
        &format!("/api/v1/people/{victim}"),
        Some(&theirs),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, people) =
        call(&other, reqwest::Method::GET, "/api/v1/people", Some(&theirs), None).await;
    assert!(people.as_array().unwrap().iter().all(|p| p["email"] != "julie@ssiad-test.fr"));
    let (_, audit) = call(&other, reqwest::Method::GET, "/api/v1/audit", Some(&theirs), None).await;
    assert!(
        audit["items"].as_array().unwrap().iter().all(|row| row["object_id"] != victim.as_str())
    );
}
