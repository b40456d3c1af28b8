//! What a round leaves behind: the exceptions queue and its corrections, the month's export,
//! and the caregiver's calendar feed.

use reqwest::StatusCode;

use super::published_week;
use crate::helpers::{between, location};
use crate::homecare::{WEEK, add_item, create_patient, service};

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

    // Jeanne's identity is qualified: her INS leaves with the export; the visit was reported.
    service
        .app
        .execute(
            "UPDATE patients SET ins_matricule = '284057511602336', \
             ins_oid = '1.2.250.1.213.1.4.8', identity_status = 'qualified' \
             WHERE given_name = 'Jeanne'",
        )
        .await;
    let report = [("key", "key-export-report"), ("outcome", "done"), ("note", "")];
    let reported = service.nurse.post(&format!("/round/visits/{visit}/report"), &report).await;
    assert_eq!(location(&reported), "/round?done=report");
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
    assert!(line.contains("\"284057511602336\""), "the qualified INS is exported: {line}");
    assert!(line.ends_with("\"Réalisée\""), "the outcome in the reader's language: {line}");
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
    assert_eq!(ics.matches("\r\nPRODID:").count(), 1, "one product id: {ics}");
    assert!(ics.contains("\r\nDTSTART:") && ics.contains("Z\r\n"), "times in UTC: {ics}");
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
