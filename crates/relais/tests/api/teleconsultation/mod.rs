//! Teleconsultation: a professional in the patient's care relationship schedules; the guest, with
//! no account, enters the one-time code and consents, waits, is admitted by the professional (who
//! confirmed consent), reaches only their own room; drops and reconnections are logged into the
//! report, sealed in the record. Wrong codes lock the link; ended, expired and forged links refuse.

use futures_util::SinkExt;
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

mod guest_links;

use crate::helpers::{Browser, between, location};
use crate::homecare::{Service, create_patient, service};
use crate::live::{Socket, next, open_at};

pub struct Scheduled {
    pub id: String,
    pub link: String,
    pub code: String,
}

pub async fn say(socket: &mut Socket, value: serde_json::Value) {
    socket.send(Message::Text(value.to_string().into())).await.unwrap();
}

/// The nurse schedules a consultation now (the form suggests the next quarter hour).
pub async fn schedule(service: &Service, patient: &str) -> Scheduled {
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

pub async fn enter(guest: &Browser, link: &str, code: &str, name: &str) -> reqwest::Response {
    guest
        .post(&format!("/visio/{link}"), &[("code", code), ("name", name), ("consent", "yes")])
        .await
}

pub async fn guest_socket(guest: &Browser, link: &str) -> Socket {
    open_at(guest, &format!("/visio/{link}/ws")).await.unwrap()
}

pub async fn host_socket(service: &Service, id: &str) -> (Socket, String) {
    let mut socket =
        open_at(&service.nurse, &format!("/teleconsultations/{id}/call/ws")).await.unwrap();
    let welcome = next(&mut socket).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    (socket, welcome["peer"].as_str().unwrap().to_string())
}

/// The next frame of `kind`, skipping others (lobby updates come and go).
pub async fn next_of(socket: &mut Socket, kind: &str) -> serde_json::Value {
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
    assert_eq!(admitted["organiser"], false, "the professional organises");
    assert_eq!(admitted["peers"][0]["peer"], host_peer.as_str());
    let guest_peer = admitted["peer"].as_str().unwrap().to_string();
    assert_eq!(next_of(&mut host, "joined").await["name"], "Marie Martin");
    let consultation_page = format!("/teleconsultations/{}", scheduled.id);
    let during = service.nurse.get(&consultation_page).await.text().await.unwrap();
    assert!(during.contains("<dd>en cours</dd>"), "the status follows the call");

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
    let mut ended = false;
    for _ in 0..50 {
        let after = service.nurse.get(&consultation_page).await.text().await.unwrap();
        ended = after.contains("<dd>terminée, compte rendu à écrire</dd>");
        if ended {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ended, "once the professional has left, the report is what is left to do");

    // The report: required text, then sealed in the record with the incidents logged.
    let report_path = format!("/teleconsultations/{}/report", scheduled.id);
    let empty = service.nurse.post(&report_path, &[("report", "  ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = [
        ("chat", "- 10:02 Marie Martin : je vous entends"),
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
