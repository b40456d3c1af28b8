//! Back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0): the provider's server
//! says a session ended. The `openidconnect` crate has no type for them; the signature is checked
//! with its JWK `verify_signature` against the provider's published keys.

use openidconnect::core::CoreJwsSigningAlgorithm;

use super::model::Provider;
use super::oidc::{ALLOWED_ALGS, Discovery, OidcError};

/// What a verified back-channel logout token names: the provider's session, or its subject.
#[derive(Debug, Clone)]
pub struct LogoutClaims {
    pub issuer: String,
    pub audience: Vec<String>,
    pub sid: Option<String>,
    pub subject: Option<String>,
}

const BACKCHANNEL_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

fn decode_part(part: &str) -> Result<serde_json::Value, OidcError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| OidcError::Token("logout token: not base64url".into()))?;
    serde_json::from_slice(&bytes).map_err(|_| OidcError::Token("logout token: not JSON".into()))
}

/// The claims of a logout token, unverified: which provider sent it is read from them first.
pub fn logout_claims(token: &str) -> Result<LogoutClaims, OidcError> {
    let payload = token.split('.').nth(1).ok_or_else(|| OidcError::Token("malformed".into()))?;
    let claims = decode_part(payload)?;
    let text = |name: &str| claims.get(name).and_then(|v| v.as_str()).map(str::to_string);
    let audience = match claims.get("aud") {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(many)) => {
            many.iter().filter_map(|v| v.as_str()).map(str::to_string).collect()
        }
        _ => Vec::new(),
    };
    let event = claims.get("events").and_then(|e| e.get(BACKCHANNEL_EVENT)).is_some();
    let iat = claims.get("iat").and_then(|v| v.as_i64()).unwrap_or(0);
    let now = crate::clock::now_ms() / 1000;
    let recent = (now - iat).abs() <= 600;
    let (sid, subject) = (text("sid"), text("sub"));
    if !event || !recent || claims.get("nonce").is_some() || (sid.is_none() && subject.is_none()) {
        return Err(OidcError::Token("not a current back-channel logout token".into()));
    }
    let issuer = text("iss").ok_or_else(|| OidcError::Token("no issuer".into()))?;
    Ok(LogoutClaims { issuer, audience, sid, subject })
}

/// Checks a logout token's signature against the provider's published keys (the algorithms an
/// ID token may use), and that it is for this client from this issuer.
pub async fn verify_logout_token(
    discovery: &Discovery,
    provider: &Provider,
    token: &str,
) -> Result<LogoutClaims, OidcError> {
    use openidconnect::JsonWebKey;
    let claims = logout_claims(token)?;
    if claims.issuer != provider.issuer || !claims.audience.contains(&provider.client_id) {
        return Err(OidcError::Token("logout token for another client".into()));
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(OidcError::Token("malformed".into()));
    };
    let header_claims = decode_part(header)?;
    let alg: CoreJwsSigningAlgorithm =
        serde_json::from_value(header_claims.get("alg").cloned().unwrap_or_default())
            .map_err(|_| OidcError::Token("unknown algorithm".into()))?;
    if !ALLOWED_ALGS.contains(&alg) {
        return Err(OidcError::Token("algorithm refused".into()));
    }
    let kid = header_claims.get("kid").and_then(|v| v.as_str());
    let signature = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| OidcError::Token("signature not base64url".into()))?
    };
    let message = format!("{header}.{payload}");
    let metadata = discovery.metadata(&provider.issuer, false).await?;
    let verified = metadata
        .jwks()
        .keys()
        .iter()
        .filter(|key| kid.is_none() || key.key_id().map(|id| id.as_str()) == kid)
        .any(|key| key.verify_signature(&alg, message.as_bytes(), &signature).is_ok());
    if !verified {
        return Err(OidcError::Token("logout token signature".into()));
    }
    Ok(claims)
}
