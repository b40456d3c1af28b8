use reqwest::StatusCode;

use super::{Service, TOILETTE, WEEK, add_item, create_patient, service};
use crate::helpers::{between, location};

mod crash;
mod declared;
mod privacy;
mod races;
mod records;
mod time_zones;

/// Jeanne's daily toilet, given to the nurse and published; returns (patient, Monday's visit).
pub(crate) async fn published_week(service: &Service) -> (String, String) {
    let jeanne = create_patient(service, "Jeanne", "48.1147").await;
    let mut toilette = TOILETTE.to_vec();
    toilette.push(("preferred", service.nurse_id.as_str()));
    assert_eq!(add_item(service, &jeanne, &toilette).await.status(), StatusCode::SEE_OTHER);
    let week = [("team", service.team_a.as_str()), ("week", WEEK)];
    service.coordinator.post("/planning/generate", &week).await;
    let published = service.coordinator.post("/planning/publish", &week).await;
    assert!(location(&published).contains("done=published"), "{}", location(&published));
    let visit: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM visits WHERE day = $1")
            .bind(WEEK)
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    (jeanne, visit)
}

pub(super) async fn print_card(service: &Service, patient: &str) -> String {
    let page = service.coordinator.post(&format!("/patients/{patient}/card"), &[]).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("<svg"), "the QR code is drawn inline");
    between(&page, "id=\"card-code\">", "<").unwrap()
}

