//! Who calls the API: a signed-in page (session cookie, every scope) or a personal API token
//! (`Authorization: Bearer rlt_…`, its own scopes). Either way, a `CurrentUser` whose roles and
//! organisation the services check as usual.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::tokens;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Read what the person may see.
    Read,
    /// Change what the person may change.
    Write,
    /// The person's documents over WebDAV (an application password); nothing else.
    Files,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Files];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Files => "files",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == text)
    }
}

pub struct ApiCaller {
    pub user: CurrentUser,
    scopes: Vec<Scope>,
}

impl ApiCaller {
    /// Refuses with `insufficient_scope` unless the token carries `scope`.
    pub fn require(&self, scope: Scope) -> Result<&CurrentUser, AppError> {
        if self.scopes.contains(&scope) { Ok(&self.user) } else { Err(AppError::InsufficientScope) }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(secret) = bearer else {
            let user = CurrentUser::from_request_parts(parts, state).await?;
            return Ok(Self { user, scopes: Scope::ALL.to_vec() });
        };
        if !secret.starts_with(tokens::PREFIX) || secret.len() > 100 {
            return Err(AppError::Unauthenticated);
        }
        let token =
            tokens::find_live(state.db.reader(), secret).await?.ok_or(AppError::Unauthenticated)?;
        let Ok(client) = Client::from_request_parts(parts, state).await;
        let via = format!("token:{}", token.id);
        let user = CurrentUser::on_behalf(state, &token.user_id, via, client)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        tokens::touch(state.db.writer(), &token.id).await?;
        if let Some(slot) = parts.extensions.get::<crate::audit::refusals::RequestActor>() {
            slot.identify(&user.org_id, user.audit_actor());
        }
        Ok(Self { user, scopes: token.scopes.0 })
    }
}
