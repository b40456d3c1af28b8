use super::*;

fn parse(text: &str) -> Result<Settings, ConfigError> {
    let figment =
        Figment::from(Serialized::defaults(Settings::default())).merge(Toml::string(text));
    let settings: Settings =
        figment.extract().map_err(|error| ConfigError::Invalid(describe(error)))?;
    settings.validate()?;
    Ok(settings)
}

#[test]
fn the_example_configuration_is_valid_and_matches_the_defaults() {
    let settings = parse(EXAMPLE).unwrap();
    assert_eq!(settings.listen, Settings::default().listen);
    assert_eq!(settings.session.idle_timeout_minutes, 30);
}

#[test]
fn an_unknown_key_is_an_error_that_names_it() {
    let error = parse("lisen = \"0.0.0.0:1\"").unwrap_err().to_string();
    assert!(error.contains("lisen"), "{error}");
    let error = parse("[session]\nidle = 3").unwrap_err().to_string();
    assert!(error.contains("idle"), "{error}");
}

#[test]
fn a_routing_server_and_the_upload_limit_are_checked() {
    let ok = parse("[planning.routing]\nosrm_url = \"http://127.0.0.1:5000\"").unwrap();
    assert_eq!(ok.planning.routing.profile, "driving");
    for bad in [
        "[planning.routing]\nosrm_url = \"ftp://x\"",
        "[planning.routing]\nprofile = \"../car\"",
        "[planning.routing]\ntimeout_seconds = 0",
        "[limits]\nmax_upload_bytes = 2048",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_non_postgres_database_url_is_refused() {
    let error = parse("database_url = \"mysql://x\"").unwrap_err().to_string();
    assert!(error.contains("postgres://"), "{error}");
}

#[test]
fn the_database_url_is_redacted_in_debug_output() {
    let settings = parse("database_url = \"postgres://u:hunter2@h/db\"").unwrap();
    assert!(!format!("{settings:?}").contains("hunter2"));
}

#[test]
fn punch_tolerances_are_per_funder_and_checked() {
    let settings =
        parse("[planning.tolerance_by_funder.apa]\nearly_minutes = 10\nlate_minutes = 15").unwrap();
    let apa = settings.planning.tolerance_for("apa");
    assert_eq!((apa.early_minutes, apa.late_minutes), (10, 15));
    assert_eq!(settings.planning.tolerance_for("ssiad"), PunchTolerance::default());
    let error = parse("[planning.tolerance_by_funder.mutuelle]\nearly_minutes = 10")
        .unwrap_err()
        .to_string();
    assert!(error.contains("mutuelle"), "{error}");
    let error = parse("[planning.tolerance]\nlate_minutes = -5").unwrap_err().to_string();
    assert!(error.contains("between 0 and 240"), "{error}");
}

#[test]
fn mail_and_antivirus_settings_are_checked() {
    let ok = parse(
        "[mail]\nsmtp_url = \"smtps://u:p@mail.example.org:465\"\nfrom = \"Relais <r@example.org>\"\n\
         [antivirus]\nclamd = \"tcp://127.0.0.1:3310\"",
    )
    .unwrap();
    assert_eq!(ok.smtp_url(), Some("smtps://u:p@mail.example.org:465"));
    assert!(!format!("{ok:?}").contains("u:p@"), "the SMTP password is redacted");
    for bad in [
        "[mail]\nsmtp_url = \"http://mail\"",
        "[mail]\nfrom = \"not an address\"",
        "[mail]\ndigest_after_minutes = 5000",
        "[antivirus]\nclamd = \"127.0.0.1:3310\"",
        "[antivirus]\nclamd = \"unix:relative.ctl\"",
        "[antivirus]\ntimeout_seconds = 0",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn call_servers_are_checked_and_turn_needs_its_secret() {
    let ok = parse(
        "[calls]\nstun_urls = [\"stun:turn.example.org:3478\"]\n\
         turn_urls = [\"turns:turn.example.org:5349\"]\nturn_secret = \"0123456789abcdef\"",
    )
    .unwrap();
    assert_eq!(ok.calls.turn_urls.len(), 1);
    assert!(!format!("{ok:?}").contains("0123456789abcdef"), "the secret is redacted");
    for bad in [
        "[calls]\nstun_urls = [\"http://x\"]",
        "[calls]\nturn_urls = [\"turn:x:3478\"]",
        "[calls]\nturn_urls = [\"stun:x\"]\nturn_secret = \"0123456789abcdef\"",
        "[calls]\nturn_ttl_seconds = 99999999",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}
