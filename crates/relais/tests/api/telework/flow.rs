use reqwest::StatusCode;

use super::*;
use crate::helpers::location;

#[tokio::test]
async fn an_employee_asks_for_two_days_and_the_manager_approves_one_and_refuses_the_other() {
    let office = office().await;
    let (app, secretary, manager) = (&office.app, &office.secretary, &office.manager);
    for day in ["2026-12-08", "2026-12-10"] {
        let response = ask(secretary, day, "day").await;
        assert_eq!(location(&response), "/telework?done=asked");
    }
    let mine = secretary.get("/telework").await.text().await.unwrap();
    assert!(mine.contains("mar. 8 déc.") && mine.contains("jeu. 10 déc."), "{mine}");
    assert_eq!(mine.matches("En attente").count(), 2);

    let team = manager.get("/telework/team").await.text().await.unwrap();
    assert!(team.contains("2 demandes attendent votre décision"), "{team}");
    let tuesday = day_id(app, &office.secretary_id, "2026-12-08").await;
    let thursday = day_id(app, &office.secretary_id, "2026-12-10").await;
    let response = decide(manager, &tuesday, "approve", "").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());

    let without_reason = decide(manager, &thursday, "refuse", "  ").await;
    assert_eq!(without_reason.status(), StatusCode::UNPROCESSABLE_ENTITY, "a refusal says why");
    decide(manager, &thursday, "refuse", "Inventaire de fin d'année ce jour-là").await;

    let calendar = manager.get("/telework/team?week=2026-12-08").await.text().await.unwrap();
    assert_eq!(calendar.matches("class=\"cell remote\"").count(), 1, "{calendar}");
    assert_eq!(calendar.matches("class=\"cell asked\"").count(), 0);
    let month =
        manager.get("/telework/team?week=2026-12-08&view=month").await.text().await.unwrap();
    assert!(month.contains("décembre 2026"), "{month}");
    assert_eq!(month.matches("<th scope=\"col\"><time").count(), 23, "the weekdays of December");
    assert_eq!(month.matches("class=\"cell remote\"").count(), 1);
    let mine = secretary.get("/telework").await.text().await.unwrap();
    assert!(mine.contains("Accepté") && mine.contains("Refusé"));
    assert!(mine.contains("Inventaire de fin d&#39;année ce jour-là"), "{mine}");

    let decided =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.day_decided'").await;
    assert_eq!(decided, 2, "each decision is in the audit log");
    let accepted = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.charter_accepted'")
        .await;
    assert_eq!(accepted, 1);
}

#[tokio::test]
async fn a_new_charter_version_must_be_accepted_again_and_an_old_one_cannot_be() {
    let office = office().await;
    let (hr, secretary) = (&office.hr, &office.secretary);
    let follow = hr.get("/telework/charter").await.text().await.unwrap();
    assert!(follow.contains("4 personnes concernées"), "{follow}");
    assert!(follow.contains("3 n’ont pas encore accepté"), "{follow}");

    publish(hr, "# Charte\n\n## Droit à la déconnexion\n\nAucun message après 19 h.").await;
    let refused = ask(secretary, "2026-12-08", "day").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("Acceptez d’abord la charte"));
    let old = accept(secretary, 1).await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY, "version 1 is no longer in force");
    assert_eq!(accept(secretary, 2).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(accept(secretary, 2).await.status(), StatusCode::SEE_OTHER, "twice is harmless");
    let page = secretary.get("/telework/charter").await.text().await.unwrap();
    assert!(page.contains("<h3>Droit à la déconnexion</h3>"), "headings one level down: {page}");
    assert_eq!(ask(secretary, "2026-12-08", "day").await.status(), StatusCode::SEE_OTHER);
    let acceptances = office
        .app
        .count("SELECT COUNT(*) FROM telework_charter_acceptances WHERE user_id IN (SELECT id FROM users WHERE email = 'sec1@chu.fr')")
        .await;
    assert_eq!(acceptances, 2, "one per version, kept");
}

#[tokio::test]
async fn the_person_reads_their_posts_assessment_and_asks_for_a_review_that_hr_answers() {
    let office = office().await;
    let (hr, secretary) = (&office.hr, &office.secretary);
    let mine = secretary.get("/telework").await.text().await.unwrap();
    assert!(mine.contains("Secrétaire médicale") && mine.contains("Éligible"), "{mine}");
    assert!(mine.contains("uniquement par l’accès à distance sécurisé"), "reasons written out");
    let response = secretary
        .post("/telework/review", &[("message", "Je numérise déjà tous les courriers.")])
        .await;
    assert_eq!(location(&response), "/telework?done=review");
    let review = text(&office.app, "SELECT id FROM telework_reviews").await;
    let response = hr
        .post(&format!("/telework/reviews/{review}/answer"), &[("reply", "Réévalué en janvier.")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let again =
        hr.post(&format!("/telework/reviews/{review}/answer"), &[("reply", "Autre réponse")]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "a reply is kept, not overwritten");
    let mine = secretary.get("/telework").await.text().await.unwrap();
    assert!(mine.contains("Réévalué en janvier."), "{mine}");
}

#[tokio::test]
async fn only_human_resources_manage_posts_charters_and_agreements() {
    let office = office().await;
    let (secretary, manager) = (&office.secretary, &office.manager);
    for browser in [secretary, manager] {
        assert_eq!(browser.get("/telework/posts").await.status(), StatusCode::FORBIDDEN);
        let response = browser.post("/telework/charter", &[("body", "# Autre")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = propose(browser, &office.secretary_id, "3", &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = browser.post("/telework/posts", &[("name", "Standardiste")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let page = secretary.get("/telework/charter").await.text().await.unwrap();
    assert!(!page.contains("Publier une nouvelle version"), "the form is not shown either");
}

#[tokio::test]
async fn an_agreement_is_signed_with_the_password_and_never_beyond_what_the_post_allows() {
    let office = office().await;
    let (app, hr) = (&office.app, &office.hr);
    let (other, other_id) = &office.others[0];
    let beyond = propose(hr, other_id, "4", &[]).await;
    assert_eq!(beyond.status(), StatusCode::UNPROCESSABLE_ENTITY, "the post allows 3");
    let fixed = propose(hr, other_id, "1", &["2", "4"]).await;
    assert_eq!(fixed.status(), StatusCode::UNPROCESSABLE_ENTITY, "two fixed days for one a week");
    assert_eq!(propose(hr, other_id, "2", &["2", "4"]).await.status(), StatusCode::SEE_OTHER);
    let id = text(app, &format!("SELECT id FROM telework_agreements WHERE user_id = '{other_id}'"))
        .await;
    let wrong =
        other.post(&format!("/telework/agreement/{id}/sign"), &[("password", "devine")]).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stolen = office
        .secretary
        .post(&format!("/telework/agreement/{id}/sign"), &[("password", crate::helpers::PASSWORD)])
        .await;
    assert_eq!(stolen.status(), StatusCode::NOT_FOUND, "nobody signs for someone else");
    sign(other, app, other_id).await;
    accept(other, 1).await;
    let monday = ask(other, "2026-12-07", "day").await;
    assert_eq!(monday.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(monday.text().await.unwrap().contains("jours fixes"));
    assert_eq!(ask(other, "2026-12-08", "day").await.status(), StatusCode::SEE_OTHER);
    let read = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.agreement_signed'")
        .await;
    assert_eq!(read, 2);
}
