//! Settings, built once at start: defaults, then `relais.toml`, then `RELAIS__…` variables.
//!
//! Unknown keys are an error naming the key; secrets never show in `Debug` output.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::secrets::Redacted;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "relais.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address and port the web server listens on.
    pub listen: SocketAddr,
    /// The address people use to reach Relais, e.g. `https://relais.example.org`.
    /// Used in printed links; `https` makes cookies `Secure` and turns on HSTS.
    pub public_url: Option<String>,
    /// Where the SQLite database and files are kept.
    pub data_dir: PathBuf,
    /// Address of the Prometheus `/metrics` listener (keep it on loopback); empty to turn it off.
    pub metrics_listen: String,
    /// `postgres://…` to use PostgreSQL; empty for the embedded SQLite database.
    pub database_url: Option<Redacted>,
    /// `nats://host:4222` to share events between several instances through NATS JetStream;
    /// empty for one instance (in-process).
    pub bus: Option<Redacted>,
    /// The JetStream stream (and subject prefix) events go through.
    pub bus_stream: String,
    pub session: SessionSettings,
    pub limits: LimitSettings,
    pub log: LogSettings,
    pub encryption: EncryptionSettings,
    pub audit: AuditSettings,
    pub websocket: WebSocketSettings,
    pub tls: TlsSettings,
    pub jobs: JobSettings,
    pub planning: PlanningSettings,
}

/// The round optimiser's time budget, and how early or late an arrival may be before it is an
/// exception for the coordinators.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanningSettings {
    /// Seconds to optimise one day.
    pub day_seconds: f64,
    /// Seconds to optimise a whole week (shared between its days).
    pub week_seconds: f64,
    /// Arrival tolerance for funders without their own.
    pub tolerance: PunchTolerance,
    /// Arrival tolerance per funder (`ssiad`, `apa`, `pch`, `private`), e.g.
    /// `[planning.tolerance_by_funder.apa] early_minutes = 15` in relais.toml.
    pub tolerance_by_funder: std::collections::BTreeMap<String, PunchTolerance>,
    /// An OSRM-compatible routing server for the optimiser's travel times; without one, travel is
    /// estimated from the straight line.
    pub routing: RoutingSettings,
}

impl Default for PlanningSettings {
    fn default() -> Self {
        Self {
            day_seconds: 10.0,
            week_seconds: 60.0,
            tolerance: PunchTolerance::default(),
            tolerance_by_funder: std::collections::BTreeMap::new(),
            routing: RoutingSettings::default(),
        }
    }
}

/// Where to ask for road travel times: an OSRM-compatible server (`/table/v1/{profile}/…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingSettings {
    /// e.g. `http://127.0.0.1:5000`; empty means no routing server.
    pub osrm_url: String,
    /// The OSRM profile for the car times (`driving` on most servers).
    pub profile: String,
    /// How long one table request may take before falling back to the estimate.
    pub timeout_seconds: u64,
}

impl Default for RoutingSettings {
    fn default() -> Self {
        Self { osrm_url: String::new(), profile: "driving".into(), timeout_seconds: 10 }
    }
}

impl PlanningSettings {
    /// The tolerance that applies to a funder.
    pub fn tolerance_for(&self, funder: &str) -> PunchTolerance {
        self.tolerance_by_funder.get(funder).copied().unwrap_or(self.tolerance)
    }
}

/// Minutes an arrival may come before or after the planned start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PunchTolerance {
    pub early_minutes: i64,
    pub late_minutes: i64,
}

