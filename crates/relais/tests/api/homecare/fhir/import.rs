//! FHIR import: each refused entry reported with the rest kept, hostile bundles, and the API.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::super::round::published_week;
use super::super::{WEEK, create_patient, service};
use super::{SUNDAY, assert_valid_r4};

fn patient(id: &str, family: &str, postcode: &str) -> Value {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": "urn:oid:1.2.250.1.213.1.4.8", "value": "284057511602336" }],
        "extension": [{ "url": "urn:relais:fhir:identity-status", "valueCode": "qualified" }],
        "name": [{ "use": "official", "family": family, "given": ["Rose", "Anne"] }],
        "gender": "female",
        "birthDate": "1941-06-12",
        "address": [{
            "line": ["3 place Sainte-Anne"], "postalCode": postcode, "city": "Rennes",
            "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/geolocation", "extension": [
                { "url": "latitude", "valueDecimal": 48.1145 },
                { "url": "longitude", "valueDecimal": -1.6803 }
            ] }]
        }]
    })
}

fn activity(label: &str, start: &str, duration: i64) -> Value {
    json!({ "detail": {
        "extension": [{ "url": "urn:relais:fhir:skill", "valueCode": "nurse" }],
        "kind": "Task",
        "code": { "text": label },
        "status": "scheduled",
        "scheduledTiming": { "repeat": {
            "boundsPeriod": { "start": "2027-01-01" },
            "duration": duration, "durationUnit": "min",
            "dayOfWeek": ["mon", "thu"],
            "timeOfDay": [start]
        } }
    } })
}

#[tokio::test]
async fn an_import_reports_each_refused_entry_and_keeps_the_rest() {
    let service = service().await;
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            { "fullUrl": "urn:uuid:rose", "resource": patient("rose", "LEROUX", "35000") },
            { "resource": patient("rose-again", "LEROUX", "35000") },
            { "resource": patient("bad", "BLANC", "3500") },
            { "resource": {
                "resourceType": "CarePlan", "status": "active", "intent": "plan",
                "subject": { "reference": "urn:uuid:rose" },
                "activity": [
                    activity("Injection", "08:00:00", 15),
                    activity("Pansement", "25:00:00", 20),
                    activity("Lever", "09:00:00", 9000)
                ]
            } },
            { "resource": {
                "resourceType": "CarePlan", "status": "active", "intent": "plan",
                "subject": { "reference": "Patient/0190f0c2-0000-7000-8000-000000000000" },
                "activity": [activity("Injection", "08:00:00", 15)]
            } },
            { "resource": {
                "resourceType": "CarePlan", "status": "revoked", "intent": "plan",
                "subject": { "reference": "urn:uuid:rose" }, "activity": []
            } },
            { "resource": { "resourceType": "Observation", "status": "final" } },
            { "fullUrl": "urn:uuid:empty" }
        ]
    });
    let team = service.team_a.clone();
    let response = service
        .coordinator
        .post_file(
            "/planning/fhir",
            &[("team", &team), ("financer", "ssiad")],
            ("file", "import.json", bundle.to_string().into_bytes()),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.contains("1 patient(s) créé(s)") && page.contains("1 intervention(s) ajoutée(s)"));
    assert!(page.contains("8 refus"), "{page}");
    for reason in [
        "Code postal invalide",
        "Heure invalide",
        "Nombre entier attendu",
        "ni dans le fichier ni parmi vos patients",
        "Seuls les plans de soins actifs",
        "Ce type de ressource",
        "Cette entrée ne contient pas de ressource",
        "Ce patient existe déjà",
    ] {
        assert!(page.contains(reason), "{reason} missing from the report");
    }
    let rose = "SELECT COUNT(*) FROM patients WHERE birth_family_name = 'LEROUX' \
                AND identity_status = 'validated' AND ins_matricule = '284057511602336'";
    assert_eq!(service.app.count(rose).await, 1, "a file cannot bring a qualified identity");
    assert_eq!(service.app.count("SELECT COUNT(*) FROM care_plan_items").await, 1);
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('patient.create', 'care_plan.add')";
    assert_eq!(service.app.count(audited).await, 2);
}

