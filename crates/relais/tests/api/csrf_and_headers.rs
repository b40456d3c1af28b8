use reqwest::StatusCode;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, serde_urlencoded, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body = serde_urlencoded(&[("name", "Équipe Nord")]);
    let response = admin.post_raw("/admin/teams", &body).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = serde_urlencoded(&[
        ("csrf", "forged-token-forged-token-forged-token"),
        ("name", "Équipe Nord"),
    ]);
    assert_eq!(admin.post_raw("/admin/teams", &body).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0);
}

#[tokio::test]
async fn a_cross_site_request_is_refused_even_with_a_valid_token() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let csrf = admin.csrf().await;
    let body = serde_urlencoded(&[("csrf", &csrf), ("name", "Équipe Nord")]);
    for (header, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
        let response = admin
            .client
            .post(admin.url("/admin/teams"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(header, value)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{header}");
        assert!(response.text().await.unwrap().contains("ne vient pas de Relais"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0);
}

#[tokio::test]
async fn get_never_changes_state() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let response = admin.get("/logout").await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in ["/login", "/does-not-exist", "/static/app.css", "/setup?token=x"] {
        let response = browser.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}");
        assert!(csp.contains("frame-ancestors 'self'"), "framed by no other site");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("camera=()"));
        assert!(!headers.contains_key("strict-transport-security"));
    }
}

#[tokio::test]
async fn behind_tls_cookies_are_secure_and_hsts_is_sent() {
    let app =
        spawn_app_with(|settings| settings.public_url = Some("https://relais.example.org".into()))
            .await;
    let response = app.browser().get("/login").await;
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-relais_csrf=")
            && cookie.contains("Secure")
            && cookie.contains("HttpOnly")
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = spawn_app().await;
    let (_, secret) = app.admin().await;
    let browser = app.browser();
    browser.get("/login").await;
    let csrf = browser.csrf().await;
    let body =
        serde_urlencoded(&[("csrf", &csrf), ("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)]);
    let response = browser.post_raw("/login", &body).await;
    let cookies: Vec<&str> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    let session = cookies.iter().find(|c| c.starts_with("relais_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let _ = secret;
}

#[tokio::test]
async fn unknown_pages_answer_404_in_the_visitors_language() {
    let app = spawn_app().await;
    let browser = app.browser();
    let french = browser.get("/nulle-part").await;
    assert_eq!(french.status(), StatusCode::NOT_FOUND);
    assert!(french.text().await.unwrap().contains("Cette page n’existe pas"));
    let english = browser
        .client
        .get(browser.url("/nowhere"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(english.text().await.unwrap().contains("This page does not exist"));
    let api = browser.get("/api/v1/nothing").await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = api.json().await.unwrap();
    assert_eq!(problem["code"], "not_found");
    assert_eq!(problem["status"], 404);
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_a_malformed_one_gets_400() {
    let app = spawn_app_with(|settings| settings.limits.max_body_bytes = 4096).await;
    let browser = app.browser();
    let csrf = browser.csrf().await;
    let huge =
        serde_urlencoded(&[("csrf", &csrf), ("email", &"a".repeat(10_000)), ("password", "x")]);
    let response = browser.post_raw("/login", &huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("trop volumineuses"));
    let missing_field = serde_urlencoded(&[("csrf", &csrf), ("email", "a@b.fr")]);
    assert_eq!(browser.post_raw("/login", &missing_field).await.status(), StatusCode::BAD_REQUEST);
    let not_a_form = browser
        .client
        .post(browser.url("/login"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_form.status(), StatusCode::BAD_REQUEST);
    let invalid_utf8 = browser
        .client
        .post(browser.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&email=%FF%FE&password=x"))
        .send()
        .await
        .unwrap();
    assert!(invalid_utf8.status().is_client_error(), "{}", invalid_utf8.status());
}

#[tokio::test]
async fn health_and_readiness_checks_answer_with_a_request_id() {
    let app = spawn_app().await;
    let response = app.browser().get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"].len(), 36);
    let ready = app.browser().get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    app.state().db.close().await;
    let unready = app.browser().get("/readyz").await;
    assert_eq!(unready.status(), StatusCode::SERVICE_UNAVAILABLE);
}
