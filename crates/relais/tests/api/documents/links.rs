//! Share links: a password shown once, the visitor's pass, download limits, the drop box, the
//! lock after wrong passwords, patient-linked documents, and what is refused.

use reqwest::StatusCode;

use super::{document_id, space_root, uploaded};
use crate::helpers::{Browser, between, location};
use crate::homecare::{create_patient, join, service};

/// A link as shown once on its page: the path (`/s/…`) and the password.
struct Made {
    path: String,
    password: String,
}

async fn make_link(browser: &Browser, action: &str, fields: &[(&str, &str)]) -> Made {
    let answer = browser.post(action, fields).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let page = answer.text().await.unwrap();
    let address =
        between(&page, "id=\"link-address\" type=\"text\" readonly value=\"", "\"").unwrap();
    let path = format!("/s/{}", address.rsplit("/s/").next().unwrap());
    let password = between(&page, "data-password>", "<").unwrap();
    Made { path, password }
}

async fn audited(service: &crate::homecare::Service, action: &str) -> i64 {
    service.app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await
}

#[tokio::test]
async fn someone_without_an_account_opens_a_document_with_the_password_given_by_another_channel() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let bytes = b"Compte rendu de la visite du 3 decembre".to_vec();
    uploaded(nurse, &team, "Compte rendu.txt", &bytes).await;
    let id = document_id(&service.app, "Compte rendu.txt").await;
    let made = make_link(nurse, &format!("/documents/{id}/links"), &[("max_downloads", "2")]).await;
    assert_eq!(made.password.len(), 14, "{}", made.password);
    let stored =
        service.app.count("SELECT COUNT(*) FROM doc_links WHERE password_hash LIKE '%-%'").await;
    assert_eq!(stored, 0, "only a digest is kept");

    // The visitor first sees the organisation, a notice and the password form; nothing shared.
    let visitor = service.app.browser();
    let page = visitor.get(&made.path).await.text().await.unwrap();
    assert!(page.contains("Mot de passe") && !page.contains("Compte rendu.txt"), "{page}");
    let file_path = format!("{}/files/{id}", made.path);
    assert_eq!(visitor.get(&file_path).await.status(), StatusCode::FORBIDDEN);
    let wrong = visitor.post(&made.path, &[("password", "AAAA-BBBB-CCCC")]).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("Mot de passe incorrect"));

    // Typed loosely (lower case, spaces), it opens.
    let typed = made.password.to_lowercase().replace('-', " ");
    let opened = visitor.post(&made.path, &[("password", &typed)]).await;
    assert_eq!(location(&opened), made.path);
    let page = visitor.get(&made.path).await.text().await.unwrap();
    assert!(page.contains("Compte rendu.txt"), "{page}");
    assert!(!page.contains("/documents/"), "nothing of the rest of Relais shows");
    for _ in 0..2 {
        let download = visitor.get(&file_path).await;
        assert_eq!(download.status(), StatusCode::OK);
        assert_eq!(download.headers()["content-type"], "application/octet-stream");
        assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
    assert_eq!(visitor.get(&file_path).await.status(), StatusCode::GONE, "two downloads at most");
    assert_eq!(visitor.get(&made.path).await.status(), StatusCode::GONE);

    // Every access is in the audit log, never the password.
    assert_eq!(audited(&service, "link.password_refused").await, 1);
    assert_eq!(audited(&service, "link.unlock").await, 1);
    assert_eq!(audited(&service, "link.download").await, 2);
    assert_eq!(audited(&service, "document.share").await, 1);
    let leaked = service
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%{0}%' OR object_id LIKE '%{0}%'",
            made.password
        ))
        .await;
    assert_eq!(leaked, 0);

    // The creator's list shows it; a revoked link no longer opens.
    let listed = nurse.get("/documents/links").await.text().await.unwrap();
    assert!(listed.contains("Compte rendu.txt") && listed.contains("2 / 2"), "{listed}");
    let second = make_link(nurse, &format!("/documents/{id}/links"), &[]).await;
    let link_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM doc_links WHERE max_downloads IS NULL")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let outsider = service.outsider.post(&format!("/documents/links/{link_id}/revoke"), &[]).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND, "only its creator or an administrator");
    let revoked = nurse.post(&format!("/documents/links/{link_id}/revoke"), &[]).await;
    assert_eq!(location(&revoked), "/documents/links?done=revoked");
    let gone = service.app.browser().get(&second.path).await;
    assert_eq!(gone.status(), StatusCode::GONE);
    assert!(gone.text().await.unwrap().contains("révoqué"));
}

