use relais::db::Backend;
use relais::telework::transparency::RECORDED;
use sqlx::Row;

use super::*;

/// Every column of the telework tables is listed in `transparency::RECORDED`, so a new column
/// of personal data cannot be added without deciding whether the person's page shows it.
#[tokio::test]
async fn every_telework_column_is_listed_on_the_persons_page_or_said_not_to_be_personal() {
    let app = spawn_app().await;
    let db = &app.state().db;
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name LIKE 'telework%'"
        }
        Backend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name LIKE 'telework%'"
        }
    };
    let rows = sqlx::query(sql).fetch_all(db.reader()).await.unwrap();
    let mut schema: Vec<(String, String)> =
        rows.iter().map(|row| (row.get(0), row.get(1))).collect();
    schema.sort();
    let mut listed: Vec<(String, String)> =
        RECORDED.iter().map(|(t, c, _)| (t.to_string(), c.to_string())).collect();
    listed.sort();
    assert_eq!(schema, listed, "telework::transparency::RECORDED lists every column");
}

#[tokio::test]
async fn the_person_sees_everything_telework_records_about_them() {
    let office = office().await;
    ask(&office.secretary, "2026-12-08", "day").await;
    let page = office.secretary.get("/round/me").await.text().await.unwrap();
    for expected in
        ["Secrétaire médicale", "Domicile, Rennes", "Version 1", "mar. 8 déc.", "Éligible"]
    {
        assert!(page.contains(expected), "{expected} missing from the page");
    }
    assert!(page.contains("aucun suivi d’activité"), "what is never recorded is said");
}

#[tokio::test]
async fn human_resources_reading_a_persons_agreement_is_audited_and_others_cannot() {
    let office = office().await;
    let url = format!("/telework/people/{}", office.secretary_id);
    let page = office.hr.get(&url).await;
    assert_eq!(page.status(), reqwest::StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Domicile, Rennes"));
    let read = office
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.agreement_read'")
        .await;
    assert_eq!(read, 1);
    let (colleague, _) = &office.others[0];
    assert_eq!(colleague.get(&url).await.status(), reqwest::StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_agreement_prints_as_a_document_for_its_holder_and_human_resources_only() {
    let office = office().await;
    let page = office.secretary.get("/telework/agreement").await.text().await.unwrap();
    assert!(page.contains("Avenant de télétravail") && page.contains("Domicile, Rennes"), "{page}");
    assert!(page.contains("Version 1"), "the charter accepted");
    let url = format!("/telework/agreement?person={}", office.secretary_id);
    assert_eq!(office.hr.get(&url).await.status(), reqwest::StatusCode::OK);
    let (colleague, _) = &office.others[0];
    assert_eq!(colleague.get(&url).await.status(), reqwest::StatusCode::FORBIDDEN);
    assert_eq!(
        colleague.get("/telework/agreement").await.status(),
        reqwest::StatusCode::NOT_FOUND,
        "none yet"
    );
}
