//! Checks on settings that types alone cannot express, each error naming the key.

use std::net::SocketAddr;

use super::{ConfigError, Settings};

impl Settings {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
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
        let connections = &self.connections;
        if connections.max == 0 || connections.max_per_ip == 0 {
            return Err(ConfigError::Invalid(
                "connections.max and max_per_ip must be at least 1".into(),
            ));
        }
        if !(1..=600).contains(&connections.header_timeout_seconds)
            || !(1..=600).contains(&connections.tls_handshake_timeout_seconds)
        {
            return Err(ConfigError::Invalid(
                "connections timeouts must be between 1 and 600 seconds".into(),
            ));
        }
        if let Some(bad) =
            connections.trusted_proxies.iter().find(|p| super::parse_proxy(p).is_none())
        {
            return Err(ConfigError::Invalid(format!(
                "connections.trusted_proxies: {bad:?} is not an address or a CIDR range"
            )));
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
        if !(1..=100_000).contains(&self.limits.api_requests_per_minute) {
            return Err(ConfigError::Invalid(
                "limits.api_requests_per_minute must be between 1 and 100000".into(),
            ));
        }
        if !(1..=3660).contains(&self.limits.max_token_days) {
            return Err(ConfigError::Invalid(
                "limits.max_token_days must be between 1 and 3660".into(),
            ));
        }
        if self.limits.max_upload_bytes < self.limits.max_body_bytes {
            return Err(ConfigError::Invalid(
                "limits.max_upload_bytes must be at least limits.max_body_bytes".into(),
            ));
        }
        if self.limits.max_document_bytes < 1024 * 1024 {
            return Err(ConfigError::Invalid(
                "limits.max_document_bytes must be at least 1048576 (1 MiB)".into(),
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
        self.validate_mail_and_antivirus()?;
        self.storage.validate()?;
        self.validate_calls()?;
        self.validate_surveys()
    }

    fn validate_surveys(&self) -> Result<(), ConfigError> {
        let surveys = &self.surveys;
        if surveys.min_group < 5 {
            return Err(ConfigError::Invalid(
                "surveys.min_group can only be raised: 5 at least".into(),
            ));
        }
        crate::surveys::bank::questions(surveys)
            .and_then(|_| crate::surveys::bank::digital(surveys))
            .map(|_| ())
            .map_err(|e| ConfigError::Invalid(format!("surveys: {e}")))
    }

    fn validate_calls(&self) -> Result<(), ConfigError> {
        fn bad<'a>(urls: &'a [String], schemes: [&str; 2]) -> Option<&'a String> {
            urls.iter().find(|url| !schemes.iter().any(|s| url.starts_with(s)) || url.len() > 300)
        }
        let calls = &self.calls;
        if let Some(url) = bad(&calls.stun_urls, ["stun:", "stuns:"]) {
            return Err(ConfigError::Invalid(format!(
                "calls.stun_urls: {url:?} must start with stun: or stuns:"
            )));
        }
        if let Some(url) = bad(&calls.turn_urls, ["turn:", "turns:"]) {
            return Err(ConfigError::Invalid(format!(
                "calls.turn_urls: {url:?} must start with turn: or turns:"
            )));
        }
        let secret = calls.turn_secret.as_ref().map(|s| s.0.len()).unwrap_or(0);
        if !calls.turn_urls.is_empty() && secret < 16 {
            return Err(ConfigError::Invalid(
                "calls.turn_urls needs calls.turn_secret (at least 16 characters, coturn's static-auth-secret)".into(),
            ));
        }
        if calls.turn_ttl_seconds > 7 * 24 * 3600 {
            return Err(ConfigError::Invalid(
                "calls.turn_ttl_seconds must be at most a week".into(),
            ));
        }
        Ok(())
    }

    fn validate_mail_and_antivirus(&self) -> Result<(), ConfigError> {
        if let Some(url) = self.smtp_url()
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(ConfigError::Invalid(
                "mail.smtp_url must start with smtp:// or smtps:// (leave it out for no e-mail)"
                    .into(),
            ));
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid(format!(
                "mail.from must be an address such as \"Relais <relais@example.org>\", got {:?}",
                self.mail.from
            )));
        }
        if self.mail.digest_after_minutes > 24 * 60 {
            return Err(ConfigError::Invalid(
                "mail.digest_after_minutes must be at most 1440 (a day)".into(),
            ));
        }
        let clamd = self.antivirus.clamd.trim();
        let address_ok = clamd.is_empty()
            || clamd.strip_prefix("tcp://").is_some_and(|a| a.parse::<SocketAddr>().is_ok())
            || clamd.strip_prefix("unix:").is_some_and(|path| path.starts_with('/'));
        if !address_ok {
            return Err(ConfigError::Invalid(format!(
                "antivirus.clamd must be tcp://IP:PORT or unix:/path/to/clamd.ctl, got {clamd:?}"
            )));
        }
        if !(1..=600).contains(&self.antivirus.timeout_seconds) {
            return Err(ConfigError::Invalid(
                "antivirus.timeout_seconds must be between 1 and 600".into(),
            ));
        }
        Ok(())
    }
}
