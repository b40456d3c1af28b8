//! The `relais` binary: configuration errors, unreachable databases and unusable data
//! directories give a clear message and a non-zero exit code.

use std::process::Command;

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
fn create_admin_prints_an_activation_link_and_refuses_a_taken_email() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let envs = [("RELAIS__DATA_DIR", data.to_str().unwrap())];
    let args = [
        "create-admin",
        "--organisation",
        "SSIAD Test",
        "--email",
        "it@ssiad.fr",
        "--name",
        "Informatique",
    ];
    let (code, stdout, stderr) = relais(&args, &envs);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("/activate?token="));
    let (code, _, stderr) = relais(&args, &envs);
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
    let args = [
        "create-admin",
        "--organisation",
        "SSIAD Test",
        "--email",
        "it@ssiad.fr",
        "--name",
        "Informatique",
    ];
    assert_eq!(relais(&args, &envs).0, 0);
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
    assert!(stderr.contains("is not a checkpoint"), "{stderr}");
}

#[test]
fn keys_rotate_and_rotate_kek_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let envs = [("RELAIS__DATA_DIR", data.to_str().unwrap())];
    let args = [
        "create-admin",
        "--organisation",
        "SSIAD Test",
        "--email",
        "it@ssiad.fr",
        "--name",
        "Informatique",
    ];
    assert_eq!(relais(&args, &envs).0, 0);
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
