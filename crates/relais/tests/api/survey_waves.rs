//! The digital-and-work questionnaire: waves before a change and 3 and 6 months after, scheduled
//! together, each answered anonymously, and compared question by question once their results
//! show — a wave below k is left out of the comparison.

use reqwest::StatusCode;

use crate::helpers::location;
use crate::homecare::service;
use crate::surveys::{colleagues, reply};

const LIKERT: [&str; 10] = [
    "admin_load",
    "coordination",
    "care_quality",
    "data_quality",
    "patient_time",
    "training",
    "heard",
    "workload",
    "interruptions",
    "no_control",
];

/// Answers to every question, each scale at `score` (1 to 5).
fn answers(score: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        LIKERT.iter().map(|key| (format!("q-{key}"), score.to_string())).collect();
    fields.push(("q-who_adapted".into(), "1".into()));
    fields.push(("q-out_of_hours".into(), "0".into()));
    fields.push(("q-overall".into(), (score.parse::<i64>().unwrap() * 2).to_string()));
    fields
}

#[tokio::test]
async fn waves_around_a_change_are_scheduled_together_and_compared_above_k() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let fields = |series: &'static str, wave: &'static str| {
        vec![
            ("title", "Numérique et travail"),
            ("team", service.team_a.as_str()),
            ("opens_on", "2026-12-01"),
            ("closes_on", "2026-12-14"),
            ("min_group", "5"),
            ("questionnaire", "digital"),
            ("series", series),
            ("wave", wave),
            ("follow_ups", "on"),
        ]
    };
    for (series, wave) in [("", "before"), ("Télégestion", "later"), ("a\u{7}b", "before")] {
        let refused = service.coordinator.post("/qvct/surveys/new", &fields(series, wave)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{series:?} {wave}");
    }
    let created = service
        .coordinator
        .post("/qvct/surveys/new", &fields("Passage à la télégestion", "before"))
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    let before = location(&created).trim_start_matches("/qvct/surveys/").to_string();
    use sqlx::Row;
    let rows = sqlx::query("SELECT id, wave, opens_on FROM surveys ORDER BY opens_on")
        .fetch_all(app.state().db.reader())
        .await
        .unwrap();
    let waves: Vec<(String, String)> = rows.iter().map(|r| (r.get(1), r.get(2))).collect();
    assert_eq!(
        waves,
        [
            ("before".to_string(), "2026-12-01".to_string()),
            ("after_3_months".into(), "2027-03-01".into()),
            ("after_6_months".into(), "2027-06-01".into())
        ]
    );
    let (three, six): (String, String) = (rows[1].get(0), rows[2].get(0));

    let people = colleagues(&service).await;
    for browser in people.iter().take(5) {
        let sent = answers("2");
        let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(reply(browser, &before, &sent).await.status(), StatusCode::SEE_OTHER);
    }
    service.coordinator.post(&format!("/qvct/surveys/{before}/close"), &[]).await;

    // Three months later: five answer, better; six months: only four answer (below k).
    app.state().clock.pin("2027-03-05T10:00:00Z".parse().unwrap());
    for browser in people.iter().take(5) {
        let sent = answers("4");
        let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(reply(browser, &three, &sent).await.status(), StatusCode::SEE_OTHER);
    }
    service.coordinator.post(&format!("/qvct/surveys/{three}/close"), &[]).await;
    app.state().clock.pin("2027-06-05T10:00:00Z".parse().unwrap());
    for browser in people.iter().take(4) {
        let sent = answers("5");
        let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(reply(browser, &six, &sent).await.status(), StatusCode::SEE_OTHER);
    }
    service.coordinator.post(&format!("/qvct/surveys/{six}/close"), &[]).await;

    let page = people[5].get(&format!("/qvct/surveys/{three}/results")).await.text().await.unwrap();
    let trend = crate::helpers::between(&page, "id=\"trend-title\"", "</section>").unwrap();
    assert!(trend.contains("Avant le changement") && trend.contains("3 mois après"), "{trend}");
    assert!(!trend.contains("6 mois après"), "a wave below k is not compared");
    assert!(trend.contains("<td>2,0</td><td>4,0</td>"), "{trend}");
    assert!(trend.contains("<svg class=\"sparkline\""));
    let hidden = people[5].get(&format!("/qvct/surveys/{six}/results")).await.text().await.unwrap();
    assert!(!hidden.contains("trend-title"), "no results, no trend either");
}

