use reqwest::StatusCode;

use super::{space_root, stored_blobs, upload};
use crate::homecare::service;

#[tokio::test]
async fn odd_names_forged_forms_quotas_and_foreign_ids_are_refused_plainly() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    for (name, message) in
        [("CON.txt", "réservé"), ("..", "interdit"), (&*"é".repeat(201), "trop long")]
    {
        let refused = upload(nurse, &team, name, b"x").await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(refused.text().await.unwrap().contains(message), "{name}");
    }
    // A path in a file name keeps only what the browser may send: refused, never followed.
    let traversal = upload(nurse, &team, "../../etc/passwd", b"x").await;
    assert!(traversal.status().is_client_error(), "{}", traversal.status());
    assert_eq!(service.app.count("SELECT COUNT(*) FROM documents").await, 0);

    // The CSRF token must come first, and match.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"))
        .text("csrf", nurse.csrf().await);
    let late_token = reqwest::Client::new()
        .post(format!("{}/documents/folders/{team}/upload", service.app.address))
        .header("cookie", nurse.cookie_header())
        .header("origin", &service.app.address)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(late_token.status(), StatusCode::FORBIDDEN);

    // Over the organisation's quota: refused, and nothing left behind (row or blob).
    sqlx::query("UPDATE doc_settings SET quota_bytes = 1000")
        .execute(service.app.state().db.writer())
        .await
        .unwrap();
    let big = upload(nurse, &team, "Gros.txt", &vec![b'a'; 5000]).await;
    assert_eq!(big.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(big.text().await.unwrap().contains("plein"));
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, 0);
    assert!(stored_blobs(&service.app).await.is_empty(), "no blob for a refused upload");
    let incoming =
        std::fs::read_dir(service.app.state().settings.data_dir.join("incoming")).unwrap().count();
    assert_eq!(incoming, 0, "no staging file left");

    // Ids that are not ids, and versions that do not exist.
    for path in [
        "/documents/%00".to_string(),
        format!("/documents/{}", "a".repeat(300)),
        "/documents/folders/..%2F..".to_string(),
        "/documents/0190a5a0-0000-7000-8000-000000000000/download?v=99".to_string(),
        "/documents/spaces/nope/trash".to_string(),
    ] {
        assert_eq!(nurse.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let bad_version =
        nurse.get("/documents/0190a5a0-0000-7000-8000-000000000000/download?v=deux").await;
    assert!(bad_version.status().is_client_error());
}
