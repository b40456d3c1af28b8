//! Telework: posts and eligibility, the charter, agreements, days and the team calendar.

mod desks;
mod feeds;
mod flow;
mod hostile;
mod notices;
mod privacy;
mod races;
mod rules;
mod security;
mod time;

use reqwest::StatusCode;

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::homecare::{join, team_id};

/// An administrative team: human resources, a manager and four secretaries (Monday 7 December
/// 2026, 09:00 in Paris). The first secretary holds an eligible post with a signed agreement of
/// two days a week and accepted the charter.
pub struct Office {
    pub app: TestApp,
    pub admin: Browser,
    pub hr: Browser,
    pub manager: Browser,
    pub secretary: Browser,
    pub secretary_id: String,
    pub others: Vec<(Browser, String)>,
    pub team: String,
    pub post: String,
}

pub async fn office() -> Office {
    let app = spawn_app().await;
    app.state().clock.pin("2026-12-07T08:00:00Z".parse().unwrap());
    let (admin, _) = app.admin().await;
    admin.post("/admin/teams", &[("name", "Secrétariat")]).await;
    let team = team_id(&app, "Secrétariat").await;
    let (hr, hr_id, _) = app.person(&admin, "rh@chu.fr", &["hr"]).await;
    let (manager, manager_id, _) = app.person(&admin, "cadre@chu.fr", &["manager"]).await;
    let (secretary, secretary_id, _) = app.person(&admin, "sec1@chu.fr", &["staff"]).await;
    let mut others = Vec::new();
    for n in 2..=4 {
        let (browser, id, _) = app.person(&admin, &format!("sec{n}@chu.fr"), &["staff"]).await;
        others.push((browser, id));
    }
    for id in [&manager_id, &secretary_id].into_iter().chain(others.iter().map(|(_, id)| id)) {
        join(&app, &team, id).await;
    }
    let _ = hr_id;
    let post = create_post(&hr, &app, "Secrétaire médicale").await;
    assess(&hr, &post, "70").await;
    for id in std::iter::once(&secretary_id).chain(others.iter().map(|(_, id)| id)) {
        hold(&hr, id, &post).await;
    }
    publish(&hr, "# Charte\n\nVersion de départ.").await;
    propose(&hr, &secretary_id, "2", &[]).await;
    sign(&secretary, &app, &secretary_id).await;
    accept(&secretary, 1).await;
    Office { app, admin, hr, manager, secretary, secretary_id, others, team, post }
}

pub async fn create_post(hr: &Browser, app: &TestApp, name: &str) -> String {
    let response = hr.post("/telework/posts", &[("name", name)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    let sql = format!("SELECT id FROM telework_posts WHERE name = '{}'", name.replace('\'', "''"));
    text(app, &sql).await
}

pub async fn text(app: &TestApp, sql: &str) -> String {
    use sqlx::Row;
    sqlx::query(sql).fetch_one(app.state().db.reader()).await.unwrap().get(0)
}

pub async fn assess(hr: &Browser, post: &str, share: &str) -> reqwest::Response {
    let response = hr
        .post(
            &format!("/telework/posts/{post}/assess"),
            &[
                ("patient_presence", "none"),
                ("paper_records", "none"),
                ("onsite_equipment", "none"),
                ("data_access", "health_remote"),
                ("autonomy", "high"),
                ("remote_share", share),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    response
}

pub async fn hold(hr: &Browser, user: &str, post: &str) {
    let response = hr.post("/telework/holders", &[("user", user), ("post", post)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

pub async fn publish(hr: &Browser, body: &str) {
    let response = hr.post("/telework/charter", &[("body", body)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
}

pub async fn propose(hr: &Browser, user: &str, days: &str, fixed: &[&str]) -> reqwest::Response {
    let mut fields = vec![
        ("user", user),
        ("days_per_week", days),
        ("place", "Domicile, Rennes"),
        ("equipment", "Ordinateur portable, casque"),
        ("starts_on", "2026-12-01"),
        ("trial_until", "2027-02-28"),
        ("review_on", "2027-06-01"),
        ("ends_on", "2027-11-30"),
    ];
    fields.extend(fixed.iter().map(|d| ("fixed_days", *d)));
    hr.post("/telework/agreements", &fields).await
}

pub async fn sign(person: &Browser, app: &TestApp, user: &str) {
    let id = text(
        app,
        &format!(
            "SELECT id FROM telework_agreements WHERE user_id = '{user}' AND ended_at IS NULL"
        ),
    )
    .await;
    let response =
        person.post(&format!("/telework/agreement/{id}/sign"), &[("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
}

pub async fn accept(person: &Browser, version: i64) -> reqwest::Response {
    person.post("/telework/charter/accept", &[("version", &version.to_string())]).await
}

pub async fn ask(person: &Browser, day: &str, part: &str) -> reqwest::Response {
    person.post("/telework/days", &[("day", day), ("part", part), ("weeks", "1")]).await
}

/// The id of the person's live request on `day`.
pub async fn day_id(app: &TestApp, user: &str, day: &str) -> String {
    text(
        app,
        &format!(
            "SELECT id FROM telework_days WHERE user_id = '{user}' AND day = '{day}' \
             AND status IN ('requested', 'approved')"
        ),
    )
    .await
}

pub async fn decide(
    manager: &Browser,
    id: &str,
    decision: &str,
    comment: &str,
) -> reqwest::Response {
    manager
        .post(
            &format!("/telework/days/{id}/decide"),
            &[("decision", decision), ("comment", comment)],
        )
        .await
}
