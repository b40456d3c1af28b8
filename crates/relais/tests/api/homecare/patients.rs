use reqwest::StatusCode;

use super::{add_item, create_patient, patient_fields, service};
use crate::helpers::location;

#[tokio::test]
async fn patients_are_seen_only_in_the_care_relationship_and_breaking_the_glass_is_audited() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let record = service.nurse.get(&format!("/patients/{patient}")).await;
    assert_eq!(record.status(), StatusCode::OK);
    let page = record.text().await.unwrap();
    assert!(page.contains("Code porte 4512B"), "the team reads the access notes");
    assert!(
        page.contains("Naissance : \u{2068}2 avr. 1938\u{2069}")
            || page.contains("Naissance : 2 avr. 1938"),
        "birth date beside the name"
    );
    // Identity vigilance: namesakes are told apart by birth date and identity status in the list.
    let list = service.nurse.get("/patients").await.text().await.unwrap();
    assert!(
        list.contains("Jeanne")
            && list.contains("2 avr. 1938")
            && list.contains("Identité provisoire")
    );

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
