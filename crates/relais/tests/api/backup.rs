use relais::backup::{archive::dump, backup, restore, tables::TABLES};
use relais::config::Settings;
use relais::db::Db;
use relais::secrets::Redacted;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, ScratchDatabase, TestApp, spawn_app};

/// A target like the source (same KEK), on an empty SQLite directory or a new PostgreSQL database.
async fn empty_target(app: &TestApp, dir: &std::path::Path) -> (Settings, Option<ScratchDatabase>) {
    let mut settings = app.state().settings.clone();
    settings.data_dir = dir.to_path_buf();
    settings.listen = "127.0.0.1:0".parse().unwrap();
    let kek = std::fs::read_to_string(app.state().settings.data_dir.join("kek.key")).unwrap();
    settings.encryption.kek = Some(Redacted(kek));
    if let Some(storage) = crate::helpers::test_s3_storage() {
        settings.storage = storage;
    }
    let mut scratch = None;
    if let Ok(url) = std::env::var("RELAIS_TEST_DATABASE_URL")
        && !url.is_empty()
    {
        let database = ScratchDatabase::create(&url).await;
        settings.database_url = Some(Redacted(database.url.clone()));
        scratch = Some(database);
    }
    (settings, scratch)
}

#[tokio::test]
async fn a_backup_restores_every_table_and_file_exactly() {
    let app = spawn_app().await;
    let (admin, secret) = app.admin().await;
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    let files = app.state().settings.data_dir.join("files/documents");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("charte.pdf"), b"%PDF-1.7 charte").unwrap();
    // A document (several encryption chunks) goes through the document storage, local or S3.
    let root = crate::documents::space_root(&admin, "Toute l&#39;organisation").await;
    let procedure: Vec<u8> = (0..200_000u32).flat_map(|i| format!("{i} ").into_bytes()).collect();
    crate::documents::uploaded(&admin, &root, "Procédure.txt", &procedure).await;
    let document = crate::documents::document_id(&app, "Procédure.txt").await;

    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("relais.backup");
    let manifest = backup(&app.state().settings, &archive, |_, _| {}).await.unwrap();
    assert!(manifest.tables["users"].rows == 2 && manifest.files.len() == 1);
    assert_eq!(manifest.blobs.len(), 1, "{:?}", manifest.blobs);
    let bytes = std::fs::read(&archive).unwrap();
    assert!(
        !bytes.windows(ADMIN_EMAIL.len()).any(|w| w == ADMIN_EMAIL.as_bytes()),
        "the archive is encrypted"
    );

    let target_dir = tempfile::tempdir().unwrap();
    let (target, _scratch) = empty_target(&app, target_dir.path()).await;
    restore(&target, &archive, |_, _| {}).await.unwrap();
    let restored = Db::connect(&target).await.unwrap();
    assert_eq!(dump(&restored).await.unwrap(), dump(&app.state().db).await.unwrap());
    restored.close().await;
    assert_eq!(
        std::fs::read(target_dir.path().join("files/documents/charte.pdf")).unwrap(),
        b"%PDF-1.7 charte"
    );

    // The restored installation works: the audit chain verifies and the administrator signs in.
    let server = relais::server::start(target.clone()).await.unwrap();
    let report = relais::audit::chain::verify(&server.state.db, &server.state.audit_key, None)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
    let browser = app.browser_at(&format!("http://{}", server.address));
    browser.sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&secret)).await;
    let downloaded = browser.get(&format!("/documents/{document}/download")).await;
    assert_eq!(downloaded.bytes().await.unwrap(), procedure, "the document came back");
    server.shutdown().await.unwrap();

    // A document's bytes changed in the archive: found before anything is written.
    let header_end = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1;
    let mut tampered = bytes.clone();
    tampered[header_end + 1000] ^= 1;
    let tampered_file = out.path().join("tampered.backup");
    std::fs::write(&tampered_file, tampered).unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let (other, _other_scratch) = empty_target(&app, other_dir.path()).await;
    let error = restore(&other, &tampered_file, |_, _| {}).await.unwrap_err().to_string();
    assert!(error.contains("does not match"), "{error}");
    assert!(!other_dir.path().join("relais.sqlite3").exists(), "nothing written");

    // A second restore into the same, now full, target is refused.
    let error = restore(&target, &archive, |_, _| {}).await.unwrap_err().to_string();
    assert!(error.contains("empty"), "{error}");
}

#[tokio::test]
async fn damaged_backups_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    app.admin().await;
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("relais.backup");
    backup(&app.state().settings, &archive, |_, _| {}).await.unwrap();
    let bytes = std::fs::read(&archive).unwrap();
    let header_end = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1;
    let mut flipped = bytes.clone();
    flipped[header_end + 40] ^= 1;
    let mut manifest_edited = String::from_utf8_lossy(&bytes[..header_end])
        .replace("\"rows\":2", "\"rows\":3")
        .into_bytes();
    manifest_edited.extend_from_slice(&bytes[header_end..]);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("truncated", bytes[..bytes.len() - 100].to_vec(), "damaged or truncated"),
        ("flipped", flipped, "damaged or truncated"),
        ("manifest edited", manifest_edited, "damaged"),
        ("not a backup", b"hello".to_vec(), "not a Relais backup"),
        ("empty", Vec::new(), "not a Relais backup"),
    ];
    for (name, content, message) in cases {
        let file = out.path().join(name);
        std::fs::write(&file, content).unwrap();
        let target_dir = tempfile::tempdir().unwrap();
        let (target, _scratch) = empty_target(&app, target_dir.path()).await;
        let error = format!("{:#}", restore(&target, &file, |_, _| {}).await.unwrap_err());
        assert!(error.contains(message), "{name}: {error}");
        assert!(!target_dir.path().join("relais.sqlite3").exists(), "{name}: nothing written");
    }
    // The wrong key-encryption key cannot open it.
    let target_dir = tempfile::tempdir().unwrap();
    let (mut target, _scratch) = empty_target(&app, target_dir.path()).await;
    target.encryption.kek = Some(Redacted(relais::crypto::Kek::generate().to_base64()));
    let error = restore(&target, &archive, |_, _| {}).await.unwrap_err().to_string();
    assert!(error.contains("does not open this backup"), "{error}");
}

#[tokio::test]
async fn the_backup_knows_every_table_of_the_schema() {
    let app = spawn_app().await;
    let mut conn = app.state().db.reader().acquire().await.unwrap();
    let live =
        relais::backup::tables::schema_tables(&mut conn, app.state().db.backend()).await.unwrap();
    let mut known: Vec<&str> = TABLES.to_vec();
    known.sort();
    let mut live: Vec<&str> = live.iter().map(String::as_str).collect();
    live.sort();
    assert_eq!(live, known);
}
