//! Home care through the API: the round with the phone's idempotency keys, the exceptions queue,
//! patients paged and audited, and the care relationship held.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::send;
use crate::api_v1::new_token;
use crate::homecare::round::published_week;
use crate::homecare::{WEEK, service};

#[tokio::test]
async fn another_phone_application_checks_in_and_out_with_idempotency_keys() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let token = new_token(nurse, &["homecare:read", "homecare:write"]).await;
    let (status, _, round) =
        send(nurse, Method::GET, &format!("/api/v1/homecare/rounds/{WEEK}"), &token, None, &[])
            .await;
    assert_eq!(status, StatusCode::OK, "{round}");
    assert_eq!(round[0]["visit"]["id"], visit.as_str());
    assert_eq!(round[0]["patient"]["given_name"], "Jeanne");
    assert_eq!(round[0]["access_notes"], "Code porte 4512B, clé dans la boîte");

    let check_in = format!("/api/v1/homecare/visits/{visit}/check-in");
    let declared = json!({ "method": "manual", "reason": "Carte absente du domicile" });
    let punch = |path: String, key: &'static str, body: serde_json::Value| {
        let token = token.clone();
        async move {
            send(nurse, Method::POST, &path, &token, Some(body), &[("idempotency-key", key)]).await
        }
    };
    let (status, _, problem) =
        send(nurse, Method::POST, &check_in, &token, Some(declared.clone()), &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the key is required: {problem}");
    for _ in 0..3 {
        let (status, _, body) =
            punch(check_in.clone(), "api-check-in-0001", declared.clone()).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_in'").await,
        1
    );
    let other = json!({ "method": "manual", "reason": "Autre raison" });
    let (status, _, problem) = punch(check_in.clone(), "api-check-in-0001", other).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("idempotency_key_reused"))
    );
    let bad = json!({ "method": "teleport" });
    assert_eq!(
        punch(check_in.clone(), "api-check-in-0002", bad).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let far = json!({ "method": "manual", "reason": "x", "latitude": 91.0, "longitude": 0.0, "accuracy": 5.0 });
    assert_eq!(
        punch(check_in.clone(), "api-check-in-0003", far).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let check_out = format!("/api/v1/homecare/visits/{visit}/check-out");
    assert_eq!(punch(check_out, "api-check-out-001", declared).await.0, StatusCode::NO_CONTENT);
    let report = json!({ "outcome": "done", "note": "RAS", "flags": [] });
    let path = format!("/api/v1/homecare/visits/{visit}/report");
    assert_eq!(
        punch(path.clone(), "api-report-00001", report.clone()).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(punch(path, "api-report-00001", report).await.0, StatusCode::NO_CONTENT);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_reports").await, 1);

    // The coordinator's program reads the exceptions of the week: both punches were manual.
    let coordinator = new_token(&service.coordinator, &["homecare:read"]).await;
    let path =
        format!("/api/v1/homecare/teams/{}/exceptions?from={WEEK}&to={WEEK}", service.team_a);
    let (status, _, queue) =
        send(&service.coordinator, Method::GET, &path, &coordinator, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert!(queue.as_array().is_some());
    let (status, _, _) = send(
        &service.coordinator,
        Method::GET,
        &format!("/api/v1/homecare/teams/{}/exceptions?from={WEEK}&to=2027-12-31", service.team_a),
        &coordinator,
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a range beyond 62 days");

    // Patients page by cursor; each read is in the audit log.
    let (status, _, page) = send(
        &service.coordinator,
        Method::GET,
        "/api/v1/homecare/patients?limit=1",
        &coordinator,
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"][0]["id"], jeanne.as_str());
    let record = format!("/api/v1/homecare/patients/{jeanne}");
    let (_, _, record) =
        send(&service.coordinator, Method::GET, &record, &coordinator, None, &[]).await;
    assert_eq!(record["care_plan"][0]["label"], "Toilette");
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE patient_id IS NOT NULL AND session_id LIKE 'token:%'";
    assert!(service.app.count(audited).await >= 1);

    // Outside the care relationship, nothing; a read token writes nothing.
    let outsider = new_token(&service.outsider, &["homecare:read", "homecare:write"]).await;
    let (_, _, theirs) = send(
        &service.outsider,
        Method::GET,
        &format!("/api/v1/homecare/rounds/{WEEK}"),
        &outsider,
        None,
        &[],
    )
    .await;
    assert_eq!(theirs.as_array().map(Vec::len), Some(0));
    let (status, _, _) = send(
        &service.outsider,
        Method::GET,
        &format!("/api/v1/homecare/patients/{jeanne}"),
        &outsider,
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = Some(json!({ "method": "manual", "reason": "x" }));
    let headers = [("idempotency-key", "outsider-key-01")];
    let path = format!("/api/v1/homecare/visits/{visit}/check-in");
    assert_eq!(
        send(&service.outsider, Method::POST, &path, &outsider, body.clone(), &headers).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&service.coordinator, Method::POST, &path, &coordinator, body, &headers).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_planning_program_generates_and_optimises_a_week() {
    let service = service().await;
    let jeanne = crate::homecare::create_patient(&service, "Jeanne", "48.1147").await;
    crate::homecare::add_item(&service, &jeanne, &crate::homecare::TOILETTE).await;
    let token = new_token(&service.coordinator, &["homecare:read", "homecare:write"]).await;
    let c = &service.coordinator;
    let week = format!("/api/v1/homecare/teams/{}/weeks/{WEEK}", service.team_a);
    let (status, _, generated) =
        send(c, Method::POST, &format!("{week}/generate"), &token, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{generated}");
    assert_eq!(generated["added"], 7);
    let (_, _, read) = send(c, Method::GET, &week, &token, None, &[]).await;
    assert_eq!(read["visits"].as_array().unwrap().len(), 7);
    assert_eq!(read["state"], "draft");
    let start = format!("/api/v1/homecare/teams/{}/optimisations", service.team_a);
    let (status, _, started) =
        send(c, Method::POST, &start, &token, Some(json!({ "day": WEEK })), &[]).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let run = format!("/api/v1/homecare/optimisations/{}", started["id"].as_str().unwrap());
    let mut ready = None;
    for _ in 0..200 {
        let (_, _, status) = send(c, Method::GET, &run, &token, None, &[]).await;
        if status["status"] != "running" {
            ready = Some(status);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let ready = ready.expect("the optimisation ends");
    assert_eq!(ready["status"], "ready", "{ready}");
    let (status, _, accepted) =
        send(c, Method::POST, &format!("{run}/accept"), &token, Some(json!({})), &[]).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let bad = send(c, Method::POST, &start, &token, Some(json!({ "day": "lundi" })), &[]).await;
    assert_eq!(bad.0, StatusCode::UNPROCESSABLE_ENTITY);
    let nurse_token = new_token(&service.nurse, &["homecare:read", "homecare:write"]).await;
    let (status, _, _) =
        send(&service.nurse, Method::POST, &format!("{week}/generate"), &nurse_token, None, &[])
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a nurse does not plan");
}
