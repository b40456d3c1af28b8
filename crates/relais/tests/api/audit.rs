use relais::audit::chain::{Report, verify};
use relais::audit::service::{checkpoint, prune};
use reqwest::StatusCode;

use crate::helpers::{ADMIN_EMAIL, TestApp, spawn_app};

/// An installation with some history: setup, an invitation, a team, sign-ins.
async fn app_with_history() -> (TestApp, crate::helpers::Browser) {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    app.browser().sign_in(ADMIN_EMAIL, "pas le bon mot de passe").await;
    (app, admin)
}

async fn report(app: &TestApp) -> Report {
    verify(&app.state().db, &app.state().audit_key, None).await.unwrap()
}

#[tokio::test]
async fn sign_ins_and_changes_are_chained_in_the_audit_log() {
    let (app, _) = app_with_history().await;
    let rows = app.count("SELECT COUNT(*) FROM audit_log").await;
    assert!(rows >= 7, "{rows}");
    for action in [
        "organisation.create",
        "auth.totp_enrolment",
        "team.create",
        "person.invite",
        "auth.activation",
        "auth.sign_in",
    ] {
        let count =
            app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await;
        assert!(count >= 1, "{action} not audited");
    }
    let refused = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'wrong_password' AND ip = '127.0.0.1'").await;
    assert_eq!(refused, 1);
    let report = report(&app).await;
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.rows_checked as i64, rows);
}

#[tokio::test]
async fn verification_finds_an_edited_row() {
    let (app, _) = app_with_history().await;
    app.execute("UPDATE audit_log SET action = 'person.read' WHERE seq = 3").await;
    assert_eq!(report(&app).await.first_broken.unwrap().0, 3);
}

#[tokio::test]
async fn verification_finds_a_deleted_row() {
    let (app, _) = app_with_history().await;
    app.execute("DELETE FROM audit_log WHERE seq = 4").await;
    let (seq, reason) = report(&app).await.first_broken.unwrap();
    assert_eq!(seq, 4);
    assert!(reason.contains("missing"), "{reason}");
}

#[tokio::test]
async fn verification_finds_an_inserted_row() {
    let (app, _) = app_with_history().await;
    // Make room in the middle, then slip a forged row in.
    app.execute("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 5").await;
    app.execute(
        "INSERT INTO audit_log (seq, at, actor_roles, action, object_type, ip, user_agent, outcome, prev_hash, hash) \
         SELECT 5, at, actor_roles, 'person.invite', 'person', ip, user_agent, 'success', hash, hash FROM audit_log WHERE seq = 4",
    )
    .await;
    assert_eq!(report(&app).await.first_broken.unwrap().0, 5);
}

#[tokio::test]
async fn verification_finds_reordered_rows() {
    let (app, _) = app_with_history().await;
    app.execute("UPDATE audit_log SET seq = -1 WHERE seq = 2").await;
    app.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3").await;
    app.execute("UPDATE audit_log SET seq = 3 WHERE seq = -1").await;
    assert_eq!(report(&app).await.first_broken.unwrap().0, 2);
}

#[tokio::test]
async fn verification_finds_a_truncated_tail_through_the_signed_checkpoint() {
    let (app, _) = app_with_history().await;
    let signed =
        checkpoint(&app.state().db, &app.state().audit_key, &app.state().settings).await.unwrap();
    let last = signed.seq;
    app.execute(&format!("DELETE FROM audit_log WHERE seq > {}", last - 2)).await;
    app.execute(&format!(
        "UPDATE audit_head SET seq = {}, hash = (SELECT hash FROM audit_log WHERE seq = {})",
        last - 2,
        last - 2
    ))
    .await;
    let report = report(&app).await;
    assert_eq!(report.first_broken.clone().unwrap().0, last, "{report:?}");
}

#[tokio::test]
async fn a_forged_checkpoint_or_an_exported_one_that_no_longer_matches_is_caught() {
    let (app, _) = app_with_history().await;
    let mut signed =
        checkpoint(&app.state().db, &app.state().audit_key, &app.state().settings).await.unwrap();
    assert!(report(&app).await.is_intact());
    signed.hash = "0".repeat(64);
    let against_export =
        verify(&app.state().db, &app.state().audit_key, Some(&signed)).await.unwrap();
    assert_eq!(against_export.first_broken.unwrap().0, signed.seq);
    app.execute("UPDATE audit_checkpoints SET at = at + 1").await;
    let forged = report(&app).await.first_broken.unwrap();
    assert!(forged.1.contains("signature"), "{forged:?}");
}

#[tokio::test]
async fn retention_prunes_whole_segments_and_the_chain_stays_verifiable() {
    let (app, admin) = app_with_history().await;
    let first =
        checkpoint(&app.state().db, &app.state().audit_key, &app.state().settings).await.unwrap();
    admin.post("/admin/teams", &[("name", "Équipe Sud")]).await;
    // Age the first segment beyond a 12-month retention.
    app.execute(&format!("UPDATE audit_checkpoints SET at = 1 WHERE seq = {}", first.seq)).await;
    // (Re-sign the aged checkpoint the way the server would have when it was written.)
    let signature = app.state().audit_key.checkpoint_signature(first.seq, &first.hash, 1);
    app.execute(&format!(
        "UPDATE audit_checkpoints SET signature = '{signature}' WHERE seq = {}",
        first.seq
    ))
    .await;
    let pruned = prune(&app.state().db, 12).await.unwrap();
    assert_eq!(pruned as i64, first.seq);
    assert_eq!(app.count("SELECT MIN(seq) FROM audit_log").await, first.seq + 1);
    let report = report(&app).await;
    assert!(report.is_intact(), "{report:?}");
    // Deleting the first remaining row is still caught.
    app.execute(&format!("DELETE FROM audit_log WHERE seq = {}", first.seq + 1)).await;
    assert!(!verify(&app.state().db, &app.state().audit_key, None).await.unwrap().is_intact());
}

