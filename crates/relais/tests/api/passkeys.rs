//! Passkeys' endpoints refuse what no browser's WebAuthn would send: malformed answers, unknown
//! or used ceremonies, a ceremony of someone else; enrolment asks the password again. (The whole
//! ceremony with a real authenticator is in the browser tests: e2e/tests/identity.test.js.)

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

async fn post_json(browser: &Browser, path: &str, body: serde_json::Value) -> reqwest::Response {
    browser
        .client
        .post(browser.url(path))
        .header("origin", &browser.address)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn passkey_ceremonies_refuse_malformed_unknown_and_foreign_answers() {
    let app = spawn_app().await;
    let (by_address, secret) = app.admin().await;

    // WebAuthn needs a domain name: reached by its IP address, Relais says so.
    let ip = post_json(&by_address, "/login/passkey/options", json!({})).await;
    assert_eq!(ip.status(), StatusCode::BAD_REQUEST);
    assert_eq!(ip.json::<serde_json::Value>().await.unwrap()["code"], "passkey-needs-domain");
    let local = app.address.replace("127.0.0.1", "localhost");
    let admin = app.browser_at(&local);
    admin.sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&secret)).await;

    // Enrolment needs the password, a name, and a signed-in person.
    let wrong =
        post_json(&admin, "/account/passkeys/options", json!({"name": "Clé", "password": "no"}))
            .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json::<serde_json::Value>().await.unwrap()["code"], "password-current-wrong");
    let unnamed = post_json(
        &admin,
        "/account/passkeys/options",
        json!({"name": " ", "password": ADMIN_PASSWORD}),
    )
    .await;
    assert_eq!(unnamed.json::<serde_json::Value>().await.unwrap()["code"], "passkey-name-invalid");
    let stranger =
        post_json(&app.browser_at(&local), "/account/passkeys/options", json!({"name": "Clé"}))
            .await;
    assert_ne!(stranger.status(), StatusCode::OK);

    // The options name this site and ask for a discoverable key with user verification.
    let started = post_json(
        &admin,
        "/account/passkeys/options",
        json!({"name": "Clé", "password": ADMIN_PASSWORD}),
    )
    .await;
    assert_eq!(started.status(), StatusCode::OK);
    let started: serde_json::Value = started.json().await.unwrap();
    let key = &started["options"]["publicKey"];
    assert_eq!(key["rp"]["id"], "localhost");
    assert_eq!(key["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(key["authenticatorSelection"]["userVerification"], "required");

    // Malformed answers: 400, never a 500.
    for body in
        [json!({}), json!({"ceremony": 5}), json!({"ceremony": "x", "credential": {"id": "nope"}})]
    {
        let response = post_json(&admin, "/account/passkeys", body.clone()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    }
    let not_json = admin.post_raw("/login/passkey", "ceremony=x").await;
    assert!(not_json.status().is_client_error());

    // A well-formed answer to a ceremony that does not exist, or that is someone else's.
    let assertion = json!({
        "id": "AAAA", "rawId": "AAAA", "type": "public-key", "extensions": {},
        "response": {"authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA", "userHandle": null}
    });
    let unknown = post_json(
        &app.browser_at(&local),
        "/login/passkey",
        json!({"ceremony": "made-up", "credential": assertion}),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json::<serde_json::Value>().await.unwrap()["code"], "passkey-expired");
    let options: serde_json::Value =
        post_json(&app.browser_at(&local), "/login/passkey/options", json!({}))
            .await
            .json()
            .await
            .unwrap();
    let ceremony = options["ceremony"].as_str().unwrap();
    let forged = post_json(
        &app.browser_at(&local),
        "/login/passkey",
        json!({"ceremony": ceremony, "credential": assertion}),
    )
    .await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    // Used once: the same ceremony is gone.
    let again = post_json(
        &app.browser_at(&local),
        "/login/passkey",
        json!({"ceremony": ceremony, "credential": assertion}),
    )
    .await;
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["code"], "passkey-expired");

    // Another site's page cannot start or answer a ceremony (the origin is checked).
    let cross = app
        .browser()
        .client
        .post(format!("{local}/login/passkey/options"))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 0);
}
