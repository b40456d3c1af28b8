use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use relais::config::Settings;
use relais::secrets::Redacted;
use relais::server::RunningServer;
use reqwest::StatusCode;
use reqwest::cookie::CookieStore;
use sqlx::Connection;

pub const ADMIN_EMAIL: &str = "claire.dubois@ssiad-test.fr";
pub const ADMIN_PASSWORD: &str = "tournesol bleu sur la colline";
pub const PASSWORD: &str = "marée haute à Saint-Malo 2026";

/// A running server with its own empty database.
pub struct TestApp {
    pub address: String,
    pub server: Option<RunningServer>,
    pub setup_token: Option<String>,
    _data_dir: tempfile::TempDir,
    postgres_database: Option<(String, String)>,
    totp_steps: Arc<Mutex<HashMap<String, u64>>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.path().to_path_buf(),
        metrics_listen: "127.0.0.1:0".into(),
        // Tests that need jobs run them step by step; a background worker would race them.
        jobs: relais::config::JobSettings { run: false },
        ..Settings::default()
    };
    let postgres_database = match std::env::var("RELAIS_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let (name, database_url) = create_postgres_database(&url).await;
            settings.database_url = Some(Redacted(database_url));
            Some((url, name))
        }
        _ => None,
    };
    adjust(&mut settings);
    let server = relais::server::start(settings).await.unwrap();
    TestApp {
        address: format!("http://{}", server.address),
        setup_token: server.setup_token.clone(),
        server: Some(server),
        _data_dir: data_dir,
        postgres_database,
        totp_steps: Arc::default(),
    }
}

async fn create_postgres_database(admin_url: &str) -> (String, String) {
    let name = format!("relais_test_{}", uuid::Uuid::new_v4().simple());
    let mut connection = sqlx::PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut connection).await.unwrap();
    let mut url = url::Url::parse(admin_url).unwrap();
    url.set_path(&format!("/{name}"));
    (name, url.to_string())
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres_database.take() {
            drop_postgres_database(admin_url, name);
        }
    }
}

/// A PostgreSQL database made for one test, dropped with it.
pub struct ScratchDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

impl ScratchDatabase {
    pub async fn create(admin_url: &str) -> Self {
        let (name, url) = create_postgres_database(admin_url).await;
        Self { url, admin_url: admin_url.to_string(), name }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        drop_postgres_database(self.admin_url.clone(), self.name.clone());
    }
}

fn drop_postgres_database(admin_url: String, name: String) {
    let _ = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            if let Ok(mut connection) = sqlx::PgConnection::connect(&admin_url).await {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(&sql).execute(&mut connection).await;
            }
        });
    })
    .join();
}

impl TestApp {
    pub fn state(&self) -> &relais::state::AppState {
        &self.server.as_ref().unwrap().state
    }

    /// A browser for another server (a second instance, a restored copy) that shares this app's
    /// record of used TOTP steps.
    pub fn browser_at(&self, address: &str) -> Browser {
        Browser { totp_steps: self.totp_steps.clone(), ..Browser::at(address) }
    }

    /// A new browser with its own cookies.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser { address: self.address.clone(), client, jar, totp_steps: self.totp_steps.clone() }
    }

    /// Runs SQL on the app's database (to age a token, say).
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql).execute(self.state().db.writer()).await.unwrap();
    }

    pub async fn count(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sql).fetch_one(self.state().db.reader()).await.unwrap().get(0)
    }

    /// Completes the first-start setup; returns the administrator's browser, signed in with
    /// TOTP enrolled, and their TOTP secret.
    pub async fn admin(&self) -> (Browser, String) {
        let browser = self.browser();
        let token = self.setup_token.clone().expect("fresh app has a setup token");
        browser.get(&format!("/setup?token={token}")).await;
        let response = browser
            .post(
                "/setup",
                &[
                    ("token", token.as_str()),
                    ("organisation", "SSIAD des Tests"),
                    ("display_name", "Claire Dubois"),
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/account/totp");
        let secret = browser.enrol_totp().await.0;
        (browser, secret)
    }

    /// Invites a person with `roles`, activates the account with `PASSWORD` in a new browser,
    /// and enrols TOTP when the roles require it. Returns the browser, the person's id and secret.
    pub async fn person(
        &self,
        admin: &Browser,
        email: &str,
        roles: &[&str],
    ) -> (Browser, String, Option<String>) {
        let link = admin.invite(email, "Nadia Benali", roles).await;
        let id = self.person_id(email).await;
        let browser = self.browser();
        let path = link.split_once("://").unwrap().1.split_once('/').unwrap().1;
        let path = format!("/{path}");
        let token = path.split("token=").nth(1).unwrap().to_string();
        assert_eq!(browser.get(&path).await.status(), StatusCode::OK);
        let response = browser
            .post(
                "/activate",
                &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
        let secret = if location(&response) == "/account/totp" {
            Some(browser.enrol_totp().await.0)
        } else {
            assert_eq!(location(&response), "/");
            None
        };
        (browser, id, secret)
    }

    /// The administrator of a second organisation ("SAAD B", created like `relais create-admin`),
    /// signed in with TOTP enrolled.
    pub async fn second_organisation_admin(&self) -> Browser {
        let state = self.state();
        let token = relais::setup::service::create_admin(
            &state.db,
            &state.keys,
            "SAAD B",
            "Bruno",
            "bruno@saad-b.fr",
        )
        .await
        .unwrap();
        let browser = self.browser();
        let response = browser
            .post(
                "/activate",
                &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
            )
            .await;
        assert_eq!(location(&response), "/account/totp");
        browser.enrol_totp().await;
        browser
    }

    pub async fn person_id(&self, email: &str) -> String {
        use sqlx::Row;
        sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(self.state().db.reader())
            .await
            .unwrap()
            .get(0)
    }
}

pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    totp_steps: Arc<Mutex<HashMap<String, u64>>>,
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
        let page = self.get("/account/totp").await.text().await.unwrap();
        let secret = between(&page, "<code id=\"totp-secret\">", "</code>").expect("secret shown");
        let code = self.next_code(&secret).await;
        let response = self.post("/account/totp", &[("secret", &secret), ("code", &code)]).await;
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
