use reqwest::StatusCode;

use super::{Service, WEEK, add_item, create_patient, service};
use crate::helpers::{between, location};

/// Jeanne's daily toilet, given to the nurse and published; returns (patient, Monday's visit).
pub(super) async fn published_week(service: &Service) -> (String, String) {
    let jeanne = create_patient(service, "Jeanne", "48.1147").await;
    let toilette = [
        ("label", "Toilette"),
        ("skill", "care_aide"),
        ("window_start", "07:30"),
        ("window_end", "09:30"),
        ("duration", "45"),
        ("preferred", service.nurse_id.as_str()),
    ];
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
    let done_only = service.coordinator.get(&format!("{board}&state=done")).await;
    assert!(done_only.text().await.unwrap().contains("Jeanne M."));
    let odd = service.coordinator.get(&format!("{board}&state=asleep")).await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    assert_eq!(nurse.get(&board).await.status(), StatusCode::FORBIDDEN);
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
async fn exceptions_are_corrected_with_a_code_and_the_month_exports_safely() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let coordinator = &service.coordinator;
    // A patient whose name a spreadsheet would run as a formula.
    let formula = create_patient(&service, "=HYPERLINK(\"http://evil\")", "48.12").await;
    let item = [
        ("label", "@SUM(A1)"),
        ("skill", "care_aide"),
        ("window_start", "10:00"),
        ("window_end", "11:00"),
        ("duration", "30"),
    ];
    assert_eq!(add_item(&service, &formula, &item).await.status(), StatusCode::SEE_OTHER);
    let week = [("team", service.team_a.as_str()), ("week", WEEK)];
    coordinator.post("/planning/generate", &week).await;
    // An arrival punched now for a visit planned in 2027: far outside the tolerance.
    let arrival = service
        .nurse
        .post(
            &format!("/round/visits/{visit}/check-in"),
            &[("key", "key-exception"), ("method", "manual"), ("reason", "Carte absente")],
        )
        .await;
    assert_eq!(location(&arrival), "/round?done=check_in");
    let queue = format!("/planning/exceptions?team={}&week={WEEK}", service.team_a);
    let page = coordinator.get(&queue).await.text().await.unwrap();
    assert!(page.contains("Arrivée hors tolérance") && page.contains("Jeanne M."));

    let path = format!("/planning/exceptions/{visit}");
    let bad: [(&[(&str, &str)], &str); 4] = [
        (&[("code", "XYZ"), ("start", "08:00"), ("end", "08:45"), ("comment", "Vu")], "Choisissez"),
        (
            &[("code", "MDT"), ("start", "09:00"), ("end", "08:00"), ("comment", "Vu")],
            "fin doit être après",
        ),
        (&[("code", "COA"), ("comment", "Vu")], "début et la fin retenus"),
        (&[("code", "MDT"), ("start", "08:00"), ("end", "08:45"), ("comment", "")], "obligatoire"),
    ];
    for (fields, message) in bad {
        let response = coordinator.post(&path, fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.text().await.unwrap().contains(message), "{message}");
    }
    assert_eq!(
        service.nurse.post(&path, &[("code", "SUP"), ("comment", "x")]).await.status(),
        StatusCode::FORBIDDEN
    );
    let fields = [
        ("code", "MDT"),
        ("start", "08:00"),
        ("end", "08:45"),
        ("comment", "Horaires confirmés par la famille"),
    ];
    let corrected = coordinator.post(&path, &fields).await;
    assert!(location(&corrected).starts_with("/planning/exceptions?"), "{}", location(&corrected));
    let page = coordinator.get(&queue).await.text().await.unwrap();
    assert!(!page.contains("Arrivée hors tolérance"), "the correction resolves the exception");
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_punches").await, 1, "raw punch kept");
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'visit.correct' AND reason LIKE 'MDT:%'";
    assert_eq!(service.app.count(audited).await, 1);

    let export = coordinator
        .get(&format!("/planning/export.csv?team={}&month=2027-03", service.team_a))
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-disposition"].to_str().unwrap().contains("visites-2027-03.csv")
    );
    let csv = export.text().await.unwrap();
    let line = csv.lines().find(|l| l.starts_with("\"2027-03-22\"")).unwrap();
    assert!(line.contains("\"2027-03-22 08:00\";\"2027-03-22 08:45\";\"MDT\""), "{line}");
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\") Martin\""), "{csv}");
    assert!(csv.contains("\"'@SUM(A1)\""));
    assert!(!csv.contains("\"=") && !csv.contains("\"@"), "formulas never start a cell");
    assert_eq!(csv.lines().count(), 1 + 14, "the header and one line per published visit");
    // The month's hours: planned, realised (the retained times) and funded.
    let hours = format!("/planning/hours?team={}&month=2027-03", service.team_a);
    let page = coordinator.get(&hours).await.text().await.unwrap();
    assert!(page.contains("Par financeur") && page.contains("SSIAD (Assurance maladie)"));
    assert!(page.contains("<td>3,5</td>"), "7 visits of 30 min planned for the second patient");
    assert!(page.contains("<td>30,0</td>"), "30 funded hours");
    assert_eq!(service.nurse.get(&hours).await.status(), StatusCode::FORBIDDEN);
    let odd = coordinator.get(&format!("/planning/hours?team={}&month=mars", service.team_a)).await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);

    // The caregiver sees what was recorded about their work, correction included.
    let mine = service.nurse.get("/round/me").await.text().await.unwrap();
    for seen in
        ["Arrivée", "Sans la carte (motif donné)", "MDT", "Horaires confirmés par la famille"]
    {
        assert!(mine.contains(seen), "{seen}");
    }
    let theirs = service.outsider.get("/round/me").await.text().await.unwrap();
    assert!(!theirs.contains("Horaires confirmés"), "nobody else's record");
    let bad_month = coordinator
        .get(&format!("/planning/export.csv?team={}&month=2027-13", service.team_a))
        .await;
    assert_eq!(bad_month.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_caregiver_subscribes_to_a_calendar_of_times_only_and_can_revoke_it() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    // Visits a week ahead of today are in the feed's range: move Monday's visit to today.
    let today = jiff::Zoned::now().date().to_string();
    service.app.execute(&format!("UPDATE visits SET day = '{today}' WHERE id = '{visit}'")).await;
    let monday = relais::homecare::recurrence::week_start(jiff::Zoned::now().date()).to_string();
    service
        .app
        .execute(&format!(
            "INSERT INTO planning_weeks (org_id, team_id, week_start, generated_at, published_at) \
             SELECT org_id, id, '{monday}', 1, 1 FROM teams WHERE id = '{}'",
            service.team_a
        ))
        .await;
    let page = nurse.post("/round/calendar", &[]).await.text().await.unwrap();
    let link =
        between(&page, "id=\"calendar-link\" type=\"text\" readonly value=\"", "\"").unwrap();
    let path = format!("/{}", link.split_once("://").unwrap().1.split_once('/').unwrap().1);
    let anonymous = service.app.browser();
    let feed = anonymous.get(&path).await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = feed.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains(&format!("UID:{visit}@relais")), "{ics}");
    for private in ["Jeanne", "Martin", "Toilette", "rue de la Motte", "4512B"] {
        assert!(!ics.contains(private), "{private} leaked into the calendar");
    }
    for wrong in ["/calendar/nope.ics", "/calendar/x", "/calendar/..%2F..%2Fetc.ics"] {
        assert_eq!(anonymous.get(wrong).await.status(), StatusCode::NOT_FOUND, "{wrong}");
    }
    // A new address replaces the old one; revoking ends both.
    let renewed = nurse.post("/round/calendar", &[]).await.text().await.unwrap();
    let second =
        between(&renewed, "id=\"calendar-link\" type=\"text\" readonly value=\"", "\"").unwrap();
    assert_ne!(second, link);
    assert_eq!(anonymous.get(&path).await.status(), StatusCode::NOT_FOUND);
    nurse.post("/round/calendar/revoke", &[]).await;
    let second_path =
        format!("/{}", second.split_once("://").unwrap().1.split_once('/').unwrap().1);
    assert_eq!(anonymous.get(&second_path).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_position_is_kept_only_at_punches_and_only_where_the_organisation_records_it() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let at_home = |key: &'static str| {
        [
            ("key", key),
            ("method", "manual"),
            ("reason", "Carte absente"),
            ("latitude", "48.114900"),
            ("longitude", "-1.679400"),
            ("accuracy", "12"),
        ]
    };
    // Off by default: the position sent is dropped, the page does not ask for it.
    let page = nurse.get(&format!("/round?day={WEEK}")).await;
    assert!(page.headers()["permissions-policy"].to_str().unwrap().contains("geolocation=(self)"));
    assert!(!page.text().await.unwrap().contains("data-geolocate"));
    let arrived =
        nurse.post(&format!("/round/visits/{visit}/check-in"), &at_home("key-geo-1")).await;
    assert_eq!(location(&arrived), "/round?done=check_in");
    let kept = "SELECT COUNT(*) FROM visit_punches WHERE latitude_e6 IS NOT NULL";
    assert_eq!(service.app.count(kept).await, 0);

    // The administrator turns it on (audited); a nurse may not.
    let settings = "/admin/organisation/geolocation";
    assert_eq!(nurse.post(settings, &[("enabled", "on")]).await.status(), StatusCode::FORBIDDEN);
    let saved = service.admin.post(settings, &[("enabled", "on")]).await;
    assert_eq!(location(&saved), "/admin/organisation?done=saved");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'org.punch_geolocation'";
    assert_eq!(service.app.count(audited).await, 1);
    let page = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(page.contains("data-geolocate") && page.contains("seulement à ce moment"));
    let home_page = service.coordinator.get("/planning").await;
    assert!(home_page.headers()["permissions-policy"].to_str().unwrap().contains("geolocation=()"));

    // Bad positions are refused plainly; a good one is kept with the departure.
    let departure = format!("/round/visits/{visit}/check-out");
    for (latitude, longitude, accuracy) in
        [("91", "-1.6", "10"), ("48.1", "east", "10"), ("48.1", "-1.6", "-5"), ("48.1", "", "")]
    {
        let fields = [
            ("key", "key-geo-bad"),
            ("method", "manual"),
            ("reason", "Carte absente"),
            ("latitude", latitude),
            ("longitude", longitude),
            ("accuracy", accuracy),
        ];
        let refused = nurse.post(&departure, &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{latitude} {longitude}");
    }
    let left = nurse.post(&departure, &at_home("key-geo-2")).await;
    assert_eq!(location(&left), "/round?done=check_out");
    assert_eq!(service.app.count(kept).await, 1);

    // The caregiver sees it on their own page; the coordinator sees how far from home it was.
    let me = nurse.get("/round/me").await.text().await.unwrap();
    assert!(me.contains("48.114900, -1.679400 (± 12 m)") && me.contains("de chaque arrivée"));
    let queue = format!("/planning/exceptions?team={}&week={WEEK}", service.team_a);
    let page = service.coordinator.get(&queue).await.text().await.unwrap();
    assert!(page.contains("téléphone à 22 m du domicile (± 12 m)"), "{page}");
}

