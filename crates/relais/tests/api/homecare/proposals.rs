//! Proposals accepted caregiver by caregiver; and proposals the optimiser runs on another
//! instance: this one cannot see their progress, so it reads them as running within their time
//! budget, as lost after it, and can still cancel them.

use reqwest::StatusCode;

use super::{Service, TOILETTE, WEEK, add_item, create_patient, service, wait_for_proposal};
use crate::helpers::location;
use relais::homecare::store::visits::{self, ProposalStatus};

/// A proposal row as another instance writes it when it starts a day's run `age_ms` ago.
async fn started_elsewhere(service: &Service, age_ms: i64) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let started = relais::clock::now_ms() - age_ms;
    service
        .app
        .execute(&format!(
            "INSERT INTO planning_proposals (id, org_id, team_id, first_day, last_day, created_by, \
             created_at, status) SELECT '{id}', org_id, id, '{WEEK}', '{WEEK}', '{}', {started}, \
             'running' FROM teams WHERE id = '{}'",
            service.nurse_id, service.team_a
        ))
        .await;
    id
}

async fn status_of(service: &Service, id: &str) -> serde_json::Value {
    let response = service.coordinator.get(&format!("/planning/proposals/{id}/status")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_run_held_by_another_instance_is_running_until_its_budget_is_long_past() {
    let service = service().await;
    let day_ms = (service.app.state().settings.planning.day_seconds * 1000.0) as i64;

    let young = started_elsewhere(&service, day_ms / 2).await;
    let status = status_of(&service, &young).await;
    assert_eq!(status["status"], "running", "not lost: another instance holds it");
    let percent = status["percent"].as_u64().unwrap();
    assert!((40..=60).contains(&percent), "progress from the time used: {percent}");
    assert!(status["best_cost"].is_null(), "only the running instance knows it");
    let page = service.coordinator.get(&format!("/planning/proposals/{young}")).await;
    assert_eq!(page.status(), StatusCode::OK);

    let lost = started_elsewhere(&service, day_ms + 61_000).await;
    assert_eq!(status_of(&service, &lost).await["status"], "failed");

    // Only a coordinator of the team may cancel it; nobody cancels what does not exist.
    let path = format!("/planning/proposals/{young}/cancel");
    for (who, expected) in
        [(&service.nurse, StatusCode::FORBIDDEN), (&service.outsider, StatusCode::FORBIDDEN)]
    {
        assert_eq!(who.post(&path, &[]).await.status(), expected);
    }
    let unknown = "/planning/proposals/0190a5a0-0000-7000-8000-000000000000/cancel";
    assert_eq!(service.coordinator.post(unknown, &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(status_of(&service, &young).await["status"], "running");

    // Cancelling from here marks it, and its instance can no longer store an outcome over it.
    let cancel =
        service.coordinator.post(&format!("/planning/proposals/{young}/cancel"), &[]).await;
    assert_eq!(cancel.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&cancel), format!("/planning/proposals/{young}"));
    assert_eq!(status_of(&service, &young).await["status"], "cancelled");
    // The run's own instance finishing later stores nothing over the cancellation.
    let db = service.app.state().db.writer();
    let org_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT org_id FROM planning_proposals WHERE id = $1")
            .bind(&young)
            .fetch_one(db)
            .await
            .unwrap()
            .get(0)
    };
    let stored = visits::set_proposal_status(
        db,
        &org_id,
        &young,
        ProposalStatus::Running,
        ProposalStatus::Ready,
        Some("{}"),
    )
    .await
    .unwrap();
    assert!(!stored);
    assert_eq!(status_of(&service, &young).await["status"], "cancelled");
}

#[tokio::test]
async fn a_proposal_can_be_accepted_for_one_caregiver_only() {
    let service = service().await;
    let team = service.team_a.clone();
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    let paul = create_patient(&service, "Paul", "48.1210").await;
    assert_eq!(add_item(&service, &jeanne, &TOILETTE).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(add_item(&service, &paul, &TOILETTE).await.status(), StatusCode::SEE_OTHER);
    let week = [("team", team.as_str()), ("week", WEEK)];
    service.coordinator.post("/planning/generate", &week).await;
    let started = service
        .coordinator
        .post("/planning/optimise", &[("team", team.as_str()), ("day", WEEK), ("scope", "week")])
        .await;
    let proposal = location(&started).trim_start_matches("/planning/proposals/").to_string();
    wait_for_proposal(&service, &proposal).await;
    let page = service
        .coordinator
        .get(&format!("/planning/proposals/{proposal}"))
        .await
        .text()
        .await
        .unwrap();
    let marker = "name=\"caregiver\" value=\"";
    let buttons: Vec<&str> = page
        .match_indices(marker)
        .map(|(at, _)| &page[at + marker.len()..at + marker.len() + 36])
        .collect();
    assert!(!buttons.is_empty(), "one 'accept for' button per caregiver with changes");
    assert_eq!(
        page.matches("Temps de trajet").count(),
        1 + buttons.len(),
        "the team's travel time, then each caregiver's"
    );
    let chosen = buttons[0];
    let before = service.app.count("SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL").await;
    let accepted = service
        .coordinator
        .post(&format!("/planning/proposals/{proposal}/accept"), &[("caregiver", chosen)])
        .await;
    assert!(location(&accepted).contains("done=accepted"));
    let theirs = service
        .app
        .count(&format!("SELECT COUNT(*) FROM visits WHERE caregiver_id = '{chosen}'"))
        .await;
    let others = service
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM visits WHERE caregiver_id IS NOT NULL AND caregiver_id <> '{chosen}'"
        ))
        .await;
    assert!(theirs > 0, "the chosen caregiver's visits are applied");
    assert_eq!(others, 0, "nobody else's visits change");
    let after = service.app.count("SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL").await;
    assert_eq!(after, before - theirs);
    // The rest of the proposal stays open: the next caregiver can be accepted in turn.
    if let Some(next) = buttons.get(1) {
        let page = service.coordinator.get(&location(&accepted)).await.text().await.unwrap();
        assert!(page.contains("les autres restent à décider"), "{page}");
        assert!(page.contains(next), "the other caregivers are still offered");
        assert!(!page.contains(&format!("value=\"{chosen}\"")), "the accepted one is gone");
        let accepted = service
            .coordinator
            .post(&format!("/planning/proposals/{proposal}/accept"), &[("caregiver", *next)])
            .await;
        assert!(location(&accepted).contains("done=accepted"));
        let theirs = service
            .app
            .count(&format!("SELECT COUNT(*) FROM visits WHERE caregiver_id = '{next}'"))
            .await;
        assert!(theirs > 0, "the second caregiver's visits are applied too");
    }
}
