//! Two requests racing for the same visit: two arrivals sent at once with different keys (a
//! queued request replayed while the caregiver taps again, or two tabs) record one arrival, and
//! the same request sent twice at once answers as the first, on PostgreSQL as on SQLite.

use reqwest::StatusCode;

use super::super::service;
use super::{print_card, published_week};

#[tokio::test]
async fn simultaneous_arrivals_record_one_and_a_doubled_request_answers_as_the_first() {
    let service = service().await;
    let (jeanne, _) = published_week(&service).await;
    let code = print_card(&service, &jeanne).await;
    let visits: Vec<String> = sqlx::query_scalar("SELECT id FROM visits ORDER BY day")
        .fetch_all(service.app.state().db.reader())
        .await
        .unwrap();
    let nurse = &service.nurse;
    for (n, visit) in visits.iter().enumerate() {
        let path = format!("/round/visits/{visit}/check-in");
        // Two keys for one arrival, and one key sent twice, all at once.
        let keys = [format!("tap-first-{n}"), format!("tap-again-{n}"), format!("tap-first-{n}")];
        let sends = keys.iter().map(|key| {
            let fields = [("key", key.as_str()), ("method", "code"), ("code", code.as_str())];
            let path = path.clone();
            async move { nurse.post(&path, &fields).await.status() }
        });
        let statuses = futures_util::future::join_all(sends).await;
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::UNPROCESSABLE_ENTITY),
            "never a server error: {statuses:?}"
        );
        assert_eq!(statuses[0], statuses[2], "the same request gets the same answer");
    }
    let doubled = "SELECT COUNT(*) FROM (SELECT visit_id FROM visit_punches \
                   GROUP BY visit_id, caregiver_id, kind HAVING COUNT(*) > 1) d";
    assert_eq!(service.app.count(doubled).await, 0, "one arrival per visit");
    let arrivals = "SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_in'";
    assert_eq!(service.app.count(arrivals).await, visits.len() as i64);
    // And the unique key holds even against a direct insert.
    let visit = &visits[0];
    let forced = sqlx::query(
        "INSERT INTO visit_punches (id, org_id, visit_id, caregiver_id, kind, method, device_at, received_at) \
         SELECT 'dup', org_id, visit_id, caregiver_id, kind, method, device_at, received_at \
         FROM visit_punches WHERE visit_id = $1",
    )
    .bind(visit)
    .execute(service.app.state().db.writer())
    .await;
    assert!(forced.is_err(), "the database refuses a second arrival");
}
