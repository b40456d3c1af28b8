//! Declared punches: where the organisation does not require the home card, the day's list
//! records an arrival and a departure in one tap each; where it does, a declared punch is refused
//! and the page offers the card. The setting is the administrator's, audited.

use reqwest::StatusCode;

use super::super::{WEEK, service};
use super::published_week;
use crate::helpers::location;

#[tokio::test]
async fn without_the_card_requirement_arrival_and_departure_take_one_tap() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let check_in = format!("/round/visits/{visit}/check-in");
    let declared = [("key", "key-declared-1"), ("method", "declared")];

    let refused = nurse.post(&check_in, &declared).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the card is required by default"
    );
    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(!day.contains("value=\"declared\""), "no one-tap button while the card is required");

    let forbidden =
        service.coordinator.post("/admin/organisation/presence", &[] as &[(&str, &str)]).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN, "an organisation setting");
    let saved = service.admin.post("/admin/organisation/presence", &[] as &[(&str, &str)]).await;
    assert_eq!(location(&saved), "/admin/organisation?done=saved");
    let settings = service.admin.get("/admin/organisation").await.text().await.unwrap();
    assert!(!settings.contains("name=\"card_required\" checked"));

    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(day.contains("value=\"declared\""), "one tap from the day's list");
    assert!(!day.contains("name=\"code\""), "no card code asked");
    let arrived = nurse.post(&check_in, &declared).await;
    assert_eq!(location(&arrived), "/round?done=check_in");
    let left = nurse
        .post(
            &format!("/round/visits/{visit}/check-out"),
            &[("key", "key-declared-2"), ("method", "declared")],
        )
        .await;
    assert_eq!(location(&left), "/round?done=check_out");
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM visit_punches WHERE method = 'declared'").await,
        2
    );
    let audited = service
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'org.punch_card_required'")
        .await;
    assert_eq!(audited, 1);

    // Back to the card: declared punches are refused again.
    let again =
        service.admin.post("/admin/organisation/presence", &[("card_required", "on")]).await;
    assert_eq!(location(&again), "/admin/organisation?done=saved");
    let late = nurse
        .post(
            &format!("/round/visits/{visit}/check-in"),
            &[("key", "key-declared-3"), ("method", "declared")],
        )
        .await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
