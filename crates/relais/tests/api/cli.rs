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
