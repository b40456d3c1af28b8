//! Single logout: signing out here ends the provider's session (RP-initiated logout), and the
//! provider's back-channel message ends the sessions it opened here.

use super::model::ProviderId;
use super::service::id_token_place;
use super::{logout_token, oidc, store};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Where to send the browser after signing out locally, to end the provider's session too.
pub async fn provider_logout(
    state: &AppState,
    session_public_id: &str,
    org_id: &str,
    base_url: &str,
) -> AppResult<Option<String>> {
    let Some((provider_id, sealed)) =
        store::sso_session(state.db.reader(), session_public_id).await?
    else {
        return Ok(None);
    };
    let Some(provider_id) = ProviderId::parse(&provider_id) else { return Ok(None) };
    let Some(provider) = store::provider(state.db.reader(), &provider_id).await? else {
        return Ok(None);
    };
    let place = id_token_place(session_public_id);
    let Ok(id_token) = state.keys.open_sealed(&state.db, org_id, place, &sealed).await else {
        return Ok(None);
    };
    let id_token = String::from_utf8(id_token).map_err(AppError::internal)?;
    let after = format!("{base_url}/login");
    Ok(oidc::logout_url(&state.sso, &provider, &id_token, &after).await)
}

/// Back-channel logout: the provider says a session of its ended; the sessions it opened here
/// end too. `false` when the token is not a valid one of an enabled provider.
pub async fn backchannel_logout(state: &AppState, token: &str) -> AppResult<bool> {
    if token.len() > 16 * 1024 {
        return Ok(false);
    }
    let Ok(unverified) = logout_token::logout_claims(token) else { return Ok(false) };
    let providers = store::enabled_providers(state.db.reader()).await?;
    let sender = providers
        .iter()
        .find(|p| p.issuer == unverified.issuer && unverified.audience.contains(&p.client_id));
    let Some(provider) = sender else { return Ok(false) };
    let claims = match logout_token::verify_logout_token(&state.sso, provider, token).await {
        Ok(claims) => claims,
        Err(error) => {
            tracing::warn!(provider = %provider.name, %error, "back-channel logout refused");
            return Ok(false);
        }
    };
    let ended = store::revoke_sessions_of(
        state.db.writer(),
        &provider.id,
        claims.sid.as_deref(),
        claims.subject.as_deref(),
    )
    .await?;
    tracing::info!(provider = %provider.name, ended, "back-channel logout");
    Ok(true)
}
