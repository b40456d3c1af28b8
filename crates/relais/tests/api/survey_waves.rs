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
