//! ICE servers for a browser: STUN as configured, TURN with the time-limited credentials of the
//! "TURN REST API" scheme that coturn implements (`use-auth-secret`): the username is
//! `<expiry unix time>:<subject>`, the password base64(HMAC-SHA1(shared secret, username)).

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;

use crate::config::CallSettings;

const DEFAULT_TTL_SECONDS: u64 = 12 * 3600;

/// One entry of `RTCConfiguration.iceServers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// The ICE servers for `subject` (a person's or a guest's id) at `now_s` (unix seconds).
pub fn servers(settings: &CallSettings, subject: &str, now_s: i64) -> Vec<IceServer> {
    let mut servers = Vec::new();
    if !settings.stun_urls.is_empty() {
        servers.push(IceServer {
            urls: settings.stun_urls.clone(),
            username: None,
            credential: None,
        });
    }
    if let Some(secret) = settings.turn_secret.as_ref().filter(|_| !settings.turn_urls.is_empty()) {
        let ttl = match settings.turn_ttl_seconds {
            0 => DEFAULT_TTL_SECONDS,
            ttl => ttl,
        };
        let expires = now_s.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX));
        let (username, credential) = turn_credential(&secret.0, subject, expires);
        servers.push(IceServer {
            urls: settings.turn_urls.clone(),
            username: Some(username),
            credential: Some(credential),
        });
    }
    servers
}

/// The TURN username and password valid until `expires_s`.
pub fn turn_credential(secret: &str, subject: &str, expires_s: i64) -> (String, String) {
    let username = format!("{expires_s}:{subject}");
    let credential = match Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(username.as_bytes());
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this branch cannot be reached.
        Err(_) => String::new(),
    };
    (username, credential)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Redacted;

    #[test]
    fn turn_credentials_follow_the_shared_secret_scheme() {
        // Computed independently: base64(HMAC-SHA1("0123456789abcdef", "1700043200:u1")).
        let (username, password) = turn_credential("0123456789abcdef", "u1", 1_700_043_200);
        assert_eq!(username, "1700043200:u1");
        assert_eq!(password, "3trYyM2Pku1A4pbU5HbjFCNOhOE=");
    }

    #[test]
    fn stun_alone_has_no_credentials_and_turn_expires_after_its_ttl() {
        let mut settings = CallSettings {
            stun_urls: vec!["stun:turn.example.org:3478".into()],
            ..CallSettings::default()
        };
        let stun_only = servers(&settings, "u1", 1_000);
        assert_eq!(stun_only.len(), 1);
        assert_eq!(stun_only[0].username, None);
        assert_eq!(servers(&CallSettings::default(), "u1", 1_000), vec![]);
        settings.turn_urls = vec!["turns:turn.example.org:5349".into()];
        settings.turn_secret = Some(Redacted("0123456789abcdef".into()));
        settings.turn_ttl_seconds = 600;
        let with_turn = servers(&settings, "u1", 1_000);
        assert_eq!(with_turn[1].username.as_deref(), Some("1600:u1"));
        let json = serde_json::to_value(&with_turn).unwrap();
        assert!(json[0].get("username").is_none(), "no null fields for the browser");
    }
}
