//! The optional ClamAV scan of attachments: an infected file is refused and audited, a file the
//! scanner cannot check is refused too. The clamd test runs when a daemon is given by
//! `RELAIS_TEST_CLAMD` (`.ci/run` starts one) or listens on Debian's default socket.

use reqwest::StatusCode;

use super::{channel, chat_with, page};

/// The standard antivirus test file, assembled here so this source is not itself flagged.
fn eicar() -> Vec<u8> {
    [r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].concat().into()
}

fn clamd_address() -> Option<String> {
    std::env::var("RELAIS_TEST_CLAMD").ok().filter(|a| !a.is_empty()).or_else(|| {
        let socket = "/run/clamav/clamd.ctl";
        std::path::Path::new(socket).exists().then(|| format!("unix:{socket}"))
    })
}

#[tokio::test]
async fn an_infected_file_is_refused_and_audited_when_clamd_is_present() {
    let Some(address) = clamd_address() else {
        eprintln!("no clamd (set RELAIS_TEST_CLAMD): the ClamAV scan was not exercised");
        return;
    };
    let c = chat_with(|settings| settings.antivirus.clamd = address).await;
    let id = channel(&c.admin, "Équipe", false).await;
    let infected = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "bilan.pdf", eicar()))
        .await;
    assert_eq!(infected.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(infected.text().await.unwrap().contains("contient un virus"));
    assert_eq!(c.app.count("SELECT COUNT(*) FROM message_attachments").await, 0);
    let audited =
        c.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.infected'").await;
    assert_eq!(audited, 1);
    let clean = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "note.txt", b"RAS".to_vec()))
        .await;
    assert_eq!(clean.status(), StatusCode::SEE_OTHER);
    assert!(page(&c.admin, &format!("/messages/{id}")).await.contains("note.txt"));
}

#[tokio::test]
async fn a_file_the_scanner_cannot_check_is_refused_not_stored_unscanned() {
    let c = chat_with(|settings| {
        settings.antivirus.clamd = "tcp://127.0.0.1:1".into();
        settings.antivirus.timeout_seconds = 2;
    })
    .await;
    let id = channel(&c.admin, "Équipe", false).await;
    let refused = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "note.txt", b"RAS".to_vec()))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("L’antivirus n’a pas pu vérifier"));
    assert_eq!(c.app.count("SELECT COUNT(*) FROM message_attachments").await, 0);
}
