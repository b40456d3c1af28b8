use reqwest::StatusCode;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, location, spawn_app};

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let cookie = admin.cookie("relais_session").unwrap();
    assert_eq!(location(&admin.post("/logout", &[]).await), "/login");
    let thief = app.browser();
    thief.set_cookie("relais_session", &cookie);
    assert_eq!(location(&thief.get("/").await), "/login");
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_only() {
    let app = spawn_app().await;
    let (admin, secret) = app.admin().await;
    let laptop = app.browser();
    laptop.sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&secret)).await;
    let new_password = "un nouveau mot de passe pour l'hiver";
    let response = admin
        .post(
            "/account/password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("new_password", new_password),
                ("new_password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(location(&response), "/account?saved=password");
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
    assert_eq!(location(&laptop.get("/").await), "/login");
    let old = app.browser().sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_a_strong_new_one() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let strong = "un nouveau mot de passe pour l'hiver";
    let cases = [
        ("pas le bon", strong, strong, "Le mot de passe actuel est incorrect."),
        (ADMIN_PASSWORD, "court", "court", "au moins 12 caractères"),
        (ADMIN_PASSWORD, strong, "autre chose encore", "ne sont pas identiques"),
        (ADMIN_PASSWORD, "claire dubois", "claire dubois", "trop courant"),
    ];
    for (current, new, confirm, message) in cases {
        let response = admin
            .post(
                "/account/password",
                &[
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_confirm", confirm),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
}

#[tokio::test]
async fn my_sessions_lists_devices_and_revokes_one() {
    let app = spawn_app().await;
    let (admin, secret) = app.admin().await;
    let phone = app.browser();
    phone.sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&secret)).await;
    let page = admin.get("/account/sessions").await.text().await.unwrap();
    let revoke_paths: Vec<&str> = page
        .split("action=\"/account/sessions/")
        .skip(1)
        .map(|p| p.split_once('"').unwrap().0)
        .collect();
    assert_eq!(revoke_paths.len(), 2, "{page}");
    assert!(page.contains("cette session"));
    assert!(page.contains("127.0.0.1"));
    // Revoke the session that is not this one.
    let own_row = page.split("<tr>").find(|row| row.contains("cette session")).unwrap();
    let other = revoke_paths.iter().find(|path| !own_row.contains(*path)).unwrap();
    let response = admin.post(&format!("/account/sessions/{other}"), &[]).await;
    assert_eq!(location(&response), "/account/sessions");
    assert_eq!(location(&phone.get("/").await), "/login");
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
    // Someone else's or a made-up session id is not found.
    assert_eq!(
        admin.post("/account/sessions/nope/revoke", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_idle_session_ends() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    app.execute("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60000").await;
    assert_eq!(location(&admin.get("/").await), "/login");
}

#[tokio::test]
async fn a_session_past_its_absolute_lifetime_ends() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    app.execute("UPDATE sessions SET expires_at = 1").await;
    assert_eq!(location(&admin.get("/").await), "/login");
}

#[tokio::test]
async fn a_half_finished_sign_in_cannot_reach_any_page() {
    let app = spawn_app().await;
    app.admin().await;
    let browser = app.browser();
    browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    for path in ["/", "/account", "/account/sessions", "/admin/people", "/admin/teams"] {
        assert_eq!(location(&browser.get(path).await), "/login", "{path}");
    }
    let response = browser.post("/admin/teams", &[("name", "Équipe pirate")]).await;
    assert_eq!(location(&response), "/login");
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0);
}
