//! A test browser: a cookie jar, the CSRF token, sign-in with TOTP, form posts as the pages send them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use reqwest::cookie::CookieStore;

pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
    pub(crate) jar: Arc<reqwest::cookie::Jar>,
    pub(crate) totp_steps: Arc<Mutex<HashMap<String, u64>>>,
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// The text between `start` and the next `end` in `html`.
pub fn between(html: &str, start: &str, end: &str) -> Option<String> {
    let rest = html.split_once(start)?.1;
    Some(rest.split_once(end)?.0.to_string())
}

impl Browser {
    /// A browser for a server started outside `spawn_app` (a second instance, say).
    pub fn at(address: &str) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser { address: address.to_string(), client, jar, totp_steps: Arc::default() }
    }

    /// The same person (same cookies) talking to a server at another address.
    pub fn moved_to(&self, address: &str) -> Self {
        Browser {
            address: address.to_string(),
            client: self.client.clone(),
            jar: self.jar.clone(),
            totp_steps: self.totp_steps.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = self.address.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header.to_str().unwrap().split("; ").find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_string())
        })
    }

    /// Every cookie this browser would send, as a `Cookie` header.
    pub fn cookie_header(&self) -> String {
        let url = self.address.parse().unwrap();
        self.jar.cookies(&url).map(|h| h.to_str().unwrap().to_string()).unwrap_or_default()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = self.address.parse().unwrap();
        self.jar.add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn csrf(&self) -> String {
        if let Some(token) = self.cookie("relais_csrf") {
            return token;
        }
        self.get("/login").await;
        self.cookie("relais_csrf").unwrap()
    }

    /// Posts a form with the CSRF token, as the browser's own page would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut body: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        body.extend_from_slice(fields);
        self.post_raw(path, &serde_urlencoded(&body)).await
    }

    pub async fn post_raw(&self, path: &str, body: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &self.address)
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// Posts a `multipart/form-data` form with the CSRF token and one file, as a file input would.
    pub async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, Vec<u8>),
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new().text("csrf", self.csrf().await);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        let (name, file_name, bytes) = file;
        form = form.part(
            name.to_string(),
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
        );
        self.client
            .post(self.url(path))
            .header("origin", &self.address)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.get("/login").await;
        self.post("/login", &[("email", email), ("password", password)]).await
    }

    /// A TOTP code for a step not used yet by this secret (waits for the next step if needed).
    pub async fn next_code(&self, secret: &str) -> String {
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let current = now / 30;
            // The server accepts the previous step until the current one ends: near its end (and
            // on a busy machine) the previous step's code could expire before it arrives.
            let oldest = if now % 30 < 20 { current.saturating_sub(1) } else { current };
            let step = {
                let mut steps = self.totp_steps.lock().unwrap();
                let last = steps.get(secret).copied();
                let candidate = last.map_or(oldest, |last| (last + 1).max(oldest));
                (candidate <= current + 1).then(|| {
                    steps.insert(secret.to_string(), candidate);
                    candidate
                })
            };
            if let Some(step) = step {
                return relais::auth::totp::code_at(secret, step * 30).unwrap();
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }

    /// Signs in with password and TOTP; panics unless it ends on the home page.
    pub async fn sign_in_fully(&self, email: &str, password: &str, secret: Option<&str>) {
        let response = self.sign_in(email, password).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        if let Some(secret) = secret {
            assert_eq!(location(&response), "/login/totp");
            let code = self.next_code(secret).await;
            let response = self.post("/login/totp", &[("code", &code)]).await;
            assert_eq!(location(&response), "/", "TOTP refused");
        } else {
            assert_eq!(location(&response), "/");
        }
    }

    /// Enrols TOTP from the enrolment page; returns the secret and the recovery codes.
    pub async fn enrol_totp(&self) -> (String, Vec<String>) {
        self.enrol_totp_with(&[]).await
    }

    /// Enrols TOTP with the step-up fields a complete session is asked for (the password, and a
    /// code of the current factor when replacing it).
    pub async fn enrol_totp_with(&self, step_up: &[(&str, &str)]) -> (String, Vec<String>) {
        let page = self.get("/account/totp").await.text().await.unwrap();
        let secret = between(&page, "<code id=\"totp-secret\">", "</code>").expect("secret shown");
        let code = self.next_code(&secret).await;
        let mut fields = vec![("code", code.as_str())];
        fields.extend_from_slice(step_up);
        let response = self.post("/account/totp", &fields).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = response.text().await.unwrap();
        let codes: Vec<String> = page
            .split("<li><code>")
            .skip(1)
            .map(|piece| piece.split_once("</code>").unwrap().0.to_string())
            .collect();
        assert_eq!(codes.len(), 10, "{page}");
        (secret, codes)
    }

    /// Invites a person; returns the activation link shown to the administrator.
    pub async fn invite(&self, email: &str, name: &str, roles: &[&str]) -> String {
        let mut fields = vec![("email", email), ("display_name", name), ("locale", "fr")];
        fields.extend(roles.iter().map(|role| ("roles", *role)));
        let response = self.post("/admin/people", &fields).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = response.text().await.unwrap();
        between(&page, "id=\"one-time-link\" type=\"text\" readonly value=\"", "\"")
            .expect("link shown")
    }
}

/// URL-encodes form fields (repeated names allowed).
pub fn serde_urlencoded(fields: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}
