//! Home care: the care relationship, break-the-glass, patient and care plan forms, and a week
//! generated, checked, optimised, accepted and published.

use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, location, spawn_app_with};

const WEEK: &str = "2027-03-22";

struct Service {
    app: TestApp,
    coordinator: Browser,
    nurse: Browser,
    outsider: Browser,
    team_a: String,
    nurse_id: String,
    aide_id: String,
}

async fn team_id(app: &TestApp, name: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM teams WHERE name = $1")
        .bind(name)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

async fn join(app: &TestApp, team: &str, user: &str) {
    app.execute(&format!(
        "INSERT INTO team_members (team_id, user_id) VALUES ('{team}', '{user}')"
    ))
    .await;
}

/// A SSIAD with team A (coordinator, nurse, aide) and team B (one aide, the outsider).
async fn service() -> Service {
    let app = spawn_app_with(|s| {
        s.planning.day_seconds = 0.5;
        s.planning.week_seconds = 1.0;
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
    Service { app, coordinator, nurse, outsider, team_a, nurse_id, aide_id }
}

fn patient_fields<'a>(team: &'a str, name: &'a str, lat: &'a str) -> Vec<(&'a str, &'a str)> {
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

async fn create_patient(service: &Service, name: &str, lat: &str) -> String {
    let fields = patient_fields(&service.team_a, name, lat);
    let response = service.coordinator.post("/patients", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    location(&response).trim_start_matches("/patients/").to_string()
}

async fn add_item(service: &Service, patient: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all = vec![("first_day", "2027-01-01")];
    all.extend_from_slice(fields);
    for day in ["0", "1", "2", "3", "4", "5", "6"] {
        all.push(("days", day));
    }
    service.coordinator.post(&format!("/patients/{patient}/care-plan"), &all).await
}

#[tokio::test]
async fn patients_are_seen_only_in_the_care_relationship_and_breaking_the_glass_is_audited() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let record = service.nurse.get(&format!("/patients/{patient}")).await;
    assert_eq!(record.status(), StatusCode::OK);
    let page = record.text().await.unwrap();
    assert!(page.contains("Code porte 4512B"), "the team reads the access notes");
    assert!(service.nurse.get("/patients").await.text().await.unwrap().contains("Jeanne"));

    // Outside the team: "not found", the same as an id that does not exist.
    let outsider = &service.outsider;
    assert!(!outsider.get("/patients").await.text().await.unwrap().contains("Jeanne"));
    let refused = outsider.get(&format!("/patients/{patient}")).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let page = refused.text().await.unwrap();
    assert!(!page.contains("Martin") && !page.contains("4512B"));
    let unknown = outsider.get("/patients/0190a5a0-0000-7000-8000-000000000000").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Break the glass: a reason is required, then the record opens and everything is audited.
    let path = format!("/patients/{patient}/emergency-access");
    let short = outsider.post(&path, &[("reason", "urgence")]).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().await.unwrap().contains("au moins 10 caractères"));
    let ghost = outsider
        .post(
            "/patients/0190a5a0-0000-7000-8000-000000000000/emergency-access",
            &[("reason", "Chute signalée par la famille")],
        )
        .await;
    assert_eq!(ghost.status(), StatusCode::NOT_FOUND);
    let opened = outsider.post(&path, &[("reason", "Chute signalée par la famille")]).await;
    assert_eq!(location(&opened), format!("/patients/{patient}?done=emergency"));
    assert_eq!(outsider.get(&format!("/patients/{patient}")).await.status(), StatusCode::OK);
    let audited = service
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'patient.break_the_glass' \
             AND patient_id = '{patient}' AND reason = 'Chute signalée par la famille'"
        ))
        .await;
    assert_eq!(audited, 1);
    let reads = service
        .app
        .count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'patient.read' AND patient_id = '{patient}'"))
        .await;
    assert_eq!(reads, 2, "the nurse's and the outsider's reads");
    let told = service
        .app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'patient.break_the_glass' AND audience LIKE 'user:%'")
        .await;
    assert_eq!(told, 1, "the team's coordinator is told");
    // Access notes are stored encrypted.
    let plain =
        service.app.count("SELECT COUNT(*) FROM patients WHERE access_notes_enc IS NOT NULL").await;
    assert_eq!(plain, 1);

    // A nurse may read but not create patients; an administrator sees no patient at all.
    let forbidden =
        service.nurse.post("/patients", &patient_fields(&service.team_a, "X", "48.1")).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn patient_and_care_plan_forms_refuse_bad_input_next_to_the_field() {
    let service = service().await;
    let team = service.team_a.clone();
    let cases: [(&str, &str, &str); 9] = [
        ("ins_matricule", "284057511602337", "clé de contrôle"),
        ("latitude", "NaN", "Coordonnée invalide"),
        ("latitude", "123", "Coordonnée invalide"),
        ("birth_date", "2100-01-01", "dans le futur"),
        ("birth_date", "1938-02-30", "Date invalide"),
        ("postcode", "3500<script>", "Code postal invalide"),
        ("identity_status", "qualified", "exige le matricule INS"),
        ("given_name", "", "obligatoire"),
        ("given_name", &"a".repeat(101), "trop long"),
    ];
    for (field, value, message) in cases {
        let mut fields = patient_fields(&team, "Jeanne", "48.1147");
        fields.retain(|(name, _)| *name != field);
        fields.push((field, value));
        let response = service.coordinator.post("/patients", &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{field}={value}: {message}");
        assert!(page.contains(&format!("id=\"{field}-error\"")) || field == "identity_status");
    }
    let qualified = {
        let mut fields = patient_fields(&team, "Jeanne", "48.1147");
        fields.retain(|(name, _)| !["ins_matricule", "ins_oid", "identity_status"].contains(name));
        fields.extend([
            ("ins_matricule", "2 84 05 75 116 023 36"),
            ("ins_oid", "1.2.250.1.213.1.4.8"),
            ("identity_status", "qualified"),
        ]);
        service.coordinator.post("/patients", &fields).await
    };
    assert_eq!(qualified.status(), StatusCode::SEE_OTHER);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM patients").await, 1);
    let patient = location(&qualified).trim_start_matches("/patients/").to_string();

    let item = [("label", "Toilette"), ("skill", "care_aide"), ("caregivers", "1")];
    let bad_items: [(&[(&str, &str)], &str); 5] = [
        (
            &[("window_start", "09:30"), ("window_end", "07:30"), ("duration", "45")],
            "fin doit être après",
        ),
        (
            &[("window_start", "07:30"), ("window_end", "08:00"), ("duration", "45")],
            "dépasse la plage",
        ),
        (
            &[("window_start", "7h30"), ("window_end", "09:30"), ("duration", "45")],
            "Heure invalide",
        ),
        (
            &[("window_start", "07:30"), ("window_end", "09:30"), ("duration", "9999")],
            "hors des limites",
        ),
        (
            &[
                ("window_start", "07:30"),
                ("window_end", "09:30"),
                ("duration", "45"),
                ("min_gap", "30"),
                ("max_gap", "10"),
            ],
            "écart minimal",
        ),
    ];
    for (fields, message) in bad_items {
        let mut all = item.to_vec();
        all.extend_from_slice(fields);
        let response = add_item(&service, &patient, &all).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
    let no_day = service
        .coordinator
        .post(
            &format!("/patients/{patient}/care-plan"),
            &[
                ("label", "Toilette"),
                ("skill", "care_aide"),
                ("window_start", "07:30"),
                ("window_end", "09:30"),
                ("duration", "45"),
                ("first_day", "2027-01-01"),
            ],
        )
        .await;
    assert_eq!(no_day.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = "0190a5a0-0000-7000-8000-000000000000";
    let mut with_stranger = item.to_vec();
    with_stranger.extend([
        ("window_start", "07:30"),
        ("window_end", "09:30"),
        ("duration", "45"),
        ("preferred", stranger),
    ]);
    let response = add_item(&service, &patient, &with_stranger).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM care_plan_items").await, 0);
}

async fn visits_page(service: &Service) -> String {
    let path = format!("/planning?team={}&week={WEEK}", service.team_a);
    let response = service.coordinator.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

async fn wait_for_proposal(service: &Service, id: &str) {
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

#[tokio::test]
async fn a_week_is_generated_checked_optimised_accepted_and_published() {
    let service = service().await;
    let team = service.team_a.clone();
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    let paul = create_patient(&service, "Paul", "48.1210").await;
    let toilette = [
        ("label", "Toilette"),
        ("skill", "care_aide"),
        ("window_start", "07:30"),
        ("window_end", "09:30"),
        ("duration", "45"),
    ];
    assert_eq!(add_item(&service, &jeanne, &toilette).await.status(), StatusCode::SEE_OTHER);
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
