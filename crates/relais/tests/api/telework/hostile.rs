//! Hostile identifiers and values in every telework address and form: a clear 4xx, never a 500.

use super::*;

#[tokio::test]
async fn odd_identifiers_in_telework_addresses_and_forms_never_cause_a_server_error() {
    let office = office().await;
    let odd = ["%00", "a%00b", "..%2F..%2Fetc", "%E2%80%AE", &"x".repeat(300), "1%27%20OR%201%3D1"];
    for browser in [&office.hr, &office.manager, &office.admin] {
        for id in odd {
            for path in [
                format!("/telework/team?team={id}&week={id}"),
                format!("/telework/team?team={id}&view=month"),
                format!("/telework/time?week={id}"),
                format!("/telework/time/team?team={id}&week={id}"),
                format!("/telework/time/export.csv?month={id}"),
                format!("/telework/desks?site={id}&day={id}"),
                format!("/telework/people/{id}"),
                format!("/telework/agreement?person={id}"),
                format!("/telework/feed/{id}.ics"),
            ] {
                let status = browser.get(&path).await.status();
                assert!(status.is_client_error() || status.is_success(), "{path}: {status}");
            }
            let raw = id.replace("%00", "\u{0}").replace("%27", "'");
            let raw = raw.as_str();
            for (path, fields) in [
                (format!("/telework/days/{id}/decide"), vec![("decision", "approve")]),
                (format!("/telework/days/{id}/cancel"), vec![]),
                (format!("/telework/posts/{id}/assess"), vec![("remote_share", raw)]),
                (format!("/telework/reviews/{id}/answer"), vec![("reply", raw)]),
                (format!("/telework/team/{id}/rules"), vec![("min_on_site", raw)]),
                (
                    format!("/telework/team/{id}/blackouts"),
                    vec![("first_day", raw), ("reason", raw)],
                ),
                (format!("/telework/security/devices/{id}/check"), vec![("disk_encryption", raw)]),
                (format!("/telework/security/incidents/{id}/close"), vec![("response", raw)]),
                (format!("/telework/desks/{id}/book"), vec![("day", raw), ("site", raw)]),
                ("/telework/calendar".to_string(), vec![("scope", raw)]),
                ("/telework/holders".to_string(), vec![("user", raw), ("post", raw)]),
                ("/telework/agreements".to_string(), vec![("user", raw), ("days_per_week", raw)]),
                ("/telework/time".to_string(), vec![("day", raw), ("start", raw), ("place", raw)]),
                ("/telework/time/approve".to_string(), vec![("user", raw), ("week", raw)]),
                ("/telework/days".to_string(), vec![("day", raw), ("part", raw), ("weeks", raw)]),
                ("/telework/charter/accept".to_string(), vec![("version", raw)]),
            ] {
                let status = browser.post(&path, &fields).await.status();
                assert!(
                    status.is_client_error() || status.is_redirection() || status.is_success(),
                    "{path} {fields:?}: {status}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_hostile_value_carried_into_a_redirect_is_dropped() {
    let office = office().await;
    let fields = [
        ("day", "2026-12-07"),
        ("start", "08:00"),
        ("end", "17:00"),
        ("break", "60"),
        ("place", "remote"),
    ];
    office.secretary.post("/telework/time", &fields).await;
    let approve = [
        ("user", office.secretary_id.as_str()),
        ("week", "2026-12-07"),
        ("team", "a\u{0}b\r\nSet-Cookie: x=1"),
    ];
    let response = office.manager.post("/telework/time/approve", &approve).await;
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    let next = crate::helpers::location(&response);
    assert_eq!(next, "/telework/time/team?team=&week=2026-12-07&done=approved");
}
