use reqwest::StatusCode;

use super::{TOILETTE, WEEK, add_item, create_patient, service, visits_page, wait_for_proposal};
use crate::helpers::location;

#[tokio::test]
async fn a_week_is_generated_checked_optimised_accepted_and_published() {
    let service = service().await;
    let team = service.team_a.clone();
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    let paul = create_patient(&service, "Paul", "48.1210").await;
    assert_eq!(add_item(&service, &jeanne, &TOILETTE).await.status(), StatusCode::SEE_OTHER);
    let injection = [
        ("label", "Injection"),
        ("skill", "nurse"),
        ("window_start", "08:00"),
        ("window_end", "09:00"),
        ("duration", "15"),
        ("excluded", service.aide_id.as_str()),
    ];
    assert_eq!(add_item(&service, &paul, &injection).await.status(), StatusCode::SEE_OTHER);
    let lever = [
        ("label", "Lever"),
        ("skill", "care_aide"),
        ("window_start", "10:00"),
        ("window_end", "11:30"),
        ("duration", "30"),
        ("caregivers", "2"),
        ("sync_kind", "simultaneous"),
    ];
    assert_eq!(add_item(&service, &paul, &lever).await.status(), StatusCode::SEE_OTHER);

    let week = [("team", team.as_str()), ("week", WEEK)];
    let refused = service.coordinator.post("/planning/publish", &week).await;
    assert!(location(&refused).contains("error=week_not_generated"));
    let generated = service.coordinator.post("/planning/generate", &week).await;
    assert_eq!(generated.status(), StatusCode::SEE_OTHER);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visits").await, 7 * 4);
    service.coordinator.post("/planning/generate", &week).await;
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visits").await,
        28,
        "generation is idempotent"
    );
    let page = visits_page(&service).await;
    assert!(page.contains("Non affectée") && page.contains("Jeanne M."));
    let refused = service.coordinator.post("/planning/publish", &week).await;
    assert!(location(&refused).contains("error=week_has_unassigned_visits"));

    // By hand: the injection given to the aide at 8:00 is excluded and needs a nurse.
    let (visit, version): (String, i64) = {
        use sqlx::Row;
        let row =
            sqlx::query("SELECT id, version FROM visits WHERE label = 'Injection' AND day = $1")
                .bind(WEEK)
                .fetch_one(service.app.state().db.reader())
                .await
                .unwrap();
        (row.get(0), row.get(1))
    };
    let assign = format!("/planning/visits/{visit}/assign");
    let version_text = version.to_string();
    let response = service
        .coordinator
        .post(
            &assign,
            &[
                ("caregiver", service.aide_id.as_str()),
                ("start", "08:00"),
                ("version", &version_text),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = visits_page(&service).await;
    assert!(page.contains("Qualification manquante") && page.contains("exclu·e par le patient"));
    let stale = service
        .coordinator
        .post(
            &assign,
            &[
                ("caregiver", service.nurse_id.as_str()),
                ("start", "08:00"),
                ("version", &version_text),
            ],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.text().await.unwrap().contains("modifiée entre-temps"));
    // Another team's aide cannot plan, nor can the outsider be given the visit.
    assert_eq!(
        service.outsider.get(&format!("/planning/visits/{visit}")).await.status(),
        StatusCode::FORBIDDEN
    );
    let wrong = service
        .coordinator
        .post(
            &assign,
            &[
                ("caregiver", "0190a5a0-0000-7000-8000-000000000000"),
                ("version", &(version + 1).to_string()),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Optimise the week; nothing changes until the proposal is accepted.
    service.app.state();
    let started = service
        .coordinator
        .post("/planning/optimise", &[("team", team.as_str()), ("day", WEEK), ("scope", "week")])
        .await;
    let proposal = location(&started).trim_start_matches("/planning/proposals/").to_string();
    assert_eq!(proposal.len(), 36, "{}", location(&started));
    wait_for_proposal(&service, &proposal).await;
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL").await,
        27
    );
    let page = service
        .coordinator
        .get(&format!("/planning/proposals/{proposal}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ce qui changerait") && page.contains("Jeanne M."));
    let accepted = service
        .coordinator
        .post(&format!("/planning/proposals/{proposal}/accept"), &[("all", "1")])
        .await;
    assert!(location(&accepted).contains("done=accepted"));
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL").await,
        0
    );
    let again = service
        .coordinator
        .post(&format!("/planning/proposals/{proposal}/accept"), &[("all", "1")])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "a proposal applies once");
    let page = visits_page(&service).await;
    for conflict in [
        "Qualification manquante",
        "Chevauchement",
        "Trajet impossible",
        "Hors de la plage",
        "exclu·e par le patient",
    ] {
        assert!(!page.contains(conflict), "{conflict} left after optimising");
    }
    // Both places of the two-caregiver visit start together, with two different people.
    let pairs = service
        .app
        .count("SELECT COUNT(*) FROM visits a JOIN visits b ON a.pair_id = b.pair_id AND a.pair_role = 0 AND b.pair_role = 1 \
                WHERE a.planned_start_at = b.planned_start_at AND a.caregiver_id <> b.caregiver_id")
        .await;
    assert_eq!(pairs, 7);

    let published = service.coordinator.post("/planning/publish", &week).await;
    assert!(location(&published).contains("done=published"));
    let told =
        service.app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'planning.publish'").await;
    assert_eq!(told, 2, "both caregivers are told");
    // A change after publication reaches the caregivers concerned.
    let (visit, version, before): (String, i64, String) = {
        use sqlx::Row;
        let row = sqlx::query(
            "SELECT id, version, caregiver_id FROM visits WHERE label = 'Toilette' AND day = $1",
        )
        .bind(WEEK)
        .fetch_one(service.app.state().db.reader())
        .await
        .unwrap();
        (row.get(0), row.get(1), row.get(2))
    };
    let other = if before == service.nurse_id { &service.aide_id } else { &service.nurse_id };
    service
        .coordinator
        .post(
            &format!("/planning/visits/{visit}/assign"),
            &[("caregiver", other.as_str()), ("start", "08:30"), ("version", &version.to_string())],
        )
        .await;
    let changes = service
        .app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'visit.assign' AND audience LIKE 'user:%'")
        .await;
    assert!(changes >= 2, "the caregiver before and after are told");
    let cancelled = service
        .coordinator
        .post(&format!("/planning/visits/{visit}/cancel"), &[("reason", "")])
        .await;
    assert_eq!(
        cancelled.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a cancellation needs a reason"
    );
    let cancelled = service
        .coordinator
        .post(&format!("/planning/visits/{visit}/cancel"), &[("reason", "Hospitalisation")])
        .await;
    assert_eq!(cancelled.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn planning_refuses_bad_input_and_other_teams_plainly() {
    let service = service().await;
    let team = service.team_a.clone();
    let coordinator = &service.coordinator;
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    add_item(&service, &jeanne, &TOILETTE).await;
    coordinator.post("/planning/generate", &[("team", team.as_str()), ("week", WEEK)]).await;

    // Query strings and forms that are not dates or ids.
    let bad_week = coordinator.get(&format!("/planning?team={team}&week=demain")).await;
    assert_eq!(bad_week.status(), StatusCode::BAD_REQUEST);
    let ghost_team = "0190a5a0-0000-7000-8000-000000000000";
    let other = coordinator.get(&format!("/planning?team={ghost_team}&week={WEEK}")).await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let bad_day = coordinator
        .post("/planning/optimise", &[("team", team.as_str()), ("day", "lundi"), ("scope", "day")])
        .await;
    assert_eq!(bad_day.status(), StatusCode::BAD_REQUEST);
    let injected = coordinator
        .post("/planning/generate", &[("team", "x\r\nLocation: //evil"), ("week", WEEK)])
        .await;
    assert_eq!(injected.status(), StatusCode::NOT_FOUND);

    let (visit, version): (String, i64) = {
        use sqlx::Row;
        let row = sqlx::query("SELECT id, version FROM visits WHERE day = $1")
            .bind(WEEK)
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    let assign = format!("/planning/visits/{visit}/assign");
    let version = version.to_string();
    for (caregiver, start, message) in [
        ("pas-un-id", "08:00", "pas dans l’équipe"),
        (service.nurse_id.as_str(), "99:99", "Heure invalide"),
    ] {
        let response = coordinator
            .post(&assign, &[("caregiver", caregiver), ("start", start), ("version", &version)])
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{caregiver} {start}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
    let no_version = coordinator.post(&assign, &[("caregiver", service.nurse_id.as_str())]).await;
    assert_eq!(no_version.status(), StatusCode::BAD_REQUEST);

    // Caregiver profiles and absences.
    let profile = format!("/planning/caregivers/{}", service.aide_id);
    let no_skill = coordinator
        .post(
            &profile,
            &[
                ("team", team.as_str()),
                ("contract_hours", "35"),
                ("transport", "car"),
                ("latitude", "48.11"),
                ("longitude", "-1.68"),
            ],
        )
        .await;
    assert_eq!(no_skill.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_hours = coordinator
        .post(
            &profile,
            &[
                ("team", team.as_str()),
                ("skills", "care_aide"),
                ("contract_hours", "200"),
                ("transport", "car"),
                ("latitude", "48.11"),
                ("longitude", "-1.68"),
            ],
        )
        .await;
    assert_eq!(bad_hours.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let backwards = coordinator
        .post(
            &format!("{profile}/absences"),
            &[
                ("team", team.as_str()),
                ("kind", "sick"),
                ("first_day", "2027-03-24"),
                ("last_day", "2027-03-22"),
            ],
        )
        .await;
    assert_eq!(backwards.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM caregiver_absences").await, 0);
    let outsider_profile = format!("/planning/caregivers/{}", service.nurse_id);
    let refused = service
        .outsider
        .post(
            &outsider_profile,
            &[
                ("team", team.as_str()),
                ("skills", "nurse"),
                ("contract_hours", "35"),
                ("transport", "car"),
                ("latitude", "48.11"),
                ("longitude", "-1.68"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Proposals: unknown ids are not found, a discarded proposal cannot be accepted.
    let unknown = coordinator.get(&format!("/planning/proposals/{ghost_team}/status")).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let started = coordinator
        .post("/planning/optimise", &[("team", team.as_str()), ("day", WEEK), ("scope", "day")])
        .await;
    let proposal = location(&started).trim_start_matches("/planning/proposals/").to_string();
    wait_for_proposal(&service, &proposal).await;
    let seen_by_outsider =
        service.outsider.get(&format!("/planning/proposals/{proposal}/status")).await;
    assert_eq!(seen_by_outsider.status(), StatusCode::FORBIDDEN);
    let discarded = coordinator.post(&format!("/planning/proposals/{proposal}/discard"), &[]).await;
    assert!(location(&discarded).contains("done=discarded"));
    let late =
        coordinator.post(&format!("/planning/proposals/{proposal}/accept"), &[("all", "1")]).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visits WHERE caregiver_id IS NOT NULL").await,
        0,
        "a discarded proposal changes nothing"
    );

    // Publishing with unassigned visits needs the coordinator's explicit confirmation.
    let week = [("team", team.as_str()), ("week", WEEK)];
    let refused = coordinator.post("/planning/publish", &week).await;
    assert!(location(&refused).contains("error=week_has_unassigned_visits"));
    let confirmed = [("team", team.as_str()), ("week", WEEK), ("with_unassigned", "1")];
    let published = coordinator.post("/planning/publish", &confirmed).await;
    assert!(location(&published).contains("done=published"));
}
