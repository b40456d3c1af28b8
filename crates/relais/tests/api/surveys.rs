//! Pulse surveys, anonymous by construction: no answer row holds a person or a time finer than
//! the day; each person answers once (even racing); results show only once closed and above k;
//! free text shows in alphabetical order; outsiders see nothing; bad answers are refused.

use reqwest::StatusCode;

use crate::helpers::{Browser, location};
use crate::homecare::{Service, join, service};

/// Creates a survey of team A by the coordinator; returns its id.
pub async fn survey(service: &Service, questions: &[&str], min_group: &str) -> String {
    let mut fields = vec![
        ("title", "Pulse de décembre"),
        ("team", service.team_a.as_str()),
        ("opens_on", "2026-12-01"),
        ("closes_on", "2026-12-14"),
        ("min_group", min_group),
    ];
    fields.extend(questions.iter().map(|q| ("questions", *q)));
    let created = service.coordinator.post("/qvct/surveys/new", &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    location(&created).trim_start_matches("/qvct/surveys/").to_string()
}

/// Six more members of team A (nine in all), signed in.
pub async fn colleagues(service: &Service) -> Vec<Browser> {
    let mut people = Vec::new();
    for n in 0..6 {
        let email = format!("collegue{n}@ssiad.fr");
        let (browser, id, _) = service.app.person(&service.admin, &email, &["staff"]).await;
        join(&service.app, &service.team_a, &id).await;
        people.push(browser);
    }
    people
}

pub async fn columns(app: &crate::helpers::TestApp, table: &str) -> Vec<String> {
    use relais::db::Backend;
    use sqlx::Row;
    let db = &app.state().db;
    let sql = match db.backend() {
        Backend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}')"),
        Backend::Postgres => format!(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
    };
    let rows = sqlx::query(&sql).fetch_all(db.reader()).await.unwrap();
    let mut names: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    names.sort();
    names
}

pub async fn reply(browser: &Browser, id: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    browser.post(&format!("/qvct/surveys/{id}"), fields).await
}

#[tokio::test]
async fn answers_are_stored_apart_from_who_answered_and_results_wait_for_k_and_the_close() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let id = survey(&service, &["workload", "strain", "suggestion"], "5").await;
    let people = colleagues(&service).await;

    // Four answer: the survey closes; too few to show anything.
    let texts = ["Moins de trajets", "des pauses <script>alert(1)</script>", "Autre chose", ""];
    for (browser, text) in people.iter().take(4).zip(texts) {
        let fields =
            [("q-workload", "4"), ("q-strain", "0"), ("q-strain", "3"), ("q-suggestion", text)];
        let answer = reply(browser, &id, &fields).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{}", answer.text().await.unwrap());
    }
    let again = reply(&people[0], &id, &[("q-workload", "1"), ("q-strain", "1")]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "one answer per person");
    let open = service.coordinator.get(&format!("/qvct/surveys/{id}/results")).await;
    assert!(open.text().await.unwrap().contains("visibles à la clôture"), "nothing while open");

    // Nothing ties an answer to a person or a moment: the answer tables' columns, exactly.
    assert_eq!(
        columns(app, "survey_responses").await,
        ["answered_on", "id", "survey_id"],
        "no person, no time finer than the day"
    );
    assert_eq!(
        columns(app, "survey_answers").await,
        ["choice", "id", "org_id", "question", "response_id", "text_enc", "value"]
    );
    assert_eq!(columns(app, "survey_participants").await, ["survey_id", "user_id"], "no time");
    use sqlx::Row;
    let days = sqlx::query("SELECT answered_on FROM survey_responses")
        .fetch_all(app.state().db.reader())
        .await
        .unwrap();
    assert!(days.iter().all(|row| row.get::<String, _>(0) == "2026-12-03"), "the day, no time");
    let participants = app.count("SELECT COUNT(*) FROM survey_participants").await;
    assert_eq!(participants, 4);
    let plain = app.count("SELECT COUNT(*) FROM survey_answers WHERE text_enc LIKE '%trajets%'");
    assert_eq!(plain.await, 0, "free text is sealed");

    // Closed with four answers: hidden below k = 5.
    service.coordinator.post(&format!("/qvct/surveys/{id}/close"), &[]).await;
    let few = service.coordinator.get(&format!("/qvct/surveys/{id}/results")).await;
    let few = few.text().await.unwrap();
    assert!(few.contains("Moins de 5 personnes") && !few.contains("Moins de trajets"), "{few}");
    let export = service.coordinator.get(&format!("/qvct/surveys/{id}/results.csv")).await;
    assert_eq!(export.status(), StatusCode::CONFLICT, "no export below k either");
    let late = reply(&people[4], &id, &[("q-workload", "2"), ("q-strain", "1")]).await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY, "a closed survey takes nothing");
}

