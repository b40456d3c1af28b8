use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_demo_organisation_loads_and_its_printed_logins_work() {
    let app = spawn_app().await;
    relais::demo::seed(&app.state().db, &app.state().keys).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 17);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM user_roles WHERE role IN ('nurse', 'aide')").await,
        12
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'coordinator'").await, 3);
    let email = "coordination.nord@tilleuls.demo";
    let credentials = relais::auth::store::credentials_by_email(app.state().db.reader(), email)
        .await
        .unwrap()
        .unwrap();
    let secret = relais::auth::service::totp_secret(app.state(), &credentials).await.unwrap();
    let browser = app.browser();
    browser.sign_in_fully(email, relais::demo::DEMO_PASSWORD, secret.as_deref()).await;
    let home = browser.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains(relais::demo::DEMO_ORGANISATION));
}
