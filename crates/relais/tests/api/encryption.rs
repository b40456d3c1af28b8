use relais::crypto::rotation::reencrypt_all;
use relais::crypto::stream;
use relais::crypto::{Kek, KeyRing, Place};
use reqwest::StatusCode;
use sqlx::Row;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, spawn_app, spawn_app_with};

const PLACE: Place<'static> = Place { table: "notes", column: "body", row_id: "row-1" };

async fn sealed_totp(app: &crate::helpers::TestApp, email: &str) -> (String, String, Vec<u8>) {
    let row = sqlx::query("SELECT id, org_id, totp_secret_enc FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

#[tokio::test]
async fn totp_secrets_are_stored_encrypted_and_bound_to_their_row() {
    let app = spawn_app().await;
    let (admin, secret) = app.admin().await;
    let (_, nurse_id, _) = app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    let (admin_id, org_id, sealed) = sealed_totp(&app, ADMIN_EMAIL).await;
    assert!(!String::from_utf8_lossy(&sealed).contains(&secret));
    let keys = &app.state().keys;
    let db = &app.state().db;
    let place = relais::auth::store::totp_place(&admin_id);
    assert_eq!(keys.open_sealed(db, &org_id, place, &sealed).await.unwrap(), secret.as_bytes());
    // Swapped into another row, the ciphertext no longer opens.
    let elsewhere = relais::auth::store::totp_place(&nurse_id);
    assert!(keys.open_sealed(db, &org_id, elsewhere, &sealed).await.is_err());
    // Tampered, neither.
    let mut tampered = sealed.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    assert!(keys.open_sealed(db, &org_id, place, &tampered).await.is_err());
    assert!(keys.open_sealed(db, &org_id, place, &sealed[..3]).await.is_err());
    // A swapped secret in the database makes sign-in fail rather than accept the wrong secret.
    let (_, _, nurse_sealed) = sealed_totp(&app, "julie@ssiad-test.fr").await;
    sqlx::query("UPDATE users SET totp_secret_enc = $1 WHERE id = $2")
        .bind(&nurse_sealed)
        .bind(&admin_id)
        .execute(db.writer())
        .await
        .unwrap();
    let browser = app.browser();
    browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let code = browser.next_code(&secret).await;
    let response = browser.post("/login/totp", &[("code", &code)]).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!response.text().await.unwrap().contains("users"), "no internals leak");
}

#[tokio::test]
async fn rotation_reencrypts_old_values_while_the_server_serves() {
    let app = spawn_app().await;
    let (admin, secret) = app.admin().await;
    let (_, _, nurse_secret) = app.person(&admin, "julie@ssiad-test.fr", &["nurse"]).await;
    let db = &app.state().db;
    let keys = &app.state().keys;
    let org_ids = relais::org::store::organisation_ids(db.reader()).await.unwrap();
    keys.rotate(db, &org_ids).await.unwrap();
    let (_, org_id, _) = sealed_totp(&app, ADMIN_EMAIL).await;
    assert_eq!(keys.current(db, &org_id).await.unwrap().version(), 2);
    // Sign-ins go on during the re-encryption.
    let signing_in = async {
        let browser = app.browser();
        browser.sign_in_fully("julie@ssiad-test.fr", PASSWORD, nurse_secret.as_deref()).await;
    };
    let (done, ()) = tokio::join!(reencrypt_all(db, keys, |_, _| {}), signing_in);
    let done = done.unwrap();
    assert_eq!(done.examined, 2);
    assert_eq!(done.reencrypted, 2);
    let (_, _, sealed) = sealed_totp(&app, ADMIN_EMAIL).await;
    assert_eq!(relais::crypto::keyring::sealed_version(&sealed).unwrap(), 2);
    assert_eq!(reencrypt_all(db, keys, |_, _| {}).await.unwrap().reencrypted, 0);
    app.browser().sign_in_fully(ADMIN_EMAIL, ADMIN_PASSWORD, Some(&secret)).await;
    let _ = admin;
}

#[tokio::test]
async fn a_wrong_key_encryption_key_refuses_to_start_and_a_rewrapped_one_works() {
    let data = tempfile::tempdir().unwrap();
    let first_kek = Kek::generate().to_base64();
    let kek = first_kek.clone();
    let dir = data.path().to_path_buf();
    let app = spawn_app_with(move |settings| {
        settings.data_dir = dir;
        settings.encryption.kek = Some(relais::secrets::Redacted(kek));
    })
    .await;
    let (admin, secret) = app.admin().await;
    drop(admin);
    let mut settings = app.state().settings.clone();
    app.state().db.close().await;
    settings.encryption.kek = Some(relais::secrets::Redacted(Kek::generate().to_base64()));
    settings.listen = "127.0.0.1:0".parse().unwrap();
    let error = relais::server::start(settings.clone()).await.err().expect("wrong KEK refused");
    assert!(error.to_string().contains("does not match"), "{error}");

    // Re-wrap under a new KEK with the old one, then start with the new one.
    let db = relais::db::Db::connect(&settings).await.unwrap();
    let keys = KeyRing::open(&db, Kek::parse(&first_kek).unwrap()).await.unwrap();
    let new_kek = Kek::generate();
    keys.rewrap_all(&db, &new_kek).await.unwrap();
    db.close().await;
    settings.encryption.kek = Some(relais::secrets::Redacted(new_kek.to_base64()));
    let server = relais::server::start(settings).await.unwrap();
    let (id, org_id, sealed) = {
        let row = sqlx::query("SELECT id, org_id, totp_secret_enc FROM users")
            .fetch_one(server.state.db.reader())
            .await
            .unwrap();
        (row.get::<String, _>(0), row.get::<String, _>(1), row.get::<Vec<u8>, _>(2))
    };
    let opened = server
        .state
        .keys
        .open_sealed(&server.state.db, &org_id, relais::auth::store::totp_place(&id), &sealed)
        .await
        .unwrap();
    assert_eq!(opened, secret.as_bytes());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn streams_round_trip_and_detect_truncation_reordering_and_tampering() {
    let app = spawn_app().await;
    let key = app.state().keys.current(&app.state().db, "org-stream").await.unwrap();
    let plain: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let mut sealed = Vec::new();
    assert_eq!(stream::seal(&key, PLACE, &plain[..], &mut sealed).unwrap(), 200_000);
    let mut opened = Vec::new();
    stream::open(&key, PLACE, &sealed[..], &mut opened).unwrap();
    assert_eq!(opened, plain);

    let chunk = 64 * 1024 + 16;
    let header = 27;
    let truncated = &sealed[..header + chunk * 2];
    assert!(
        stream::open(&key, PLACE, truncated, &mut Vec::new()).is_err(),
        "truncated at a chunk boundary"
    );
    let mut reordered = sealed[..header].to_vec();
    reordered.extend_from_slice(&sealed[header + chunk..header + 2 * chunk]);
    reordered.extend_from_slice(&sealed[header..header + chunk]);
    reordered.extend_from_slice(&sealed[header + 2 * chunk..]);
    assert!(stream::open(&key, PLACE, &reordered[..], &mut Vec::new()).is_err(), "reordered");
    let mut tampered = sealed.clone();
    tampered[header + 10] ^= 1;
    assert!(stream::open(&key, PLACE, &tampered[..], &mut Vec::new()).is_err(), "tampered");
    let other = Place { row_id: "row-2", ..PLACE };
    assert!(stream::open(&key, other, &sealed[..], &mut Vec::new()).is_err(), "moved");
    for size in [0usize, 1, 64 * 1024, 128 * 1024] {
        let data = vec![7u8; size];
        let mut sealed = Vec::new();
        stream::seal(&key, PLACE, &data[..], &mut sealed).unwrap();
        let mut opened = Vec::new();
        stream::open(&key, PLACE, &sealed[..], &mut opened).unwrap();
        assert_eq!(opened, data, "size {size}");
    }
}
