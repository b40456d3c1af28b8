//! Single sign-on's types: a provider as configured, a linked identity.

use serde::Serialize;

use crate::org::Role;
use crate::text_enum::text_enum;
use crate::typed_id::{Flag, typed_id};

typed_id! {
    /// An OpenID provider configured by an organisation.
    ProviderId
}

text_enum! {
    /// A provider in general, or Pro Santé Connect (its scopes, level and claims are known).
    ProviderKind { Generic = "generic", ProSanteConnect = "pro_sante_connect" }
}

/// Pro Santé Connect in production: its issuer (the bench environment's is given in the docs).
pub const PRO_SANTE_CONNECT_ISSUER: &str =
    "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";

impl ProviderKind {
    /// What a new provider of this kind asks for, unless the administrator changes it:
    /// (scopes, acr_values, the acr values that prove multi-factor).
    pub fn defaults(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ProviderKind::Generic => ("email profile", "", ""),
            // e-CPS and the CPS card are two-factor: eIDAS "substantial", asked as `eidas1`.
            ProviderKind::ProSanteConnect => ("scope_all", "eidas1", "eidas1"),
        }
    }
}

/// A provider as stored; its client secret stays sealed until a sign-in needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Provider {
    pub id: ProviderId,
    pub org_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ProviderKind,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_enc: Vec<u8>,
    pub scopes: String,
    pub acr_values: String,
    pub mfa_acr: String,
    pub jit_role: Option<String>,
    #[sqlx(try_from = "i64")]
    pub enabled: Flag,
    /// People linked to this provider sign in only through it (administrators excepted).
    #[sqlx(try_from = "i64")]
    pub password_off: Flag,
}

impl Provider {
    /// Whether a sign-in at this `acr` level, with these methods (`amr`), is multi-factor.
    pub fn proves_mfa(&self, acr: Option<&str>, amr: &[String]) -> bool {
        let by_level = acr.is_some_and(|acr| self.mfa_acr.split_whitespace().any(|v| v == acr));
        by_level || amr.iter().any(|method| method == "mfa")
    }

    /// The role of accounts created at first sign-in; none when only existing accounts may.
    pub fn jit_role(&self) -> Option<Role> {
        self.jit_role.as_deref().and_then(Role::parse)
    }
}

/// The roles an account created at first sign-in may receive: never one that manages others.
pub const JIT_ROLES: [Role; 4] = [Role::Staff, Role::Aide, Role::Nurse, Role::Coordinator];

/// A provider's subject linked to an account.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Identity {
    pub provider_id: ProviderId,
    pub subject: String,
    pub user_id: String,
    pub professional_id: Option<String>,
    pub profession: Option<String>,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

/// Where the session cookie of a sign-in under way lives: this browser started it.
pub const BROWSER_COOKIE: &str = "sso";

/// Why a sign-in through a provider did not happen, as the sign-in page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No sign-in under way with this `state`, or it is too old, or another browser started it.
    Expired,
    /// The provider answered with an error (the person cancelled, say).
    Cancelled,
    /// The provider could not be reached or answered nonsense.
    ProviderDown,
    /// The token did not verify (signature, issuer, audience, nonce, expiry, algorithm).
    InvalidToken,
    /// Nobody here has this identity, and the provider does not create accounts.
    UnknownIdentity,
    /// An account already uses the provider's e-mail address: link it from that account.
    EmailTaken,
    /// This identity is linked to another account already.
    LinkedElsewhere,
    /// The account is deactivated.
    Deactivated,
}

impl Refusal {
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::Expired => "sso-expired",
            Refusal::Cancelled => "sso-cancelled",
            Refusal::ProviderDown => "sso-provider-down",
            Refusal::InvalidToken => "sso-invalid-token",
            Refusal::UnknownIdentity => "sso-unknown-identity",
            Refusal::EmailTaken => "sso-email-taken",
            Refusal::LinkedElsewhere => "sso-linked-elsewhere",
            Refusal::Deactivated => "sso-deactivated",
        }
    }

    /// The audit log's outcome.
    pub fn outcome(self) -> &'static str {
        match self {
            Refusal::Expired => "expired",
            Refusal::Cancelled => "cancelled",
            Refusal::ProviderDown => "provider_down",
            Refusal::InvalidToken => "invalid_token",
            Refusal::UnknownIdentity => "unknown_identity",
            Refusal::EmailTaken => "email_taken",
            Refusal::LinkedElsewhere => "linked_elsewhere",
            Refusal::Deactivated => "deactivated",
        }
    }
}
