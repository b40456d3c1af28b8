//! "Today" is the organisation's, not the server's: with the server's clock at Sunday 21:30 UTC,
//! a team in Paris (22:30) is still on Sunday while a team in Réunion (01:30) is on Monday, a new
//! week. A refused punch shows the day being viewed again, not today.

use reqwest::StatusCode;

use super::super::{Service, WEEK, service};
use super::published_week;

/// Sunday 6 December 2026, 21:30 UTC.
const SUNDAY_EVENING_UTC: &str = "2026-12-06T21:30:00Z";

async fn set_zone(service: &Service, zone: &str) {
    service.app.execute(&format!("UPDATE organisations SET time_zone = '{zone}'")).await;
}

async fn round_day(service: &Service) -> String {
    let page = service.nurse.get("/round").await.text().await.unwrap();
    crate::helpers::between(&page, "data-day=\"", "\"").unwrap()
}

async fn planning_week(service: &Service) -> String {
    let page = service.coordinator.get("/planning").await.text().await.unwrap();
    let link = format!("/planning/exceptions?team={}&amp;week=", service.team_a);
    crate::helpers::between(&page, &link, "\"").unwrap()
}

#[tokio::test]
async fn today_and_this_week_follow_the_organisations_zone_across_midnight() {
    let service = service().await;
    service.app.state().clock.pin(SUNDAY_EVENING_UTC.parse().unwrap());

    set_zone(&service, "Europe/Paris").await;
    assert_eq!(round_day(&service).await, "2026-12-06", "22:30 in Paris: still Sunday");
    assert_eq!(planning_week(&service).await, "2026-11-30", "Sunday ends Paris's week");

    set_zone(&service, "Indian/Reunion").await;
    assert_eq!(round_day(&service).await, "2026-12-07", "01:30 in Réunion: Monday");
    assert_eq!(planning_week(&service).await, "2026-12-07", "a new week in Réunion");
}

#[tokio::test]
async fn a_refused_punch_shows_the_day_being_viewed_again() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let refused = service
        .nurse
        .post(
            &format!("/round/visits/{visit}/check-in"),
            &[("key", "key-wrong-code"), ("method", "code"), ("code", "000000"), ("day", WEEK)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains(&format!("data-day=\"{WEEK}\"")), "the viewed day, not today");
    assert!(page.contains("Jeanne M."), "with its visits");
}