#[tokio::test]
async fn the_audit_page_is_for_dpo_and_administrators_of_the_same_organisation() {
    let (app, admin) = app_with_history().await;
    let page = admin.get("/admin/audit").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("person.invite") && html.contains("team.create"));
    let filtered = admin.get("/admin/audit?action=team.create").await.text().await.unwrap();
    assert!(filtered.contains("team.create") && !filtered.contains("person.invite"));
    let by_person =
        admin.get("/admin/audit?person=julie%40ssiad-test.fr").await.text().await.unwrap();
    assert!(by_person.contains("auth.activation") && !by_person.contains("team.create"));
    let bad = admin.get("/admin/audit?from=31%2F12%2F2025&person=nobody%40x.fr").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let export = admin.get("/admin/audit/export?action=team.create").await;
    assert_eq!(export.headers()["content-type"], "application/x-ndjson; charset=utf-8");
    let lines: Vec<serde_json::Value> =
        export.text().await.unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["action"], "team.create");

    let (staff, _, _) = app.person(&admin, "accueil@ssiad-test.fr", &["staff"]).await;
    assert_eq!(staff.get("/admin/audit").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(staff.get("/admin/audit/export").await.status(), StatusCode::FORBIDDEN);
    let (dpo, _, _) = app.person(&admin, "dpo@ssiad-test.fr", &["dpo"]).await;
    let dpo_page = dpo.get("/admin/audit").await.text().await.unwrap();
    assert!(dpo_page.contains("person.invite"));
    assert!(!dpo_page.contains("href=\"/admin/people\""), "a DPO is not offered the people page");

    // Another organisation sees none of it.
    let other = app.second_organisation_admin().await;
    let theirs = other.get("/admin/audit").await.text().await.unwrap();
    assert!(!theirs.contains("team.create"));
    assert!(
        other
            .get("/admin/audit?person=julie%40ssiad-test.fr")
            .await
            .text()
            .await
            .unwrap()
            .contains("Aucune personne")
    );
}

#[tokio::test]
async fn my_sessions_shows_my_own_account_history() {
    let (app, admin) = app_with_history().await;
    let page = admin.get("/account/sessions").await.text().await.unwrap();
    assert!(page.contains("auth.sign_in") && page.contains("wrong_password"));
    assert!(!page.contains("person.invite"), "events about others are not shown");
    let _ = app;
}

#[tokio::test]
async fn a_tail_cut_with_its_stored_checkpoints_is_caught_by_the_anchored_one() {
    let dir = tempfile::tempdir().unwrap();
    let anchors = dir.path().join("anchors.jsonl");
    let anchor_file = anchors.clone();
    let app = crate::helpers::spawn_app_with(|s| s.audit.anchor_file = Some(anchor_file)).await;
    let (admin, _) = app.admin().await;
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let state = app.state();
    let signed = checkpoint(&state.db, &state.audit_key, &state.settings).await.unwrap();
    let anchored = relais::audit::anchor::latest_in(&anchors).unwrap().unwrap();
    assert_eq!(anchored, signed, "the checkpoint left the database as it was signed");
    // Someone with write access to the database removes the end and every trace of it.
    let keep = signed.seq - 2;
    app.execute(&format!("DELETE FROM audit_log WHERE seq > {keep}")).await;
    app.execute("DELETE FROM audit_checkpoints").await;
    app.execute(&format!(
        "UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit_log WHERE seq = {keep})"
    ))
    .await;
    assert!(report(&app).await.is_intact(), "the database alone cannot tell");
    let against_anchor = verify(&state.db, &state.audit_key, Some(&anchored)).await.unwrap();
    assert_eq!(against_anchor.first_broken.unwrap().0, signed.seq);
}

#[tokio::test]
async fn refused_access_and_every_look_at_the_audit_log_are_audited() {
    let (app, admin) = app_with_history().await;
    let other = app.second_organisation_admin().await;
    let someone = app.person_id("julie@ssiad-test.fr").await;
    for _ in 0..15 {
        let refused = other.get(&format!("/admin/people/{someone}")).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    }
    let refusals = "SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused'";
    let recorded = app.count(refusals).await;
    assert_eq!(recorded, 10, "recorded, but a scan cannot flood the log");
    let path = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND detail = 'GET /admin/people/{someone}'"
    );
    assert_eq!(app.count(&path).await, 10);
    // A page that does not exist is not a refusal.
    other.get("/no/such/page").await;
    assert_eq!(app.count(refusals).await, 10);

    admin.get("/admin/audit?action=auth.sign_in").await;
    admin.get("/admin/audit/export").await;
    let reads = "SELECT COUNT(*) FROM audit_log WHERE action = 'audit.read' AND detail = 'action=auth.sign_in'";
    assert_eq!(app.count(reads).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'audit.export'").await, 1);
}
