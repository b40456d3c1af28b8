//! The practice space: a person's own copy of the demo organisation, opened in the same browser
//! (their own session kept aside), reset on demand — and deleting an organisation removes every
//! row of it and nothing of another.

use reqwest::StatusCode;

use crate::helpers::*;

/// Rows per table, except the audit log (it keeps every organisation's entries) and what
/// belongs to the installation (jobs, settings).
async fn rows(app: &TestApp) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in relais::backup::tables::TABLES {
        if table.starts_with("audit") || ["jobs", "meta"].contains(table) {
            continue;
        }
        counts.push((table.to_string(), app.count(&format!("SELECT COUNT(*) FROM {table}")).await));
    }
    counts
}

#[tokio::test]
async fn a_nurse_practises_in_her_own_copy_of_the_demo_and_comes_back_to_her_account() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, nurse_id, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let before = rows(&app).await;
    let page = nurse.get("/training/practice").await.text().await.unwrap();
    assert!(page.contains("Ouvrir mon espace d’entraînement"));

    let opened = nurse.post("/training/practice/open", &[]).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let home = nurse.get("/").await.text().await.unwrap();
    assert!(
        home.contains("Espace d’entraînement : données fictives.")
            && home.contains("Entraînement — Nadia Benali"),
        "{home}"
    );
    // In the copy: the demo's week, planning and round, nothing of the real organisation.
    assert_eq!(nurse.get("/round").await.status(), StatusCode::OK);
    assert_eq!(nurse.get("/planning").await.status(), StatusCode::OK);
    let patients = nurse.get("/patients").await.text().await.unwrap();
    assert!(!patients.contains("anne.martin"));
    assert_eq!(
        nurse.post("/training/practice/open", &[]).await.status(),
        StatusCode::FORBIDDEN,
        "not from inside"
    );

    // Back to her own account, still signed in.
    let left = nurse.post("/training/practice/leave", &[]).await;
    assert_eq!(location(&left), "/training/practice");
    let account = nurse.get("/account").await.text().await.unwrap();
    assert!(account.contains("anne.martin@ssiad-test.fr"), "her own session is back");
    assert!(nurse.get("/training/practice").await.text().await.unwrap().contains("Reprendre"));

    // Opened again: the same copy. Reset: the copy and everything in it go.
    nurse.post("/training/practice/open", &[]).await;
    nurse.post("/training/practice/leave", &[]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 2);
    let reset = nurse.post("/training/practice/reset", &[]).await;
    assert_eq!(location(&reset), "/training/practice?done=reset");
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 1);
    assert_eq!(rows(&app).await, before, "nothing of the copy is left, nothing else went");
    assert!(app.state().blobs.keys("documents/").await.unwrap().is_empty(), "its files too");
    let report =
        relais::audit::chain::verify(&app.state().db, &app.state().audit_key, None).await.unwrap();
    assert!(report.is_intact(), "the audit log keeps the copy's entries and still verifies");
    let _ = nurse_id;
}
