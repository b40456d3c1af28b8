//! Home care: the care relationship, break-the-glass, patient and care plan forms, and the weekly
//! planning with the optimiser. Shared here: a small SSIAD with two teams and its helpers.

mod fhir;
mod patients;
mod planning;
mod proposals;
pub(crate) mod round;
mod routing;

use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, location, spawn_app_with};

pub const WEEK: &str = "2027-03-22";

/// A daily morning toilet for a care aide, 45 minutes between 07:30 and 09:30.
pub const TOILETTE: [(&str, &str); 5] = [
    ("label", "Toilette"),
    ("skill", "care_aide"),
    ("window_start", "07:30"),
    ("window_end", "09:30"),
    ("duration", "45"),
];

pub struct Service {
    pub app: TestApp,
    pub admin: Browser,
    pub coordinator: Browser,
    pub nurse: Browser,
    pub outsider: Browser,
    pub team_a: String,
    pub nurse_id: String,
    pub aide_id: String,
}

pub async fn team_id(app: &TestApp, name: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM teams WHERE name = $1")
        .bind(name)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

pub async fn join(app: &TestApp, team: &str, user: &str) {
    app.execute(&format!(
        "INSERT INTO team_members (team_id, user_id) VALUES ('{team}', '{user}')"
    ))
    .await;
}

/// A SSIAD with team A (coordinator, nurse, aide) and team B (one aide, the outsider).
pub async fn service() -> Service {
    service_with(|_| {}).await
}

/// The same SSIAD with settings of its own.
pub async fn service_with(adjust: impl FnOnce(&mut relais::config::Settings)) -> Service {
    let app = spawn_app_with(|s| {
        s.planning.day_seconds = 0.5;
        s.planning.week_seconds = 1.0;
        adjust(s);
    })
    .await;
    let (admin, _) = app.admin().await;
    admin.post("/admin/teams", &[("name", "Équipe A")]).await;
    admin.post("/admin/teams", &[("name", "Équipe B")]).await;
    let (team_a, team_b) = (team_id(&app, "Équipe A").await, team_id(&app, "Équipe B").await);
    let (coordinator, coordinator_id, _) =
        app.person(&admin, "coord@ssiad.fr", &["coordinator"]).await;
    let (nurse, nurse_id, _) = app.person(&admin, "ide@ssiad.fr", &["nurse"]).await;
    let (_, aide_id, _) = app.person(&admin, "as@ssiad.fr", &["aide"]).await;
    let (outsider, outsider_id, _) = app.person(&admin, "as.b@ssiad.fr", &["aide"]).await;
    for user in [&coordinator_id, &nurse_id, &aide_id] {
        join(&app, &team_a, user).await;
    }
    join(&app, &team_b, &outsider_id).await;
    for (id, skills) in [(&nurse_id, &["nurse", "care_aide"][..]), (&aide_id, &["care_aide"][..])] {
        let mut fields = vec![
            ("team", team_a.as_str()),
            ("contract_hours", "35"),
            ("transport", "car"),
            ("latitude", "48.1100"),
            ("longitude", "-1.6800"),
        ];
        fields.extend(skills.iter().map(|s| ("skills", *s)));
        let response = coordinator.post(&format!("/planning/caregivers/{id}"), &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    }
    // Caregivers work every day from 7:00 to 19:00.
    app.execute(
        "UPDATE users SET work_days = 127, work_start_minute = 420, work_end_minute = 1140",
    )
    .await;
    Service { app, admin, coordinator, nurse, outsider, team_a, nurse_id, aide_id }
}

pub fn patient_fields<'a>(team: &'a str, name: &'a str, lat: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("team", team),
        ("given_name", name),
        ("family_name", "Martin"),
        ("birth_family_name", "MARTIN"),
        ("birth_first_names", "Jeanne Marie"),
        ("birth_date", "1938-04-02"),
        ("sex", "F"),
        ("birth_place_code", "35238"),
        ("ins_matricule", ""),
        ("ins_oid", ""),
        ("identity_status", "provisional"),
        ("address", "12 rue de la Motte"),
        ("postcode", "35000"),
        ("city", "Rennes"),
        ("latitude", lat),
        ("longitude", "-1.6794"),
        ("access_notes", "Code porte 4512B, clé dans la boîte"),
        ("financer", "ssiad"),
        ("funded_hours", "30"),
    ]
}

pub async fn create_patient(service: &Service, name: &str, lat: &str) -> String {
    let fields = patient_fields(&service.team_a, name, lat);
    let response = service.coordinator.post("/patients", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    location(&response).trim_start_matches("/patients/").to_string()
}

pub async fn add_item(
    service: &Service,
    patient: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("first_day", "2027-01-01")];
    all.extend_from_slice(fields);
    for day in ["0", "1", "2", "3", "4", "5", "6"] {
        all.push(("days", day));
    }
    service.coordinator.post(&format!("/patients/{patient}/care-plan"), &all).await
}

/// The planning of the test week, day by day (each visit with its conflicts), and the week view.
pub async fn visits_page(service: &Service) -> String {
    let monday: jiff::civil::Date = WEEK.parse().unwrap();
    let mut paths = vec![format!("/planning?team={}&week={WEEK}", service.team_a)];
    for day in monday.series(jiff::Span::new().days(1)).take(7) {
        paths.push(format!("/planning?team={}&view=day&day={day}", service.team_a));
    }
    let mut pages = String::new();
    for path in paths {
        let response = service.coordinator.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK);
        pages.push_str(&response.text().await.unwrap());
    }
    pages
}

pub async fn wait_for_proposal(service: &Service, id: &str) {
    for _ in 0..200 {
        let status: serde_json::Value = service
            .coordinator
            .get(&format!("/planning/proposals/{id}/status"))
            .await
            .json()
            .await
            .unwrap();
        if status["status"] != "running" {
            assert_eq!(status["status"], "ready");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the optimiser did not finish");
}
