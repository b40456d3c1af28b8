//! Due dates in time: the month calendar (mine, or all my boards'), the iCalendar feed (no titles
//! unless chosen, never a patient card's title; shown once, renewed, revoked), the export of a
//! card with its history, and the tasks part of "what my organisation sees about me".

use reqwest::StatusCode;

use super::*;
use crate::helpers::between;

/// A card on the coordination board due at `due`, assigned to the nurse.
async fn due_card(service: &Service, board: &str, list: &str, title: &str, due: &str) -> String {
    let app = &service.app;
    let id = card(app, &service.coordinator, board, list, title).await;
    let fields = [
        ("title", title),
        ("description", ""),
        ("priority", "urgent"),
        ("due", due),
        ("version", "1"),
    ];
    let edited = service.coordinator.post(&format!("/tasks/cards/{id}/edit"), &fields).await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER, "{}", edited.text().await.unwrap());
    let assign = [("person", service.nurse_id.as_str()), ("to", "on")];
    service.coordinator.post(&format!("/tasks/cards/{id}/assign"), &assign).await;
    id
}

async fn feed_path(person: &Browser, titles: bool) -> String {
    let fields: &[(&str, &str)] = if titles { &[("titles", "on")] } else { &[] };
    let page = person.post("/tasks/calendar/feed", fields).await.text().await.unwrap();
    let link = between(&page, "id=\"feed-link\" type=\"text\" readonly value=\"", "\"")
        .expect("the address is shown once");
    format!("/tasks/feed/{}", link.split_once("/tasks/feed/").unwrap().1)
}

#[tokio::test]
async fn the_calendar_shows_due_dates_of_my_boards_and_the_feed_keeps_titles_private() {
    let service = service().await;
    service.app.state().clock.pin("2026-12-03T09:00:00Z".parse().unwrap());
    let (board_id, lists) = team_board(&service).await;
    due_card(&service, &board_id, &lists[0], "Appeler le Dr Martin", "2026-12-10T14:00").await;
    let day_only = due_card(&service, &board_id, &lists[0], "Relevé du frigo", "2026-12-15").await;

    let mine = service.nurse.get("/tasks/calendar").await.text().await.unwrap();
    assert!(mine.contains("décembre 2026") && mine.contains("Appeler le Dr Martin"), "{mine}");
    assert!(mine.contains("14:00"), "a time is shown; a day alone is not");
    let coordinator = service.coordinator.get("/tasks/calendar").await.text().await.unwrap();
    assert!(!coordinator.contains("Appeler le Dr Martin"), "not assigned to the coordinator");
    let all = service.coordinator.get("/tasks/calendar?who=all").await.text().await.unwrap();
    assert!(all.contains("Appeler le Dr Martin") && all.contains("Relevé du frigo"));
    let outsider = service.outsider.get("/tasks/calendar?who=all").await.text().await.unwrap();
    assert!(!outsider.contains("Relevé du frigo"), "another team's board stays unseen");
    let next = service.nurse.get("/tasks/calendar?month=2027-01").await.text().await.unwrap();
    assert!(next.contains("janvier 2027") && !next.contains("Appeler le Dr Martin"));
    for bad in ["2026-13", "abc", "1900-01", "2026-1-1", "%00"] {
        let answer = service.nurse.get(&format!("/tasks/calendar?month={bad}")).await;
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // The feed: the board and the link, no title unless asked; a day alone is an all-day event.
    let plain = feed_path(&service.nurse, false).await;
    let calendar = service.app.browser().get(&plain).await;
    assert!(calendar.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = calendar.text().await.unwrap().replace("\r\n ", "");
    assert!(ics.contains("Coordination") && !ics.contains("Dr Martin"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20261215"), "{ics}");
    assert!(ics.contains("DTSTART:20261210T130000Z"), "14:00 in Paris: {ics}");
    assert!(ics.contains(&format!("/tasks/cards/{day_only}")));
    let titled = feed_path(&service.nurse, true).await;
    assert_eq!(service.app.browser().get(&plain).await.status(), StatusCode::NOT_FOUND);
    let ics = service.app.browser().get(&titled).await.text().await.unwrap().replace("\r\n ", "");
    assert!(ics.contains("Appeler le Dr Martin"), "{ics}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'task.feed_renewed'";
    assert_eq!(service.app.count(audited).await, 2);
    service.nurse.post("/tasks/calendar/feed/revoke", &[]).await;
    assert_eq!(service.app.browser().get(&titled).await.status(), StatusCode::NOT_FOUND);
    for garbage in ["/tasks/feed/x", "/tasks/feed/..%2Fa.ics", "/tasks/feed/a%00b.ics"] {
        assert_eq!(service.app.browser().get(garbage).await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_card_exports_with_its_history_and_the_person_sees_what_boards_record() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let id = due_card(&service, &board_id, &lists[0], "Audit qualité", "2026-12-10T14:00").await;
    service.nurse.post(&format!("/tasks/cards/{id}/comments"), &[("text", "Je m'en occupe")]).await;
    service.nurse.post(&format!("/tasks/cards/{id}/move"), &[("list", &lists[2])]).await;

    let export = service.nurse.get(&format!("/tasks/cards/{id}/export")).await;
    assert_eq!(export.status(), StatusCode::OK);
    let disposition = export.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let json: serde_json::Value = export.json().await.unwrap();
    assert_eq!(json["card"]["title"], "Audit qualité");
    assert_eq!(json["list"], "Terminé");
    assert_eq!(json["comments"][0]["text"], "Je m'en occupe");
    let kinds: Vec<&str> =
        json["history"].as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
    for kind in ["created", "edited", "assigned", "commented", "moved", "completed"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(json["card"]["completed_at"].as_str().unwrap().ends_with("+01:00"), "{json}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'task.card_exported'";
    assert_eq!(service.app.count(audited).await, 1);
    let refused = service.outsider.get(&format!("/tasks/cards/{id}/export")).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    let me = service.nurse.get("/round/me").await.text().await.unwrap();
    let tasks = me.split("id=\"tasks-about-title\"").nth(1).expect("a tasks section");
    assert!(tasks.contains("Cartes qui vous sont attribuées"), "{tasks}");
    assert!(tasks.contains("0 en cours") && tasks.contains("1 terminées"), "{tasks}");
}
