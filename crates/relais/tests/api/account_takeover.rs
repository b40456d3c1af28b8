//! Account takeover paths, closed: replacing the second factor from a borrowed session, locking
//! the owner out by guessing, a session token that survives the second factor, API tokens that
//! come back with their account, and an administrator opening patient records for themself.

use reqwest::StatusCode;

use crate::faults::forwarding;
use crate::helpers::{
    ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, between, location, spawn_app, spawn_app_with,
};

#[tokio::test]
async fn the_second_factor_cannot_be_replaced_without_the_password_and_a_current_code() {
    let app = spawn_app().await;
    let (admin, old_secret) = app.admin().await;
    let other_session = app.browser();
    other_session.sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&old_secret)).await;

    // Whoever holds the session: a chosen (weak) secret is not taken, the server's is.
    let page = admin.get("/account/totp").await.text().await.unwrap();
    let offered = between(&page, "<code id=\"totp-secret\">", "</code>").unwrap();
    assert_ne!(offered, "A".repeat(32));
    let weak = "A".repeat(32);
    let weak_code = admin.next_code(&weak).await;
    let chosen =
        admin.post("/account/totp", &[("secret", weak.as_str()), ("code", &weak_code)]).await;
    assert_eq!(chosen.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The offered secret's code alone is not enough, nor with a wrong password.
    let code = admin.next_code(&offered).await;
    let bare = admin.post("/account/totp", &[("code", code.as_str())]).await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.text().await.unwrap().contains("Le mot de passe actuel est incorrect."));
    let page = admin.get("/account/totp").await.text().await.unwrap();
    let offered = between(&page, "<code id=\"totp-secret\">", "</code>").unwrap();
    let code = admin.next_code(&offered).await;
    let no_current =
        admin.post("/account/totp", &[("code", code.as_str()), ("password", ADMIN_PASSWORD)]).await;
    assert_eq!(no_current.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_current.text().await.unwrap().contains("application actuelle"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.totp_replaced'").await,
        0
    );

    // With both, it is replaced: recovery codes shown, a new session token, others signed out.
    let before = admin.cookie("relais_session").unwrap();
    let current = admin.next_code(&old_secret).await;
    let (new_secret, codes) = admin
        .enrol_totp_with(&[("password", ADMIN_PASSWORD), ("current_code", current.as_str())])
        .await;
    assert_eq!(codes.len(), 10);
    assert_ne!(new_secret, old_secret);
    assert_ne!(admin.cookie("relais_session").unwrap(), before, "token rotated");
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
    assert_eq!(location(&other_session.get("/").await), "/login", "other sessions end");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.totp_replaced'").await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE totp_pending_enc IS NOT NULL").await, 0);
}

#[tokio::test]
async fn the_session_token_changes_when_the_second_factor_is_given() {
    let app = spawn_app().await;
    let (_, secret) = app.admin().await;
    let browser = app.browser();
    assert_eq!(location(&browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await), "/login/totp");
    let half = browser.cookie("relais_session").unwrap();
    let code = browser.next_code(&secret).await;
    assert_eq!(location(&browser.post("/login/totp", &[("code", &code)]).await), "/");
    let full = browser.cookie("relais_session").unwrap();
    assert_ne!(half, full);
    // The token seen before the second factor opens nothing.
    let thief = app.browser();
    thief.set_cookie("relais_session", &half);
    assert_eq!(location(&thief.get("/").await), "/login");
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn someone_guessing_from_elsewhere_does_not_keep_the_owner_out() {
    let app = spawn_app_with(|s| s.connections.trusted_proxies = vec!["127.0.0.0/8".into()]).await;
    let (admin, _) = app.admin().await;
    let (_, _, _) = app.person(&admin, "emma@ssiad-test.fr", &["staff"]).await;
    let attacker = forwarding(&app, "203.0.113.66");
    let mut throttled = false;
    for _ in 0..15 {
        let response = attacker.sign_in("emma@ssiad-test.fr", "pas le bon mot de passe").await;
        throttled |= response.status() == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(throttled, "the guessing address is slowed down");
    let owner = forwarding(&app, "198.51.100.7");
    let response = owner.sign_in("emma@ssiad-test.fr", PASSWORD).await;
    assert_eq!(location(&response), "/", "the owner, from her own address, gets in");
}

#[tokio::test]
async fn tokens_must_expire_and_deactivation_revokes_them_for_good() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (staff, staff_id, _) = app.person(&admin, "emma@ssiad-test.fr", &["staff"]).await;
    for days in ["", "0", "367", "jamais"] {
        let fields = [("name", "Script"), ("scopes", "org:read"), ("expires_in_days", days)];
        let refused = staff.post("/account/tokens", &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{days:?}");
    }
    let fields = [("name", "Script"), ("scopes", "org:read"), ("expires_in_days", "30")];
    let page = staff.post("/account/tokens", &fields).await.text().await.unwrap();
    let token = between(&page, "id=\"new-token\" type=\"text\" readonly value=\"", "\"").unwrap();
    let me = |token: String| {
        let url = format!("{}/api/v1/me", app.address);
        async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(me(token.clone()).await.status(), StatusCode::OK);
    admin.post(&format!("/admin/people/{staff_id}/deactivate"), &[]).await;
    assert_eq!(me(token.clone()).await.status(), StatusCode::UNAUTHORIZED);
    admin.post(&format!("/admin/people/{staff_id}/reactivate"), &[]).await;
    assert_eq!(me(token).await.status(), StatusCode::UNAUTHORIZED, "revoked, not suspended");
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL").await, 0);
}

#[tokio::test]
async fn an_administrator_cannot_open_patient_records_to_themself() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let id = app.person_id(ADMIN_EMAIL).await;
    let fields = [("display_name", "Claire"), ("roles", "admin"), ("roles", "coordinator")];
    let refused = admin.post(&format!("/admin/people/{id}"), &fields).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("un autre administrateur"));
    let roles = format!("SELECT COUNT(*) FROM user_roles WHERE user_id = '{id}'");
    assert_eq!(app.count(&roles).await, 1);
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'person.update' AND outcome = 'refused'";
    assert_eq!(app.count(audited).await, 1);
    // Another administrator may do it.
    let (second, _, _) = app.person(&admin, "it@ssiad-test.fr", &["admin"]).await;
    let granted = second.post(&format!("/admin/people/{id}"), &fields).await;
    assert_eq!(granted.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count(&roles).await, 2);
}
