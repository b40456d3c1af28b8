//! The `relais` binary: configuration errors, unreachable databases and unusable data
//! directories give a clear message and a non-zero exit code.

use std::process::Command;

/// An administrator of a new organisation, as an operator would create one.
const CREATE_ADMIN: [&str; 7] = [
    "create-admin",
    "--organisation",
    "SSIAD Test",
    "--email",
    "it@ssiad.fr",
    "--name",
    "Informatique",
];

fn relais(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_relais"));
    command.current_dir(dir.path()).args(args).env_remove("RELAIS_TEST_DATABASE_URL");
    for (key, value) in envs {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn default_config_prints_a_valid_commented_configuration() {
    let (code, stdout, _) = relais(&["default-config"], &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("listen = \"127.0.0.1:8080\"") && stdout.contains("# "));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("relais.toml");
    std::fs::write(&file, &stdout).unwrap();
    let data = dir.path().join("data");
    let (code, stdout, stderr) = relais(
        &["--config", file.to_str().unwrap(), "migrate"],
        &[("RELAIS__DATA_DIR", data.to_str().unwrap())],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("up to date"));
    assert!(data.join("relais.sqlite3").exists());
}

#[test]
fn an_unknown_configuration_key_is_named_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("relais.toml");
    std::fs::write(&file, "lisen = \"0.0.0.0:80\"\n").unwrap();
    let (code, _, stderr) = relais(&["--config", file.to_str().unwrap(), "migrate"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("lisen"), "{stderr}");
    let (code, _, stderr) = relais(&["migrate"], &[("RELAIS__SESION__IDLE", "3")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("sesion"), "{stderr}");
    let (code, _, stderr) = relais(&["--config", "/nonexistent/relais.toml", "migrate"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn an_unreachable_postgresql_stops_the_start_with_a_clear_message() {
    let url = "postgres://relais:secret-password@127.0.0.1:1/relais";
    let (code, _, stderr) =
        relais(&["serve"], &[("RELAIS__DATABASE_URL", url), ("RELAIS__LISTEN", "127.0.0.1:0")]);
    assert_ne!(code, 0);
    assert!(stderr.contains("cannot connect to the database"), "{stderr}");
    assert!(!stderr.contains("secret-password"), "the password leaked: {stderr}");
}

#[test]
fn an_unusable_data_directory_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let data = blocker.join("data");
    for data_dir in [data.to_str().unwrap(), "/proc/relais-data"] {
        let (code, _, stderr) = relais(
            &["serve"],
            &[("RELAIS__DATA_DIR", data_dir), ("RELAIS__LISTEN", "127.0.0.1:0")],
        );
        assert_ne!(code, 0);
        assert!(stderr.contains("data directory") && stderr.contains("cannot be used"), "{stderr}");
    }
}

#[test]
fn an_unwritable_audit_anchor_file_or_a_bad_proxy_range_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let anchor = dir.path().join("no-such-volume").join("anchors.jsonl");
    let (code, _, stderr) = relais(
        &["serve"],
        &[
            ("RELAIS__DATA_DIR", data.to_str().unwrap()),
            ("RELAIS__LISTEN", "127.0.0.1:0"),
            ("RELAIS__AUDIT__ANCHOR_FILE", anchor.to_str().unwrap()),
        ],
    );
    assert_ne!(code, 0);
    assert!(
        stderr.contains("audit.anchor_file") && stderr.contains("cannot be written"),
        "{stderr}"
    );
    let file = dir.path().join("relais.toml");
    std::fs::write(&file, "[connections]\ntrusted_proxies = [\"10.0.0.0/33\"]\n").unwrap();
    let (code, _, stderr) = relais(&["--config", file.to_str().unwrap(), "migrate"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("trusted_proxies") && stderr.contains("10.0.0.0/33"), "{stderr}");
}

#[test]
fn create_admin_prints_an_activation_link_and_refuses_a_taken_email() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let envs = [("RELAIS__DATA_DIR", data.to_str().unwrap())];
    let (code, stdout, stderr) = relais(&CREATE_ADMIN, &envs);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("/activate?token="));
    let (code, _, stderr) = relais(&CREATE_ADMIN, &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("already exists"), "{stderr}");
    let bad = ["create-admin", "--organisation", "X", "--email", "not-an-email", "--name", "Y"];
    let (code, _, stderr) = relais(&bad, &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("invalid email"), "{stderr}");
}

#[tokio::test]
async fn audit_verify_checkpoint_and_export_work_from_the_command_line() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let envs = [("RELAIS__DATA_DIR", data.to_str().unwrap())];
    assert_eq!(relais(&CREATE_ADMIN, &envs).0, 0);
    let (code, stdout, stderr) = relais(&["audit", "verify"], &envs);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("intact: 1 rows"), "{stdout}");
    let (code, checkpoint, _) = relais(&["audit", "checkpoint"], &envs);
    assert_eq!(code, 0);
    let exported = dir.path().join("checkpoint.json");
    std::fs::write(&exported, &checkpoint).unwrap();
    let (code, jsonl, _) = relais(&["audit", "export", "--from", "2020-01-01"], &envs);
    assert_eq!(code, 0);
    assert!(jsonl.lines().next().unwrap().contains("\"action\":\"person.invite\""));
    let (code, _, stderr) = relais(&["audit", "export", "--from", "yesterday"], &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("not a date"), "{stderr}");

    let url = format!("sqlite://{}", data.join("relais.sqlite3").display());
    let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE audit_log SET ip = '10.0.0.1'").execute(&mut connection).await.unwrap();
    connection.close().await.unwrap();
    let (code, _, stderr) =
        relais(&["audit", "verify", "--checkpoint", exported.to_str().unwrap()], &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("broken at row 1"), "{stderr}");
    std::fs::write(&exported, "{not json").unwrap();
    let (code, _, stderr) =
        relais(&["audit", "verify", "--checkpoint", exported.to_str().unwrap()], &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("holds no checkpoint"), "{stderr}");
}

#[test]
fn keys_rotate_and_rotate_kek_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let envs = [("RELAIS__DATA_DIR", data.to_str().unwrap())];
    assert_eq!(relais(&CREATE_ADMIN, &envs).0, 0);
    let (code, stdout, stderr) = relais(&["keys", "rotate"], &envs);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("New data key version for 1 organisation"), "{stdout}");
    let (code, new_kek, _) = relais(&["keys", "generate-kek"], &[]);
    assert_eq!(code, 0);
    let new_file = dir.path().join("new.key");
    std::fs::write(&new_file, new_kek.trim()).unwrap();
    let (code, stdout, stderr) =
        relais(&["keys", "rotate-kek", "--new-kek-file", new_file.to_str().unwrap()], &envs);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("re-wrapped"));
    // The old key no longer opens the database; the new one does.
    let (code, _, stderr) = relais(&["audit", "verify"], &envs);
    assert_ne!(code, 0);
    assert!(stderr.contains("does not match"), "{stderr}");
    std::fs::copy(&new_file, data.join("kek.key")).unwrap();
    let (code, _, stderr) = relais(&["audit", "verify"], &envs);
    assert_eq!(code, 0, "{stderr}");
}

