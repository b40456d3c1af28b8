//! The DPO's records: retention within legal bounds and applied by the job, the register of
//! processing activities (page and CSV), the data-breach register with its 72 hours.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::messaging::{channel, send};

async fn org_id(app: &TestApp) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM organisations LIMIT 1")
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn retention_is_set_within_legal_bounds_and_applied_by_the_job() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (dpo, _, _) = app.person(&admin, "dpo@ssiad-test.fr", &["dpo"]).await;
    app.execute("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .await;
    let room = channel(&admin, "Équipe", false).await;
    send(&admin, &room, "Message ancien").await;
    send(&admin, &room, "Message récent").await;
    let forty_days_ago = relais::clock::now_ms() - 40 * 86_400_000;
    app.execute(&format!("UPDATE messages SET created_at = {forty_days_ago} WHERE seq = 1")).await;

    let page = dpo.get("/admin/privacy/retention").await.text().await.unwrap();
    assert!(page.contains("Journal d’audit") && page.contains("1825"), "defaults shown");
    assert_eq!(admin.get("/admin/privacy/retention").await.status(), StatusCode::FORBIDDEN);

    let below =
        dpo.post("/admin/privacy/retention", &[("messages", "10"), ("password", PASSWORD)]).await;
    assert_eq!(below.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(below.text().await.unwrap().contains("minimum légal"));
    let above =
        dpo.post("/admin/privacy/retention", &[("sessions", "9999"), ("password", PASSWORD)]).await;
    assert_eq!(above.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let words = dpo
        .post("/admin/privacy/retention", &[("messages", "un mois"), ("password", PASSWORD)])
        .await;
    assert_eq!(words.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_password = dpo.post("/admin/privacy/retention", &[("messages", "30")]).await;
    assert_eq!(no_password.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved =
        dpo.post("/admin/privacy/retention", &[("messages", "30"), ("password", PASSWORD)]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.retention_changed'")
            .await,
        1
    );

    let removed = relais::privacy::retention::apply::run(app.state()).await.unwrap();
    assert!(removed >= 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE seq = 1").await,
        0,
        "the old one went"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM messages").await, 1, "the recent one stays");
    let org = org_id(&app).await;
    assert_eq!(
        app.count(&format!(
            "SELECT days FROM retention_rules WHERE org_id = '{org}' AND class = 'messages'"
        ))
        .await,
        30
    );
}

#[tokio::test]
async fn the_register_of_processing_activities_is_shown_and_exported() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (dpo, _, _) = app.person(&admin, "dpo@ssiad-test.fr", &["dpo"]).await;
    let page = dpo.get("/admin/privacy/register").await.text().await.unwrap();
    assert!(
        page.contains("Soins à domicile") && page.contains("Dossier de soins : 7300 jours"),
        "{page}"
    );
    let csv = dpo.get("/admin/privacy/register.csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\"Responsable de traitement\";\"Traitement\""), "{text}");
    assert!(text.contains("\"SSIAD des Tests\"") && text.contains("Messagerie d’équipe"));
    assert_eq!(admin.get("/admin/privacy/register.csv").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn breaches_are_recorded_with_their_72_hours_and_bad_entries_refused() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (dpo, _, _) = app.person(&admin, "dpo@ssiad-test.fr", &["dpo"]).await;
    let days_ago = |days: i64| {
        let at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
        at.to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let four_days_ago = days_ago(4);
    let tomorrow = days_ago(-1);
    let base = |discovered: &str, notified: &str, reason: &str| {
        vec![
            ("title", "Ordinateur portable volé".to_string()),
            ("nature", "confidentiality".to_string()),
            (
                "description",
                "Portable d'une IDE volé dans sa voiture ; disque chiffré.".to_string(),
            ),
            ("discovered_at", discovered.to_string()),
            ("people_affected", "12".to_string()),
            ("data_categories", "plannings, adresses".to_string()),
            ("notified_at", notified.to_string()),
            ("not_notified_reason", reason.to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let dpo = &dpo;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            dpo.post("/admin/privacy/breaches", &fields).await
        }
    };
    let future = post(base(&tomorrow, "", "")).await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let both = post(base(&four_days_ago, &four_days_ago, "Risque improbable")).await;
    assert_eq!(both.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let garbled = post(base("le 3 décembre", "", "")).await;
    assert_eq!(garbled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut odd = base(&four_days_ago, "", "");
    odd[1].1 = "flood".into();
    assert_eq!(post(odd).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let saved = post(base(&four_days_ago, "", "")).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = dpo.get("/admin/privacy/breaches").await.text().await.unwrap();
    assert!(
        page.contains("Ordinateur portable volé") && page.contains("Délai dépassé"),
        "72 h passed"
    );
    use sqlx::Row;
    let sealed: Vec<u8> = sqlx::query("SELECT description_enc FROM privacy_breaches")
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0);
    assert!(!String::from_utf8_lossy(&sealed).contains("volé"), "the description is sealed");
    assert_eq!(admin.get("/admin/privacy/breaches").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.breach_recorded'").await,
        1
    );
}
