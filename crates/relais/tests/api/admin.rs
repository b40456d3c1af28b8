use reqwest::StatusCode;

use crate::helpers::{PASSWORD, between, location, spawn_app};

#[tokio::test]
async fn an_invited_person_activates_with_a_one_time_link() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let link = admin.invite("nadia@ssiad-test.fr", "Nadia Benali", &["aide"]).await;
    assert!(link.starts_with(&app.address) && link.contains("/activate?token="));
    let (_, _, secret) = app.person(&admin, "karine@ssiad-test.fr", &["aide"]).await;
    assert!(secret.is_some());
    let path = format!("/activate?token={}", link.split("token=").nth(1).unwrap());
    let browser = app.browser();
    let page = browser.get(&path).await.text().await.unwrap();
    assert!(page.contains("Nadia Benali"));
    let token = link.split("token=").nth(1).unwrap();
    let weak = browser
        .post(
            "/activate",
            &[("token", token), ("password", "azerty123456"), ("password_confirm", "azerty123456")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = browser
        .post(
            "/activate",
            &[("token", token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(location(&ok), "/account/totp");
    let reused = app
        .browser()
        .post(
            "/activate",
            &[("token", token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(reused.status(), StatusCode::GONE);
    assert_eq!(app.browser().get(&path).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn an_expired_activation_link_is_refused() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let link = admin.invite("nadia@ssiad-test.fr", "Nadia Benali", &["aide"]).await;
    app.execute("UPDATE one_time_links SET expires_at = 1").await;
    let path = format!("/activate?token={}", link.split("token=").nth(1).unwrap());
    assert_eq!(app.browser().get(&path).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn the_invitation_form_refuses_bad_fields() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let cases: [(&str, &str, &str, Option<&str>, &str); 7] = [
        ("nadia@", "Nadia", "", Some("aide"), "Adresse e-mail invalide."),
        ("nadia@ssiad-test.fr", "", "", Some("aide"), "Ce champ est obligatoire."),
        ("nadia@ssiad-test.fr", &"N".repeat(150), "", Some("aide"), "trop long"),
        ("nadia@ssiad-test.fr", "Nadia\u{202e}\u{0}", "", Some("aide"), "caractères non autorisés"),
        ("nadia@ssiad-test.fr", "Nadia", "12", Some("aide"), "Numéro de téléphone invalide"),
        ("nadia@ssiad-test.fr", "Nadia", "", None, "Choisissez au moins un rôle."),
        ("nadia@ssiad-test.fr", "Nadia", "", Some("root"), "Rôle inconnu."),
    ];
    for (email, name, phone, role, message) in cases {
        let mut fields = vec![("email", email), ("display_name", name), ("phone", phone)];
        if let Some(role) = role {
            fields.push(("roles", role));
        }
        let response = admin.post("/admin/people", &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
    let taken = admin
        .post(
            "/admin/people",
            &[
                ("email", crate::helpers::ADMIN_EMAIL),
                ("display_name", "Double"),
                ("roles", "aide"),
            ],
        )
        .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text().await.unwrap().contains("Un compte existe déjà"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn roles_and_teams_are_edited_and_permissions_follow() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    assert_eq!(
        location(&admin.post("/admin/teams", &[("name", "Équipe Nord")]).await),
        "/admin/teams?done=team-created"
    );
    let team_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM teams").fetch_one(app.state().db.reader()).await.unwrap().get(0)
    };
    let (staff, id, _) = app.person(&admin, "accueil@ssiad-test.fr", &["staff"]).await;
    assert_eq!(staff.get("/admin/people").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        staff.post("/admin/teams", &[("name", "Pirates")]).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = admin
        .post(
            &format!("/admin/people/{id}"),
            &[
                ("display_name", "Accueil Relais"),
                ("job_title", "Secrétaire"),
                ("phone", "06 12 34 56 78"),
                ("roles", "staff"),
                ("roles", "manager"),
                ("teams", &team_id),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("/admin/people/{id}?saved=1"));
    assert_eq!(staff.get("/admin/teams").await.status(), StatusCode::OK, "a manager manages teams");
    assert_eq!(staff.get("/admin/people").await.status(), StatusCode::FORBIDDEN, "but not people");
    let list = admin.get("/admin/people").await.text().await.unwrap();
    assert!(
        list.contains("Accueil Relais") && list.contains("Manager") && list.contains("Équipe Nord")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 1);
    let duplicate = admin.post("/admin/teams", &[("name", "équipe nord")]).await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.text().await.unwrap().contains("Une équipe porte déjà ce nom."));
}

#[tokio::test]
async fn an_administrator_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let id = app.person_id(crate::helpers::ADMIN_EMAIL).await;
    let demote = admin
        .post(&format!("/admin/people/{id}"), &[("display_name", "Claire"), ("roles", "staff")])
        .await;
    assert_eq!(demote.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let deactivate = admin.post(&format!("/admin/people/{id}/deactivate"), &[]).await;
    assert!(
        deactivate
            .text()
            .await
            .unwrap()
            .contains("Vous ne pouvez pas désactiver votre propre compte.")
    );
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
    let unknown = admin.post(&format!("/admin/people/{id}/explode"), &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deactivation_ends_every_session_at_once_and_blocks_sign_in() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (aide, id, _) = app.person(&admin, "paul@ssiad-test.fr", &["aide"]).await;
    assert_eq!(aide.get("/").await.status(), StatusCode::OK);
    let response = admin.post(&format!("/admin/people/{id}/deactivate"), &[]).await;
    assert!(response.text().await.unwrap().contains("Compte désactivé"));
    assert_eq!(location(&aide.get("/").await), "/login");
    let again = app.browser().sign_in("paul@ssiad-test.fr", PASSWORD).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    admin.post(&format!("/admin/people/{id}/reactivate"), &[]).await;
    assert_eq!(
        app.browser().sign_in("paul@ssiad-test.fr", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_and_ends_old_sessions() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (aide, id, _) = app.person(&admin, "paul@ssiad-test.fr", &["staff"]).await;
    let page =
        admin.post(&format!("/admin/people/{id}/password-reset"), &[]).await.text().await.unwrap();
    let link = between(&page, "readonly value=\"", "\"").unwrap();
    let token = link.split("token=").nth(1).unwrap();
    let browser = app.browser();
    let new_password = "le phare de Saint-Mathieu";
    let response = browser
        .post(
            "/reset-password",
            &[("token", token), ("password", new_password), ("password_confirm", new_password)],
        )
        .await;
    assert_eq!(location(&response), "/");
    assert_eq!(location(&aide.get("/").await), "/login");
    assert_eq!(
        app.browser().sign_in("paul@ssiad-test.fr", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // An activation link is not a reset link and the other way round.
    assert_eq!(
        app.browser().get(&format!("/activate?token={token}")).await.status(),
        StatusCode::GONE
    );
}

#[tokio::test]
async fn a_second_factor_reset_sends_the_person_back_to_enrolment() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, id, _) = app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    admin.post(&format!("/admin/people/{id}/second-factor-reset"), &[]).await;
    assert_eq!(location(&nurse.get("/").await), "/login");
    let browser = app.browser();
    assert_eq!(location(&browser.sign_in("julie@ssiad-test.fr", PASSWORD).await), "/account/totp");
}

#[tokio::test]
async fn the_profile_keeps_working_hours_and_refuses_bad_values() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let good = [
        ("display_name", "Claire Dubois"),
        ("phone", "+33 2 99 00 00 01"),
        ("locale", "en"),
        ("time_zone", "America/Cayenne"),
        ("days", "0"),
        ("days", "2"),
        ("start", "07:30"),
        ("end", "15:00"),
    ];
    assert_eq!(location(&admin.post("/account", &good).await), "/account?saved=profile");
    let page = admin.get("/account").await.text().await.unwrap();
    assert!(
        page.contains("<html lang=\"en\">")
            && page.contains("America/Cayenne")
            && page.contains("07:30")
    );
    let cases = [
        ("time_zone", "Mars/Olympus", "Unknown time zone"),
        ("start", "25:00", "Invalid time"),
        ("end", "06:00", "The end time must be after the start time."),
        ("phone", "abc", "Invalid phone number"),
        ("locale", "de", "Language not supported."),
        ("days", "9", "Choose at least one working day."),
    ];
    for (field, value, message) in cases {
        let fields: Vec<(&str, &str)> =
            good.iter().map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) }).collect();
        let response = admin.post("/account", &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
}
