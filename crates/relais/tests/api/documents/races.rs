use super::{space_root, upload};
use crate::homecare::service;

#[tokio::test]
async fn the_same_new_name_uploaded_twice_at_once_makes_one_document_with_two_versions() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let (a, b) = tokio::join!(
        upload(nurse, &team, "Planning.txt", b"version du matin"),
        upload(nurse, &team, "planning.TXT", b"version du soir")
    );
    assert!(
        a.status().is_redirection() && b.status().is_redirection(),
        "{} {}",
        a.status(),
        b.status()
    );
    assert_eq!(service.app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, 2);
    assert_eq!(service.app.count("SELECT MAX(current_version) FROM documents").await, 2);
}

#[tokio::test]
async fn uploads_racing_for_the_last_bytes_of_a_quota_keep_within_it() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    sqlx::query("UPDATE doc_settings SET quota_bytes = 1500")
        .execute(service.app.state().db.writer())
        .await
        .unwrap();
    let body = vec![b'x'; 1000];
    let (a, b) = tokio::join!(
        upload(nurse, &team, "Un.txt", &body),
        upload(nurse, &team, "Deux.txt", &body)
    );
    let kept = [a.status(), b.status()].iter().filter(|s| s.is_redirection()).count();
    assert_eq!(kept, 1, "{} {}", a.status(), b.status());
    assert_eq!(service.app.count("SELECT used_bytes FROM doc_settings").await, 1000);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, 1);
}
