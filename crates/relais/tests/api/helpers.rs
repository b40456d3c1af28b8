use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use relais::config::Settings;
use relais::secrets::Redacted;
use relais::server::RunningServer;
use reqwest::StatusCode;
use sqlx::Connection;

pub use crate::browser::{Browser, between, location, serde_urlencoded};

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
    if let Some(storage) = test_s3_storage() {
        settings.storage = storage;
    }
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

/// With `RELAIS_TEST_S3_URL` (an S3-compatible server whose bucket `relais-test` exists), each
/// test keeps its documents under its own prefix there instead of in its data directory.
pub fn test_s3_storage() -> Option<relais::config::StorageSettings> {
    let endpoint = std::env::var("RELAIS_TEST_S3_URL").ok().filter(|url| !url.is_empty())?;
    Some(relais::config::StorageSettings {
        kind: relais::config::StorageKind::S3,
        s3: relais::config::S3Settings {
            bucket: "relais-test".into(),
            endpoint,
            access_key_id: "relais".into(),
            secret_access_key: Some(Redacted("relais-secret".into())),
            prefix: format!("test-{}", uuid::Uuid::new_v4().simple()),
            allow_http: true,
            ..relais::config::S3Settings::default()
        },
    })
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

/// A real 2 × 2 PNG (red and green pixels).
pub const TINY_PNG: [u8; 74] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 253, 212, 154, 115, 0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 68, 96,
    226, 63, 3, 0, 29, 240, 3, 253, 160, 51, 9, 137, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// `TINY_PNG` carrying metadata a phone would add: a text chunk naming a place, and an EXIF
/// block with the orientation (rotated 90°) and a description giving the position.
pub fn png_with_metadata() -> Vec<u8> {
    use img_parts::ImageEXIF;
    use img_parts::png::{Png, PngChunk};
    let mut png = Png::from_bytes(TINY_PNG.to_vec().into()).unwrap();
    let text =
        PngChunk::new(*b"tEXt", b"Comment\0GPS 48.1149 -1.6794 chez Mme Martin".to_vec().into());
    png.chunks_mut().insert(1, text);
    let orientation = exif::Field {
        tag: exif::Tag::Orientation,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Short(vec![6]),
    };
    let description = exif::Field {
        tag: exif::Tag::ImageDescription,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![b"GPS 48.1149 -1.6794".to_vec()]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&orientation);
    writer.push_field(&description);
    let mut block = std::io::Cursor::new(Vec::new());
    writer.write(&mut block, false).unwrap();
    png.set_exif(Some(block.into_inner().into()));
    png.encoder().bytes().to_vec()
}

/// The first bytes of a PNG declaring `width` × `height` (enough for its size to be read).
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend(vec![0u8; 64]);
    bytes
}

/// The orientation in an image's EXIF block, if any.
pub fn exif_orientation(bytes: &[u8]) -> Option<u32> {
    use img_parts::ImageEXIF;
    let png = img_parts::png::Png::from_bytes(bytes.to_vec().into()).ok()?;
    let exif = exif::Reader::new().read_raw(png.exif()?.to_vec()).ok()?;
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0)
}
