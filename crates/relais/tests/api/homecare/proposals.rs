//! Proposals the optimiser runs on another instance: this one cannot see their progress, so it
//! reads them as running within their time budget, as lost after it, and can still cancel them.

use reqwest::StatusCode;

use super::{Service, WEEK, service};
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
