//! Guests' links under attack and in numbers: wrong codes lock, forged, expired, cancelled and
//! foreign links refuse, bad schedules are refused plainly, a carer and an interpreter join as
//! guests of their own and no more.

use reqwest::StatusCode;
use serde_json::json;

use super::{enter, guest_socket, host_socket, next_of, say, schedule};
use crate::helpers::{Browser, between};
use crate::homecare::{create_patient, service};
use crate::live::{next, open_at};

#[tokio::test]
async fn wrong_codes_lock_the_link_and_a_new_link_replaces_it() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let scheduled = schedule(&service, &patient).await;
    let guest = Browser::at(&service.app.address);
    for attempt in 1..=5 {
        let refused = enter(&guest, &scheduled.link, "123 456", "").await;
        let page = refused.text().await.unwrap();
        if attempt < 5 {
            assert!(page.contains("pas le bon"), "attempt {attempt}");
        } else {
            assert!(page.contains("verrouillé"), "the fifth locks: {page}");
        }
    }
    let locked = enter(&guest, &scheduled.link, &scheduled.code, "").await;
    assert_eq!(locked.status(), StatusCode::FORBIDDEN, "even the right code, once locked");
    let consultation = service.nurse.get(&format!("/teleconsultations/{}", scheduled.id)).await;
    assert!(
        consultation.text().await.unwrap().contains("lien verrouillé"),
        "the professional is told"
    );
    let audited = service
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'teleconsultation.link_locked'")
        .await;
    assert_eq!(audited, 1);

    let guest_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM teleconsultation_guests")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let renewed = service
        .nurse
        .post(&format!("/teleconsultations/{}/guests/{guest_id}/renew", scheduled.id), &[])
        .await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let page = renewed.text().await.unwrap();
    let (link, code) =
        (between(&page, "/visio/", "\"").unwrap(), between(&page, "data-code>", "<").unwrap());
    assert_eq!(
        guest.get(&format!("/visio/{}", scheduled.link)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(enter(&guest, &link, &code, "").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bad_schedules_forged_expired_and_foreign_links_are_refused() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let path = format!("/patients/{patient}/teleconsultations");
    for (fields, message) in [
        (
            vec![
                ("kind", "surgeon"),
                ("date", "2027-01-05"),
                ("time", "10:00"),
                ("duration", "20"),
            ],
            "Choisissez une valeur",
        ),
        (
            vec![("kind", "doctor"), ("date", "2020-01-05"), ("time", "10:00"), ("duration", "20")],
            "déjà passé",
        ),
        (
            vec![("kind", "doctor"), ("date", "2027-01-05"), ("time", "25:00"), ("duration", "20")],
            "Heure invalide",
        ),
        (
            vec![("kind", "doctor"), ("date", "demain"), ("time", "10:00"), ("duration", "20")],
            "Date invalide",
        ),
        (
            vec![("kind", "doctor"), ("date", "2027-01-05"), ("time", "10:00"), ("duration", "7")],
            "Choisissez une valeur",
        ),
    ] {
        let refused = service.nurse.post(&path, &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(refused.text().await.unwrap().contains(message), "{message}");
    }
    // Outside the care relationship: as if the patient did not exist.
    assert_eq!(service.outsider.get(&format!("{path}/new")).await.status(), StatusCode::NOT_FOUND);
    let fields =
        [("kind", "doctor"), ("date", "2027-01-05"), ("time", "10:00"), ("duration", "20")];
    assert_eq!(service.outsider.post(&path, &fields).await.status(), StatusCode::NOT_FOUND);

    let scheduled = schedule(&service, &patient).await;
    let consultation = format!("/teleconsultations/{}", scheduled.id);
    assert_eq!(service.outsider.get(&consultation).await.status(), StatusCode::NOT_FOUND);
    // A colleague in the relationship reads it, but only its professional holds the call.
    assert_eq!(service.coordinator.get(&consultation).await.status(), StatusCode::OK);
    assert_eq!(
        service.coordinator.get(&format!("{consultation}/call")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(open_at(&service.coordinator, &format!("{consultation}/call/ws")).await.is_err());
    for (path, fields) in
        [("cancel", vec![]), ("report", vec![("report", "Compte rendu d'un autre")])]
    {
        let refused = service.coordinator.post(&format!("{consultation}/{path}"), &fields).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}: only its professional");
    }

    let guest = Browser::at(&service.app.address);
    for forged in ["x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", "%00"] {
        let page = guest.get(&format!("/visio/{forged}")).await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "{forged}");
    }
    let forged = guest
        .post("/visio/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &[("code", "123456"), ("consent", "yes")])
        .await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    let huge = "9".repeat(100_000);
    let oversize = enter(&guest, &scheduled.link, &huge, &huge).await;
    assert!(oversize.status().is_client_error());

    // A pass for one consultation opens no other room.
    let second = schedule(&service, &patient).await;
    assert_eq!(
        enter(&guest, &scheduled.link, &scheduled.code, "").await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(open_at(&guest, &format!("/visio/{}/ws", second.link)).await.is_err());
    assert!(guest.get(&format!("/visio/{}/salle", second.link)).await.status().is_redirection());

    // Too early: the device check is open, the waiting room is not.
    service
        .app
        .execute(&format!(
            "UPDATE teleconsultations SET starts_at = starts_at + 86400000 WHERE id = '{}'",
            second.id
        ))
        .await;
    let early = enter(&guest, &second.link, &second.code, "").await;
    assert!(early.text().await.unwrap().contains("pas encore ouverte"));

    // After the slot and its grace period, or once cancelled: closed.
    service
        .app
        .execute(&format!(
            "UPDATE teleconsultations SET starts_at = starts_at - 2 * 86400000 WHERE id = '{}'",
            second.id
        ))
        .await;
    assert_eq!(guest.get(&format!("/visio/{}", second.link)).await.status(), StatusCode::GONE);
    let cancelled = service.nurse.post(&format!("{consultation}/cancel"), &[]).await;
    assert_eq!(cancelled.status(), StatusCode::SEE_OTHER);
    assert_eq!(guest.get(&format!("/visio/{}", scheduled.link)).await.status(), StatusCode::GONE);
    assert!(open_at(&guest, &format!("/visio/{}/ws", scheduled.link)).await.is_err());
}

#[tokio::test]
async fn a_carer_and_an_interpreter_join_as_guests_of_their_own_but_no_more() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let scheduled = schedule(&service, &patient).await;
    let guests = format!("/teleconsultations/{}/guests", scheduled.id);
    let refused = service.nurse.post(&guests, &[("role", "patient")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "one patient per consultation");
    assert_eq!(
        service.nurse.post(&guests, &[("role", "<script>")]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let carer = service.nurse.post(&guests, &[("role", "carer")]).await;
    assert_eq!(carer.status(), StatusCode::OK);
    let page = carer.text().await.unwrap();
    assert!(page.contains("proche aidant"));
    let (link, code) =
        (between(&page, "/visio/", "\"").unwrap(), between(&page, "data-code>", "<").unwrap());
    assert_ne!(link, scheduled.link);
    assert_eq!(
        service.nurse.post(&guests, &[("role", "interpreter")]).await.status(),
        StatusCode::OK
    );
    let full = service.nurse.post(&guests, &[("role", "carer")]).await;
    assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(full.text().await.unwrap().contains("Trois invités au plus"));
    // Only the professional invites; the patient's code does not open the carer's link.
    assert_eq!(
        service.coordinator.post(&guests, &[("role", "carer")]).await.status(),
        StatusCode::FORBIDDEN
    );
    let browser = Browser::at(&service.app.address);
    let crossed = enter(&browser, &link, &scheduled.code, "").await;
    assert_eq!(crossed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(enter(&browser, &link, &code, "Paul").await.status(), StatusCode::SEE_OTHER);
    let mut socket = guest_socket(&browser, &link).await;
    assert_eq!(next(&mut socket).await["type"], "waiting");
    let (mut host, _) = host_socket(&service, &scheduled.id).await;
    let lobby = next_of(&mut host, "lobby").await;
    assert_eq!(
        (lobby["waiting"][0]["name"].as_str(), lobby["waiting"][0]["role"].as_str()),
        (Some("Paul"), Some("carer"))
    );
    // A guest of another consultation cannot be renewed or admitted from this one.
    let other = schedule(&service, &patient).await;
    let foreign: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM teleconsultation_guests WHERE teleconsultation_id = $1")
            .bind(&other.id)
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let renew = format!("/teleconsultations/{}/guests/{foreign}/renew", scheduled.id);
    assert_eq!(service.nurse.post(&renew, &[]).await.status(), StatusCode::NOT_FOUND);
    say(&mut host, json!({ "type": "consent" })).await;
    next_of(&mut host, "consented").await;
    say(&mut host, json!({ "type": "admit", "guest": foreign })).await;
    assert_eq!(next_of(&mut host, "error").await["code"], "call-peer-gone");
}

#[tokio::test]
async fn the_guest_pages_speak_the_guests_language_and_set_no_tracker() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let scheduled = schedule(&service, &patient).await;
    let guest = Browser::at(&service.app.address);
    for (path, expected) in [
        (format!("/visio/{}", scheduled.link), "private browsing window"),
        ("/visio/guide".to_string(), "If the connection drops"),
    ] {
        let page = guest
            .client
            .get(guest.url(&path))
            .header("accept-language", "en-GB,en;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let cookies: Vec<_> = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().split('=').next().unwrap().to_string())
            .collect();
        assert!(cookies.iter().all(|name| name == "relais_csrf"), "{cookies:?}");
        let html = page.text().await.unwrap();
        assert!(html.contains(expected), "{path}");
        assert!(html.contains("lang=\"en\""));
    }
}
