//! Hostile identifiers and bytes in URLs, queries and forms: clear 4xx answers, never a 500.

use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn nul_bytes_and_odd_identifiers_never_cause_a_server_error() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let odd_ids =
        ["%00", "a%00b", "..%2F..%2Fetc", "%E2%80%AE", &"x".repeat(300), "1%27%20OR%201%3D1"];
    for id in odd_ids {
        for path in [
            format!("/admin/people/{id}"),
            format!("/api/v1/people/{id}"),
            format!("/admin/audit?person={id}&patient={id}&action={id}"),
            format!("/admin/audit?before={id}"),
            format!("/ws?last_event_id={id}"),
            format!("/setup?token={id}"),
            format!("/activate?token={id}"),
        ] {
            let status = admin.get(&path).await.status();
            assert!(status.is_client_error() || status.is_success(), "{path}: {status}");
        }
        let raw = id.replace("%00", "\u{0}").replace("%27", "'");
        for (path, fields) in [
            (format!("/admin/people/{id}/deactivate"), vec![]),
            (format!("/admin/teams/{id}/delete"), vec![]),
            (format!("/account/sessions/{id}/revoke"), vec![]),
            (format!("/account/tokens/{id}/revoke"), vec![]),
            ("/admin/teams".to_string(), vec![("name", "Équipe"), ("site", raw.as_str())]),
            ("/login".to_string(), vec![("email", raw.as_str()), ("password", raw.as_str())]),
            ("/language".to_string(), vec![("lang", "fr"), ("next", "/a\r\nSet-Cookie: x=1")]),
        ] {
            let status = admin.post(&path, &fields).await.status();
            assert!(
                status.is_client_error() || status.is_redirection(),
                "{path} {fields:?}: {status}"
            );
        }
    }
    let invite = admin
        .post(
            "/admin/people",
            &[
                ("email", "x@ssiad-test.fr"),
                ("display_name", "X"),
                ("roles", "aide"),
                ("teams", "a\u{0}b"),
            ],
        )
        .await;
    assert_eq!(invite.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let malformed_query = admin.get("/admin/audit?before=not-a-number").await;
    assert_eq!(malformed_query.status(), StatusCode::BAD_REQUEST);
    assert!(malformed_query.text().await.unwrap().contains("La demande est mal formée."));
    let api_query = admin.get("/api/v1/audit?limit=lots").await;
    assert_eq!(api_query.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api_query.headers()["content-type"], "application/problem+json");
    assert_eq!(admin.get("/").await.status(), StatusCode::OK, "still signed in and serving");
}
