//! Who calls the API: a signed-in page (session cookie, every scope) or an API token
//! (`Authorization: Bearer rlt_…`, its own scopes: a module and read or write). Either way, a
//! `CurrentUser` whose roles and organisation the services check as usual. A token's requests
//! are counted per minute in the database, so the limit holds across instances.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::tokens;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Client;

macro_rules! scopes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// What a token may do: one module, read or write (write does not imply read).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Scope { $($(#[$doc])* $variant,)* }

        impl Scope {
            pub const ALL: &[Scope] = &[$(Scope::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Scope::$variant => $text,)* }
            }
        }
    };
}

scopes! {
    /// People and teams of the organisation (as the person's role shows them).
    OrgRead = "org:read",
    /// Teams, webhooks and bots (with the administrator's permissions).
    OrgWrite = "org:write",
    /// The audit log (with the permission to see it).
    AuditRead = "audit:read",
    /// Conversations, messages, attachments, search.
    MessagingRead = "messaging:read",
    /// Posting, editing, reacting, pinning, read marks, channels and members.
    MessagingWrite = "messaging:write",
    /// Patients within the care relationship (every read audited), plans, visits, hours.
    HomecareRead = "homecare:read",
    /// Planning, optimisation, check-in and check-out, reports, teleconsultations.
    HomecareWrite = "homecare:write",
    /// Task boards and cards.
    TasksRead = "tasks:read",
    TasksWrite = "tasks:write",
    /// The person's documents over WebDAV (an application password); nothing else.
    Files = "files",
}

impl Scope {
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|scope| scope.as_str() == text)
    }

    /// The module part (`messaging` of `messaging:read`), for grouping in the token form.
    pub fn module(self) -> &'static str {
        self.as_str().split(':').next().unwrap_or_default()
    }
}

pub struct ApiCaller {
    pub user: CurrentUser,
    scopes: Vec<Scope>,
    /// The token used, if any (a page's session has none).
    pub token_id: Option<String>,
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
            return Ok(Self { user, scopes: Scope::ALL.to_vec(), token_id: None });
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
        if let Some(slot) = parts.extensions.get::<crate::audit::refusals::RequestActor>() {
            slot.identify(&user.org_id, user.audit_actor());
        }
        let limit = i64::from(state.settings.limits.api_requests_per_minute);
        let used =
            tokens::count_request(state.db.writer(), &token.id, state.clock.now_ms()).await?;
        if used.count > limit {
            return Err(AppError::TooManyRequests { retry_after_secs: used.retry_after_secs });
        }
        Ok(Self { user, scopes: token.scopes.0, token_id: Some(token.id) })
    }
}