#[tokio::test]
async fn malformed_or_hostile_bundles_are_refused_plainly() {
    let service = service().await;
    create_patient(&service, "Jeanne", "48.1147").await;
    let team = service.team_a.clone();
    let send = |body: Vec<u8>| {
        let coordinator = &service.coordinator;
        let team = team.clone();
        async move {
            let fields = [("team", team.as_str()), ("financer", "ssiad")];
            let response =
                coordinator.post_file("/planning/fhir", &fields, ("file", "x.json", body)).await;
            (response.status(), response.text().await.unwrap())
        }
    };
    let many: Vec<Value> =
        (0..2001).map(|_| json!({ "resource": { "resourceType": "Basic" } })).collect();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"{ not json".to_vec(), "pas du JSON valide"),
        (vec![0xff, 0xfe, 0x00], "pas du JSON valide"),
        (b"[1, 2]".to_vec(), "pas un Bundle FHIR"),
        (json!({ "resourceType": "Patient" }).to_string().into_bytes(), "pas un Bundle FHIR"),
        (
            json!({ "resourceType": "Bundle", "type": "searchset" }).to_string().into_bytes(),
            "collection, transaction ou batch",
        ),
        (
            json!({ "resourceType": "Bundle", "type": "batch", "entry": {} })
                .to_string()
                .into_bytes(),
            "pas un Bundle FHIR",
        ),
        (
            json!({ "resourceType": "Bundle", "type": "batch", "entry": many })
                .to_string()
                .into_bytes(),
            "trop d&#39;entrées",
        ),
    ];
    for (body, message) in cases {
        let (status, page) = send(body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.contains(message), "{message}");
    }
    // No file, another team's id, a forged form, and a file over the upload limit.
    let no_file = service
        .coordinator
        .post_file(
            "/planning/fhir",
            &[("team", &team), ("financer", "ssiad")],
            ("file", "", Vec::new()),
        )
        .await;
    assert!(no_file.text().await.unwrap().contains("Choisissez un fichier"));
    let team_b = super::super::team_id(&service.app, "Équipe B").await;
    let bundle = json!({ "resourceType": "Bundle", "type": "batch" }).to_string().into_bytes();
    let elsewhere = service
        .coordinator
        .post_file(
            "/planning/fhir",
            &[("team", &team_b), ("financer", "ssiad")],
            ("file", "x.json", bundle.clone()),
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
    let forged =
        reqwest::multipart::Form::new().text("team", team.clone()).text("financer", "ssiad");
    let forged = service
        .coordinator
        .client
        .post(service.coordinator.url("/planning/fhir"))
        .multipart(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let huge = vec![b' '; 9 * 1024 * 1024];
    let (status, _) = send(huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let nurse = service
        .nurse
        .post_file(
            "/planning/fhir",
            &[("team", &team), ("financer", "ssiad")],
            ("file", "x.json", bundle),
        )
        .await;
    assert_eq!(nurse.status(), StatusCode::FORBIDDEN);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM patients").await, 1, "nothing was created");
}

#[tokio::test]
async fn the_api_exports_and_imports_fhir_with_problems_for_bad_input() {
    let service = service().await;
    published_week(&service).await;
    let coordinator = &service.coordinator;
    let team = &service.team_a;
    let exported =
        coordinator.get(&format!("/api/v1/fhir/export?team={team}&from={WEEK}&to={SUNDAY}")).await;
    assert_eq!(exported.status(), StatusCode::OK);
    assert_eq!(exported.headers()["content-type"], "application/fhir+json");
    assert_valid_r4(&exported.text().await.unwrap());
    for path in [
        format!("/api/v1/fhir/export?team={team}&from={WEEK}"),
        format!("/api/v1/fhir/export?team={team}&from=nope&to={SUNDAY}"),
    ] {
        let response = coordinator.get(&path).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(response.headers()["content-type"], "application/problem+json");
    }
    let import = |query: String, body: Vec<u8>| async move {
        coordinator
            .client
            .post(coordinator.url(&format!("/api/v1/fhir/import?{query}")))
            .header("content-type", "application/fhir+json")
            .header("origin", &coordinator.address)
            .body(body)
            .send()
            .await
            .unwrap()
    };
    let bundle = json!({ "resourceType": "Bundle", "type": "batch", "entry": [
        { "resource": patient("rose", "LEROUX", "35000") }
    ] });
    let done = import(format!("team={team}&financer=apa"), bundle.to_string().into_bytes()).await;
    assert_eq!(done.status(), StatusCode::OK);
    let report: Value = done.json().await.unwrap();
    assert_eq!(report["patients_created"], 1);
    assert_eq!(report["rejected"], json!([]));
    let bad = [
        (format!("team={team}&financer=lottery"), b"{}".to_vec(), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("team={team}"), b"{}".to_vec(), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("team={team}&financer=apa"), b"{".to_vec(), StatusCode::BAD_REQUEST),
        ("team=..%2F..&financer=apa".to_string(), b"{}".to_vec(), StatusCode::NOT_FOUND),
        (
            format!("team={team}&financer=apa"),
            vec![b' '; 5 * 1024 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (query, body, status) in bad {
        let response = import(query.clone(), body).await;
        assert_eq!(response.status(), status, "{query}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{query}");
    }
}
