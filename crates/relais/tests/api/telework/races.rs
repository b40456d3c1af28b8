//! What the database holds when requests race (run on PostgreSQL too, where READ COMMITTED lets
//! a "check, then insert" through).

use reqwest::StatusCode;

use super::*;

#[tokio::test]
async fn two_requests_for_the_same_day_sent_at_once_keep_one() {
    let office = office().await;
    let secretary = &office.secretary;
    let (a, b, c) = tokio::join!(
        ask(secretary, "2026-12-08", "day"),
        ask(secretary, "2026-12-08", "morning"),
        ask(secretary, "2026-12-08", "afternoon"),
    );
    let kept = [a.status(), b.status(), c.status()]
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(kept, 1, "{:?}", [a.status(), b.status(), c.status()]);
    let live = office
        .app
        .count("SELECT COUNT(*) FROM telework_days WHERE status IN ('requested', 'approved')")
        .await;
    assert_eq!(live, 1);
}

#[tokio::test]
async fn approvals_racing_for_the_last_place_away_leave_the_minimum_on_site() {
    let office = office().await;
    let (app, hr, manager) = (&office.app, &office.hr, &office.manager);
    let (hr2, _, _) = app.person(&office.admin, "rh2@chu.fr", &["hr"]).await;
    for (browser, id) in &office.others {
        propose(hr, id, "2", &[]).await;
        sign(browser, app, id).await;
        accept(browser, 1).await;
    }
    manager.post(&format!("/telework/team/{}/rules", office.team), &[("min_on_site", "3")]).await;
    // One is already away: only one more may be.
    ask(&office.secretary, "2026-12-08", "day").await;
    let first = day_id(app, &office.secretary_id, "2026-12-08").await;
    decide(manager, &first, "approve", "").await;
    let (second, second_id) = &office.others[0];
    let (third, third_id) = &office.others[1];
    ask(second, "2026-12-08", "day").await;
    ask(third, "2026-12-08", "day").await;
    let (a, b) =
        (day_id(app, second_id, "2026-12-08").await, day_id(app, third_id, "2026-12-08").await);
    let (one, two) =
        tokio::join!(decide(manager, &a, "approve", ""), decide(&hr2, &b, "approve", ""));
    let statuses = [one.status(), two.status()];
    assert!(statuses.contains(&StatusCode::SEE_OTHER), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    let away = app
        .count(
            "SELECT COUNT(*) FROM telework_days WHERE day = '2026-12-08' AND status = 'approved'",
        )
        .await;
    assert_eq!(away, 2, "five in the team, three stay on site");
}

#[tokio::test]
async fn two_charters_published_at_once_get_two_numbers_or_one_is_refused() {
    let office = office().await;
    let (a, b) = tokio::join!(
        office.hr.post("/telework/charter", &[("body", "# Charte v2 a")]),
        office.hr.post("/telework/charter", &[("body", "# Charte v2 b")]),
    );
    for response in [&a, &b] {
        assert!(
            [StatusCode::SEE_OTHER, StatusCode::CONFLICT].contains(&response.status()),
            "{}",
            response.status()
        );
    }
    let versions = office.app.count("SELECT COUNT(DISTINCT version) FROM telework_charters").await;
    let rows = office.app.count("SELECT COUNT(*) FROM telework_charters").await;
    assert_eq!(versions, rows, "never two charters with one number");
}