/// A whole session against the real binary with debug JSON logs: no secret and no personal
/// e-mail of the people involved ever reaches the log.
#[tokio::test]
async fn logs_never_contain_secrets_or_personal_data() {
    use std::io::{BufRead, Read};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_relais"))
        .current_dir(dir.path())
        .env_remove("RELAIS_TEST_DATABASE_URL")
        .env("RELAIS__LISTEN", "127.0.0.1:0")
        .env("RELAIS__METRICS_LISTEN", "")
        .env("RELAIS__LOG__FORMAT", "json")
        .env("RELAIS__LOG__LEVEL", "debug")
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read the log as it comes, so the server never blocks on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let log_reader = std::thread::spawn(move || {
        let mut logs = String::new();
        stderr.read_to_string(&mut logs).unwrap();
        logs
    });
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (mut address, mut setup) = (String::new(), String::new());
    for _ in 0..20 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        if let Some(url) = line.trim().strip_prefix("Relais is running: ") {
            address = url.to_string();
        }
        if line.contains("/setup?token=") {
            setup = line.trim().to_string();
            break;
        }
    }
    let token = setup.split("token=").nth(1).unwrap().to_string();
    let browser = crate::helpers::Browser::at(&address);
    let admin_email = "claire.secret@ssiad-logs.fr";
    let password = "un mot de passe tout à fait secret";
    browser.get(&format!("/setup?token={token}")).await;
    browser
        .post(
            "/setup",
            &[
                ("token", &token),
                ("organisation", "SSIAD Journal"),
                ("display_name", "Claire"),
                ("email", admin_email),
                ("password", password),
            ],
        )
        .await;
    let (secret, codes) = browser.enrol_totp().await;
    browser.sign_in("nobody.secret@ssiad-logs.fr", "another secret password").await;
    let page = browser
        .post(
            "/account/tokens",
            &[("name", "logs"), ("scopes", "org:read"), ("expires_in_days", "30")],
        )
        .await
        .text()
        .await
        .unwrap();
    let api_token =
        crate::helpers::between(&page, "id=\"new-token\" type=\"text\" readonly value=\"", "\"")
            .unwrap();
    reqwest::Client::new()
        .get(format!("{address}/api/v1/me"))
        .bearer_auth(&api_token)
        .send()
        .await
        .unwrap();
    let session = browser.cookie("relais_session").unwrap();
    let csrf = browser.cookie("relais_csrf").unwrap();

    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(child.wait().unwrap().success(), "SIGTERM stops the server cleanly");
    let logs = log_reader.join().unwrap();
    assert!(logs.lines().count() > 10, "debug logs were written");
    assert!(
        logs.lines().all(|line| serde_json::from_str::<serde_json::Value>(line).is_ok()),
        "JSON lines"
    );
    assert!(logs.contains("request_id"), "requests carry an id");
    let mut secrets = vec![
        token.as_str(),
        password,
        secret.as_str(),
        session.as_str(),
        csrf.as_str(),
        api_token.as_str(),
        admin_email,
        "nobody.secret",
        "another secret password",
    ];
    secrets.extend(codes.iter().map(String::as_str));
    for secret in secrets {
        assert!(!logs.contains(secret), "the log contains {secret:?}");
    }
}