#[tokio::test]
async fn wrong_passwords_lock_the_link_and_its_creator_is_told() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Planning.txt", b"semaine 49").await;
    let id = document_id(&service.app, "Planning.txt").await;
    let made = make_link(nurse, &format!("/documents/{id}/links"), &[]).await;
    let visitor = service.app.browser();
    for attempt in 1..=10 {
        let answer = visitor.post(&made.path, &[("password", &format!("WRONG-{attempt}"))]).await;
        let expected =
            if attempt < 10 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::GONE };
        assert_eq!(answer.status(), expected, "attempt {attempt}");
    }
    // Even the right password no longer opens it.
    let right = service.app.browser().post(&made.path, &[("password", &made.password)]).await;
    assert_eq!(right.status(), StatusCode::GONE);
    assert!(right.text().await.unwrap().contains("bloqué"));
    assert_eq!(audited(&service, "link.locked").await, 1);
    let told = service.app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'link.locked'").await;
    assert_eq!(told, 1, "the creator's pages hear of it");
    let listed = nurse.get("/documents/links").await.text().await.unwrap();
    assert!(listed.contains("Bloqué"), "{listed}");
}

#[tokio::test]
async fn a_drop_box_takes_files_beside_the_others_without_showing_the_folder() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Confidentiel.txt", b"ne pas montrer").await;
    let hidden = document_id(&service.app, "Confidentiel.txt").await;
    let action = format!("/documents/folders/{team}/links");
    let refused = nurse.post(&format!("/documents/{hidden}/links"), &[("drop_box", "1")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "a drop box is a folder");
    let made = make_link(nurse, &action, &[("drop_box", "1")]).await;
    let family = service.app.browser();
    family.post(&made.path, &[("password", &made.password)]).await;
    let page = family.get(&made.path).await.text().await.unwrap();
    assert!(page.contains("type=\"file\"") && !page.contains("Confidentiel.txt"), "{page}");
    let drop = format!("{}/drop", made.path);
    for _ in 0..2 {
        let sent =
            family.post_file(&drop, &[], ("file", "Confidentiel.txt", b"scan".to_vec())).await;
        assert_eq!(location(&sent), format!("{}?done=dropped", made.path));
    }
    let folder = nurse.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(folder.contains("Confidentiel (2).txt") && folder.contains("Confidentiel (3).txt"));
    let original = nurse.get(&format!("/documents/{hidden}/download")).await.bytes().await.unwrap();
    assert_eq!(original.as_ref(), b"ne pas montrer", "a drop never replaces a document");
    let taken = family.get(&format!("{}/files/{hidden}", made.path)).await;
    assert_eq!(taken.status(), StatusCode::NOT_FOUND, "a drop box shows nothing");
    assert_eq!(audited(&service, "link.drop").await, 2);
    let told = service.app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'link.drop'").await;
    assert_eq!(told, 2);
}

