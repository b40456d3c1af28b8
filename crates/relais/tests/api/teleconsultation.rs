//! Teleconsultation: a professional in the patient's care relationship schedules; the guest, with
//! no account, enters the one-time code and consents, waits, is admitted by the professional (who
//! confirmed consent), reaches only their own room; drops and reconnections are logged into the
//! report, sealed in the record. Wrong codes lock the link; ended, expired and forged links refuse.

use futures_util::SinkExt;
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{Browser, between, location};
use crate::homecare::{Service, create_patient, service};
use crate::live::{Socket, next, open_at};

struct Scheduled {
    id: String,
    link: String,
    code: String,
}

async fn say(socket: &mut Socket, value: serde_json::Value) {
    socket.send(Message::Text(value.to_string().into())).await.unwrap();
}

/// The nurse schedules a consultation now (the form suggests the next quarter hour).
async fn schedule(service: &Service, patient: &str) -> Scheduled {
    let new = service.nurse.get(&format!("/patients/{patient}/teleconsultations/new")).await;
    assert_eq!(new.status(), StatusCode::OK);
    let form = new.text().await.unwrap();
    let date = between(&form, r#"name="date" type="date" value=""#, "\"").unwrap();
    let time = between(&form, r#"name="time" type="time" value=""#, "\"").unwrap();
    let fields = [("kind", "nurse"), ("date", &date), ("time", &time), ("duration", "20")];
    let created =
        service.nurse.post(&format!("/patients/{patient}/teleconsultations"), &fields).await;
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(created.headers()["cache-control"], "no-store", "the code is shown once");
    let page = created.text().await.unwrap();
    assert!(page.contains("par un autre moyen que le lien"), "{page}");
    let link = between(&page, "/visio/", "\"").unwrap();
    let code = between(&page, "data-code>", "<").unwrap();
    let id = between(&page, "href=\"/teleconsultations/", "\"").unwrap();
    Scheduled { id, link, code }
}

async fn enter(guest: &Browser, link: &str, code: &str, name: &str) -> reqwest::Response {
    guest
        .post(&format!("/visio/{link}"), &[("code", code), ("name", name), ("consent", "yes")])
        .await
}

async fn guest_socket(guest: &Browser, link: &str) -> Socket {
    open_at(guest, &format!("/visio/{link}/ws")).await.unwrap()
}

async fn host_socket(service: &Service, id: &str) -> (Socket, String) {
    let mut socket =
        open_at(&service.nurse, &format!("/teleconsultations/{id}/call/ws")).await.unwrap();
    let welcome = next(&mut socket).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    (socket, welcome["peer"].as_str().unwrap().to_string())
}

/// The next frame of `kind`, skipping others (lobby updates come and go).
async fn next_of(socket: &mut Socket, kind: &str) -> serde_json::Value {
    loop {
        let frame = next(socket).await;
        if frame["type"] == kind || frame.get("close").is_some() {
            return frame;
        }
    }
}

#[tokio::test]
async fn a_guest_with_the_code_waits_is_admitted_and_the_report_goes_into_the_record() {
    let service = service().await;
    let patient = create_patient(&service, "Jeanne", "48.1147").await;
    let scheduled = schedule(&service, &patient).await;
    let guest = Browser::at(&service.app.address);

    let welcome = guest.get(&format!("/visio/{}", scheduled.link)).await;
    assert_eq!(welcome.status(), StatusCode::OK);
    assert!(welcome.headers()["permissions-policy"].to_str().unwrap().contains("camera=(self)"));
    let page = welcome.text().await.unwrap();
    assert!(page.contains("navigation privée") && page.contains("Lancer la vérification"));
    assert!(
        !page.contains("Jeanne") && !page.contains("Martin"),
        "no patient data before the code"
    );
    assert!(!page.contains("http://") && !page.contains("https://"), "nothing from elsewhere");

    // Without consent, then with a wrong code: said plainly, nothing entered.
    let path = format!("/visio/{}", scheduled.link);
    let no_consent = guest.post(&path, &[("code", &scheduled.code)]).await;
    assert_eq!(no_consent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_consent.text().await.unwrap().contains("Cochez la case"));
    let wrong = enter(&guest, &scheduled.link, "000 000", "").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("pas le bon"));
    assert!(guest.get(&format!("{path}/salle")).await.status().is_redirection(), "no pass yet");

    let entered = enter(&guest, &scheduled.link, &scheduled.code, "Marie Martin").await;
    assert_eq!(entered.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&entered), format!("{path}/salle"));
    assert!(guest.cookie("relais_guest").is_some());
    assert_eq!(guest.get(&format!("{path}/salle")).await.status(), StatusCode::OK);
    // The code is spent: another browser cannot use it.
    let other = Browser::at(&service.app.address);
    let reused = enter(&other, &scheduled.link, &scheduled.code, "").await;
    assert!(reused.text().await.unwrap().contains("déjà servi"));
    assert!(open_at(&other, &format!("{path}/ws")).await.is_err(), "no pass, no socket");

    // The guest waits; the professional sees them, must confirm consent, then admits.
    let mut waiting = guest_socket(&guest, &scheduled.link).await;
    assert_eq!(next(&mut waiting).await["type"], "waiting");
    say(&mut waiting, json!({ "type": "chat", "text": "allô ?" })).await;
    assert_eq!(
        next(&mut waiting).await["code"],
        "call-waiting",
        "nothing is relayed before admission"
    );
    let (mut host, host_peer) = host_socket(&service, &scheduled.id).await;
    let lobby = next_of(&mut host, "lobby").await;
    assert_eq!(lobby["waiting"][0]["name"], "Marie Martin");
    let guest_id = lobby["waiting"][0]["guest"].as_str().unwrap().to_string();
    say(&mut host, json!({ "type": "admit", "guest": guest_id })).await;
    assert_eq!(next_of(&mut host, "error").await["code"], "teleconsultation-consent-first");
    say(&mut host, json!({ "type": "consent" })).await;
    assert_eq!(next_of(&mut host, "consented").await["type"], "consented");
    say(&mut host, json!({ "type": "admit", "guest": guest_id })).await;
    let admitted = next_of(&mut waiting, "welcome").await;
    assert_eq!(admitted["peers"][0]["peer"], host_peer.as_str());
    let guest_peer = admitted["peer"].as_str().unwrap().to_string();
    assert_eq!(next_of(&mut host, "joined").await["name"], "Marie Martin");

    // Signalling reaches the professional; the guest cannot act as host nor reach another room.
    let offer = json!({ "description": { "type": "offer", "sdp": "v=0\r\n" } });
    say(&mut waiting, json!({ "type": "signal", "to": host_peer, "data": offer })).await;
    let relayed = next_of(&mut host, "signal").await;
    assert_eq!(relayed["from"], guest_peer.as_str());
    say(&mut waiting, json!({ "type": "admit", "guest": guest_id })).await;
    assert_eq!(next(&mut waiting).await["code"], "call-frame-type");
    let elsewhere = crate::messaging::channel(&service.coordinator, "Astreinte", false).await;
    let mut stranger =
        open_at(&service.coordinator, &format!("/messages/{elsewhere}/call/ws")).await.unwrap();
    let stranger_peer = next(&mut stranger).await["peer"].as_str().unwrap().to_string();
    say(&mut waiting, json!({ "type": "signal", "to": stranger_peer, "data": offer })).await;
    assert_eq!(next(&mut waiting).await["code"], "call-peer-gone");
    say(
        &mut waiting,
        json!({ "type": "state", "audio": true, "video": false, "audio_only": true }),
    )
    .await;
    assert_eq!(next_of(&mut host, "state").await["state"]["audio_only"], true);

    // The guest's network drops; they come back straight into the call.
    drop(waiting);
    assert_eq!(next_of(&mut host, "left").await["peer"], guest_peer.as_str());
    let mut back = guest_socket(&guest, &scheduled.link).await;
    assert_eq!(next(&mut back).await["type"], "welcome", "admitted once, no second wait");
    say(&mut back, json!({ "type": "leave" })).await;
    next_of(&mut host, "left").await;
    say(&mut host, json!({ "type": "leave" })).await;

    // The report: required text, then sealed in the record with the incidents logged.
    let report_path = format!("/teleconsultations/{}/report", scheduled.id);
    let empty = service.nurse.post(&report_path, &[("report", "  ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = [
        ("report", "Plaie en voie de cicatrisation, pas de signe d’infection."),
        ("acts", "Surveillance de plaie"),
        ("prescriptions", "Pansement hydrocolloïde tous les 3 jours"),
    ];
    let saved = service.nurse.post(&report_path, &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", saved.text().await.unwrap());
    let page = service.nurse.get(&format!("/teleconsultations/{}", scheduled.id)).await;
    let page = page.text().await.unwrap();
    for expected in [
        "cicatrisation",
        "hydrocolloïde",
        "connexion perdue",
        "reconnecté",
        "audio seulement",
        "Marie Martin (patient)",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let stored = service
        .app
        .count("SELECT COUNT(*) FROM teleconsultations WHERE report_enc IS NOT NULL")
        .await;
    assert_eq!(stored, 1);
    let plain = service.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'teleconsultation.report' AND patient_id IS NOT NULL").await;
    assert_eq!(plain, 1);
    for action in [
        "teleconsultation.schedule",
        "teleconsultation.guest_enter",
        "teleconsultation.admit",
        "teleconsultation.read",
    ] {
        let sql = format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND patient_id = '{patient}'"
        );
        assert!(service.app.count(&sql).await >= 1, "{action} audited");
    }

    // Held: the link no longer works, nor the pass.
    assert_eq!(guest.get(&path).await.status(), StatusCode::GONE);
    assert!(open_at(&guest, &format!("{path}/ws")).await.is_err());
}

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
