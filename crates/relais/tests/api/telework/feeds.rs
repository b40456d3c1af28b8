//! Telework calendar feeds: shown once, approved days only, revoked and renewed, and a team's
//! feed that stops when its owner leaves the team.

use reqwest::StatusCode;

use super::*;
use crate::helpers::between;

/// Creates the feed of `scope` and returns its path.
async fn feed_path(person: &Browser, scope: &str) -> String {
    let page = person.post("/telework/calendar", &[("scope", scope)]).await.text().await.unwrap();
    let link = between(&page, "readonly value=\"", "\"").expect("the address is shown once");
    let path = link.split_once("/telework/feed/").unwrap().1;
    format!("/telework/feed/{path}")
}

#[tokio::test]
async fn a_persons_feed_carries_approved_days_only_and_stops_when_revoked_or_renewed() {
    let office = office().await;
    let (app, secretary, manager) = (&office.app, &office.secretary, &office.manager);
    ask(secretary, "2026-12-08", "day").await;
    ask(secretary, "2026-12-10", "morning").await;
    let approved = day_id(app, &office.secretary_id, "2026-12-08").await;
    decide(manager, &approved, "approve", "").await;
    let path = feed_path(secretary, "").await;
    let calendar = app.browser().get(&path).await;
    assert_eq!(calendar.status(), StatusCode::OK);
    assert!(calendar.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = calendar.text().await.unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20261208"), "{ics}");
    assert!(!ics.contains("20261210"), "a day still asked for is not in the calendar");
    let again = secretary.get("/telework/calendar").await.text().await.unwrap();
    assert!(!again.contains(&path), "the address is shown once");
    let renewed = feed_path(secretary, "").await;
    assert_eq!(app.browser().get(&path).await.status(), StatusCode::NOT_FOUND, "the old address");
    secretary.post("/telework/calendar/revoke", &[("scope", "")]).await;
    assert_eq!(app.browser().get(&renewed).await.status(), StatusCode::NOT_FOUND);
    for garbage in
        ["/telework/feed/x", "/telework/feed/..%2F..%2Fetc.ics", "/telework/feed/a%00b.ics"]
    {
        assert_eq!(app.browser().get(garbage).await.status(), StatusCode::NOT_FOUND, "{garbage}");
    }
}

#[tokio::test]
async fn a_teams_feed_names_its_members_days_and_stops_when_its_owner_leaves_the_team() {
    let office = office().await;
    let (app, secretary, manager) = (&office.app, &office.secretary, &office.manager);
    ask(secretary, "2026-12-08", "day").await;
    let id = day_id(app, &office.secretary_id, "2026-12-08").await;
    decide(manager, &id, "approve", "").await;
    let (colleague, colleague_id) = &office.others[0];
    let path = feed_path(colleague, &office.team).await;
    let ics = app.browser().get(&path).await.text().await.unwrap();
    assert!(ics.contains("Nadia Benali — Télétravail"), "{ics}");
    let foreign = colleague.post("/telework/calendar", &[("scope", "another-team")]).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND, "only teams one belongs to");
    app.execute(&format!("DELETE FROM team_members WHERE user_id = '{colleague_id}'")).await;
    assert_eq!(app.browser().get(&path).await.status(), StatusCode::NOT_FOUND);
}
