//! Documents: spaces, uploads and versions, rights, the trash, and what is refused.

mod dav;
mod flow;
mod hostile;
mod links;
mod races;
mod rights;
mod search;

use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, between, location};

/// The root folder of the first space whose card shows `name` on `/documents`.
pub async fn space_root(browser: &Browser, name: &str) -> String {
    let page = browser.get("/documents").await.text().await.unwrap();
    let card = page.split("class=\"card space\"").find(|card| card.contains(name)).unwrap();
    between(card, "href=\"/documents/folders/", "\"").unwrap()
}

/// Uploads one file into a folder; returns the answer.
pub async fn upload(
    browser: &Browser,
    folder: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    browser
        .post_file(
            &format!("/documents/folders/{folder}/upload"),
            &[],
            ("file", name, bytes.to_vec()),
        )
        .await
}

/// The id of the live document of that name.
pub async fn document_id(app: &TestApp, name: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM documents WHERE name = $1 AND deleted_at IS NULL")
        .bind(name)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

pub async fn uploaded(browser: &Browser, folder: &str, name: &str, bytes: &[u8]) {
    let answer = upload(browser, folder, name, bytes).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{}", answer.text().await.unwrap());
    assert_eq!(location(&answer), format!("/documents/folders/{folder}?done=uploaded"));
}

/// The raw stored bytes of every document blob (data directory or S3, as the settings say).
pub async fn stored_blobs(app: &TestApp) -> Vec<Vec<u8>> {
    use futures_util::TryStreamExt;
    let blobs = &app.state().blobs;
    let mut stored = Vec::new();
    for key in blobs.keys("documents").await.unwrap() {
        let chunks: Vec<bytes::Bytes> = blobs.get(&key).await.unwrap().try_collect().await.unwrap();
        stored.push(chunks.concat());
    }
    stored
}
