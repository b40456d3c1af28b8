use reqwest::StatusCode;

use super::{document_id, space_root, stored_blobs, upload, uploaded};
use crate::helpers::location;
use crate::homecare::service;

#[tokio::test]
async fn a_team_uploads_versions_restores_and_trashes_a_document() {
    let service = service().await;
    let nurse = &service.nurse;
    let home = nurse.get("/documents").await.text().await.unwrap();
    assert!(home.contains("Toute l&#39;organisation"), "{home}");
    assert!(home.contains("Mes documents"));
    let team = space_root(nurse, "Équipe A").await;

    let first = b"Protocole v1 : lavage des mains, 30 secondes.".to_vec();
    uploaded(nurse, &team, "Protocole hygiène.txt", &first).await;
    let folder = nurse.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(folder.contains("Protocole hygiène.txt"));
    let id = document_id(&service.app, "Protocole hygiène.txt").await;

    // The same name (other case, decomposed accent) is a new version of the same document.
    let second = b"Protocole v2 : lavage des mains, 40 secondes, puis solution hydro-alcoolique.";
    uploaded(nurse, &team, "protocole HYGIE\u{300}NE.txt", second).await;
    assert_eq!(service.app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, 2);
    let page = nurse.get(&format!("/documents/{id}")).await.text().await.unwrap();
    assert!(page.contains("v2") && page.contains("v1") && page.contains("40 secondes"), "{page}");

    // Each version downloads as it was sent; nothing is stored in clear.
    let v1 = nurse.get(&format!("/documents/{id}/download?v=1")).await;
    assert_eq!(v1.status(), StatusCode::OK);
    let disposition = v1.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("attachment; filename*=UTF-8''Protocole%20hygi%C3%A8ne.txt"),
        "{disposition}"
    );
    assert_eq!(v1.bytes().await.unwrap().as_ref(), first.as_slice());
    let current = nurse.get(&format!("/documents/{id}/download")).await.bytes().await.unwrap();
    assert_eq!(current.as_ref(), second.as_slice());
    let stored = stored_blobs(&service.app).await;
    assert_eq!(stored.len(), 2);
    for blob in stored {
        assert!(!blob.windows(9).any(|w| w == b"Protocole"), "a blob holds clear text");
    }

    // Restoring version 1 makes a third version with its bytes.
    let restored = nurse.post(&format!("/documents/{id}/versions/1/restore"), &[]).await;
    assert_eq!(location(&restored), format!("/documents/{id}?done=version"));
    let now = nurse.get(&format!("/documents/{id}/download")).await.bytes().await.unwrap();
    assert_eq!(now.as_ref(), first.as_slice());
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, 3);

    // Trash and back.
    let trashed = nurse.post(&format!("/documents/{id}/trash"), &[]).await;
    assert_eq!(location(&trashed), format!("/documents/folders/{team}?done=trashed"));
    assert_eq!(nurse.get(&format!("/documents/{id}")).await.status(), StatusCode::NOT_FOUND);
    let space: String = {
        use sqlx::Row;
        sqlx::query("SELECT space_id FROM documents WHERE id = $1")
            .bind(&id)
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let trash = nurse.get(&format!("/documents/spaces/{space}/trash")).await.text().await.unwrap();
    assert!(trash.contains("Protocole hygiène.txt"));
    let back = nurse.post(&format!("/documents/{id}/untrash"), &[]).await;
    assert_eq!(location(&back), format!("/documents/{id}?done=restored"));
    let audited =
        service.app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'document.%'").await;
    assert!(audited >= 6, "{audited}");
}

