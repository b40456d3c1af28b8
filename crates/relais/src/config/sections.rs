//! The sections of the settings file, each with its defaults.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::secrets::Redacted;

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
pub struct ConnectionSettings {
    /// Connections open at once, in all (lowered at start to what the file-descriptor limit allows).
    pub max: usize,
    /// Connections open at once from one address (reverse proxies in `trusted_proxies` excepted).
    pub max_per_ip: usize,
    /// Seconds a client has to send a request's headers; also how long an idle keep-alive
    /// connection stays open.
    pub header_timeout_seconds: u64,
    /// Seconds a client has to finish the TLS handshake (when Relais serves HTTPS itself).
    pub tls_handshake_timeout_seconds: u64,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For`/`Forwarded` headers
    /// are believed; from anyone else these headers are ignored.
    pub trusted_proxies: Vec<String>,
}

impl ConnectionSettings {
    /// The trusted proxies as ranges (the entries were checked at start).
    pub fn proxy_ranges(&self) -> Vec<ipnet::IpNet> {
        self.trusted_proxies.iter().filter_map(|entry| super::parse_proxy(entry)).collect()
    }
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        Self {
            max: 10_000,
            max_per_ip: 2_500,
            header_timeout_seconds: 20,
            tls_handshake_timeout_seconds: 10,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSettings {
    /// Audit rows older than this many months are deleted, whole segments at a time.
    pub retention_months: u32,
    /// A file, on another volume than the database, to which every signed checkpoint is
    /// appended; `relais audit verify` reads its latest one (see docs/security.md).
    pub anchor_file: Option<PathBuf>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self { retention_months: 12, anchor_file: None }
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
    /// Longest life of a personal API token, in days (every token has an expiry).
    pub max_token_days: u32,
    /// Largest document file, in bytes (streamed: memory stays flat whatever the size).
    pub max_document_bytes: u64,
    /// Requests one API token may make per minute (counted in the database: the same limit
    /// whichever instance answers); beyond, 429 with `Retry-After`.
    pub api_requests_per_minute: u32,
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

impl Default for SessionSettings {
    fn default() -> Self {
        Self { idle_timeout_minutes: 30, absolute_lifetime_hours: 12 }
    }
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 8 * 1024 * 1024,
            max_token_days: 366,
            max_document_bytes: 4 * 1024 * 1024 * 1024,
            api_requests_per_minute: 600,
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        Self { format: LogFormat::Text, level: "info".into() }
    }
}

/// Outgoing e-mail: the digest of unread notifications. Without `smtp_url`, no e-mail is sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp://host:25` (a local relay, no TLS), `smtp://user:password@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465`; empty: no e-mail.
    pub smtp_url: Option<Redacted>,
    /// The sender, e.g. `Relais <relais@example.org>`.
    pub from: String,
    /// Minutes a notification stays unread before it goes into an e-mail digest.
    pub digest_after_minutes: u32,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self { smtp_url: None, from: "Relais <relais@localhost>".into(), digest_after_minutes: 15 }
    }
}

/// Optional virus scan of attachments by a ClamAV daemon (Debian's `clamav-daemon`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AntivirusSettings {
    /// `tcp://127.0.0.1:3310` or `unix:/run/clamav/clamd.ctl`; empty: files are not scanned.
    pub clamd: String,
    /// Seconds to wait for a verdict; a file that cannot be scanned is refused.
    pub timeout_seconds: u64,
}

impl Default for AntivirusSettings {
    fn default() -> Self {
        Self { clamd: String::new(), timeout_seconds: 30 }
    }
}

/// Calls: the ICE servers browsers use to connect (media never passes through Relais).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallSettings {
    /// STUN servers, e.g. `stun:turn.example.org:3478`; empty: direct addresses only (a local
    /// network).
    pub stun_urls: Vec<String>,
    /// TURN servers relaying media when no direct path exists, e.g.
    /// `turn:turn.example.org:3478?transport=udp` or `turns:turn.example.org:5349`.
    pub turn_urls: Vec<String>,
    /// The secret shared with the TURN server (coturn's `static-auth-secret`); credentials are
    /// computed from it per person and expire.
    pub turn_secret: Option<Redacted>,
    /// How long TURN credentials stay valid, in seconds (0: 12 hours).
    pub turn_ttl_seconds: u64,
}

/// Surveys: the question banks (shipped ones unless the organisation sets its own files) and the
/// threshold below which no result shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurveySettings {
    /// The pulse question bank (a TOML file like the shipped `surveys/pulse.toml`).
    pub bank: Option<PathBuf>,
    /// The digital-and-work questionnaire (like the shipped `surveys/digital.toml`).
    pub digital: Option<PathBuf>,
    /// No result shows below this many answers: 5 at least (it can only be raised).
    pub min_group: i64,
}

impl Default for SurveySettings {
    fn default() -> Self {
        Self { bank: None, digital: None, min_group: 5 }
    }
}
