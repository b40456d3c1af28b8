//! Recurring cards are created at their moment in the organisation's time zone, once even when
//! several workers run at the same time; notices follow the right to disconnect.

use super::*;

#[tokio::test]
async fn a_recurring_card_is_created_once_at_its_moment_even_with_racing_workers() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let (app, state) = (&service.app, service.app.state());
    // Sunday 6 December 2026, 20:00 in Paris.
    state.clock.pin("2026-12-06T19:00:00Z".parse().unwrap());
    let fields = [
        ("list", lists[0].as_str()),
        ("title", "Tour d'appels"),
        ("frequency", "weekly"),
        ("day", "1"),
        ("time", "08:00"),
        ("person", service.nurse_id.as_str()),
    ];
    let saved =
        service.coordinator.post(&format!("/tasks/boards/{board_id}/recurrences"), &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", saved.text().await.unwrap());
    let next = "SELECT next_at FROM task_recurrences";
    let monday_8 = "2026-12-07T07:00:00Z".parse::<jiff::Timestamp>().unwrap().as_millisecond();
    assert_eq!(app.count(next).await, monday_8, "Monday 08:00 in Paris");
    assert_eq!(relais::tasks::service::recurrences::run(state).await.unwrap(), 0, "not yet");

    state.clock.pin("2026-12-07T07:00:30Z".parse().unwrap());
    let workers = (0..4).map(|_| relais::tasks::service::recurrences::run(state));
    let created: usize =
        futures_util::future::join_all(workers).await.into_iter().map(|r| r.unwrap()).sum();
    assert_eq!(created, 1, "one card, whatever the number of workers");
    assert_eq!(app.count("SELECT COUNT(*) FROM task_cards").await, 1);
    let following = "2026-12-14T07:00:00Z".parse::<jiff::Timestamp>().unwrap().as_millisecond();
    assert_eq!(app.count(next).await, following, "the Monday after");
    let page = service.nurse.get("/tasks").await.text().await.unwrap();
    assert!(page.contains("Tour d&#39;appels"), "assigned to the nurse: {page}");

    // After three weeks without a worker, one card for the missed moments, not three.
    state.clock.pin("2027-01-04T12:00:00Z".parse().unwrap());
    assert_eq!(relais::tasks::service::recurrences::run(state).await.unwrap(), 1);
    assert_eq!(relais::tasks::service::recurrences::run(state).await.unwrap(), 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM task_cards").await, 2);
}

#[test]
fn a_rhythm_keeps_its_local_time_across_the_changes_of_time() {
    use relais::tasks::model::Frequency;
    use relais::tasks::service::recurrences::Rhythm;
    let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap().as_millisecond();
    // Every Sunday at 02:30: on 29 March 2026 that time does not exist in Paris.
    let sunday = Rhythm::checked(Frequency::Weekly, 7, 150).unwrap();
    let next = sunday.next_after(&zone, at("2026-03-28T12:00:00Z")).unwrap();
    assert_eq!(next, at("2026-03-29T01:30:00Z"), "03:30 summer time, just after the change");
    // The first of each month at 08:00, before and after the change.
    let monthly = Rhythm::checked(Frequency::Monthly, 1, 480).unwrap();
    assert_eq!(
        monthly.next_after(&zone, at("2026-03-15T00:00:00Z")).unwrap(),
        at("2026-04-01T06:00:00Z")
    );
    assert_eq!(
        monthly.next_after(&zone, at("2026-10-15T00:00:00Z")).unwrap(),
        at("2026-11-01T07:00:00Z")
    );
    assert!(Rhythm::checked(Frequency::Monthly, 29, 480).is_err(), "no 29th in February");
    assert!(Rhythm::checked(Frequency::Weekly, 0, 480).is_err());
}

#[tokio::test]
async fn an_assignment_at_night_reaches_the_person_the_next_morning() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let (app, state) = (&service.app, service.app.state());
    let id = card(app, &service.coordinator, &board_id, &lists[0], "Relevé des températures").await;
    // 22:00 in Paris, outside the nurse's working hours.
    state.clock.pin("2026-12-07T21:00:00Z".parse().unwrap());
    let fields = [("person", service.nurse_id.as_str()), ("to", "on")];
    service.coordinator.post(&format!("/tasks/cards/{id}/assign"), &fields).await;
    let delivered =
        "SELECT COUNT(*) FROM task_notices WHERE kind = 'assigned' AND delivered_at IS NOT NULL";
    assert_eq!(app.count(delivered).await, 0, "held overnight");
    let home = service.nurse.get("/tasks").await.text().await.unwrap();
    assert!(!home.contains("Une tâche vous a été assignée"));
    state.clock.pin("2026-12-08T07:30:00Z".parse().unwrap());
    relais::tasks::service::notices::run(state).await.unwrap();
    assert_eq!(app.count(delivered).await, 1);
    let home = service.nurse.get("/tasks").await.text().await.unwrap();
    assert!(
        home.contains("Une tâche vous a été assignée") && home.contains("Relevé des températures"),
        "{home}"
    );
    // Due soon and overdue are told once each, to the assignees only.
    let edit = [
        ("title", "Relevé des températures"),
        ("priority", "normal"),
        ("due", "2026-12-08T18:00"),
        ("version", "1"),
    ];
    service.coordinator.post(&format!("/tasks/cards/{id}/edit"), &edit).await;
    relais::tasks::service::notices::run(state).await.unwrap();
    relais::tasks::service::notices::run(state).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM task_notices WHERE kind = 'due_soon'").await, 1);
    state.clock.pin("2026-12-08T17:30:00Z".parse().unwrap());
    relais::tasks::service::notices::run(state).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM task_notices WHERE kind = 'overdue'").await, 1);
}