#[tokio::test]
async fn folders_nest_rename_move_and_refuse_loops_and_twins() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let made =
        nurse.post(&format!("/documents/folders/{team}/new"), &[("name", "Procédures")]).await;
    assert_eq!(location(&made), format!("/documents/folders/{team}?done=folder"));
    let twin =
        nurse.post(&format!("/documents/folders/{team}/new"), &[("name", "PROCÉDURES")]).await;
    assert_eq!(twin.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twin.text().await.unwrap().contains("déjà ce nom"));
    let folder_id = |name: &'static str| {
        let app = &service.app;
        async move {
            use sqlx::Row;
            sqlx::query("SELECT id FROM doc_folders WHERE name = $1")
                .bind(name)
                .fetch_one(app.state().db.reader())
                .await
                .unwrap()
                .get::<String, _>(0)
        }
    };
    let procedures = folder_id("Procédures").await;
    nurse.post(&format!("/documents/folders/{procedures}/new"), &[("name", "Nuit")]).await;
    let night = folder_id("Nuit").await;
    let into_itself =
        nurse.post(&format!("/documents/folders/{procedures}/move"), &[("to", &night)]).await;
    assert_eq!(into_itself.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let renamed = nurse
        .post(&format!("/documents/folders/{night}/rename"), &[("name", "Nuit et week-end")])
        .await;
    assert_eq!(location(&renamed), format!("/documents/folders/{night}?done=renamed"));
    let moved = nurse.post(&format!("/documents/folders/{night}/move"), &[("to", &team)]).await;
    assert_eq!(location(&moved), format!("/documents/folders/{night}?done=moved"));
    uploaded(nurse, &night, "Astreinte.txt", b"Numero d'astreinte : 06 00 00 00 00").await;
    // A trashed folder hides what it holds; restored, everything is back.
    nurse.post(&format!("/documents/folders/{night}/trash"), &[]).await;
    let id = document_id(&service.app, "Astreinte.txt").await;
    assert_eq!(nurse.get(&format!("/documents/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(upload(nurse, &night, "Autre.txt", b"x").await.status(), StatusCode::NOT_FOUND);
    nurse.post(&format!("/documents/folders/{night}/untrash"), &[]).await;
    assert_eq!(nurse.get(&format!("/documents/{id}")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_trash_empties_itself_after_its_days_blobs_and_quota_included() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Ancien.txt", b"a jeter").await;
    nurse.post(&format!("/documents/folders/{team}/new"), &[("name", "Archives")]).await;
    let archives: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM doc_folders WHERE name = 'Archives'")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    uploaded(nurse, &archives, "Vieux compte rendu.txt", b"2019").await;
    uploaded(nurse, &team, "Garde.txt", b"a garder").await;
    let old = document_id(&service.app, "Ancien.txt").await;
    nurse.post(&format!("/documents/{old}/trash"), &[]).await;
    nurse.post(&format!("/documents/folders/{archives}/trash"), &[]).await;
    let state = service.app.state();
    relais::documents::service::retention::empty_trash(state).await.unwrap();
    assert_eq!(service.app.count("SELECT COUNT(*) FROM documents").await, 3, "not before its days");
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(31 * 24);
    state.clock.pin(later);
    relais::documents::service::retention::empty_trash(state).await.unwrap();
    assert_eq!(service.app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM doc_folders WHERE name = 'Archives'").await,
        0
    );
    assert_eq!(service.app.count("SELECT used_bytes FROM doc_settings").await, 8);
    // In the data directory or the S3 bucket, whichever the settings name.
    let blobs = state.blobs.keys("documents").await.unwrap();
    assert_eq!(blobs.len(), 1, "only the kept document's blob remains: {blobs:?}");
}

#[tokio::test]
async fn downloads_resume_from_a_range_and_a_range_past_the_end_is_refused() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 253) as u8).collect();
    uploaded(nurse, &team, "Export.bin", &content).await;
    let id = document_id(&service.app, "Export.bin").await;
    let path = format!("/documents/{id}/download");
    let whole = nurse.get(&path).await;
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    let client = &nurse.client;
    let url = format!("{}{path}", service.app.address);
    let part = client.get(&url).header("Range", "bytes=70000-140009").send().await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()["content-range"], "bytes 70000-140009/200000");
    assert_eq!(part.bytes().await.unwrap().to_vec(), content[70_000..140_010].to_vec());
    let tail = client.get(&url).header("Range", "bytes=-10").send().await.unwrap();
    assert_eq!(tail.bytes().await.unwrap().to_vec(), content[199_990..].to_vec());
    let beyond = client.get(&url).header("Range", "bytes=200000-").send().await.unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(beyond.headers()["content-range"], "bytes */200000");
    let garbage = client.get(&url).header("Range", "bytes=zz").send().await.unwrap();
    assert_eq!(garbage.status(), StatusCode::OK, "an unreadable range gets the whole file");
}

#[tokio::test]
async fn favourites_and_recent_documents_show_only_what_the_person_may_open() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Liste des pansements.txt", b"compresses").await;
    uploaded(nurse, &team, "Astreintes.txt", b"semaine 49").await;
    let id = document_id(&service.app, "Liste des pansements.txt").await;
    let home = nurse.get("/documents").await.text().await.unwrap();
    assert!(home.contains("Modifiés récemment") && home.contains("Astreintes.txt"), "{home}");
    assert!(!home.contains("Mes favoris"));

    let marked = nurse.post(&format!("/documents/{id}/favourite"), &[("favourite", "1")]).await;
    assert_eq!(location(&marked), format!("/documents/{id}?done=favourite"));
    nurse.post(&format!("/documents/{id}/favourite"), &[("favourite", "1")]).await;
    let page = nurse.get(&format!("/documents/{id}")).await.text().await.unwrap();
    assert!(page.contains("aria-pressed=\"true\""), "{page}");
    let home = nurse.get("/documents").await.text().await.unwrap();
    let favourites = home.split("Mes favoris").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(favourites.contains("Liste des pansements.txt") && !favourites.contains("Astreintes"));

    // Someone who may not open it cannot mark it, and sees it nowhere.
    let outsider = &service.outsider;
    let refused = outsider.post(&format!("/documents/{id}/favourite"), &[("favourite", "1")]).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(!outsider.get("/documents").await.text().await.unwrap().contains("pansements"));
    let odd = nurse.post(&format!("/documents/{id}/favourite"), &[("favourite", "yes")]).await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);

    // In the trash, it leaves the favourites; unmarking works.
    nurse.post(&format!("/documents/{id}/trash"), &[]).await;
    assert!(!nurse.get("/documents").await.text().await.unwrap().contains("Mes favoris"));
    assert_eq!(service.app.count("SELECT COUNT(*) FROM doc_favourites").await, 1);
}

