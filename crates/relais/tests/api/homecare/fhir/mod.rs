//! FHIR export: strict R4, no notes, only qualified INS; and a round trip into another team.

use reqwest::StatusCode;
use serde_json::Value;

use super::round::published_week;
use super::{Service, WEEK, join, patient_fields, service};
use crate::helpers::location;

mod import;

pub const SUNDAY: &str = "2027-03-28";

/// Parses `text` as a FHIR R4 Bundle with the strict deserialiser of a FHIR library (unknown
/// elements, missing required ones, wrong types and malformed primitives are refused), then
/// checks the codes whose value sets FHIR requires and the format of dates and times.
pub fn assert_valid_r4(text: &str) {
    // Read as any resource: the library's own `Bundle` type trips on `fullUrl` after `resource`.
    let parsed: Result<fhirbolt::model::r4::Resource, _> = fhirbolt::json::from_str(text, None);
    match parsed {
        Ok(fhirbolt::model::r4::Resource::Bundle(_)) => {}
        Ok(_) => panic!("not a Bundle"),
        Err(error) => {
            let message = error.to_string();
            let line: usize = message
                .split("at line ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            let context = text.lines().skip(line.saturating_sub(3)).take(4).collect::<Vec<_>>();
            panic!("not a valid FHIR R4 Bundle: {message}\n{}", context.join("\n"));
        }
    }
    let bundle: Value = serde_json::from_str(text).unwrap();
    let required: [(&str, &str, &[&str]); 7] = [
        ("Patient", "/gender", &["male", "female", "other", "unknown"]),
        (
            "Encounter",
            "/status",
            &[
                "planned",
                "arrived",
                "triaged",
                "in-progress",
                "onleave",
                "finished",
                "cancelled",
                "entered-in-error",
                "unknown",
            ],
        ),
        (
            "CarePlan",
            "/status",
            &["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"],
        ),
        ("CarePlan", "/intent", &["proposal", "plan", "order", "option"]),
        (
            "CarePlan",
            "/activity/0/detail/kind",
            &[
                "Appointment",
                "CommunicationRequest",
                "DeviceRequest",
                "MedicationRequest",
                "NutritionOrder",
                "Task",
                "ServiceRequest",
                "VisionPrescription",
            ],
        ),
        (
            "CarePlan",
            "/activity/0/detail/status",
            &[
                "not-started",
                "scheduled",
                "in-progress",
                "on-hold",
                "completed",
                "cancelled",
                "stopped",
                "unknown",
                "entered-in-error",
            ],
        ),
        ("Observation", "/status", &["registered", "preliminary", "final", "amended"]),
    ];
    for (kind, pointer, codes) in required {
        for resource in resources(&bundle, kind) {
            let code = resource.pointer(pointer).and_then(Value::as_str).unwrap_or("(none)");
            assert!(codes.contains(&code), "{kind}{pointer} = {code}");
        }
    }
    let date_time = |text: &str| text.parse::<jiff::Timestamp>().is_ok();
    for encounter in resources(&bundle, "Encounter") {
        assert!(date_time(encounter["period"]["start"].as_str().unwrap()), "{encounter}");
    }
    for observation in resources(&bundle, "Observation") {
        assert!(date_time(observation["effectiveDateTime"].as_str().unwrap()));
    }
    for patient in resources(&bundle, "Patient") {
        assert!(patient["birthDate"].as_str().unwrap().parse::<jiff::civil::Date>().is_ok());
    }
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

async fn export(service: &Service, team: &str, from: &str, to: &str) -> reqwest::Response {
    let path = format!("/planning/fhir/export?team={team}&from={from}&to={to}");
    service.coordinator.get(&path).await
}

/// A patient with a qualified identity (the INS may leave) and one merely retrieved.
async fn patients_with_ins(service: &Service) {
    for (name, status, lat) in
        [("Louise", "qualified", "48.1180"), ("Marcel", "retrieved", "48.1190")]
    {
        let mut fields = patient_fields(&service.team_a, name, lat);
        fields.retain(|(k, _)| {
            !["ins_matricule", "ins_oid", "identity_status", "birth_first_names"].contains(k)
        });
        fields.extend([
            ("ins_matricule", "284057511602336"),
            ("ins_oid", "1.2.250.1.213.1.4.8"),
            ("identity_status", status),
            ("birth_first_names", name),
        ]);
        let response = service.coordinator.post("/patients", &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    }
}

#[tokio::test]
async fn a_team_exports_as_strict_fhir_r4_without_notes_and_only_qualified_ins() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    patients_with_ins(&service).await;
    let nurse = &service.nurse;
    let arrival = [("key", "key-fhir-in"), ("method", "manual"), ("reason", "Carte absente")];
    let checked_in = nurse.post(&format!("/round/visits/{visit}/check-in"), &arrival).await;
    assert_eq!(location(&checked_in), "/round?done=check_in");
    let report = [
        ("key", "key-fhir-report"),
        ("outcome", "done"),
        ("flags", "fall"),
        ("note", "Chute dans la salle de bain, pas de plaie."),
    ];
    let reported = nurse.post(&format!("/round/visits/{visit}/report"), &report).await;
    assert_eq!(location(&reported), "/round?done=report");

    let response = export(&service, &service.team_a, WEEK, SUNDAY).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let text = response.text().await.unwrap();
    assert_valid_r4(&text);
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["type"], "collection");
    assert_eq!(resources(&bundle, "Patient").len(), 3);
    assert_eq!(resources(&bundle, "Practitioner").len(), 2);
    assert_eq!(resources(&bundle, "CarePlan").len(), 1);
    let encounters = resources(&bundle, "Encounter");
    assert_eq!(encounters.len(), 7, "one per day of the daily toilet");
    let statuses: Vec<&str> = encounters.iter().map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "finished").count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == "planned").count(), 6);
    let observations = resources(&bundle, "Observation");
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0]["code"]["coding"][0]["code"], "fall");
    assert_eq!(observations[0]["encounter"]["reference"], format!("Encounter/{visit}"));
    // Every reference points at a resource of the bundle.
    let ids: Vec<String> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}/{}",
                e["resource"]["resourceType"].as_str().unwrap(),
                e["resource"]["id"].as_str().unwrap()
            )
        })
        .collect();
    for reference in text.split("\"reference\": \"").skip(1).map(|r| r.split('"').next().unwrap()) {
        assert!(ids.iter().any(|id| id == reference), "{reference} is not in the bundle");
    }
    // Identity vigilance and what never leaves.
    assert_eq!(text.matches("284057511602336").count(), 1, "only the qualified identity's INS");
    assert!(!text.contains("salle de bain"), "care notes stay in Relais");
    assert!(!text.contains("4512B"), "access notes stay in Relais");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'planning.export_fhir'";
    assert_eq!(service.app.count(audited).await, 1);

    // Bad periods and people who may not export.
    for (from, to) in [(SUNDAY, WEEK), ("2027-01-01", "2027-06-30"), ("2027-02-30", SUNDAY)] {
        let refused = export(&service, &service.team_a, from, to).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{from} {to}");
    }
    let path = format!("/planning/fhir/export?team={}&from={WEEK}&to={SUNDAY}", service.team_a);
    assert_eq!(service.nurse.get(&path).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(service.outsider.get(&path).await.status(), StatusCode::NOT_FOUND);
    let team_b = super::team_id(&service.app, "Équipe B").await;
    assert_eq!(export(&service, &team_b, WEEK, SUNDAY).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_exported_team_imports_into_another_with_the_same_care_plan_and_twice_adds_nothing() {
    let service = service().await;
    published_week(&service).await;
    let text = export(&service, &service.team_a, WEEK, SUNDAY).await.text().await.unwrap();
    let team_b = super::team_id(&service.app, "Équipe B").await;
    let coordinator_id = service.app.person_id("coord@ssiad.fr").await;
    join(&service.app, &team_b, &coordinator_id).await;
    let import = |team: String, body: Vec<u8>| {
        let coordinator = &service.coordinator;
        async move {
            coordinator
                .post_file(
                    "/planning/fhir",
                    &[("team", &team), ("financer", "apa")],
                    ("file", "bundle.json", body),
                )
                .await
        }
    };
    let page = import(team_b.clone(), text.clone().into_bytes()).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("1 patient(s) créé(s)") && page.contains("1 intervention(s) ajoutée(s)"),
        "{page}"
    );
    assert!(page.contains("Ce type de ressource"), "encounters are listed as not imported");
    let copied = |team: &str| {
        format!(
            "SELECT COUNT(*) FROM care_plan_items i JOIN patients p ON p.id = i.patient_id \
             WHERE p.team_id = '{team}' AND i.label = 'Toilette' AND i.skill = 'care_aide' \
             AND i.days = 127 AND i.window_start_minute = 450 AND i.window_end_minute = 570 \
             AND i.duration_minutes = 45 AND i.preferred_caregiver IS NOT NULL"
        )
    };
    assert_eq!(service.app.count(&copied(&team_b)).await, 1, "the care plan came across intact");
    let imported = "SELECT COUNT(*) FROM patients WHERE given_name = 'Jeanne' AND financer = 'ssiad' \
                    AND identity_status = 'provisional' AND latitude_e6 = 48114700";
    assert_eq!(service.app.count(imported).await, 2);

    // The same file again: nothing is added, each refusal says why.
    let again = import(team_b.clone(), text.into_bytes()).await.text().await.unwrap();
    assert!(
        again.contains("0 patient(s) créé(s)") && again.contains("0 intervention(s) ajoutée(s)")
    );
    assert!(again.contains("Ce patient existe déjà"));
    assert_eq!(service.app.count(&copied(&team_b)).await, 1);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM patients").await, 2);
}
