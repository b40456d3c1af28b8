//! OpenID Connect through the `openidconnect` crate: discovery (cached), the authorisation
//! request (code flow, PKCE S256, state, nonce), the code exchange, the ID token's checks
//! (signature against the provider's keys, issuer, audience, expiry, nonce; `alg: none`
//! refused), the user info, and the provider's logout address.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessToken, AdditionalClaims, AuthenticationContextClass, AuthorizationCode, ClientId,
    ClientSecret, CsrfToken, IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

use super::model::Provider;

/// How long a provider's discovery document and keys are kept before being fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(15 * 60);
/// A provider that has not answered in this time is "down" for this sign-in.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The signature algorithms an ID token may use (never `none`, never a shared-secret one).
pub(super) const ALLOWED_ALGS: [CoreJwsSigningAlgorithm; 3] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
];

/// Why talking to a provider failed.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("provider unreachable or malformed: {0}")]
    Provider(String),
    #[error("token refused: {0}")]
    Token(String),
}

/// The providers' discovery documents, shared by the requests of this instance.
pub struct Discovery {
    http: openidconnect::reqwest::Client,
    cache: Mutex<HashMap<String, (Instant, Arc<ProviderMetadataWithLogout>)>>,
}

impl Default for Discovery {
    fn default() -> Self {
        // Never follow a redirect from a provider (its endpoints are named by its document).
        let http = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .unwrap_or_default();
        Self { http, cache: Mutex::default() }
    }
}

impl Discovery {
    /// The provider's document and keys: from the cache, or fetched (again when `refresh`).
    pub(super) async fn metadata(
        &self,
        issuer: &str,
        refresh: bool,
    ) -> Result<Arc<ProviderMetadataWithLogout>, OidcError> {
        if !refresh && let Some(found) = self.cached(issuer) {
            return Ok(found);
        }
        let url =
            IssuerUrl::new(issuer.to_string()).map_err(|e| OidcError::Provider(e.to_string()))?;
        let metadata = ProviderMetadataWithLogout::discover_async(url, &self.http)
            .await
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let metadata = Arc::new(metadata);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(issuer.to_string(), (Instant::now(), metadata.clone()));
        }
        Ok(metadata)
    }

    fn cached(&self, issuer: &str) -> Option<Arc<ProviderMetadataWithLogout>> {
        let cache = self.cache.lock().ok()?;
        let (at, metadata) = cache.get(issuer)?;
        (at.elapsed() < DISCOVERY_TTL).then(|| metadata.clone())
    }
}

/// What the browser is sent to the provider with, and what the callback needs to check.
pub struct Authorisation {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A provider as the flow needs it: its configuration and its secret, opened.
pub struct Configured<'a> {
    pub provider: &'a Provider,
    pub client_secret: String,
    pub redirect_url: String,
}

