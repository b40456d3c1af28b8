//! Sessions: an opaque random token in a cookie, its digest in the database. Extractors give
//! handlers the signed-in person, or refuse with `unauthenticated`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use super::store::{self, Credentials, SessionRecord};
use crate::clock::{MINUTE_MS, now_ms};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::org::{Permission, Role, roles, store as org_store};
use crate::secrets::digest;
use crate::state::AppState;
use crate::web::{Client, cookies};

/// How long a half-finished sign-in (password given, second factor not yet) may wait.
pub const PENDING_MFA_MS: i64 = 10 * MINUTE_MS;

/// A valid session, whether or not the second factor has been given yet.
#[derive(Debug, Clone)]
pub struct PartialSession {
    pub id_hash: String,
    pub record: SessionRecord,
    pub credentials: Credentials,
    pub roles: Vec<Role>,
}

impl PartialSession {
    pub fn requires_mfa(&self) -> bool {
        self.credentials.has_second_factor() || self.roles.iter().any(|role| role.requires_mfa())
    }
}

/// A person fully signed in (second factor done where required).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub lang: Lang,
    pub time_zone: String,
    pub has_totp: bool,
    pub session_id_hash: String,
    pub session_public_id: String,
    /// Where this request comes from, for the audit log.
    pub client: Client,
}

impl CurrentUser {
    /// An active person as they would be signed in, for what acts on their behalf without a
    /// session (an API token, a share link): `via` names it in the audit log.
    pub async fn on_behalf(
        state: &crate::state::AppState,
        user_id: &str,
        via: String,
        client: Client,
    ) -> Result<Option<Self>, AppError> {
        let reader = state.db.reader();
        let Some(credentials) =
            super::store::credentials_by_id(reader, user_id).await?.filter(|c| c.active.0)
        else {
            return Ok(None);
        };
        Ok(Some(CurrentUser {
            roles: crate::org::store::roles_of(reader, &credentials.user_id).await?,
            lang: crate::i18n::Lang::parse(&credentials.locale).unwrap_or_default(),
            has_totp: credentials.has_totp(),
            user_id: credentials.user_id,
            org_id: credentials.org_id,
            email: credentials.email,
            display_name: credentials.display_name,
            time_zone: credentials.time_zone,
            session_id_hash: String::new(),
            session_public_id: via,
            client,
        }))
    }

    pub fn can(&self, permission: Permission) -> bool {
        roles::grants(&self.roles, permission)
    }

    /// This person, as the audit log records them.
    pub fn audit_actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.user_id.clone()),
            roles: self.roles.iter().map(|role| role.as_str()).collect::<Vec<_>>().join(","),
            session_id: Some(self.session_public_id.clone()),
            ip: self.client.ip_text(),
            user_agent: self.client.user_agent.clone(),
        }
    }

    /// Refuses with `forbidden` unless the person's roles grant `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

impl FromRequestParts<AppState> for PartialSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(session) = parts.extensions.get::<PartialSession>() {
            return Ok(session.clone());
        }
        let session = load(parts, state).await?;
        parts.extensions.insert(session.clone());
        Ok(session)
    }
}

/// `Option<PartialSession>` and `Option<CurrentUser>`: `None` when not signed in, other errors kept.
macro_rules! optional_when_signed_out {
    ($extractor:ty) => {
        impl OptionalFromRequestParts<AppState> for $extractor {
            type Rejection = AppError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Option<Self>, AppError> {
                match <Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
                    Ok(found) => Ok(Some(found)),
                    Err(AppError::Unauthenticated) => Ok(None),
                    Err(error) => Err(error),
                }
            }
        }
    };
}

optional_when_signed_out!(PartialSession);
optional_when_signed_out!(CurrentUser);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session =
            <PartialSession as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?;
        if !session.record.mfa_done.0 {
            return Err(AppError::Unauthenticated);
        }
        let credentials = session.credentials;
        let has_totp = credentials.has_totp();
        let Ok(client) = Client::from_request_parts(parts, state).await;
        let user = Self {
            user_id: credentials.user_id,
            org_id: credentials.org_id,
            email: credentials.email,
            display_name: credentials.display_name,
            roles: session.roles,
            lang: Lang::parse(&credentials.locale).unwrap_or_default(),
            has_totp,
            time_zone: credentials.time_zone,
            session_id_hash: session.id_hash,
            session_public_id: session.record.public_id,
            client,
        };
        if let Some(slot) = parts.extensions.get::<crate::audit::refusals::RequestActor>() {
            slot.identify(&user.org_id, user.audit_actor());
        }
        Ok(user)
    }
}

async fn load(parts: &mut Parts, state: &AppState) -> Result<PartialSession, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let token = jar
        .get(&cookies::name(&state.settings, cookies::SESSION))
        .map(|cookie| cookie.value().to_string())
        .ok_or(AppError::Unauthenticated)?;
    let id_hash = digest(&token);
    let db = &state.db;
    let record =
        store::find_session(db.reader(), &id_hash).await?.ok_or(AppError::Unauthenticated)?;
    let now = now_ms();
    let idle_limit = i64::from(state.settings.session.idle_timeout_minutes) * MINUTE_MS;
    if now >= record.expires_at || now - record.last_seen_at > idle_limit {
        store::revoke_session(db.writer(), &id_hash).await?;
        return Err(AppError::Unauthenticated);
    }
    let credentials = store::credentials_by_id(db.reader(), &record.user_id)
        .await?
        .filter(|credentials| credentials.active.0)
        .ok_or(AppError::Unauthenticated)?;
    let roles = org_store::roles_of(db.reader(), &record.user_id).await?;
    if now - record.last_seen_at > MINUTE_MS {
        let Ok(client) = Client::from_request_parts(parts, state).await;
        store::touch_session(db.writer(), &id_hash, &client.ip_text()).await?;
    }
    Ok(PartialSession { id_hash, record, credentials, roles })
}
