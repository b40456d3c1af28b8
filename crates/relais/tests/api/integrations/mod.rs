//! The API of every module, webhooks and bots, driven as an organisation's programs would.

mod bots;
mod generated_client;
mod homecare;
mod messaging;
mod webhooks;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api_v1::new_token;
use crate::helpers::{Browser, TestApp, spawn_app};

/// A request with a token, an optional JSON body and extra headers; the status, headers and
/// JSON (or text) answered.
pub async fn send(
    browser: &Browser,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new().request(method, browser.url(path)).bearer_auth(token);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.unwrap();
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A program holding one token.
pub struct Api<'a> {
    pub browser: &'a Browser,
    pub token: &'a str,
}

impl Api<'_> {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        send(self.browser, method, path, self.token, body, &[]).await
    }
}

/// An administrator, a token for the organisation and messaging, and a channel made with it.
pub struct Setup {
    pub app: TestApp,
    pub admin: Browser,
    pub token: String,
    pub channel: String,
}

pub async fn setup(channel_name: &str) -> Setup {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let token =
        new_token(&admin, &["org:read", "org:write", "messaging:read", "messaging:write"]).await;
    let (_, _, channel) = send(
        &admin,
        Method::POST,
        "/api/v1/conversations",
        &token,
        Some(json!({ "name": channel_name })),
        &[],
    )
    .await;
    let channel = channel["id"].as_str().unwrap().to_string();
    Setup { app, admin, token, channel }
}
