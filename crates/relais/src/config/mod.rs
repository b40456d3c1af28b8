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

mod example;
mod sections;
mod storage;
mod validate;

pub use example::EXAMPLE;

/// An address (`10.0.0.5`) or a range (`10.0.0.0/8`) of `connections.trusted_proxies`.
pub(crate) fn parse_proxy(entry: &str) -> Option<ipnet::IpNet> {
    let entry = entry.trim();
    entry
        .parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| entry.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}
pub use sections::*;
pub use storage::{S3Settings, StorageKind, StorageSettings};

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
    pub connections: ConnectionSettings,
    pub tls: TlsSettings,
    pub jobs: JobSettings,
    pub planning: PlanningSettings,
    pub mail: MailSettings,
    pub antivirus: AntivirusSettings,
    pub calls: CallSettings,
    pub storage: StorageSettings,
    pub surveys: SurveySettings,
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
            connections: ConnectionSettings::default(),
            tls: TlsSettings::default(),
            jobs: JobSettings::default(),
            planning: PlanningSettings::default(),
            mail: MailSettings::default(),
            antivirus: AntivirusSettings::default(),
            calls: CallSettings::default(),
            storage: StorageSettings::default(),
            surveys: SurveySettings::default(),
        }
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

    /// The SMTP URL, if e-mail is configured.
    pub fn smtp_url(&self) -> Option<&str> {
        self.mail.smtp_url.as_ref().map(|url| url.0.as_str()).filter(|url| !url.is_empty())
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

#[cfg(test)]
mod tests;
