use reqwest::StatusCode;

use super::{document_id, space_root, upload, uploaded};
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