#[tokio::test]
async fn results_show_above_k_with_charts_and_free_text_in_alphabetical_order() {
    let service = service().await;
    service.app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let id = survey(&service, &["workload", "overtime", "suggestion"], "5").await;
    let people = colleagues(&service).await;
    let texts = ["Zèbre", "Abricot", "", "Moins de trajets", "<b>gras</b>"];
    for (index, (browser, text)) in people.iter().take(5).zip(texts).enumerate() {
        let score = (index % 5 + 1).to_string();
        let fields = [("q-workload", score.as_str()), ("q-overtime", "2"), ("q-suggestion", text)];
        assert_eq!(reply(browser, &id, &fields).await.status(), StatusCode::SEE_OTHER);
    }
    service.coordinator.post(&format!("/qvct/surveys/{id}/close"), &[]).await;
    for browser in [&service.coordinator, &people[5]] {
        let page = browser.get(&format!("/qvct/surveys/{id}/results")).await.text().await.unwrap();
        assert!(page.contains("5 réponses") && page.contains("<svg"), "{page}");
        assert!(page.contains("Moyenne : 3,0"), "mean of 1..5");
        let (a, m, z) = (
            page.find("Abricot").unwrap(),
            page.find("Moins de trajets").unwrap(),
            page.find("Zèbre").unwrap(),
        );
        assert!(a < m && m < z, "alphabetical, not the order of arrival");
        assert!(!page.contains("<b>gras"), "{}", &page[page.find("free-answers").unwrap()..]);
    }
    let csv = service.coordinator.get(&format!("/qvct/surveys/{id}/results.csv")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("\"Plutôt d'accord\";\"1\";\"20\""), "{csv}");
    assert!(!csv.contains("Zèbre"), "aggregates only, no free text");
    let outsider = service.outsider.get(&format!("/qvct/surveys/{id}/results")).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND, "another team's survey does not exist");
    let answer = reply(&service.outsider, &id, &[("q-workload", "3")]).await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_surveys_and_bad_answers_get_clear_answers() {
    let service = service().await;
    service.app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let coordinator = &service.coordinator;
    let base = |min: &'static str, closes: &'static str, question: &'static str| {
        vec![
            ("title", "Pulse"),
            ("team", ""),
            ("opens_on", "2026-12-01"),
            ("closes_on", closes),
            ("min_group", min),
            ("questions", question),
        ]
    };
    let mut team_fields = base("4", "2026-12-14", "workload");
    team_fields[1].1 = &service.team_a;
    let low_k = coordinator.post("/qvct/surveys/new", &team_fields).await;
    assert_eq!(low_k.status(), StatusCode::UNPROCESSABLE_ENTITY, "k below 5");
    let org = coordinator.post("/qvct/surveys/new", &base("5", "2026-12-14", "workload")).await;
    assert_eq!(org.status(), StatusCode::FORBIDDEN, "an organisation survey is for HR");
    for (closes, question) in [
        ("2026-11-30", "workload"),
        ("2027-06-01", "workload"),
        ("x", "workload"),
        ("2026-12-14", "nope"),
    ] {
        let mut fields = base("5", closes, question);
        fields[1].1 = &service.team_a;
        let answer = coordinator.post("/qvct/surveys/new", &fields).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{closes} {question}");
    }
    let id = survey(&service, &["workload", "strain", "suggestion"], "5").await;
    for fields in [
        vec![("q-workload", "6")],
        vec![("q-workload", "abc")],
        vec![("q-workload", "1"), ("q-workload", "2")],
        vec![("q-strain", "1")],
        vec![("q-workload", "1"), ("q-strain", "99")],
    ] {
        let answer = reply(&service.nurse, &id, &fields).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    let long = "a".repeat(2001);
    let answer = reply(&service.nurse, &id, &[("q-workload", "1"), ("q-suggestion", &long)]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM survey_responses").await, 0);
    for path in [
        "/qvct/surveys/x",
        "/qvct/surveys/..%2F",
        "/qvct/surveys/0190a5a0-0000-7000-8000-000000000000",
    ] {
        assert_eq!(service.nurse.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Two answers racing from one person: one is kept.
    let fields = [("q-workload", "3")];
    let (a, b) =
        tokio::join!(reply(&service.nurse, &id, &fields), reply(&service.nurse, &id, &fields));
    let kept = [a.status(), b.status()].iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(kept, 1);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM survey_responses").await, 1);
}