impl Default for PunchTolerance {
    fn default() -> Self {
        Self { early_minutes: 30, late_minutes: 30 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobSettings {
    /// Whether this instance runs background jobs (with several instances, any number may).
    pub run: bool,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self { run: true }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TlsSettings {
    /// PEM certificate chain; with `key_file`, Relais serves HTTPS itself.
    pub cert_file: Option<PathBuf>,
    /// PEM private key.
    pub key_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebSocketSettings {
    /// Live-update connections one person may keep open at once.
    pub max_per_user: usize,
    /// Live-update connections from one address (a whole office may share one).
    pub max_per_ip: usize,
}

impl Default for WebSocketSettings {
    fn default() -> Self {
        Self { max_per_user: 10, max_per_ip: 2000 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSettings {
    /// Audit rows older than this many months are deleted, whole segments at a time.
    pub retention_months: u32,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self { retention_months: 12 }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EncryptionSettings {
    /// File holding the key-encryption key (base64, mode 0600). Default: `<data_dir>/kek.key`,
    /// generated on first start.
    pub kek_file: Option<PathBuf>,
    /// The key-encryption key itself (base64), usually from `RELAIS__ENCRYPTION__KEK`.
    pub kek: Option<Redacted>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle_timeout_minutes: u32,
    /// A session ends this long after sign-in, however active.
    pub absolute_lifetime_hours: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitSettings {
    /// Largest request body accepted, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Largest file upload (a care photo, a FHIR bundle), in bytes; larger ones get 413.
    pub max_upload_bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// `text` or `json`.
    pub format: LogFormat,
    /// A tracing filter such as `info` or `relais=debug,info`.
    pub level: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            data_dir: PathBuf::from("relais-data"),
            metrics_listen: "127.0.0.1:9464".into(),
            database_url: None,
            bus: None,
            bus_stream: "relais".into(),
            session: SessionSettings::default(),
            limits: LimitSettings::default(),
            log: LogSettings::default(),
            encryption: EncryptionSettings::default(),
            audit: AuditSettings::default(),
            websocket: WebSocketSettings::default(),
            tls: TlsSettings::default(),
            jobs: JobSettings::default(),
            planning: PlanningSettings::default(),
        }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self { idle_timeout_minutes: 30, absolute_lifetime_hours: 12 }
    }
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self { max_body_bytes: 1024 * 1024, max_upload_bytes: 8 * 1024 * 1024 }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        Self { format: LogFormat::Text, level: "info".into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Reads the settings: defaults, then the file, then `RELAIS__SECTION__KEY` variables.
    pub fn load(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config_file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.into())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        figment = figment.merge(Env::prefixed("RELAIS__").split("__"));
        let settings: Settings =
            figment.extract().map_err(|error| ConfigError::Invalid(describe(error)))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(format!(
                "public_url must start with http:// or https://, got {url:?}"
            )));
        }
        if let Some(url) = &self.database_url
            && !url.0.is_empty()
            && !url.0.starts_with("postgres://")
            && !url.0.starts_with("postgresql://")
        {
            return Err(ConfigError::Invalid(
                "database_url must be a postgres:// URL (leave it out for SQLite)".into(),
            ));
        }
        if self.session.idle_timeout_minutes == 0 || self.session.absolute_lifetime_hours == 0 {
            return Err(ConfigError::Invalid("session lifetimes must be greater than zero".into()));
        }
        if let Some(bus) = self.bus.as_ref().filter(|b| !b.0.is_empty())
            && !bus.0.starts_with("nats://")
        {
            return Err(ConfigError::Invalid(
                "bus must be a nats:// URL (leave it out for one instance)".into(),
            ));
        }
        if self.bus_stream.is_empty()
            || !self.bus_stream.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ConfigError::Invalid(
                "bus_stream may only hold letters, digits, - and _".into(),
            ));
        }
        if self.websocket.max_per_user == 0 || self.websocket.max_per_ip == 0 {
            return Err(ConfigError::Invalid("websocket limits must be at least 1".into()));
        }
        if !self.metrics_listen.is_empty() && self.metrics_listen.parse::<SocketAddr>().is_err() {
            return Err(ConfigError::Invalid(format!(
                "metrics_listen must be an address such as 127.0.0.1:9464 (or empty), got {:?}",
                self.metrics_listen
            )));
        }
        if self.tls.cert_file.is_some() != self.tls.key_file.is_some() {
            return Err(ConfigError::Invalid("tls needs both cert_file and key_file".into()));
        }
        if self.audit.retention_months == 0 {
            return Err(ConfigError::Invalid("audit.retention_months must be at least 1".into()));
        }
        if self.limits.max_body_bytes < 1024 {
            return Err(ConfigError::Invalid("limits.max_body_bytes must be at least 1024".into()));
        }
        if self.limits.max_upload_bytes < self.limits.max_body_bytes {
            return Err(ConfigError::Invalid(
                "limits.max_upload_bytes must be at least limits.max_body_bytes".into(),
            ));
        }
        const FUNDERS: [&str; 4] = ["ssiad", "apa", "pch", "private"];
        if let Some(unknown) =
            self.planning.tolerance_by_funder.keys().find(|k| !FUNDERS.contains(&k.as_str()))
        {
            return Err(ConfigError::Invalid(format!(
                "planning.tolerance_by_funder: unknown funder {unknown:?} (expected one of {FUNDERS:?})"
            )));
        }
        let tolerances = std::iter::once(&self.planning.tolerance)
            .chain(self.planning.tolerance_by_funder.values());
        if tolerances
            .flat_map(|t| [t.early_minutes, t.late_minutes])
            .any(|m| !(0..=240).contains(&m))
        {
            return Err(ConfigError::Invalid(
                "planning tolerances must be between 0 and 240 minutes".into(),
            ));
        }
        let routing = &self.planning.routing;
        let url = routing.osrm_url.trim();
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ConfigError::Invalid(format!(
                "planning.routing.osrm_url must start with http:// or https://, got {url:?}"
            )));
        }
        let profile_ok = !routing.profile.is_empty()
            && routing.profile.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !profile_ok || !(1..=120).contains(&routing.timeout_seconds) {
            return Err(ConfigError::Invalid(
                "planning.routing needs a profile of letters, digits, - or _ and a timeout of 1 to 120 seconds".into(),
            ));
        }
        let seconds = [self.planning.day_seconds, self.planning.week_seconds];
        if seconds.iter().any(|s| !s.is_finite() || *s <= 0.0 || *s > 3600.0) {
            return Err(ConfigError::Invalid(
                "planning.day_seconds and planning.week_seconds must be between 0 and 3600".into(),
            ));
        }
        Ok(())
    }

    /// Whether people reach Relais over TLS (cookies `Secure`, HSTS on).
    pub fn behind_tls(&self) -> bool {
        self.serves_tls()
            || self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// Whether `relais serve` terminates TLS itself.
    pub fn serves_tls(&self) -> bool {
        self.tls.cert_file.is_some() && self.tls.key_file.is_some()
    }

    /// The metrics listener's address, if metrics are on.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics_listen.parse().ok()
    }

    /// The NATS URL, if events go through NATS.
    pub fn nats_url(&self) -> Option<&str> {
        self.bus.as_ref().map(|url| url.0.as_str()).filter(|url| !url.is_empty())
    }

    /// The PostgreSQL URL, if one is configured.
    pub fn postgres_url(&self) -> Option<&str> {
        self.database_url.as_ref().map(|url| url.0.as_str()).filter(|url| !url.is_empty())
    }
}

/// Figment's messages name the key and the source; keep them, one per line.
fn describe(error: figment::Error) -> String {
    error.into_iter().map(|error| error.to_string()).collect::<Vec<_>>().join("; ")
}

/// The commented example printed by `relais default-config`.
pub const EXAMPLE: &str = r#"# Relais configuration. Every key is optional; the values shown are the defaults.
# Any key can also be set by an environment variable: RELAIS__SECTION__KEY,
# for example RELAIS__SESSION__IDLE_TIMEOUT_MINUTES=20 or RELAIS__LISTEN=0.0.0.0:8080.

# Address and port the web server listens on.
listen = "127.0.0.1:8080"

# The address people use to reach Relais. With https://, cookies are Secure and HSTS is sent.
# public_url = "https://relais.example.org"

# Where the SQLite database and files are kept.
data_dir = "relais-data"

# Prometheus metrics, on a separate listener that should stay on loopback.
metrics_listen = "127.0.0.1:9464"

# PostgreSQL instead of the embedded SQLite database.
# database_url = "postgres://relais:password@127.0.0.1:5432/relais"

# Several instances on one PostgreSQL share live events through NATS JetStream.
# bus = "nats://127.0.0.1:4222"
bus_stream = "relais"

[session]
# A session unused for this many minutes ends.
idle_timeout_minutes = 30
# A session ends this many hours after sign-in, however active.
absolute_lifetime_hours = 12

[limits]
# Largest request body accepted, in bytes.
max_body_bytes = 1048576
# Largest file upload (a care photo, a FHIR bundle), in bytes.
max_upload_bytes = 8388608

[log]
# "text" or "json".
format = "text"
level = "info"

[websocket]
# Live-update connections one person may keep open, and connections from one address.
max_per_user = 10
max_per_ip = 2000

[audit]
# Audit rows older than this are deleted (whole segments, so the chain stays verifiable).
retention_months = 12

[tls]
# Serve HTTPS directly (otherwise put a reverse proxy in front and set public_url).
# cert_file = "/etc/relais/fullchain.pem"
# key_file = "/etc/relais/privkey.pem"

[jobs]
# Run background jobs (audit checkpoints, retention, purges, re-encryption) on this instance.
run = true

[planning.routing]
# An OSRM-compatible routing server for the optimiser's road travel times (docs/planner.md).
# Without one, travel is estimated from the straight line, a detour factor and average speeds.
# osrm_url = "http://127.0.0.1:5000"
profile = "driving"
timeout_seconds = 10

[encryption]
# The key-encryption key protects every encrypted column and file. Keep it apart from the database
# and its backups. By default it is generated on first start into <data_dir>/kek.key (mode 0600).
# kek_file = "/etc/relais/kek.key"
# Or give it directly, base64 (usually as RELAIS__ENCRYPTION__KEK):
# kek = "…"
"#;

#[cfg(test)]
mod tests {
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
            parse("[planning.tolerance_by_funder.apa]\nearly_minutes = 10\nlate_minutes = 15")
                .unwrap();
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
}
