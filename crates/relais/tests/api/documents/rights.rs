use reqwest::StatusCode;

use super::{document_id, space_root, upload, uploaded};
use crate::helpers::location;
use crate::homecare::{create_patient, service};

#[tokio::test]
async fn another_team_sees_nothing_a_personal_space_is_private_and_everyone_reads_the_organisations()
 {
    let service = service().await;
    let (nurse, outsider, admin) = (&service.nurse, &service.outsider, &service.admin);
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Transmissions.txt", b"Equipe A seulement").await;
    let id = document_id(&service.app, "Transmissions.txt").await;
    let outsider_home = outsider.get("/documents").await.text().await.unwrap();
    assert!(!outsider_home.contains("Équipe A"));
    for path in [
        format!("/documents/folders/{team}"),
        format!("/documents/{id}"),
        format!("/documents/{id}/download"),
        format!("/documents/{id}/preview"),
    ] {
        assert_eq!(outsider.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(upload(outsider, &team, "Intrus.txt", b"x").await.status(), StatusCode::NOT_FOUND);
    let renamed = outsider.post(&format!("/documents/{id}/rename"), &[("name", "Pris.txt")]).await;
    assert_eq!(renamed.status(), StatusCode::NOT_FOUND);
    let found = outsider.get("/documents/search?q=transmissions").await.text().await.unwrap();
    assert!(!found.contains("Transmissions.txt"));
    let mine = nurse.get("/documents/search?q=TRANSMISSIONS").await.text().await.unwrap();
    assert!(mine.contains("Transmissions.txt"));

    // A personal space: its owner's alone, administrators included out.
    let personal = space_root(nurse, "Mes documents").await;
    uploaded(nurse, &personal, "Mon planning.txt", b"perso").await;
    assert_eq!(
        admin.get(&format!("/documents/folders/{personal}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // The organisation's space: everyone reads, only administrators write.
    let organisation = space_root(admin, "Toute l&#39;organisation").await;
    uploaded(admin, &organisation, "Règlement intérieur.txt", b"Article 1").await;
    let rules = document_id(&service.app, "Règlement intérieur.txt").await;
    assert_eq!(nurse.get(&format!("/documents/{rules}/download")).await.status(), StatusCode::OK);
    assert_eq!(
        upload(nurse, &organisation, "Tract.txt", b"x").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_patient_linked_document_opens_only_in_the_care_relationship_and_each_opening_is_audited()
{
    let service = service().await;
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    let admin = &service.admin;
    let organisation = space_root(admin, "Toute l&#39;organisation").await;
    uploaded(admin, &organisation, "Ordonnance.txt", b"Pansements, 3 fois par semaine").await;
    let id = document_id(&service.app, "Ordonnance.txt").await;
    // Linking needs the care relationship: the coordinator of team A has it.
    let coordinator = &service.coordinator;
    let refused = admin.post(&format!("/documents/{id}/patient"), &[("patient", &jeanne)]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "an administrator sees no patient");
    let linked =
        coordinator.post(&format!("/documents/{id}/patient"), &[("patient", &jeanne)]).await;
    assert_eq!(
        linked.status(),
        StatusCode::FORBIDDEN,
        "reading the organisation's space is not writing it"
    );
    sqlx::query("UPDATE documents SET patient_id = $1 WHERE id = $2")
        .bind(&jeanne)
        .bind(&id)
        .execute(service.app.state().db.writer())
        .await
        .unwrap();
    assert_eq!(
        service.outsider.get(&format!("/documents/{id}/download")).await.status(),
        StatusCode::NOT_FOUND
    );
    let folder = service
        .outsider
        .get(&format!("/documents/folders/{organisation}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!folder.contains("Ordonnance.txt"), "not even its name outside the care relationship");
    let before = service
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.download'")
        .await;
    assert_eq!(
        service.nurse.get(&format!("/documents/{id}/download")).await.status(),
        StatusCode::OK
    );
    let after = service
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.download'")
        .await;
    assert_eq!(after, before + 1);
}

#[tokio::test]
async fn managers_give_access_to_other_teams_close_a_folder_to_a_role_and_take_it_back() {
    let service = crate::homecare::service().await;
    let (admin, nurse, outsider) = (&service.admin, &service.nurse, &service.outsider);
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Procédure.txt", b"commune").await;
    let access = format!("/documents/folders/{team}/access");

    // Only those who manage the space see or change its access.
    assert_eq!(nurse.get(&access).await.status(), StatusCode::FORBIDDEN);
    let personal = space_root(nurse, "Mes documents").await;
    assert_eq!(
        nurse.get(&format!("/documents/folders/{personal}/access")).await.status(),
        StatusCode::FORBIDDEN,
        "a personal space takes no grants"
    );
    let page = admin.get(&access).await.text().await.unwrap();
    assert!(page.contains("les membres de l&#39;équipe lisent et écrivent"), "{page}");

    // Team B is given read access to team A's space.
    assert_eq!(
        outsider.get(&format!("/documents/folders/{team}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let team_b = crate::homecare::team_id(&service.app, "Équipe B").await;
    let grantee = format!("team:{team_b}");
    let given = admin.post(&access, &[("grantee", grantee.as_str()), ("level", "read")]).await;
    assert_eq!(location(&given), format!("{access}?done=granted"));
    let seen = outsider.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(seen.contains("Procédure.txt"), "{seen}");
    assert_eq!(upload(outsider, &team, "Intrus.txt", b"x").await.status(), StatusCode::FORBIDDEN);

    // A folder closed to nurses: not listed, not opened; the space's managers keep it.
    admin.post(&format!("/documents/folders/{team}/new"), &[("name", "Direction")]).await;
    let direction: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM doc_folders WHERE name = 'Direction'")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    let closed = format!("/documents/folders/{direction}/access");
    let answer = admin.post(&closed, &[("grantee", "role:nurse"), ("level", "none")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        nurse.get(&format!("/documents/folders/{direction}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let listing = nurse.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(!listing.contains("Direction"), "a closed folder is not listed");
    assert_eq!(
        admin.get(&format!("/documents/folders/{direction}")).await.status(),
        StatusCode::OK
    );
    assert!(
        service.app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'folder.grant'").await
            == 2
    );

    // Taking it back opens it again; odd grants are refused plainly.
    let page = admin.get(&closed).await.text().await.unwrap();
    let grant = crate::helpers::between(&page, "/access/", "/remove").unwrap();
    let removed = admin.post(&format!("{closed}/{grant}/remove"), &[]).await;
    assert_eq!(location(&removed), format!("{closed}?done=removed"));
    assert_eq!(
        nurse.get(&format!("/documents/folders/{direction}")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        admin.post(&format!("{closed}/{grant}/remove"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    for (who, level) in [
        ("team:01HZZZZZZZZZZZZZZZZZZZZZZZ", "read"),
        ("role:root", "read"),
        ("person:nobody", "read"),
        ("everyone", "read"),
        (grantee.as_str(), "owner"),
        // "No access" on a whole space would change nothing: refused rather than ignored.
        (grantee.as_str(), "none"),
    ] {
        let answer = admin.post(&access, &[("grantee", who), ("level", level)]).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{who} {level}");
    }
}