#[tokio::test]
async fn a_recurring_survey_repeats_once_per_rhythm_until_stopped_and_waits_on_the_home_page() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-01T10:00:00Z".parse().unwrap());
    let fields = |closes: &'static str, every: &'static str| {
        vec![
            ("title", "Pulse"),
            ("team", service.team_a.as_str()),
            ("opens_on", "2026-12-01"),
            ("closes_on", closes),
            ("min_group", "5"),
            ("questions", "workload"),
            ("every_days", every),
        ]
    };
    for (closes, every) in [("2026-12-07", "7"), ("2026-12-20", "14"), ("2026-12-07", "x")] {
        let refused = service.coordinator.post("/qvct/surveys/new", &fields(closes, every)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{closes} {every}");
    }
    let created = service.coordinator.post("/qvct/surveys/new", &fields("2026-12-07", "14")).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let first = location(&created).trim_start_matches("/qvct/surveys/").to_string();

    // The home page reminds those who have not answered; nothing is sent to them.
    let home = service.nurse.get("/").await.text().await.unwrap();
    assert!(home.contains("Un questionnaire vous attend"), "{home}");
    reply(&service.nurse, &first, &[("q-workload", "3")]).await;
    let home = service.nurse.get("/").await.text().await.unwrap();
    assert!(!home.contains("questionnaire vous attend"));

    let state = app.state();
    assert_eq!(relais::surveys::recurrence::run(state).await.unwrap(), 0, "not its last day yet");
    state.clock.pin("2026-12-07T10:00:00Z".parse().unwrap());
    let (a, b) = tokio::join!(
        relais::surveys::recurrence::run(state),
        relais::surveys::recurrence::run(state)
    );
    let _ = (a.unwrap(), b.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM surveys").await, 2, "once, even racing");
    let next = app.count(
        "SELECT COUNT(*) FROM surveys WHERE opens_on = '2026-12-15' AND closes_on = '2026-12-21'",
    );
    assert_eq!(next.await, 1);

    state.clock.pin("2026-12-21T10:00:00Z".parse().unwrap());
    use sqlx::Row;
    let second: String = sqlx::query("SELECT id FROM surveys WHERE opens_on = '2026-12-15'")
        .fetch_one(state.db.reader())
        .await
        .unwrap()
        .get(0);
    let stopped = service.coordinator.post(&format!("/qvct/surveys/{second}/stop"), &[]).await;
    assert_eq!(stopped.status(), StatusCode::SEE_OTHER);
    let member = service.nurse.post(&format!("/qvct/surveys/{second}/stop"), &[]).await;
    assert_eq!(member.status(), StatusCode::NOT_FOUND, "only those who run it");
    relais::surveys::recurrence::run(state).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM surveys").await, 2, "stopped");
}

#[tokio::test]
async fn teams_are_compared_only_through_results_that_show() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let team_b = crate::homecare::team_id(app, "Équipe B").await;
    let (hr, hr_id, _) = app.person(&service.admin, "rh@ssiad.fr", &["hr"]).await;
    crate::homecare::join(app, &service.team_a, &hr_id).await;
    crate::homecare::join(app, &team_b, &hr_id).await;
    let mut ids = Vec::new();
    for team in [service.team_a.as_str(), team_b.as_str()] {
        let fields = [
            ("title", "Pulse"),
            ("team", team),
            ("opens_on", "2026-12-01"),
            ("closes_on", "2026-12-14"),
            ("min_group", "5"),
            ("questions", "workload"),
        ];
        let created = hr.post("/qvct/surveys/new", &fields).await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER);
        ids.push(location(&created).trim_start_matches("/qvct/surveys/").to_string());
    }
    for browser in colleagues(&service).await.iter().take(5) {
        reply(browser, &ids[0], &[("q-workload", "2")]).await;
    }
    let mut team_b_people = Vec::new();
    for n in 0..5 {
        let email = format!("b{n}@ssiad.fr");
        let (browser, id, _) = app.person(&service.admin, &email, &["staff"]).await;
        crate::homecare::join(app, &team_b, &id).await;
        team_b_people.push(browser);
    }
    for browser in team_b_people.iter().take(4) {
        reply(browser, &ids[1], &[("q-workload", "4")]).await;
    }
    for id in &ids {
        hr.post(&format!("/qvct/surveys/{id}/close"), &[]).await;
    }
    let page = hr.get("/qvct/compare").await.text().await.unwrap();
    assert!(page.contains("Moins de deux équipes"), "team B's four answers do not show: {page}");

    // Team B's next round has its five answers.
    let fields = [
        ("title", "Pulse bis"),
        ("team", team_b.as_str()),
        ("opens_on", "2026-12-01"),
        ("closes_on", "2026-12-14"),
        ("min_group", "5"),
        ("questions", "workload"),
    ];
    let created = hr.post("/qvct/surveys/new", &fields).await;
    let again = location(&created).trim_start_matches("/qvct/surveys/").to_string();
    for browser in &team_b_people {
        reply(browser, &again, &[("q-workload", "4")]).await;
    }
    hr.post(&format!("/qvct/surveys/{again}/close"), &[]).await;
    let page = hr.get("/qvct/compare").await.text().await.unwrap();
    let table = crate::helpers::between(&page, "id=\"team-comparison\"", "</table>").unwrap();
    assert!(table.contains("Équipe A") && table.contains("Équipe B"), "{table}");
    assert!(table.contains("<td>2,0</td><td>4,0</td>"), "{table}");
    let coordinator = service.coordinator.get("/qvct/compare").await.text().await.unwrap();
    assert!(
        coordinator.contains("Moins de deux équipes"),
        "a coordinator of one team compares nothing"
    );
}
