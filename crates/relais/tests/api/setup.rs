use reqwest::StatusCode;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, location, spawn_app};

#[tokio::test]
async fn a_fresh_installation_offers_a_setup_link_that_opens_the_setup_page() {
    let app = spawn_app().await;
    let token = app.setup_token.clone().unwrap();
    let page = app.browser().get(&format!("/setup?token={token}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Créer votre organisation"), "{html}");
    assert!(html.contains("<html lang=\"fr\">"));
}

#[tokio::test]
async fn setup_creates_the_organisation_and_forces_totp_enrolment_before_anything_else() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = app.setup_token.clone().unwrap();
    let response = browser
        .post(
            "/setup",
            &[
                ("token", &token),
                ("organisation", "SSIAD des Tests"),
                ("display_name", "Claire Dubois"),
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&response), "/account/totp");
    // Not signed in until TOTP is enrolled: the home page and admin pages send back to sign-in.
    assert_eq!(location(&browser.get("/").await), "/login");
    assert_eq!(location(&browser.get("/admin/people").await), "/login");
    assert_eq!(location(&browser.get("/login").await), "/account/totp");
    browser.enrol_totp().await;
    let home = browser.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("SSIAD des Tests"));
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 1);
}

#[tokio::test]
async fn a_setup_link_works_once_only() {
    let app = spawn_app().await;
    app.admin().await;
    let token = app.setup_token.clone().unwrap();
    let again = app.browser();
    assert_eq!(again.get(&format!("/setup?token={token}")).await.status(), StatusCode::GONE);
    let fields = [
        ("token", token.as_str()),
        ("organisation", "Another"),
        ("display_name", "Eve"),
        ("email", "eve@example.org"),
        ("password", "un autre mot de passe solide"),
    ];
    assert_eq!(again.post("/setup", &fields).await.status(), StatusCode::GONE);
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 1);
}

#[tokio::test]
async fn an_expired_or_unknown_setup_link_is_refused_with_a_clear_page() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser.get("/setup?token=not-a-real-token").await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(response.text().await.unwrap().contains("Ce lien a expiré ou a déjà été utilisé"));
    assert_eq!(browser.get("/setup").await.status(), StatusCode::GONE);
    app.execute("UPDATE setup_tokens SET expires_at = 0").await;
    let token = app.setup_token.clone().unwrap();
    assert_eq!(browser.get(&format!("/setup?token={token}")).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn setup_refuses_bad_fields_with_a_message_next_to_each() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = app.setup_token.clone().unwrap();
    let cases: [(&str, &str, &str, &str, &str); 5] = [
        ("", "Claire", ADMIN_EMAIL, ADMIN_PASSWORD, "Ce champ est obligatoire."),
        (&"x".repeat(101), "Claire", ADMIN_EMAIL, ADMIN_PASSWORD, "Ce champ est trop long"),
        ("SSIAD", "Claire\u{7}", ADMIN_EMAIL, ADMIN_PASSWORD, "caractères non autorisés"),
        ("SSIAD", "Claire", "claire@", ADMIN_PASSWORD, "Adresse e-mail invalide."),
        ("SSIAD", "Claire", ADMIN_EMAIL, "password1234", "trop courant"),
    ];
    for (organisation, name, email, password, message) in cases {
        let fields = [
            ("token", token.as_str()),
            ("organisation", organisation),
            ("display_name", name),
            ("email", email),
            ("password", password),
        ];
        let response = browser.post("/setup", &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "expected {message:?} in {html}");
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 0);
    // The token is still usable after refused attempts.
    assert_eq!(browser.get(&format!("/setup?token={token}")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_restart_after_setup_issues_no_new_setup_link() {
    let app = spawn_app().await;
    app.admin().await;
    assert_eq!(
        relais::setup::service::issue_token_if_uninitialised(app.state()).await.unwrap(),
        None
    );
}
