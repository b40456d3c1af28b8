//! The right to disconnect: notifications held outside working hours and delivered when they
//! start; urgent overrides only for allowed roles, with a reason, audited and counted.

use std::time::Duration;

use reqwest::StatusCode;

use super::{chat, conversation_of, page, send, send_raw};
use crate::live::{next, next_within, open};

/// Makes `user_id` work only on the day three days from now (Paris time), 08:00–18:00.
pub async fn off_duty_until_three_days_from_now(
    app: &crate::helpers::TestApp,
    user_id: &str,
) -> i64 {
    let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let day = jiff::Timestamp::now()
        .to_zoned(zone.clone())
        .date()
        .checked_add(jiff::Span::new().days(3))
        .unwrap();
    let bit = 1 << day.weekday().to_monday_zero_offset();
    app.execute(&format!(
        "UPDATE users SET work_days = {bit}, work_start_minute = 480, work_end_minute = 1080, \
         time_zone = 'Europe/Paris' WHERE id = '{user_id}'"
    ))
    .await;
    day.at(8, 0, 0, 0).to_zoned(zone).unwrap().timestamp().as_millisecond()
}

#[tokio::test]
async fn a_message_outside_working_hours_is_held_and_delivered_when_the_day_starts() {
    let c = chat().await;
    let start = off_duty_until_three_days_from_now(&c.app, &c.nurse_id).await;
    let id = conversation_of(&c.admin.post("/messages/direct", &[("people", &c.nurse_id)]).await);
    assert!(page(&c.admin, &format!("/messages/{id}")).await.contains("est hors service jusqu’à"));

    let mut nurse_socket = open(&c.nurse, "").await.unwrap();
    assert_eq!(next(&mut nurse_socket).await["type"], "hello");
    let sent = send(&c.admin, &id, "Pour demain : Mme Leroy a besoin de compresses").await;
    assert_eq!(sent["held"][0]["user_id"], c.nurse_id.as_str(), "the sender is told");
    assert_eq!(sent["held"][0]["until"].as_i64().unwrap(), start);
    // The message itself reaches her open page (she may read it), but no notification does.
    let mut notified = false;
    while let Some(frame) = next_within(&mut nurse_socket, Duration::from_millis(700)).await {
        notified |= frame["kind"] == "notification";
    }
    assert!(!notified, "no notification outside working hours");
    let held = c.app.count("SELECT COUNT(*) FROM notifications WHERE delivered_at IS NULL").await;
    assert_eq!(held, 1);
    assert!(!page(&c.nurse, "/notifications").await.contains("Nouveau message"));

    // The day starts: the delivery pass hands it over, live.
    c.app.execute("UPDATE notifications SET deliver_at = 0 WHERE delivered_at IS NULL").await;
    let delivered = relais::messaging::notifications::deliver_due(c.app.state()).await.unwrap();
    assert_eq!(delivered, 1);
    let frame = loop {
        let frame = next(&mut nurse_socket).await;
        if frame["kind"] == "notification" {
            break frame;
        }
    };
    assert_eq!(frame["payload"]["conversation_id"], id.as_str());
    assert!(frame["payload"].get("text").is_none(), "no content in a notification");
    assert!(page(&c.nurse, "/notifications").await.contains("Nouveau message"));
    assert_eq!(
        relais::messaging::notifications::deliver_due(c.app.state()).await.unwrap(),
        0,
        "once"
    );
}

