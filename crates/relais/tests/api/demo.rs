use reqwest::StatusCode;

use crate::helpers::{location, spawn_app_with};

#[tokio::test]
async fn the_demo_organisation_loads_and_its_printed_logins_work() {
    let app = spawn_app_with(|s| s.planning.day_seconds = 0.5).await;
    relais::demo::seed(&app.state().db, &app.state().keys, &app.state().blobs).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 23);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM user_roles WHERE role IN ('nurse', 'aide')").await,
        12
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'coordinator'").await, 3);
    let email = "coordination.nord@tilleuls.demo";
    let credentials = relais::auth::store::credentials_by_email(app.state().db.reader(), email)
        .await
        .unwrap()
        .unwrap();
    let secret = relais::auth::service::totp_secret(app.state(), &credentials).await.unwrap();
    let browser = app.browser();
    browser.sign_in_fully(email, relais::demo::DEMO_PASSWORD, secret.as_deref()).await;
    let home = browser.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains(relais::demo::DEMO_ORGANISATION));

    // Home care: 80 patients in two teams, and this week's visits ready to plan and optimise.
    assert_eq!(app.count("SELECT COUNT(*) FROM patients").await, 80);
    // Lively channels: four channels and a direct conversation, every message sealed and indexed.
    assert_eq!(app.count("SELECT COUNT(*) FROM conversations").await, 5);
    assert!(app.count("SELECT COUNT(*) FROM messages WHERE body_enc IS NOT NULL").await >= 20);
    assert!(app.count("SELECT COUNT(*) FROM message_terms").await > 100);
    assert_eq!(app.count("SELECT COUNT(*) FROM messages WHERE pinned = 1").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM caregivers").await, 12);
    let patients = browser.get("/patients").await.text().await.unwrap();
    assert_eq!(patients.matches("href=\"/patients/").count(), 40, "the north team's patients");
    let planning = browser.get("/planning?view=day").await;
    assert_eq!(planning.status(), StatusCode::OK);
    let page = planning.text().await.unwrap();
    assert!(page.contains("Toilette") && page.contains("class=\"lane\""), "today's lanes");
    let team: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM teams WHERE name = 'Équipe Nord'")
            .fetch_one(app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    // Last week and this week are planned and published; next Monday is still to plan.
    let monday = relais::homecare::recurrence::week_start(jiff::Zoned::now().date());
    let published = "SELECT COUNT(*) FROM planning_weeks WHERE published_at IS NOT NULL";
    assert_eq!(app.count(published).await, 4);
    // Last week was done: punches, reports with care notes, and a few exceptions to resolve.
    let last_monday = monday.checked_sub(jiff::Span::new().days(7)).unwrap();
    let done = format!(
        "SELECT COUNT(*) FROM visit_reports r JOIN visits v ON v.id = r.visit_id \
         WHERE v.day >= '{last_monday}' AND v.day < '{monday}' AND r.note_enc IS NOT NULL"
    );
    assert!(app.count(&done).await > 50, "last week's care notes");
    let exceptions = browser
        .get(&format!("/planning/exceptions?team={team}&week={last_monday}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(exceptions.contains("Arrivée hors tolérance"), "a late arrival waits");
    assert!(exceptions.contains("Pas de départ pointé"), "a forgotten departure waits");
    // Workload indicators on the demo's history: last week's rounds, as team figures.
    let indicators =
        browser.get(&format!("/qvct/indicators?team={team}")).await.text().await.unwrap();
    let care = crate::helpers::between(&indicators, "id=\"care-figures\"", "</table>").unwrap();
    let last_week: Vec<i64> = care
        .split("<tr>")
        .nth(3)
        .unwrap()
        .split("<td>")
        .skip(1)
        .take(2)
        .map(|cell| cell.split('<').next().unwrap().parse().unwrap())
        .collect();
    assert!(last_week[0] > 100 && last_week[1] > 50, "planned and done: {last_week:?}");
    let mine = browser.get("/qvct/me").await;
    assert_eq!(mine.status(), StatusCode::OK);
    let this_week_left = format!(
        "SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL AND day >= '{monday}' AND day < '{}'",
        monday.checked_add(jiff::Span::new().days(7)).unwrap()
    );
    let planned = format!(
        "SELECT COUNT(*) FROM visits WHERE day >= '{monday}' AND day < '{}'",
        monday.checked_add(jiff::Span::new().days(7)).unwrap()
    );
    let (left, all) = (app.count(&this_week_left).await, app.count(&planned).await);
    assert!(left * 10 < all, "most of this week is planned: {left} of {all} left");
    let next_monday = monday.checked_add(jiff::Span::new().days(7)).unwrap().to_string();
    let started = browser
        .post("/planning/optimise", &[("team", &team), ("day", &next_monday), ("scope", "day")])
        .await;
    let proposal = location(&started);
    assert!(proposal.starts_with("/planning/proposals/"), "{proposal}");
    for _ in 0..100 {
        let page = browser.get(&proposal).await.text().await.unwrap();
        if page.contains("Ce qui changerait") {
            let unassigned = "SELECT COUNT(*) FROM visits WHERE caregiver_id IS NULL";
            let before = app.count(unassigned).await;
            let accepted = browser.post(&format!("{proposal}/accept"), &[("all", "1")]).await;
            assert!(location(&accepted).contains("done=accepted"), "{}", location(&accepted));
            assert!(app.count(unassigned).await < before, "the proposal was applied");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no proposal for the demo day");
}

/// A first `relais demo` stopped while seeding left an organisation without conversations, and
/// the next start skipped seeding. Now the half-seeded database is recognised and seeded again.
#[tokio::test]
async fn a_demo_interrupted_while_seeding_is_seeded_again_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let settings =
        relais::config::Settings { data_dir: data.clone(), ..relais::config::Settings::default() };
    // What a kill half-way leaves: the mark, the organisation, nothing else.
    let db = relais::db::Db::connect(&settings).await.unwrap();
    db.migrate().await.unwrap();
    relais::crypto::store::set_meta(db.writer(), "demo.seeding", b"started").await.unwrap();
    let mut tx = db.begin().await.unwrap();
    relais::org::store::insert_organisation_with_id(
        &mut tx,
        "half",
        relais::demo::DEMO_ORGANISATION,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;

    let listen = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["demo", "--data-dir", data.to_str().unwrap()])
        .env("RELAIS__LISTEN", &listen)
        .env("RELAIS__METRICS_LISTEN", "")
        .env("RELAIS__PLANNING__DAY_SECONDS", "0.5")
        .env_remove("RELAIS_TEST_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut ready = false;
    for _ in 0..1200 {
        let answer = reqwest::get(format!("http://{listen}/readyz")).await;
        if answer.is_ok_and(|r| r.status() == StatusCode::OK) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(ready, "the demo started");
    let db = relais::db::Db::connect(&settings).await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(db.reader()).await.unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) FROM organisations").await, 1);
    assert!(count("SELECT COUNT(*) FROM conversations").await >= 4, "seeded to the end");
    assert_eq!(count("SELECT COUNT(*) FROM meta WHERE name = 'demo.seeding'").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM organisations WHERE id = 'half'").await, 0);
    db.close().await;
}
