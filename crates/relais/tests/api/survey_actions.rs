//! Action plans ("vous avez dit, nous avons fait"): written by those who run a survey once its
//! results show, owned by someone the survey asked, moved by its owner, commented on (signed) by
//! everyone asked; others see nothing; bad input gets a clear answer.

use reqwest::StatusCode;

use crate::helpers::location;
use crate::homecare::service;
use crate::surveys::{colleagues, reply, survey};

#[tokio::test]
async fn an_action_plan_follows_results_and_everyone_asked_reads_and_comments_it() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let id = survey(&service, &["workload", "suggestion"], "5").await;
    let people = colleagues(&service).await;
    for browser in people.iter().take(5) {
        let answer = reply(browser, &id, &[("q-workload", "2")]).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    }
    let owner = app.person_id("collegue0@ssiad.fr").await;
    let path = format!("/qvct/surveys/{id}/actions");
    let action = |title: &'static str, owner: &str, question: &'static str, due: &'static str| {
        vec![
            ("title", title.to_string()),
            ("detail", "Essai sur deux mois".to_string()),
            ("question", question.to_string()),
            ("owner", owner.to_string()),
            ("due_on", due.to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let path = path.clone();
        let coordinator = &service.coordinator;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            coordinator.post(&path, &fields).await
        }
    };
    let early = post(action("Regrouper les visites", &owner, "workload", "2027-01-15")).await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY, "no results yet, no plan");
    assert!(early.text().await.unwrap().contains("résultats visibles"));

    service.coordinator.post(&format!("/qvct/surveys/{id}/close"), &[]).await;
    let outsider_id = app.person_id("as.b@ssiad.fr").await;
    let long = "x".repeat(201);
    for (fields, why) in [
        (action("", &owner, "workload", ""), "an empty title"),
        (action("Deux\nlignes", &owner, "", ""), "a title on two lines"),
        (action("Regrouper", &outsider_id, "", ""), "an owner the survey did not ask"),
        (action("Regrouper", "nobody", "", ""), "an unknown owner"),
        (action("Regrouper", &owner, "strain", ""), "a question not asked"),
        (action("Regrouper", &owner, "", "31/12/2026"), "a bad due day"),
    ] {
        let refused = post(fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    let fields = vec![("title", long), ("owner", owner.clone())];
    assert_eq!(post(fields).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "too long");
    let member = people[1].post(&path, &[("title", "Moi aussi")]).await;
    assert_eq!(member.status(), StatusCode::FORBIDDEN, "only those who run the survey plan");
    let outsider = service.outsider.post(&path, &[("title", "Moi aussi")]).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);

    let created = post(action("Regrouper les visites", &owner, "workload", "2027-01-15")).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    let action_id = location(&created).rsplit("#action-").next().unwrap().to_string();
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_actions").await, 1);

    // Its owner moves it; another member may not; nonsense is refused.
    let status = format!("/qvct/actions/{action_id}/status");
    let moved = people[0].post(&status, &[("status", "started")]).await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let other = people[1].post(&status, &[("status", "done")]).await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let bad = service.coordinator.post(&status, &[("status", "finished")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = service.outsider.post(&status, &[("status", "done")]).await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);

    // Everyone asked comments, signed; markup stays text; outsiders cannot.
    let comments = format!("/qvct/actions/{action_id}/comments");
    let said = people[2].post(&comments, &[("body", "Enfin ! <script>alert(1)</script>")]).await;
    assert_eq!(said.status(), StatusCode::SEE_OTHER);
    for body in ["", "   ", &"y".repeat(2001)] {
        let refused = people[2].post(&comments, &[("body", body)]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{} chars", body.len());
    }
    let stranger = service.outsider.post(&comments, &[("body", "Et nous ?")]).await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    let unknown = people[2].post("/qvct/actions/nope/comments", &[("body", "x")]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let page = people[4].get(&format!("/qvct/surveys/{id}/results")).await.text().await.unwrap();
    assert!(page.contains("Regrouper les visites") && page.contains("En cours"), "{page}");
    assert!(page.contains("Enfin !") && !page.contains("<script>alert"));
    assert!(!page.contains("Nouvelle action"), "a member reads the plan, does not write it");
    let home = people[4].get("/qvct").await.text().await.unwrap();
    assert!(home.contains("Vous avez dit, nous avons fait") && home.contains("Regrouper les"));
    let audited =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'survey.action_%'").await;
    assert_eq!(audited, 3, "created, moved, commented");
}
