//! The feedback box: an anonymous item stores no author and no time, is not audited, shows the
//! next day with the day's others, and is followed by a code (wrong codes throttled); a named
//! item is audited; managers answer (a refusal needs its reason); votes; outsiders see nothing.

use reqwest::StatusCode;

use crate::helpers::{Browser, location};
use crate::homecare::{Service, service};
use crate::surveys::{colleagues, columns};

async fn send(browser: &Browser, fields: &[(&str, &str)]) -> reqwest::Response {
    browser.post("/qvct/feedback/new", fields).await
}

fn item<'a>(team: &'a str, title: &'a str, anonymous: bool) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("team", team),
        ("kind", "problem"),
        ("topic", "tools"),
        ("title", title),
        ("body", "La tablette se bloque <script>alert(1)</script> au pointage."),
    ];
    if anonymous {
        fields.push(("anonymous", "on"));
    }
    fields
}

/// The follow-up code shown once on the page answering an anonymous item.
fn code_in(page: &str) -> String {
    let start = page.find("id=\"follow-code\">").unwrap() + "id=\"follow-code\">".len();
    page[start..start + 19].to_string()
}

async fn pinned(service: &Service, day: &str) {
    service.app.state().clock.pin(format!("{day}T10:00:00Z").parse().unwrap());
}

#[tokio::test]
async fn an_anonymous_item_keeps_no_author_no_time_and_is_followed_by_its_code() {
    let service = service().await;
    let app = &service.app;
    pinned(&service, "2026-12-03").await;
    let people = colleagues(&service).await;
    let sent = send(&people[0], &item(&service.team_a, "Tablette bloquée", true)).await;
    assert_eq!(sent.status(), StatusCode::OK, "the code is shown in the answer, not an address");
    let code = code_in(&sent.text().await.unwrap());

    assert_eq!(
        columns(app, "feedback_items").await,
        [
            "anonymous",
            "author_id",
            "body_enc",
            "follow_digest",
            "id",
            "kind",
            "org_id",
            "sent_on",
            "status",
            "team_id",
            "title",
            "topic",
            "visible_on"
        ],
        "no time finer than the day"
    );
    use sqlx::Row;
    let row = sqlx::query("SELECT id, author_id, sent_on, visible_on FROM feedback_items")
        .fetch_one(app.state().db.reader())
        .await
        .unwrap();
    let id: String = row.get(0);
    assert_eq!(row.get::<Option<String>, _>(1), None, "no author");
    assert_eq!(&id[14..15], "4", "a random id, not a time-ordered one");
    assert_eq!(
        (row.get::<String, _>(2), row.get::<String, _>(3)),
        ("2026-12-03".into(), "2026-12-04".into())
    );
    let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'feedback.%'").await;
    assert_eq!(audited, 0, "the audit log names who acts: an anonymous item is not in it");
    let plain = app.count("SELECT COUNT(*) FROM feedback_items WHERE body_enc LIKE '%tablette%'");
    assert_eq!(plain.await, 0, "the text is sealed");

    // Not shown before the next day, to anyone.
    let list = service.coordinator.get("/qvct/feedback").await.text().await.unwrap();
    assert!(!list.contains("Tablette bloquée"));
    let early = service.coordinator.get(&format!("/qvct/feedback/{id}")).await;
    assert_eq!(early.status(), StatusCode::NOT_FOUND);

    pinned(&service, "2026-12-04").await;
    let list = people[3].get("/qvct/feedback").await.text().await.unwrap();
    assert!(list.contains("Tablette bloquée") && list.contains("Anonyme"), "{list}");
    let outsider = service.outsider.get(&format!("/qvct/feedback/{id}")).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND, "another team's item");
    assert_eq!(
        service.outsider.post(&format!("/qvct/feedback/{id}/vote"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );

    // Votes: one per person, a second withdraws it.
    people[3].post(&format!("/qvct/feedback/{id}/vote"), &[]).await;
    people[4].post(&format!("/qvct/feedback/{id}/vote"), &[]).await;
    people[4].post(&format!("/qvct/feedback/{id}/vote"), &[]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM feedback_votes").await, 1);

    // Managers answer; a refusal needs its reason; members cannot answer.
    let path = format!("/qvct/feedback/{id}/answer");
    let member = people[3].post(&path, &[("status", "done"), ("answer", "")]).await;
    assert_eq!(member.status(), StatusCode::FORBIDDEN);
    for (status, answer) in [("declined", "  "), ("closed", "ok"), ("done", &"z".repeat(2001))] {
        let refused =
            service.coordinator.post(&path, &[("status", status), ("answer", answer)]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{status}");
    }
    let answered = service
        .coordinator
        .post(&path, &[("status", "studying"), ("answer", "Nous voyons avec l'éditeur.")])
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);

    // The author follows with the code, however typed; nobody else learns who they are.
    let typed = code.to_lowercase().replace('-', " ");
    let followed = people[0].post("/qvct/feedback/follow", &[("code", &typed)]).await;
    assert_eq!(followed.status(), StatusCode::OK);
    let page = followed.text().await.unwrap();
    assert!(page.contains("Nous voyons avec l") && page.contains("tablette se bloque"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    let mut throttled = false;
    for n in 0..15 {
        let guess = format!("AAAA-BBBB-CCCC-{n:04}");
        let wrong = people[1].post("/qvct/feedback/follow", &[("code", &guess)]).await;
        match wrong.status() {
            StatusCode::UNPROCESSABLE_ENTITY => {}
            StatusCode::TOO_MANY_REQUESTS => throttled = true,
            other => panic!("{other}"),
        }
    }
    assert!(throttled, "guessing codes is slowed down");
}

#[tokio::test]
async fn a_named_item_is_audited_and_bad_items_get_clear_answers() {
    let service = service().await;
    pinned(&service, "2026-12-03").await;
    let named = send(&service.nurse, &item(&service.team_a, "Pauses trop courtes", false)).await;
    assert_eq!(named.status(), StatusCode::SEE_OTHER);
    let page = service.nurse.get(&location(&named)).await.text().await.unwrap();
    assert!(page.contains("Pauses trop courtes"), "its author reads it at once");
    let audited =
        service.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.sent'");
    assert_eq!(audited.await, 1);
    let own = service.nurse.get("/qvct/feedback").await.text().await.unwrap();
    assert!(own.contains("(vous)"));

    let team_b = crate::homecare::team_id(&service.app, "Équipe B").await;
    let long_body = "b".repeat(4001);
    let long_title = "t".repeat(151);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (item(&team_b, "Ailleurs", false), "a team not mine"),
        (item(&service.team_a, "", true), "no title"),
        (item(&service.team_a, "Une\u{7}cloche", true), "a control character"),
        (item(&service.team_a, &long_title, true), "a title too long"),
        (
            vec![("team", ""), ("kind", "rant"), ("topic", "work"), ("title", "x"), ("body", "y")],
            "an unknown kind",
        ),
        (
            vec![("team", ""), ("kind", "problem"), ("topic", "x"), ("title", "x"), ("body", "y")],
            "an unknown topic",
        ),
        (
            vec![
                ("team", ""),
                ("kind", "problem"),
                ("topic", "work"),
                ("title", "x"),
                ("body", &long_body),
            ],
            "a body too long",
        ),
    ];
    for (fields, why) in cases {
        let refused = send(&service.nurse, &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    assert_eq!(service.app.count("SELECT COUNT(*) FROM feedback_items").await, 1);
    for path in ["/qvct/feedback/x", "/qvct/feedback/0190a5a0-0000-7000-8000-000000000000"] {
        assert_eq!(service.nurse.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
