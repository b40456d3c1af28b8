//! Call rounds: a coordinator creates a weekly round of the team's patients and a custom list;
//! the caller's page goes through the queue (reached, no answer until the tries run out, wrong
//! number); a concern alerts the coordinators by message and in the audit log; answers are
//! sealed; the same form sent twice records once; outsiders and former members see nothing.

use reqwest::StatusCode;

use crate::helpers::{Browser, location};
use crate::homecare::{create_patient, service};

/// The hidden field `name`'s value in a page.
fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).unwrap_or_else(|| panic!("{name} in {page}")) + marker.len();
    page[start..].split('"').next().unwrap().to_string()
}

/// Opens the next call and reports it; returns the page of the call and the answer.
async fn call(
    browser: &Browser,
    id: &str,
    outcome: &str,
    extra: &[(&str, &str)],
) -> (String, reqwest::Response) {
    let page = browser.get(&format!("/call-rounds/{id}/call")).await.text().await.unwrap();
    let (target, key) = (field(&page, "target"), field(&page, "request_key"));
    let mut fields = vec![("target", target.as_str()), ("request_key", key.as_str())];
    fields.push(("outcome", outcome));
    fields.extend_from_slice(extra);
    let answer = browser.post(&format!("/call-rounds/{id}/call"), &fields).await;
    (page, answer)
}

