//! Data protection for the person: the export of one's own data (a job with progress, a ZIP with
//! JSON, a readable summary and the files, seven days, nobody else's), and erasure by the DPO
//! (legal hold, step-up, pseudonymisation, the audit chain still verifying).

use std::io::Read;

use reqwest::StatusCode;

use crate::helpers::*;
use crate::messaging::{channel, send};

async fn export_id(app: &TestApp, user_id: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM privacy_exports WHERE user_id = $1 ORDER BY created_at DESC")
        .bind(user_id)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_person_downloads_everything_about_them_and_nobody_else_can() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, nurse_id, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let admin_id = app.person_id(ADMIN_EMAIL).await;
    let room = channel(&admin, "Équipe <b>nord</b>", false).await;
    send(&admin, &room, "Relève de 14 h : tout va bien").await;

    let asked = admin.post("/account/privacy/export", &[]).await;
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    let again = admin.post("/account/privacy/export", &[]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "one export at a time");
    assert!(again.text().await.unwrap().contains("déjà en préparation"));
    let id = export_id(&app, &admin_id).await;
    let status: serde_json::Value =
        admin.get(&format!("/account/privacy/exports/{id}")).await.json().await.unwrap();
    assert_eq!(status["state"], "queued");
    let early = admin.get(&format!("/account/privacy/exports/{id}/download")).await;
    assert_eq!(early.status(), StatusCode::NOT_FOUND, "not before it is ready");

    relais::privacy::export::job::run(app.state()).await.unwrap();
    let status: serde_json::Value =
        admin.get(&format!("/account/privacy/exports/{id}")).await.json().await.unwrap();
    assert_eq!((status["state"].as_str(), status["percent"].as_i64()), (Some("ready"), Some(100)));
    let page = admin.get("/account/privacy").await.text().await.unwrap();
    assert!(page.contains(&format!("/account/privacy/exports/{id}/download")));

    // Another person cannot follow nor download it.
    assert_eq!(
        nurse.get(&format!("/account/privacy/exports/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let stolen = nurse.get(&format!("/account/privacy/exports/{id}/download")).await;
    assert_eq!(stolen.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.browser().get(&format!("/account/privacy/exports/{id}/download")).await.status(),
        StatusCode::SEE_OTHER
    );

    let response = admin.get(&format!("/account/privacy/exports/{id}/download")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut data = String::new();
    zip.by_name("data.json").unwrap().read_to_string(&mut data).unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["sections"]["profile"]["email"], ADMIN_EMAIL);
    let messages = data["sections"]["messages"].as_array().unwrap();
    assert!(messages.iter().any(|m| m["text"] == "Relève de 14 h : tout va bien"), "{messages:?}");
    let mut html = String::new();
    zip.by_name("index.html").unwrap().read_to_string(&mut html).unwrap();
    assert!(html.contains("Données de Claire Dubois") && html.contains("Relève de 14 h"));
    assert!(html.contains("Équipe &lt;b&gt;nord&lt;/b&gt;"), "what people typed is escaped");
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action IN ('privacy.export_requested', 'privacy.export_downloaded')")
        .await;
    assert_eq!(audited, 2);

    // After seven days the archive is gone.
    app.execute("UPDATE privacy_exports SET expires_at = 1").await;
    relais::privacy::export::job::run(app.state()).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM privacy_exports").await, 0);
    let gone = admin.get(&format!("/account/privacy/exports/{id}/download")).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let blobs = app.state().blobs.keys("exports/").await.unwrap();
    assert!(blobs.is_empty(), "the sealed archive is deleted too: {blobs:?}");
    let _ = nurse_id;
}

#[tokio::test]
async fn erasure_is_decided_by_the_dpo_and_the_audit_chain_still_verifies() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (dpo, _, _) = app.person(&admin, "dpo@ssiad-test.fr", &["dpo"]).await;
    let (nurse, nurse_id, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let room = channel(&admin, "Équipe", false).await;
    nurse.post(&format!("/messages/{room}/join"), &[]).await;
    app.execute("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .await;
    let said = send(&nurse, &room, "Je passe chez Mme Roux à 9 h").await;
    let message = said["message_id"].as_str().unwrap().to_string();

    // The nurse asks; nobody but the DPO sees the queue.
    let filed =
        nurse.post("/account/privacy/requests", &[("kind", "erasure"), ("details", "")]).await;
    assert_eq!(filed.status(), StatusCode::SEE_OTHER);
    let twice =
        nurse.post("/account/privacy/requests", &[("kind", "erasure"), ("details", "")]).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let odd =
        nurse.post("/account/privacy/requests", &[("kind", "everything"), ("details", "x")]).await;
    assert_eq!(odd.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nurse.get("/admin/privacy").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.get("/admin/privacy").await.status(), StatusCode::FORBIDDEN);
    let queue = dpo.get("/admin/privacy").await.text().await.unwrap();
    assert!(queue.contains("Nadia Benali"), "the request is listed");
    use sqlx::Row;
    let request: String = sqlx::query("SELECT id FROM privacy_requests")
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0);
    let path = format!("/admin/privacy/requests/{request}");

    // Step-up, and a legal hold forbids the erasure.
    let grant = |password: &'static str| {
        [
            ("decision", "grant"),
            ("reason", "Départ de l'agent, rien à conserver hors obligations"),
            ("password", password),
        ]
    };
    let wrong = dpo.post(&path, &grant("pas le bon")).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let held = dpo
        .post(
            "/admin/privacy/holds",
            &[("hold_user", &nurse_id), ("hold_reason", "Contentieux prud'homal")],
        )
        .await;
    assert_eq!(held.status(), StatusCode::SEE_OTHER);
    let refused = dpo.post(&path, &grant(PASSWORD)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("gel légal"));
    let lifted = dpo.post(&format!("/admin/privacy/holds/{nurse_id}/lift"), &[]).await;
    assert_eq!(lifted.status(), StatusCode::SEE_OTHER);

    let granted = dpo.post(&path, &grant(PASSWORD)).await;
    assert_eq!(granted.status(), StatusCode::SEE_OTHER, "{}", granted.text().await.unwrap());
    let again = dpo.post(&path, &grant(PASSWORD)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "decided once");

    // Pseudonymised, signed out, credentials gone; the message and the log kept.
    let row =
        sqlx::query("SELECT display_name, email, active, password_hash FROM users WHERE id = $1")
            .bind(&nurse_id)
            .fetch_one(app.state().db.reader())
            .await
            .unwrap();
    let name: String = row.get(0);
    assert!(name.starts_with("Personne effacée "), "{name}");
    assert!(!row.get::<String, _>(1).contains("anne.martin"));
    assert_eq!(row.get::<i64, _>(2), 0);
    assert!(row.get::<Option<String>, _>(3).is_none());
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM sessions WHERE user_id = '{nurse_id}'")).await,
        0
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM user_roles WHERE user_id = '{nurse_id}'")).await,
        0
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM messages WHERE id = '{message}'")).await,
        1
    );
    assert_eq!(nurse.get("/").await.status(), StatusCode::SEE_OTHER, "signed out");
    let report =
        relais::audit::chain::verify(&app.state().db, &app.state().audit_key, None).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.account_erased'").await,
        1
    );
}