#[tokio::test]
async fn a_caregiver_checks_in_with_the_home_card_reports_and_replays_apply_once() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(
        day.contains("Jeanne M.") && day.contains("Code porte 4512B") && day.contains("Toilette")
    );
    let outsider_day =
        service.outsider.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(!outsider_day.contains("Jeanne"), "another team's caregiver sees nothing");

    let check_in = format!("/round/visits/{visit}/check-in");
    let check_out = format!("/round/visits/{visit}/check-out");
    let punch = |key: &'static str, code: &str| {
        vec![("key", key.to_string()), ("method", "code".to_string()), ("code", code.to_string())]
    };
    let post = |path: String, fields: Vec<(&'static str, String)>| async move {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        nurse.post(&path, &fields).await
    };

    // Before any card: the code cannot work, manual needs a reason.
    let no_card = post(check_in.clone(), punch("key-no-card-1", "ABCD-EFGH")).await;
    assert_eq!(no_card.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_card.text().await.unwrap().contains("Aucune carte"));
    let code = print_card(&service, &jeanne).await;
    let paul = create_patient(&service, "Paul", "48.1210").await;
    let pauls_code = print_card(&service, &paul).await;

    let early_out = post(check_out.clone(), punch("key-early-out", &code)).await;
    assert_eq!(early_out.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early_out.text().await.unwrap().contains("Enregistrez d’abord l’arrivée"));
    for wrong in [pauls_code.as_str(), "ZZZZ-ZZZZ", ""] {
        let refused = post(check_in.clone(), punch("key-wrong-code", wrong)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
    }
    let future = (relais::clock::now_ms() + 3_600_000).to_string();
    let mut in_the_future = punch("key-future-1", &code);
    in_the_future.push(("device_at", future));
    assert_eq!(
        post(check_in.clone(), in_the_future).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // The code typed loosely works; replaying the same request applies it once.
    let typed = code.to_lowercase().replace('-', " ");
    let first = post(check_in.clone(), punch("key-check-in-1", &typed)).await;
    assert_eq!(location(&first), "/round?done=check_in");
    let replay = post(check_in.clone(), punch("key-check-in-1", &typed)).await;
    assert_eq!(location(&replay), "/round?done=check_in");
    let punches = "SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_in'";
    assert_eq!(service.app.count(punches).await, 1);
    let reused = post(check_in.clone(), punch("key-check-in-1", "OTHER-BODY")).await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    let twice = post(check_in.clone(), punch("key-check-in-2", &code)).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(service.app.count(punches).await, 1);

    // A reprinted card: the old code stops working, the new one works.
    let new_code = print_card(&service, &jeanne).await;
    assert_ne!(new_code, code);
    let old = post(check_out.clone(), punch("key-old-card", &code)).await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let out = post(check_out.clone(), punch("key-check-out-1", &new_code)).await;
    assert_eq!(location(&out), "/round?done=check_out");

    // The report: note encrypted, vigilance flags alert the coordinators, applied once.
    let report = format!("/round/visits/{visit}/report");
    let fields = [
        ("key", "key-report-1"),
        ("outcome", "done"),
        ("flags", "fall"),
        ("note", "Chute dans la salle de bain, pas de plaie. Famille prévenue."),
    ];
    assert_eq!(location(&nurse.post(&report, &fields).await), "/round?done=report");
    assert_eq!(location(&nurse.post(&report, &fields).await), "/round?done=report");
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_reports").await, 1);
    let again = [("key", "key-report-2"), ("outcome", "partial"), ("note", "")];
    assert_eq!(nurse.post(&report, &again).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alerts = "SELECT COUNT(*) FROM outbox WHERE kind = 'visit.vigilance'";
    assert_eq!(service.app.count(alerts).await, 1);
    let sealed: Vec<u8> = {
        use sqlx::Row;
        sqlx::query("SELECT note_enc FROM visit_reports")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    assert!(!String::from_utf8_lossy(&sealed).contains("salle de bain"), "the note is encrypted");
    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(day.contains("Arrivée à") && day.contains("Départ à") && day.contains("Réalisée"));
    assert!(day.contains("Dernières transmissions") && day.contains("Chute dans la salle de bain"));
    let board = format!("/planning/board?team={}&day={WEEK}", service.team_a);
    let page = service.coordinator.get(&board).await.text().await.unwrap();
    assert!(
        page.contains("Alertes de vigilance") && page.contains("Chute"),
        "the fall is on the board"
    );
    assert!(page.contains("Terminée (1)"));
    assert!(page.contains("scope=\"rowgroup\""), "the board is grouped by caregiver");
    let done_only = service.coordinator.get(&format!("{board}&state=done")).await;
    assert!(done_only.text().await.unwrap().contains("Jeanne M."));
    let odd = service.coordinator.get(&format!("{board}&state=asleep")).await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    assert_eq!(nurse.get(&board).await.status(), StatusCode::FORBIDDEN);
    // A board left open refreshes itself at each punch: one reading in the audit log per half
    // hour of the same session, not one per refresh.
    let board_readings = "SELECT COUNT(*) FROM audit_log WHERE action = 'planning.board'";
    service.coordinator.get(&board).await;
    assert_eq!(service.app.count(board_readings).await, 1);
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(31);
    service.app.state().clock.pin(later);
    service.coordinator.get(&board).await;
    assert_eq!(service.app.count(board_readings).await, 2, "a new reading after the window");
    let audited = service
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE patient_id = '{jeanne}' \
             AND action IN ('visit.check_in', 'visit.check_out', 'visit.report', 'patient.read_round')"
        ))
        .await;
    assert!(audited >= 5, "{audited}");
}

#[tokio::test]
async fn round_requests_that_are_malformed_or_not_yours_are_refused_plainly() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let code = print_card(&service, &jeanne).await;
    let check_in = format!("/round/visits/{visit}/check-in");
    let nurse = &service.nurse;

    let no_key = nurse.post(&check_in, &[("method", "code"), ("code", &code)]).await;
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);
    let bad_key = nurse.post(&check_in, &[("key", "x"), ("code", &code)]).await;
    assert_eq!(bad_key.status(), StatusCode::BAD_REQUEST);
    let bad_time = nurse
        .post(&check_in, &[("key", "key-bad-time"), ("code", &code), ("device_at", "hier")])
        .await;
    assert_eq!(bad_time.status(), StatusCode::BAD_REQUEST);
    let old = (relais::clock::now_ms() - 3 * 86_400_000).to_string();
    let stale = nurse
        .post(&check_in, &[("key", "key-too-old"), ("code", &code), ("device_at", &old)])
        .await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let odd_method =
        nurse.post(&check_in, &[("key", "key-odd-method"), ("method", "telepathy")]).await;
    assert_eq!(odd_method.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_reason = nurse.post(&check_in, &[("key", "key-no-reason"), ("method", "manual")]).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let scan = nurse
        .post(&check_in, &[("key", "key-bad-scan"), ("method", "scan"), ("secret", "forged")])
        .await;
    assert_eq!(scan.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Another team's caregiver: the visit does not exist for them.
    let outsider = service
        .outsider
        .post(
            &check_in,
            &[("key", "key-outsider"), ("method", "manual"), ("reason", "Remplacement")],
        )
        .await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    let unknown = nurse
        .post(
            "/round/visits/0190a5a0-0000-7000-8000-000000000000/check-in",
            &[("key", "key-unknown"), ("method", "manual"), ("reason", "Essai")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        nurse.get(&format!("/patients/{jeanne}/card")).await.status(),
        StatusCode::FORBIDDEN
    );

    // A manual arrival, then a report that is too long or names unknown flags.
    let manual = nurse
        .post(
            &check_in,
            &[("key", "key-manual"), ("method", "manual"), ("reason", "Carte absente")],
        )
        .await;
    assert_eq!(location(&manual), "/round?done=check_in");
    let report = format!("/round/visits/{visit}/report");
    let long = "a".repeat(4001);
    for fields in [
        vec![("key", "key-long-note"), ("outcome", "done"), ("note", long.as_str())],
        vec![("key", "key-odd-outcome"), ("outcome", "teleported")],
        vec![("key", "key-odd-flag"), ("outcome", "done"), ("flags", "mood")],
    ] {
        let response = nurse.post(&report, &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{:?}", &fields[1]);
    }
    // A cancelled visit takes no more punches.
    service
        .coordinator
        .post(&format!("/planning/visits/{visit}/cancel"), &[("reason", "Hospitalisation")])
        .await;
    let out = nurse
        .post(
            &format!("/round/visits/{visit}/check-out"),
            &[("key", "key-after-cancel"), ("method", "manual"), ("reason", "Départ")],
        )
        .await;
    assert_eq!(out.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_punches").await, 1);
}

#[tokio::test]
async fn guessing_a_card_code_is_slowed_down_but_good_codes_never_are() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let code = print_card(&service, &jeanne).await;
    let check_in = format!("/round/visits/{visit}/check-in");
    let nurse = &service.nurse;
    let mut statuses = Vec::new();
    for n in 0..11 {
        let key = format!("key-guess-{n:02}");
        let response = nurse.post(&check_in, &[("key", key.as_str()), ("code", "ZZZZZZZZ")]).await;
        statuses.push(response.status());
    }
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    // The right code still goes through: replaying a day of arrivals is never throttled.
    let right = nurse.post(&check_in, &[("key", "key-right-code"), ("code", &code)]).await;
    assert_eq!(location(&right), "/round?done=check_in");
}

#[tokio::test]
async fn scanning_the_home_cards_qr_code_records_the_arrival() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    print_card(&service, &jeanne).await;
    // The QR code is drawn, not written: give the card a secret the test knows.
    sqlx::query("UPDATE patients SET card_secret_digest = $1 WHERE id = $2")
        .bind(relais::secrets::digest("secret-read-from-the-qr-code"))
        .bind(&jeanne)
        .execute(service.app.state().db.writer())
        .await
        .unwrap();
    let check_in = format!("/round/visits/{visit}/check-in");
    let fields =
        [("key", "key-scan-1"), ("method", "scan"), ("secret", "secret-read-from-the-qr-code")];
    let scanned = service.nurse.post(&check_in, &fields).await;
    assert_eq!(location(&scanned), "/round?done=check_in");
    let method: String = {
        use sqlx::Row;
        sqlx::query("SELECT method FROM visit_punches WHERE visit_id = $1")
            .bind(&visit)
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    assert_eq!(method, "scan");
}
