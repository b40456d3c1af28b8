//! A provider that takes over sign-in: people linked to it no longer sign in with a password;
//! administrators keep theirs, the way in when the provider is down.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::single_sign_on::{configure, free_port};

#[tokio::test]
async fn a_provider_taking_over_sign_in_leaves_the_administrators_password_for_when_it_is_down() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (_, nurse_id, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    let provider = configure(&app, &admin, &nowhere, &[("password_off", "on")]).await;
    let nurse = app.browser();
    assert_eq!(
        location(&nurse.sign_in("anne.martin@ssiad-test.fr", PASSWORD).await),
        "/login/totp",
        "not linked yet: the password works"
    );
    app.execute(&format!(
        "INSERT INTO sso_identities (provider_id, subject, user_id, linked_at) \
         VALUES ('{provider}', 'anne', '{nurse_id}', 0)"
    ))
    .await;
    let refused = app.browser().sign_in("anne.martin@ssiad-test.fr", PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        refused.text().await.unwrap().contains("Votre organisation vous connecte par son annuaire")
    );
    let wrong = app.browser().sign_in("anne.martin@ssiad-test.fr", "pas le bon mot de passe").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "a wrong password says nothing more");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'provider_required'").await,
        1
    );

    // The provider is down: the administrator still signs in with a password.
    let response = app.browser().get(&format!("/login/sso/{provider}")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(location(&app.browser().sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await), "/login/totp");

    // Turned off again, the password works again.
    configure_off(&admin, &provider).await;
    let back = app.browser().sign_in("anne.martin@ssiad-test.fr", PASSWORD).await;
    assert_eq!(location(&back), "/login/totp");
}

async fn configure_off(admin: &Browser, provider: &str) {
    let fields = [
        ("name", "Annuaire du GHT"),
        ("kind", "generic"),
        ("issuer", "http://127.0.0.1:9"),
        ("client_id", "relais"),
        ("scopes", "email profile"),
        ("enabled", "on"),
        ("password", ADMIN_PASSWORD),
    ];
    let response = admin.post(&format!("/admin/sso/{provider}"), &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
}
