use reqwest::StatusCode;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, location, spawn_app};

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = spawn_app().await;
    app.admin().await;
    let browser = app.browser();
    let wrong = browser.sign_in(ADMIN_EMAIL, "pas le bon mot de passe").await;
    let unknown = browser.sign_in("personne@ssiad-test.fr", "pas le bon mot de passe").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let wrong = wrong.text().await.unwrap().replace(ADMIN_EMAIL, "EMAIL");
    let unknown = unknown.text().await.unwrap().replace("personne@ssiad-test.fr", "EMAIL");
    assert_eq!(wrong, unknown);
    assert!(wrong.contains("Adresse e-mail ou mot de passe incorrect."));
    let logged = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome IN ('wrong_password', 'unknown_account')")
        .await;
    assert_eq!(logged, 2);
}

#[tokio::test]
async fn a_totp_code_is_required_and_cannot_be_replayed() {
    let app = spawn_app().await;
    let (_, secret) = app.admin().await;
    let browser = app.browser();
    let response = browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(location(&response), "/login/totp");
    assert_eq!(location(&browser.get("/").await), "/login");
    let wrong = browser.post("/login/totp", &[("code", "000000")]).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("Code incorrect ou déjà utilisé"));
    let malformed = browser.post("/login/totp", &[("code", "12ab<script>")]).await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = browser.next_code(&secret).await;
    assert_eq!(location(&browser.post("/login/totp", &[("code", &code)]).await), "/");
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);

    // The same code in another sign-in is a replay.
    let other = app.browser();
    other.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let replay = other.post("/login/totp", &[("code", &code)]).await;
    assert_eq!(replay.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    // A staff member turns TOTP on by choice and receives recovery codes.
    let (staff, _, _) = app.person(&admin, "emma@ssiad-test.fr", &["staff"]).await;
    let (_, codes) = staff.enrol_totp_with(&[("password", PASSWORD)]).await;
    let browser = app.browser();
    let response = browser.sign_in("emma@ssiad-test.fr", PASSWORD).await;
    assert_eq!(location(&response), "/login/totp");
    let used = browser.post("/login/recovery", &[("code", &codes[0].to_uppercase())]).await;
    assert_eq!(location(&used), "/");
    let again = app.browser();
    again.sign_in("emma@ssiad-test.fr", PASSWORD).await;
    let reused = again.post("/login/recovery", &[("code", &codes[0])]).await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.text().await.unwrap().contains("Code de secours incorrect ou déjà utilisé."));
}

#[tokio::test]
async fn repeated_wrong_passwords_are_throttled_with_retry_after() {
    let app = spawn_app().await;
    app.admin().await;
    let browser = app.browser();
    for _ in 0..10 {
        let response = browser.sign_in(ADMIN_EMAIL, "mauvais mot de passe").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = throttled.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    assert!(throttled.text().await.unwrap().contains("Trop de tentatives"));
    // Another account from the same address is not locked out.
    let other = browser.sign_in("someone@ssiad-test.fr", "mauvais mot de passe").await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'throttled'").await, 1);
}

#[tokio::test]
async fn wrong_totp_codes_are_throttled_too() {
    let app = spawn_app().await;
    app.admin().await;
    let browser = app.browser();
    browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let mut last = StatusCode::OK;
    for _ in 0..11 {
        last = browser.post("/login/totp", &[("code", "123456")]).await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_role_without_patient_data_may_sign_in_without_totp_but_a_nurse_may_not() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (_, _, staff_secret) = app.person(&admin, "accueil@ssiad-test.fr", &["staff"]).await;
    assert!(staff_secret.is_none());
    let staff = app.browser();
    staff.sign_in_fully("accueil@ssiad-test.fr", PASSWORD, None).await;
    let (_, _, nurse_secret) = app.person(&admin, "infirmiere@ssiad-test.fr", &["nurse"]).await;
    assert!(nurse_secret.is_some(), "a nurse is sent to TOTP enrolment on activation");
}

#[tokio::test]
async fn sign_in_pages_follow_the_browser_language_and_the_language_switch() {
    let app = spawn_app().await;
    let browser = app.browser();
    let english = browser
        .client
        .get(browser.url("/login"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let html = english.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Sign in"));
    let switched = browser.post("/language", &[("lang", "fr"), ("next", "/login")]).await;
    assert_eq!(location(&switched), "/login");
    let french = browser
        .client
        .get(browser.url("/login"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(french.text().await.unwrap().contains("Se connecter"));
    let open_redirect =
        browser.post("/language", &[("lang", "en"), ("next", "//evil.example/")]).await;
    assert_eq!(location(&open_redirect), "/");
}

#[tokio::test]
async fn overlong_credentials_are_refused_without_error() {
    let app = spawn_app().await;
    let browser = app.browser();
    let long = "a".repeat(5000);
    let response = browser.sign_in(&long, &long).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