/// A refused upload: the form's fields, its file (field, name, bytes) and the message expected.
type RefusedUpload<'a> = (&'a [(&'a str, &'a str)], (&'a str, &'a str, Vec<u8>), &'a str);

#[tokio::test]
async fn a_photo_needs_consent_is_sniffed_sealed_and_shown_only_to_the_care_team() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let arrival = [("key", "key-photo-in"), ("method", "manual"), ("reason", "Carte absente")];
    nurse.post(&format!("/round/visits/{visit}/check-in"), &arrival).await;
    let path = format!("/round/visits/{visit}/photo");
    let png: Vec<u8> =
        [&b"\x89PNG\r\n\x1a\n"[..], &b"\0\0\0\rIHDR not really a picture"[..]].concat();

    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(day.contains("Ajouter une photo"), "offered once the arrival is recorded");
    let refusals: [RefusedUpload; 3] = [
        (&[], ("photo", "plaie.png", png.clone()), "Indiquez qui a donné son accord"),
        (
            &[("consent", "patient")],
            ("photo", "plaie.png", b"MZ\x90\0program".to_vec()),
            "pas une photo",
        ),
        (&[("consent", "patient")], ("photo", "", Vec::new()), "Choisissez un fichier"),
    ];
    for (fields, file, message) in refusals {
        let refused = nurse.post_file(&path, fields, file).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(refused.text().await.unwrap().contains(message), "{message}");
    }
    let huge = vec![0xFF; 9 * 1024 * 1024];
    let too_big =
        nurse.post_file(&path, &[("consent", "patient")], ("photo", "big.jpg", huge)).await;
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let forged = reqwest::multipart::Form::new().text("consent", "patient");
    let forged = nurse.client.post(nurse.url(&path)).multipart(forged).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let stranger = service
        .outsider
        .post_file(&path, &[("consent", "patient")], ("photo", "a.png", png.clone()))
        .await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_photos").await, 0);

    let sent = nurse
        .post_file(&path, &[("consent", "representative")], ("photo", "plaie.png", png.clone()))
        .await;
    assert_eq!(location(&sent), "/round?done=photo");
    let sealed: Vec<u8> = {
        use sqlx::Row;
        sqlx::query("SELECT image_enc FROM visit_photos")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    assert!(!sealed.windows(4).any(|w| w == b"IHDR"), "the photo is encrypted");

    // In the record, for the care team only; each viewing is audited.
    let record =
        service.coordinator.get(&format!("/patients/{jeanne}")).await.text().await.unwrap();
    let link = between(&record, &format!("href=\"/patients/{jeanne}/photos/"), "\"").unwrap();
    assert!(record.contains("accord de son représentant"));
    let photo = format!("/patients/{jeanne}/photos/{link}");
    let shown = service.coordinator.get(&photo).await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()["content-type"], "image/png");
    assert_eq!(shown.headers()["x-content-type-options"], "nosniff");
    assert_eq!(shown.bytes().await.unwrap().to_vec(), png);
    assert_eq!(service.outsider.get(&photo).await.status(), StatusCode::NOT_FOUND);
    let other = format!("/patients/{jeanne}/photos/0190f0c2-0000-7000-8000-000000000000");
    assert_eq!(service.coordinator.get(&other).await.status(), StatusCode::NOT_FOUND);
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('visit.photo_add', 'patient.photo_read')";
    assert_eq!(service.app.count(audited).await, 2);
}
