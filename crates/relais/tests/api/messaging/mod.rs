//! Messaging: channels, direct messages, live delivery, search, the right to disconnect, and bad
//! input. Shared here: a small team of three and its helpers.

mod antivirus;
mod attachments;
mod conversations;
mod digest;
pub mod disconnect;
mod hostile;
mod live_and_search;

use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, location, spawn_app_with};

pub struct Chat {
    pub app: TestApp,
    pub admin: Browser,
    pub admin_id: String,
    pub nurse: Browser,
    pub nurse_id: String,
    pub coordinator: Browser,
    pub coordinator_id: String,
}

/// The administrator (claire.dubois), a nurse (anne.martin) and a coordinator (paul.leroy), all
/// on duty around the clock unless a test says otherwise.
pub async fn chat() -> Chat {
    chat_with(|_| {}).await
}

/// The same team on a server with adjusted settings.
pub async fn chat_with(adjust: impl FnOnce(&mut relais::config::Settings)) -> Chat {
    let app = spawn_app_with(adjust).await;
    let (admin, _) = app.admin().await;
    let (nurse, nurse_id, _) = app.person(&admin, "anne.martin@ssiad-test.fr", &["nurse"]).await;
    let (coordinator, coordinator_id, _) =
        app.person(&admin, "paul.leroy@ssiad-test.fr", &["coordinator"]).await;
    let admin_id = app.person_id(crate::helpers::ADMIN_EMAIL).await;
    app.execute("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .await;
    Chat { app, admin, admin_id, nurse, nurse_id, coordinator, coordinator_id }
}

/// The id at the end of a redirect to `/messages/<id>`.
pub fn conversation_of(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "expected a redirect");
    location(response).trim_start_matches("/messages/").to_string()
}

/// Creates a channel as `browser`; returns its id.
pub async fn channel(browser: &Browser, name: &str, private: bool) -> String {
    let mut fields = vec![("name", name)];
    if private {
        fields.push(("private", "1"));
    }
    conversation_of(&browser.post("/messages", &fields).await)
}

/// Sends `text`; returns the JSON answer (message id, seq, who is held).
pub async fn send(browser: &Browser, conversation: &str, text: &str) -> serde_json::Value {
    let response = send_raw(browser, conversation, &[("text", text)]).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

/// Sends a message form as a script does (asking for JSON).
pub async fn send_raw(
    browser: &Browser,
    conversation: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    try_send_raw(browser, conversation, fields).await.unwrap()
}

/// The same, with the network error returned (a server being killed) and a 5 s limit.
pub async fn try_send_raw(
    browser: &Browser,
    conversation: &str,
    fields: &[(&str, &str)],
) -> Result<reqwest::Response, reqwest::Error> {
    let csrf = browser.csrf().await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser
        .client
        .post(browser.url(&format!("/messages/{conversation}/post")))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", &browser.address)
        .body(crate::helpers::serde_urlencoded(&all))
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await
}

pub async fn page(browser: &Browser, path: &str) -> String {
    let response = browser.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.unwrap()
}