#[tokio::test]
async fn every_column_naming_a_person_has_a_fate_on_erasure() {
    use sqlx::Row;
    let app = spawn_app().await;
    let postgres = std::env::var("RELAIS_TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty());
    let sql = if postgres {
        "SELECT CAST(tc.table_name AS TEXT), CAST(kcu.column_name AS TEXT) FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
         WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' AND tc.table_schema = current_schema()"
    } else {
        "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p \
         WHERE m.type = 'table' AND p.\"table\" = 'users'"
    };
    let rows = sqlx::query(sql).fetch_all(app.state().db.reader()).await.unwrap();
    let mut found: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    found.sort();
    found.dedup();
    let mut listed: Vec<(String, String)> = relais::privacy::erasure::COLUMNS
        .iter()
        .map(|(table, column, _)| (table.to_string(), column.to_string()))
        .collect();
    listed.sort();
    let missing: Vec<_> = found.iter().filter(|c| !listed.contains(c)).collect();
    let stale: Vec<_> = listed.iter().filter(|c| !found.contains(c)).collect();
    assert!(missing.is_empty(), "columns naming a person with no fate on erasure: {missing:?}");
    assert!(stale.is_empty(), "fates of columns that do not exist: {stale:?}");
}

#[tokio::test]
async fn two_asks_at_once_make_one_export_and_one_request() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, _, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let (a, b) = tokio::join!(
        nurse.post("/account/privacy/export", &[]),
        nurse.post("/account/privacy/export", &[])
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [303, 422], "one queued, the other told one is under way");
    assert_eq!(app.count("SELECT COUNT(*) FROM privacy_exports").await, 1);
    let erase = [("kind", "erasure"), ("details", "")];
    let (a, b) = tokio::join!(
        nurse.post("/account/privacy/requests", &erase),
        nurse.post("/account/privacy/requests", &erase)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [303, 422], "one filed, the other told one is open");
    assert_eq!(app.count("SELECT COUNT(*) FROM privacy_requests WHERE state = 'open'").await, 1);
}
