//! Search by name, narrowed by space, kind, date and "changed by me"; odd filters are ignored.

use reqwest::StatusCode;

use super::{space_root, uploaded};
use crate::homecare::service;

fn names(page: &str) -> Vec<String> {
    page.split("class=\"file-name\"")
        .skip(1)
        .filter_map(|row| crate::helpers::between(row, "<span>", "</span>"))
        .collect()
}

#[tokio::test]
async fn search_narrows_by_space_kind_date_and_author_among_what_one_may_open() {
    let service = service().await;
    let (nurse, coordinator) = (&service.nurse, &service.coordinator);
    let team = space_root(nurse, "Équipe A").await;
    let personal = space_root(nurse, "Mes documents").await;
    uploaded(nurse, &team, "Protocole hygiène.pdf", b"%PDF-1.7 hygiene").await;
    uploaded(nurse, &team, "Protocole chute.txt", b"se relever").await;
    uploaded(coordinator, &team, "Protocole douleur.txt", b"EVA").await;
    uploaded(nurse, &personal, "Protocole perso.txt", b"mes notes").await;

    let all = names(&nurse.get("/documents/search?q=protocole").await.text().await.unwrap());
    assert_eq!(all.len(), 4, "{all:?}");
    let pdf =
        names(&nurse.get("/documents/search?q=protocole&kind=pdf").await.text().await.unwrap());
    assert_eq!(pdf, ["Protocole hygiène.pdf"]);
    let in_team = names(
        &nurse
            .get(&format!("/documents/search?space={}", space_id(&service, "team").await))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(in_team.len(), 3, "{in_team:?}");
    let mine =
        names(&nurse.get("/documents/search?q=protocole&mine=1").await.text().await.unwrap());
    assert!(mine.len() == 3 && !mine.contains(&"Protocole douleur.txt".to_string()), "{mine:?}");
    let recent = names(&nurse.get("/documents/search?within=7").await.text().await.unwrap());
    assert_eq!(recent.len(), 4);
    // The coordinator never sees the nurse's personal space, filter or not.
    let theirs = names(&coordinator.get("/documents/search?q=perso").await.text().await.unwrap());
    assert!(theirs.is_empty(), "{theirs:?}");

    // Filters that do not parse are ignored, never an error.
    for query in
        ["kind=zip", "within=-3", "within=99999999999999999999", "space=../../x", "mine=yes"]
    {
        let answer = nurse.get(&format!("/documents/search?q=protocole&{query}")).await;
        assert_eq!(answer.status(), StatusCode::OK, "{query}");
        assert_eq!(names(&answer.text().await.unwrap()).len(), 4, "{query}");
    }
}

async fn space_id(service: &crate::homecare::Service, kind: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM doc_spaces WHERE kind = $1 AND team_id = $2")
        .bind(kind)
        .bind(&service.team_a)
        .fetch_one(service.app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}