async fn post(browser: &Browser, fields: Vec<(&'static str, String)>) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post("/call-rounds/new", &fields).await
}

#[tokio::test]
async fn a_weekly_call_round_goes_through_its_queue_and_a_concern_alerts_the_coordinators() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let jeanne = create_patient(&service, "Jeanne", "48.1100").await;
    create_patient(&service, "Paul", "48.1200").await;
    app.execute(&format!("UPDATE patients SET phone = '+33612345678' WHERE id = '{jeanne}'")).await;
    let outsider_id = app.person_id("as.b@ssiad.fr").await;
    let base = |callers: &'static str| -> Vec<(&'static str, String)> {
        vec![
            ("name", "Appels du jeudi".into()),
            ("team", service.team_a.clone()),
            ("script", "Ça va ?\nBesoin de quelque chose ?".into()),
            ("weekly", "on".into()),
            ("weekday", "4".into()),
            ("first_due_on", "2026-12-03".into()),
            ("max_tries", "2".into()),
            ("callers", callers.into()),
            ("all_patients", "on".into()),
            ("others", "Mme Durand ; 06 12 34 56 78".into()),
        ]
    };
    let nurse_id: &'static str = Box::leak(service.nurse_id.clone().into_boxed_str());
    let outsider: &'static str = Box::leak(outsider_id.into_boxed_str());
    let replace = |key: &'static str, value: &str| {
        let mut fields = base(nurse_id);
        fields.iter_mut().filter(|(k, _)| *k == key).for_each(|(_, v)| *v = value.to_string());
        fields
    };
    for (fields, why) in [
        (base(outsider), "a caller of another team"),
        (replace("others", "Mme Durand ; 12"), "a nonsense number"),
        (replace("others", "Mme Durand"), "no number"),
        (replace("script", "  "), "no question"),
        (replace("max_tries", "0"), "no try"),
        (replace("first_due_on", "2026-11-01"), "a day gone"),
        (replace("weekday", "8"), "an eighth day"),
        (replace("name", "<\u{1}>"), "a control character"),
    ] {
        let refused = post(&service.coordinator, fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    }
    let nurse_creates = post(&service.nurse, base(nurse_id)).await;
    assert_eq!(nurse_creates.status(), StatusCode::FORBIDDEN, "a coordinator creates rounds");
    let created = post(&service.coordinator, base(nurse_id)).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    let id = location(&created).trim_start_matches("/call-rounds/").to_string();
    assert_eq!(app.count("SELECT COUNT(*) FROM call_targets").await, 3);

    let outsider = service.outsider.get(&format!("/call-rounds/{id}/call")).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        service.outsider.get(&format!("/call-rounds/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Jeanne first: a tap to dial, reached, answers sealed; the same form twice records once.
    let page = service.nurse.get(&format!("/call-rounds/{id}/call")).await.text().await.unwrap();
    assert!(page.contains("Jeanne Martin") && page.contains("href=\"tel:+33612345678\""), "{page}");
    assert!(page.contains("06 12 34 56 78"));
    let fields = [
        ("target", field(&page, "target")),
        ("request_key", field(&page, "request_key")),
        ("outcome", "reached".to_string()),
        ("answer", "Ça va bien".to_string()),
        ("answer", "Des courses".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for _ in 0..2 {
        let sent = service.nurse.post(&format!("/call-rounds/{id}/call"), &fields).await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM call_attempts").await, 1, "once");
    let plain = app.count("SELECT COUNT(*) FROM call_attempts WHERE answers_enc LIKE '%courses%'");
    assert_eq!(plain.await, 0, "answers are sealed");

    // Paul has no number on record: no answer; then Mme Durand; then Paul again.
    let (page, sent) = call(&service.nurse, &id, "no_answer", &[]).await;
    assert!(page.contains("Paul Martin") && page.contains("Pas de numéro"));
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let (page, refused) = call(&service.nurse, &id, "reached", &[("concern", "on")]).await;
    assert!(page.contains("Mme Durand"), "the least tried first");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "a concern needs its reason");
    let (_, bad) = call(&service.nurse, &id, "maybe", &[]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let messages_before = app.count("SELECT COUNT(*) FROM messages").await;
    let reason = ("concern_reason", "Seule depuis une semaine, ne mange plus.");
    let (_, sent) = call(&service.nurse, &id, "reached", &[("concern", "on"), reason]).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM messages").await, messages_before + 1);
    let alerted = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'callround.concern'");
    assert_eq!(alerted.await, 1);
    let (page, sent) = call(&service.nurse, &id, "no_answer", &[]).await;
    assert!(page.contains("Paul Martin") && page.contains("Déjà 1 essai"));
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let done = service.nurse.get(&format!("/call-rounds/{id}/call")).await.text().await.unwrap();
    assert!(done.contains("Tout le monde a été appelé"), "{done}");

    // The coordinator follows: reached, not reached after every try, the concern.
    let progress =
        service.coordinator.get(&format!("/call-rounds/{id}")).await.text().await.unwrap();
    assert!(progress.contains("Inquiétude") && progress.contains("non joints"), "{progress}");
    let calls_of_patients = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'callround.called' AND patient_id IS NOT NULL")
        .await;
    assert_eq!(calls_of_patients, 3, "every try at a patient is in their record's audit");

    // The calls are in the patient's record, for those in the care relationship.
    let record = service.coordinator.get(&format!("/call-rounds/patients/{jeanne}")).await;
    let record = record.text().await.unwrap();
    assert!(record.contains("Ça va bien") && record.contains("Appels du jeudi"), "{record}");
    let outsider = service.outsider.get(&format!("/call-rounds/patients/{jeanne}")).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    let read = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'callround.patient_read'");
    assert_eq!(read.await, 1, "reading them is audited");

    // A caller who leaves the team sees the round no more.
    app.execute(&format!("DELETE FROM team_members WHERE user_id = '{}'", service.nurse_id)).await;
    let gone = service.nurse.get(&format!("/call-rounds/{id}/call")).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

/// Two callers reaching the same person at the same moment: one call is kept, the other is told
/// the person was already handled (the schema holds it: one reached try per person and round).
#[tokio::test]
async fn two_callers_reaching_the_same_person_at_once_record_it_once() {
    let service = service().await;
    let app = &service.app;
    app.state().clock.pin("2026-12-03T10:00:00Z".parse().unwrap());
    let fields = vec![
        ("name", "Appels canicule".to_string()),
        ("team", service.team_a.clone()),
        ("script", "Avez-vous de l'eau ?".to_string()),
        ("first_due_on", "2026-12-03".to_string()),
        ("max_tries", "3".to_string()),
        ("callers", service.nurse_id.clone()),
        ("others", "Mme Durand ; 06 12 34 56 78".to_string()),
    ];
    let created = post(&service.coordinator, fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    let id = location(&created).trim_start_matches("/call-rounds/").to_string();
    let path = format!("/call-rounds/{id}/call");
    let mut forms = Vec::new();
    for browser in [&service.nurse, &service.coordinator] {
        let page = browser.get(&path).await.text().await.unwrap();
        forms.push([
            ("target", field(&page, "target")),
            ("request_key", field(&page, "request_key")),
            ("outcome", "reached".to_string()),
        ]);
    }
    let as_fields =
        |form: &[(&'static str, String); 3]| -> Vec<(&'static str, String)> { form.to_vec() };
    let (nurse, coordinator) = (as_fields(&forms[0]), as_fields(&forms[1]));
    let nurse: Vec<(&str, &str)> = nurse.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let coordinator: Vec<(&str, &str)> =
        coordinator.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (a, b) = tokio::join!(
        service.nurse.post(&path, &nurse),
        service.coordinator.post(&path, &coordinator)
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    let reached = app.count("SELECT COUNT(*) FROM call_attempts WHERE outcome = 'reached'");
    assert_eq!(reached.await, 1);
    // The same form sent again by the one who was kept is still fine.
    let kept = if a.status() == StatusCode::SEE_OTHER {
        (&service.nurse, &nurse)
    } else {
        (&service.coordinator, &coordinator)
    };
    assert_eq!(kept.0.post(&path, kept.1).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM call_attempts").await, 1);
}