fn client(
    configured: &Configured<'_>,
    metadata: &ProviderMetadataWithLogout,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    OidcError,
> {
    let redirect = RedirectUrl::new(configured.redirect_url.clone())
        .map_err(|e| OidcError::Provider(e.to_string()))?;
    Ok(CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(configured.provider.client_id.clone()),
        Some(ClientSecret::new(configured.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

fn provider_error(error: impl std::fmt::Display) -> OidcError {
    OidcError::Provider(error.to_string())
}

/// The address of the provider's sign-in page for a new sign-in.
pub async fn authorise(
    discovery: &Discovery,
    configured: &Configured<'_>,
    login_hint: Option<&str>,
    fresh_sign_in: bool,
) -> Result<Authorisation, OidcError> {
    let metadata = discovery.metadata(&configured.provider.issuer, false).await?;
    let client = client(configured, &metadata)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in configured.provider.scopes.split_whitespace() {
        request = request.add_scope(Scope::new(scope.to_string()));
    }
    for acr in configured.provider.acr_values.split_whitespace() {
        request = request.add_auth_context_value(AuthenticationContextClass::new(acr.to_string()));
    }
    if fresh_sign_in {
        request = request.add_prompt(CoreAuthPrompt::Login);
    }
    if let Some(hint) = login_hint {
        request = request.add_extra_param("login_hint", hint.to_string());
    }
    let (url, state, nonce) = request.url();
    Ok(Authorisation {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Claims Pro Santé Connect's user info adds: the national identifier and the professional
/// situations (profession, speciality, place of practice).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ProfessionalClaims {
    #[serde(rename = "SubjectNameID", default)]
    pub national_id: Option<String>,
    #[serde(rename = "SubjectRefPro", default)]
    pub situations: Option<serde_json::Value>,
}

impl AdditionalClaims for ProfessionalClaims {}

/// Who the provider says signed in, checked.
#[derive(Debug, Clone)]
pub struct VerifiedSignIn {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub acr: Option<String>,
    pub amr: Vec<String>,
    pub sid: Option<String>,
    pub national_id: Option<String>,
    pub profession: Option<String>,
    /// The ID token as received, for the provider's logout.
    pub id_token: String,
}

/// Exchanges the code (with the PKCE verifier), checks the ID token against the nonce, and
/// reads the user info.
pub async fn finish(
    discovery: &Discovery,
    configured: &Configured<'_>,
    code: &str,
    nonce: &str,
    pkce_verifier: &str,
) -> Result<VerifiedSignIn, OidcError> {
    let metadata = discovery.metadata(&configured.provider.issuer, false).await?;
    let client = client(configured, &metadata)?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(provider_error)?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
        .request_async(&discovery.http)
        .await
        .map_err(|e| OidcError::Token(format!("code exchange: {e}")))?;
    let id_token = token.id_token().ok_or_else(|| OidcError::Token("no ID token".into()))?;
    let nonce = Nonce::new(nonce.to_string());
    let verifier = client.id_token_verifier().set_allowed_algs(ALLOWED_ALGS);
    let claims = match id_token.claims(&verifier, &nonce) {
        Ok(claims) => claims.clone(),
        Err(first) => {
            // The provider may have rotated its keys since the document was cached.
            let fresh = discovery.metadata(&configured.provider.issuer, true).await?;
            let client = self::client(configured, &fresh)?;
            let verifier = client.id_token_verifier().set_allowed_algs(ALLOWED_ALGS);
            id_token
                .claims(&verifier, &nonce)
                .map_err(|_| OidcError::Token(first.to_string()))?
                .clone()
        }
    };
    let subject = claims.subject().to_string();
    let info: Option<UserInfoClaims<ProfessionalClaims, CoreGenderClaim>> = match client.user_info(
        AccessToken::new(token.access_token().secret().clone()),
        Some(claims.subject().clone()),
    ) {
        Ok(request) => Some(
            request
                .request_async(&discovery.http)
                .await
                .map_err(|e| OidcError::Provider(format!("user info: {e}")))?,
        ),
        Err(_) => None,
    };
    let email = info.as_ref().and_then(|i| i.email()).or(claims.email()).map(|e| e.to_string());
    let email_verified =
        info.as_ref().and_then(|i| i.email_verified()).or(claims.email_verified()).unwrap_or(false);
    let name = info
        .as_ref()
        .and_then(|i| i.name())
        .or(claims.name())
        .and_then(|n| n.get(None))
        .map(|n| n.to_string())
        .or_else(|| full_name(info.as_ref()));
    let professional = info.as_ref().map(|i| i.additional_claims().clone()).unwrap_or_default();
    Ok(VerifiedSignIn {
        subject,
        email,
        email_verified,
        name,
        acr: claims.auth_context_ref().map(|acr| acr.to_string()),
        amr: claims
            .auth_method_refs()
            .map(|methods| methods.iter().map(|m| m.to_string()).collect())
            .unwrap_or_default(),
        sid: session_id(&id_token.to_string()),
        national_id: professional.national_id,
        profession: professional.situations.as_ref().and_then(profession_of),
        id_token: id_token.to_string(),
    })
}

fn full_name(info: Option<&UserInfoClaims<ProfessionalClaims, CoreGenderClaim>>) -> Option<String> {
    let info = info?;
    let given = info.given_name().and_then(|n| n.get(None))?;
    let family = info.family_name().and_then(|n| n.get(None))?;
    Some(format!("{} {}", given.as_str(), family.as_str()))
}

/// The `sid` claim of a token already verified (the crate's claims do not carry it).
fn session_id(id_token: &str) -> Option<String> {
    use base64::Engine;
    let payload = id_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("sid")?.as_str().map(str::to_string)
}

/// The first profession code of Pro Santé Connect's `SubjectRefPro` (e.g. "60" for a nurse).
fn profession_of(situations: &serde_json::Value) -> Option<String> {
    let first = situations.get("exercices")?.as_array()?.first()?;
    first.get("codeProfession")?.as_str().map(str::to_string)
}

/// Where to send the browser to end its session at the provider, if the provider says.
pub async fn logout_url(
    discovery: &Discovery,
    provider: &Provider,
    id_token: &str,
    after: &str,
) -> Option<String> {
    let metadata = discovery.metadata(&provider.issuer, false).await.ok()?;
    let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
    let token: openidconnect::core::CoreIdToken = id_token.parse().ok()?;
    let mut request = LogoutRequest::from(endpoint).set_id_token_hint(&token);
    if let Ok(after) = PostLogoutRedirectUrl::new(after.to_string()) {
        request = request.set_post_logout_redirect_uri(after);
    }
    Some(request.http_get_url().to_string())
}
