use reqwest::StatusCode;

use crate::helpers::{PASSWORD, location, spawn_app};

/// A user of organisation B can neither read nor change anything of organisation A.
#[tokio::test]
async fn one_organisation_can_never_reach_another_organisations_data() {
    let app = spawn_app().await;
    let (admin_a, _) = app.admin().await;
    admin_a.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let (_, victim_id, _) = app.person(&admin_a, "julie@ssiad-a.fr", &["nurse"]).await;
    let team_a: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM teams").fetch_one(app.state().db.reader()).await.unwrap().get(0)
    };

    let token = relais::setup::service::create_admin(
        &app.state().db,
        &app.state().keys,
        "SAAD B",
        "Bruno Admin",
        "bruno@saad-b.fr",
    )
    .await
    .unwrap();
    let admin_b = app.browser();
    let response = admin_b
        .post(
            "/activate",
            &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(location(&response), "/account/totp");
    admin_b.enrol_totp().await;

    let list = admin_b.get("/admin/people").await.text().await.unwrap();
    assert!(!list.contains("julie@ssiad-a.fr") && !list.contains("Claire"));
    assert!(!admin_b.get("/admin/teams").await.text().await.unwrap().contains("Équipe Nord"));

    let not_found = [
        admin_b.get(&format!("/admin/people/{victim_id}")).await,
        admin_b
            .post(
                &format!("/admin/people/{victim_id}"),
                &[("display_name", "Pirate"), ("roles", "admin")],
            )
            .await,
        admin_b.post(&format!("/admin/people/{victim_id}/deactivate"), &[]).await,
        admin_b.post(&format!("/admin/people/{victim_id}/password-reset"), &[]).await,
        admin_b.post(&format!("/admin/people/{victim_id}/second-factor-reset"), &[]).await,
        admin_b.post(&format!("/admin/teams/{team_a}/delete"), &[]).await,
    ];
    for response in not_found {
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{}", response.url());
    }
    // Adding B's new person to A's team is silently ignored.
    admin_b.invite("intrus@saad-b.fr", "Intrus", &["aide"]).await;
    let intruder = app.person_id("intrus@saad-b.fr").await;
    admin_b
        .post(
            &format!("/admin/people/{intruder}"),
            &[("display_name", "Intrus"), ("roles", "aide"), ("teams", &team_a)],
        )
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 0);

    let victim = app.count(&format!("SELECT active FROM users WHERE id = '{victim_id}'")).await;
    assert_eq!(victim, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM one_time_links WHERE purpose = 'password_reset'").await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM user_roles WHERE user_id = '{victim_id}' AND role = 'admin'"
        ))
        .await,
        0
    );
}