#[tokio::test]
async fn a_patient_linked_document_is_shared_only_with_a_reason_by_a_care_role() {
    let service = service().await;
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Ordonnance.txt", b"Pansements").await;
    uploaded(nurse, &team, "Menus.txt", b"Lundi : soupe").await;
    let id = document_id(&service.app, "Ordonnance.txt").await;
    sqlx::query("UPDATE documents SET patient_id = $1 WHERE id = $2")
        .bind(&jeanne)
        .bind(&id)
        .execute(service.app.state().db.writer())
        .await
        .unwrap();
    let action = format!("/documents/{id}/links");
    let page = nurse.get(&format!("/documents/{id}")).await.text().await.unwrap();
    assert!(page.contains("Motif du partage"), "the form asks why");
    let silent = nurse.post(&action, &[]).await;
    assert_eq!(silent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(silent.text().await.unwrap().contains("Indiquez le motif"));
    let (aide, aide_id, _) = service.app.person(&service.admin, "as2@ssiad.fr", &["aide"]).await;
    join(&service.app, &service.team_a, &aide_id).await;
    let by_aide = aide.post(&action, &[("reason", "Famille")]).await;
    assert_eq!(by_aide.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(by_aide.text().await.unwrap().contains("Votre rôle ne permet pas"));
    make_link(nurse, &action, &[("reason", "Transmission au médecin traitant")]).await;
    let audited = service
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'document.share' AND patient_id = '{jeanne}' \
             AND reason = 'Transmission au médecin traitant'"
        ))
        .await;
    assert_eq!(audited, 1);

    // A folder link never carries a patient's document out.
    let made = make_link(nurse, &format!("/documents/folders/{team}/links"), &[]).await;
    let visitor = service.app.browser();
    visitor.post(&made.path, &[("password", &made.password)]).await;
    let page = visitor.get(&made.path).await.text().await.unwrap();
    assert!(page.contains("Menus.txt") && !page.contains("Ordonnance.txt"), "{page}");
    let taken = visitor.get(&format!("{}/files/{id}", made.path)).await;
    assert_eq!(taken.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn odd_links_dates_and_limits_are_refused_clearly() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Note.txt", b"note").await;
    let id = document_id(&service.app, "Note.txt").await;
    let action = format!("/documents/{id}/links");
    for (field, value, message) in [
        ("until", "2020-01-01", "entre aujourd’hui et dans 90 jours"),
        ("until", "2999-01-01", "entre aujourd’hui et dans 90 jours"),
        ("until", "demain", "Indiquez une date"),
        ("max_downloads", "0", "entre 1 et 10 000"),
        ("max_downloads", "-3", "entre 1 et 10 000"),
        ("max_downloads", "1e9", "entre 1 et 10 000"),
        ("reason", &"x".repeat(501), "500 caractères"),
    ] {
        let answer = nurse.post(&action, &[(field, value)]).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        let page = answer.text().await.unwrap();
        assert!(page.contains(message), "{field}={value}: {page}");
    }
    // Unknown, malformed and guessed tokens are "not found", said plainly.
    let visitor = service.app.browser();
    for path in [
        "/s/abc",
        "/s/..%2F..%2Fetc",
        &format!("/s/{}", "A".repeat(32)),
        &format!("/s/{}", "é".repeat(40)),
    ] {
        let answer = visitor.get(path).await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // An expired link, and a pass forged for another link.
    let made = make_link(nurse, &action, &[]).await;
    let other = make_link(nurse, &action, &[]).await;
    visitor.post(&other.path, &[("password", &other.password)]).await;
    let file = format!("{}/files/{id}", made.path);
    assert_eq!(visitor.get(&file).await.status(), StatusCode::FORBIDDEN, "a pass is for its link");
    // Something that is not an id, through a link that opens.
    assert_eq!(
        visitor.get(&format!("{}/files/not-an-id", other.path)).await.status(),
        StatusCode::NOT_FOUND
    );
    service.app.execute("UPDATE doc_links SET expires_at = created_at + 1").await;
    let expired = visitor.get(&made.path).await;
    assert_eq!(expired.status(), StatusCode::GONE);
    assert!(expired.text().await.unwrap().contains("expiré"));
}

#[tokio::test]
async fn visitors_racing_for_the_last_download_or_guessing_at_once_keep_to_the_limits() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Unique.txt", b"une seule fois").await;
    let id = document_id(&service.app, "Unique.txt").await;
    let action = format!("/documents/{id}/links");
    let made = make_link(nurse, &action, &[("max_downloads", "1")]).await;
    let visitor = service.app.browser();
    visitor.post(&made.path, &[("password", &made.password)]).await;
    let file = format!("{}/files/{id}", made.path);
    let answers = futures_util::future::join_all((0..4).map(|_| visitor.get(&file))).await;
    let served = answers.iter().filter(|a| a.status() == StatusCode::OK).count();
    assert_eq!(served, 1, "{:?}", answers.iter().map(|a| a.status()).collect::<Vec<_>>());
    assert_eq!(service.app.count("SELECT downloads FROM doc_links").await, 1);

    // Guesses sent at once: the link locks once, its creator is told once.
    let guessed = make_link(nurse, &action, &[]).await;
    let guessers: Vec<Browser> = (0..14).map(|_| service.app.browser()).collect();
    for guesser in &guessers {
        guesser.csrf().await;
    }
    let guesses = guessers.iter().enumerate().map(|(n, guesser)| {
        let password = format!("GUESS-{n:04}");
        let path = guessed.path.clone();
        async move { guesser.post(&path, &[("password", &password)]).await.status() }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    assert!(statuses.iter().all(|s| s.is_client_error()), "{statuses:?}");
    assert_eq!(audited(&service, "link.locked").await, 1);
    let told = service.app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'link.locked'").await;
    assert_eq!(told, 1);
    let locked =
        service.app.count("SELECT COUNT(*) FROM doc_links WHERE locked_at IS NOT NULL").await;
    assert_eq!(locked, 1);
}