#[tokio::test]
async fn only_allowed_roles_send_urgent_messages_with_a_reason_and_each_is_audited() {
    let c = chat().await;
    off_duty_until_three_days_from_now(&c.app, &c.nurse_id).await;
    let id = super::channel(&c.coordinator, "Astreinte", false).await;
    c.nurse.post(&format!("/messages/{id}/join"), &[]).await;
    c.admin.post(&format!("/messages/{id}/join"), &[]).await;

    // The administrator is not a coordinator: urgency is refused.
    let refused = send_raw(
        &c.admin,
        &id,
        &[("text", "@anne.martin vite"), ("urgent", "1"), ("urgent_reason", "test")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // A coordinator must give a reason.
    let no_reason = send_raw(
        &c.coordinator,
        &id,
        &[("text", "@anne.martin vite"), ("urgent", "1"), ("urgent_reason", " ")],
    )
    .await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // With one, the off-duty nurse is notified at once.
    let urgent = send_raw(
        &c.coordinator,
        &id,
        &[
            ("text", "@anne.martin M. Petit a chuté, peux-tu passer ?"),
            ("urgent", "1"),
            ("urgent_reason", "Chute d'un patient"),
        ],
    )
    .await;
    assert_eq!(urgent.status(), StatusCode::CREATED);
    let answer: serde_json::Value = urgent.json().await.unwrap();
    assert!(answer["held"].as_array().unwrap().is_empty());
    let delivered = c.app.count(&format!(
        "SELECT COUNT(*) FROM notifications WHERE user_id = '{}' AND delivered_at IS NOT NULL AND urgent = 1",
        c.nurse_id
    ))
    .await;
    assert_eq!(delivered, 1);
    assert_eq!(c.app.count("SELECT COUNT(*) FROM urgent_overrides").await, 1);
    assert_eq!(
        c.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'message.urgent_override'")
            .await,
        1
    );
    // Without urgency, the same mention is held.
    let plain = send(&c.coordinator, &id, "@anne.martin pas pressé").await;
    assert_eq!(plain["held"].as_array().unwrap().len(), 1);
    assert!(page(&c.nurse, &format!("/messages/{id}")).await.contains("Urgent"));
}

#[tokio::test]
async fn managers_see_team_aggregates_only_for_teams_of_five_or_more() {
    let c = chat().await;
    c.admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let team = crate::homecare::team_id(&c.app, "Équipe Nord").await;
    for user in [&c.admin_id, &c.nurse_id, &c.coordinator_id] {
        crate::homecare::join(&c.app, &team, user).await;
    }
    let small = page(&c.coordinator, &format!("/qvct/indicators?team={team}")).await;
    assert!(small.contains("moins de 5 personnes"), "three people: hidden");
    assert!(!small.contains("<tbody>"));
    for i in 0..2 {
        let (_, id, _) =
            c.app.person(&c.admin, &format!("aide{i}@ssiad-test.fr"), &["staff"]).await;
        crate::homecare::join(&c.app, &team, &id).await;
    }
    off_duty_until_three_days_from_now(&c.app, &c.nurse_id).await;
    let id = super::channel(&c.coordinator, "Astreinte", false).await;
    c.nurse.post(&format!("/messages/{id}/join"), &[]).await;
    send(&c.coordinator, &id, "@anne.martin pour demain").await;
    let urgent = [("text", "@anne.martin chute"), ("urgent", "1"), ("urgent_reason", "Chute")];
    assert_eq!(send_raw(&c.coordinator, &id, &urgent).await.status(), StatusCode::CREATED);
    let figures = page(&c.coordinator, &format!("/qvct/indicators?team={team}")).await;
    let disconnect =
        crate::helpers::between(&figures, "id=\"disconnect-figures\"", "</table>").unwrap();
    let this_week = crate::helpers::between(&disconnect, "<tbody>", "</tr>").unwrap();
    let cells: Vec<&str> =
        this_week.split("<td>").skip(1).map(|c| c.trim_end_matches("</td>")).collect();
    // Sent 2, none outside the coordinator's hours, 2 arrived while the nurse was off duty, 1 urgent
    // each way; no working day declared (telework) beyond hours or over ten hours; no telework.
    assert_eq!(cells, ["2", "0", "2", "1", "1", "0", "0", "0 %"], "{this_week}");
    let content = crate::helpers::between(&figures, "<main", "</main>").unwrap();
    assert!(!content.contains("Nadia Benali"), "no names, no per-person figures");
    assert_eq!(c.nurse.get("/qvct/indicators").await.status(), StatusCode::FORBIDDEN);
    // Staff representatives read the same aggregates, and nothing of the patients.
    let (cse, _, _) = c.app.person(&c.admin, "cse@ssiad-test.fr", &["cse"]).await;
    let theirs = page(&cse, &format!("/qvct/indicators?team={team}")).await;
    assert!(theirs.contains(&this_week), "the same figures");
    assert_eq!(cse.get("/patients").await.status(), StatusCode::FORBIDDEN);
    let old = c.coordinator.get(&format!("/messages/indicators?team={team}")).await;
    assert_eq!(old.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        c.coordinator.get("/qvct/indicators?team=unknown").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_menu_badge_counts_delivered_unread_notifications() {
    let c = chat().await;
    let id = conversation_of(&c.admin.post("/messages/direct", &[("people", &c.nurse_id)]).await);
    let count = |json: serde_json::Value| json["unread"].as_i64().unwrap();
    let badge = || async {
        c.nurse.get("/notifications/unread").await.json::<serde_json::Value>().await.unwrap()
    };
    assert_eq!(count(badge().await), 0);
    let sent = send(&c.admin, &id, "Un message").await;
    assert_eq!(count(badge().await), 1);
    c.nurse.post(&format!("/messages/{id}/read"), &[("seq", &sent["seq"].to_string())]).await;
    assert_eq!(count(badge().await), 0);
    let signed_out =
        crate::helpers::Browser::at(&c.nurse.address).get("/notifications/unread").await;
    assert_ne!(signed_out.status(), StatusCode::OK);
}
