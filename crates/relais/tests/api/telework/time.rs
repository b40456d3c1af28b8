//! Declared working time: declared or confirmed in one tap, checked (end before start, 30-hour
//! days, breaks, days to come, DST days), approved by the manager, exported for payroll.

use reqwest::StatusCode;

use super::*;

async fn declare(
    person: &Browser,
    day: &str,
    start: &str,
    end: &str,
    pause: &str,
) -> reqwest::Response {
    person
        .post(
            "/telework/time",
            &[("day", day), ("start", start), ("end", end), ("break", pause), ("place", "remote")],
        )
        .await
}

#[tokio::test]
async fn a_day_is_declared_or_confirmed_in_one_tap_and_the_week_adds_up() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    let response = declare(secretary, "2026-12-07", "08:00", "17:30", "60").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    let confirmed = secretary.post("/telework/time/confirm", &[("day", "2026-12-04")]).await;
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let worked = app.count("SELECT CAST(SUM(worked_minutes) AS BIGINT) FROM telework_time").await;
    assert_eq!(
        worked,
        8 * 60 + 30 + 9 * 60,
        "08:00–17:30 less an hour, and 08:00–18:00 less an hour"
    );
    let week = secretary.get("/telework/time").await.text().await.unwrap();
    assert!(week.contains("8 h 30") && week.contains("45 h 00"), "{week}");
    let saturday = secretary.post("/telework/time/confirm", &[("day", "2026-12-05")]).await;
    assert_eq!(saturday.status(), StatusCode::UNPROCESSABLE_ENTITY, "not a usual working day");
    let again = declare(secretary, "2026-12-07", "08:30", "17:30", "45").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER, "a declared day can be corrected");
    assert_eq!(app.count("SELECT COUNT(*) FROM telework_time").await, 2, "one line per day");
}

#[tokio::test]
async fn impossible_days_are_refused_with_their_message() {
    let office = office().await;
    let secretary = &office.secretary;
    for (day, start, end, pause, message) in [
        ("2026-12-07", "17:00", "09:00", "0", "L’heure de fin doit être après"),
        ("2026-12-07", "00:00", "24:00", "0", "Plus de 13 heures"),
        ("2026-12-07", "09:00", "10:00", "60", "La pause doit être plus courte"),
        ("2026-12-07", "25:99", "10:00", "0", ""),
        ("2026-12-08", "09:00", "17:00", "60", "journée à venir"),
        ("2026-09-01", "09:00", "17:00", "60", "trop ancienne"),
        ("2026-02-30", "09:00", "17:00", "60", ""),
    ] {
        let response = declare(secretary, day, start, end, pause).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{day} {start}–{end}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{message:?} for {day} {start}–{end}");
    }
    let negative = declare(secretary, "2026-12-07", "09:00", "17:00", "-30").await;
    assert_eq!(negative.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(office.app.count("SELECT COUNT(*) FROM telework_time").await, 0);
}

#[tokio::test]
async fn hours_on_a_day_when_the_clocks_change_are_counted_as_they_were_lived() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    // 25 October 2026 in Paris: 03:00 comes back to 02:00, so 01:00–05:00 lasts five hours.
    let response = declare(secretary, "2026-10-25", "01:00", "05:00", "0").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    assert_eq!(app.count("SELECT worked_minutes FROM telework_time").await, 5 * 60);
    // 28 March 2027: 02:00 jumps to 03:00, so 01:00–05:00 lasts three hours.
    app.state().clock.pin("2027-04-01T08:00:00Z".parse().unwrap());
    declare(secretary, "2027-03-28", "01:00", "05:00", "0").await;
    let spring =
        app.count("SELECT worked_minutes FROM telework_time WHERE day = '2027-03-28'").await;
    assert_eq!(spring, 3 * 60);
}

#[tokio::test]
async fn the_manager_approves_the_week_and_the_person_can_no_longer_change_it() {
    let office = office().await;
    let (app, secretary, manager) = (&office.app, &office.secretary, &office.manager);
    declare(secretary, "2026-12-07", "08:00", "17:00", "60").await;
    let team = manager.get("/telework/time/team").await.text().await.unwrap();
    assert!(team.contains("Valider la semaine"), "{team}");
    let read =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.time_read'").await;
    assert_eq!(read, 1, "reading the team's time is audited");
    let fields = [
        ("user", office.secretary_id.as_str()),
        ("week", "2026-12-07"),
        ("team", office.team.as_str()),
    ];
    let own = secretary.post("/telework/time/approve", &fields).await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN, "staff approve nothing");
    assert_eq!(secretary.get("/telework/time/team").await.status(), StatusCode::FORBIDDEN);
    let approved = manager.post("/telework/time/approve", &fields).await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    let status = text(app, "SELECT status FROM telework_time").await;
    assert_eq!(status, "approved");
    let change = declare(secretary, "2026-12-07", "08:00", "19:00", "60").await;
    assert_eq!(change.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let removed = secretary.post("/telework/time/remove", &[("day", "2026-12-07")]).await;
    assert_eq!(removed.status(), StatusCode::CONFLICT);
    let (other_manager, _, _) = app.person(&office.admin, "cadre2@chu.fr", &["manager"]).await;
    let foreign = other_manager.post("/telework/time/approve", &fields).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND, "another team's manager");
}

#[tokio::test]
async fn the_payroll_export_neutralises_formulas_and_is_for_human_resources_only() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    declare(secretary, "2026-12-07", "08:00", "17:00", "60").await;
    app.execute(&format!(
        "UPDATE users SET display_name = '=HYPERLINK(\"http://x\")' WHERE id = '{}'",
        office.secretary_id
    ))
    .await;
    assert_eq!(
        office.manager.get("/telework/time/export.csv?month=2026-12").await.status(),
        StatusCode::FORBIDDEN
    );
    let response = office.hr.get("/telework/time/export.csv?month=2026-12").await;
    assert_eq!(response.status(), StatusCode::OK);
    let csv = response.text().await.unwrap();
    assert!(csv.contains("\"'=HYPERLINK"), "{csv}");
    assert!(csv.contains("\"2026-12-07\";\"08:00\";\"17:00\";\"60\";\"480\";\"remote\""), "{csv}");
    let bad = office.hr.get("/telework/time/export.csv?month=décembre").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let page = secretary.get("/round/me").await.text().await.unwrap();
    assert!(page.contains("480 min"), "the person sees what they declared");
}
