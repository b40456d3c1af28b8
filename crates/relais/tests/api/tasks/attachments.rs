//! Documents on a card: files sent from the card land in the "Tâches" folder of the board's space
//! (never over a document of the same name), an existing document is attached only by someone who
//! may open it, and a person sees an attachment only if they may open the document.

use reqwest::StatusCode;

use super::*;
use crate::documents::{document_id, space_root, uploaded};
use crate::helpers::between;

async fn send(browser: &Browser, card: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let file = ("file", name, bytes.to_vec());
    browser.post_file(&format!("/tasks/cards/{card}/files"), &[], file).await
}

#[tokio::test]
async fn files_sent_from_a_card_become_documents_of_the_boards_space() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let id = card(app, &service.coordinator, &board_id, &lists[0], "Commande pansements").await;

    let sent = send(&service.coordinator, &id, "bon-de-commande.pdf", b"%PDF-1.4 commande").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER, "{}", sent.text().await.unwrap());
    assert_eq!(location(&sent), format!("/tasks/cards/{id}?done=saved#documents"));
    // A second file of the same name sits beside the first, never over it.
    let again = send(&service.nurse, &id, "bon-de-commande.pdf", b"%PDF-1.4 autre").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let page = service.nurse.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    assert!(page.contains("bon-de-commande.pdf") && page.contains("bon-de-commande (2).pdf"));
    let folders = "SELECT COUNT(*) FROM doc_folders WHERE name = 'Tâches'";
    assert_eq!(app.count(folders).await, 1, "one folder, made on first use");
    let team_space = space_root(&service.nurse, "Équipe A").await;
    let root = service.nurse.get(&format!("/documents/folders/{team_space}")).await;
    assert!(root.text().await.unwrap().contains("Tâches"), "in the team's space");

    // Empty, missing or hostile files get a clear answer; the card stays as it was.
    let path = format!("/tasks/cards/{id}/files");
    let nothing = service.nurse.post_file(&path, &[], ("other", "", Vec::new())).await;
    assert_eq!(nothing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.text().await.unwrap().contains("field-error"));
    let no_csrf = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"));
    let forged = reqwest::Client::new()
        .post(service.nurse.url(&format!("/tasks/cards/{id}/files")))
        .header("cookie", service.nurse.cookie_header())
        .header("origin", &app.address)
        .multipart(no_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let outsider = send(&service.outsider, &id, "x.txt", b"x").await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    let history = "SELECT COUNT(*) FROM task_card_events WHERE kind = 'attached'";
    assert_eq!(app.count(history).await, 2);
}

#[tokio::test]
async fn an_attachment_shows_only_to_those_who_may_open_the_document() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let id = card(app, &service.coordinator, &board_id, &lists[0], "Préparer l'audit").await;
    let personal = space_root(&service.nurse, "Mes documents").await;
    uploaded(&service.nurse, &personal, "notes-audit.txt", b"mes notes").await;
    let document = document_id(app, "notes-audit.txt").await;

    let search = service.nurse.get(&format!("/tasks/cards/{id}/documents?q=audit")).await;
    let found = search.text().await.unwrap();
    assert!(found.contains("notes-audit.txt"), "the nurse may open it: {found}");
    let form = [("document", document.as_str()), ("to", "on")];
    let attached = service.nurse.post(&format!("/tasks/cards/{id}/documents"), &form).await;
    assert_eq!(attached.status(), StatusCode::SEE_OTHER);
    let hers = service.nurse.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    assert!(hers.contains("notes-audit.txt"));
    let theirs = service.coordinator.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    assert!(!theirs.contains("notes-audit.txt"), "a personal document stays personal");
    assert!(theirs.contains("1 document(s) joint(s) que vous ne pouvez pas ouvrir"), "{theirs}");

    // Someone who may not open a document cannot attach it, and nonsense is refused.
    let coordinator =
        service.coordinator.post(&format!("/tasks/cards/{id}/documents"), &form).await;
    assert_eq!(coordinator.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for bad in ["", "x", "../../etc", &"a".repeat(5000)] {
        let form = [("document", bad), ("to", "on")];
        let answer = service.nurse.post(&format!("/tasks/cards/{id}/documents"), &form).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:.20}");
    }
    // Anyone on the board may take a link off, even to a document they cannot open.
    let off = [("document", document.as_str()), ("to", "off")];
    let detached = service.coordinator.post(&format!("/tasks/cards/{id}/documents"), &off).await;
    assert_eq!(detached.status(), StatusCode::SEE_OTHER);
    let after = service.nurse.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    let section = between(&after, "id=\"documents\"", "</section>").unwrap();
    assert!(!section.contains("notes-audit.txt"), "{section}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'task.document_%'";
    assert_eq!(app.count(audited).await, 2);
}

/// Fifty documents at most on a card, even when the last two are attached at the same moment.
#[tokio::test]
async fn a_cards_fifty_documents_hold_against_two_attachments_racing() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let id = card(app, &service.coordinator, &board_id, &lists[0], "Archives").await;
    let personal = space_root(&service.nurse, "Mes documents").await;
    let mut last = Vec::new();
    for name in ["derniere-a.txt", "derniere-b.txt"] {
        uploaded(&service.nurse, &personal, name, b"x").await;
        last.push(document_id(app, name).await);
    }
    for n in 0..49 {
        let sent = send(&service.nurse, &id, &format!("piece-{n}.txt"), b"piece").await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER, "{n}");
    }
    let path = format!("/tasks/cards/{id}/documents");
    let a = [("document", last[0].as_str()), ("to", "on")];
    let b = [("document", last[1].as_str()), ("to", "on")];
    let (first, second) =
        tokio::join!(service.nurse.post(&path, &a), service.nurse.post(&path, &b));
    let refused = [first.status(), second.status()]
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!(refused, 1, "one of the two is refused: the card is full");
    assert_eq!(app.count("SELECT COUNT(*) FROM task_card_documents").await, 50);
}