#[tokio::test]
async fn a_file_received_in_a_conversation_is_kept_in_a_space_by_someone_who_may_read_it() {
    let service = service().await;
    let nurse = &service.nurse;
    let conversation = crate::messaging::channel(nurse, "Transmissions A", true).await;
    let bilan = b"%PDF-1.7 bilan infirmier".to_vec();
    let attached = nurse
        .post_file(
            &format!("/messages/{conversation}/attach"),
            &[],
            ("file", "bilan.pdf", bilan.clone()),
        )
        .await;
    assert_eq!(attached.status(), StatusCode::SEE_OTHER);
    let attachment: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM message_attachments")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let messages = nurse.get(&format!("/messages/{conversation}")).await.text().await.unwrap();
    assert!(messages.contains(&format!("/documents/save?attachment={attachment}")), "{messages}");

    let form =
        nurse.get(&format!("/documents/save?attachment={attachment}")).await.text().await.unwrap();
    assert!(form.contains("bilan.pdf") && form.contains("Équipe A") && !form.contains("Équipe B"));
    let team = space_root(nurse, "Équipe A").await;
    let saved = nurse
        .post("/documents/save", &[("attachment", attachment.as_str()), ("folder", team.as_str())])
        .await;
    assert_eq!(location(&saved), format!("/documents/folders/{team}?done=uploaded"));
    let id = document_id(&service.app, "bilan.pdf").await;
    let bytes = nurse.get(&format!("/documents/{id}/download")).await.bytes().await.unwrap();
    assert_eq!(bytes.to_vec(), bilan);

    // Someone outside the conversation, a folder one may not write in, no folder: refused.
    let outsider = &service.outsider;
    let path = format!("/documents/save?attachment={attachment}");
    assert_eq!(outsider.get(&path).await.status(), StatusCode::NOT_FOUND);
    let fields = [("attachment", attachment.as_str()), ("folder", team.as_str())];
    assert_eq!(outsider.post("/documents/save", &fields).await.status(), StatusCode::NOT_FOUND);
    let theirs = space_root(outsider, "Équipe B").await;
    let fields = [("attachment", attachment.as_str()), ("folder", theirs.as_str())];
    assert_eq!(nurse.post("/documents/save", &fields).await.status(), StatusCode::NOT_FOUND);
    let fields = [("attachment", attachment.as_str()), ("folder", "")];
    assert_eq!(
        nurse.post("/documents/save", &fields).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(nurse.get("/documents/save?attachment=nope").await.status(), StatusCode::NOT_FOUND);
}
