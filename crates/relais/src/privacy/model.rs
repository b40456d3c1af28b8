//! Data protection's types: exports, requests to the DPO, breaches.

use crate::text_enum::text_enum;
use crate::typed_id::typed_id;

typed_id! {
    /// An export of a person's data.
    ExportId
}

typed_id! {
    /// A request to the DPO.
    RequestId
}

typed_id! {
    /// An entry of the data-breach register.
    BreachId
}

text_enum! {
    /// Where an export stands (`privacy_exports_state_known`).
    ExportState { Queued = "queued", Running = "running", Ready = "ready", Failed = "failed" }
}

text_enum! {
    /// What a person asks the DPO (`privacy_requests_kind_known`).
    RequestKind { Erasure = "erasure", Rectification = "rectification" }
}

text_enum! {
    /// Where a request stands (`privacy_requests_state_known`).
    RequestState { Open = "open", Granted = "granted", Refused = "refused" }
}

text_enum! {
    /// What a breach touched (`privacy_breaches_nature_known`).
    BreachNature {
        Confidentiality = "confidentiality",
        Integrity = "integrity",
        Availability = "availability",
    }
}

/// An export as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Export {
    pub id: ExportId,
    pub user_id: String,
    #[sqlx(try_from = "String")]
    pub state: ExportState,
    pub done: i64,
    pub total: i64,
    pub blob_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

impl Export {
    /// Progress in whole percent.
    pub fn percent(&self) -> i64 {
        if self.total <= 0 { 0 } else { (self.done * 100 / self.total).clamp(0, 100) }
    }

    pub fn pending(&self) -> bool {
        matches!(self.state, ExportState::Queued | ExportState::Running)
    }
}

/// A request as stored (its details still sealed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Request {
    pub id: RequestId,
    pub org_id: String,
    pub user_id: String,
    /// The person's name as it is now (a pseudonym once erased).
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub kind: RequestKind,
    #[sqlx(try_from = "String")]
    pub state: RequestState,
    pub details_enc: Vec<u8>,
    pub created_at: i64,
    pub due_at: i64,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
}

/// A breach as stored (its description still sealed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Breach {
    pub id: BreachId,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub nature: BreachNature,
    pub description_enc: Vec<u8>,
    pub occurred_at: Option<i64>,
    pub discovered_at: i64,
    pub people_affected: Option<i64>,
    pub data_categories: String,
    pub notified_at: Option<i64>,
    pub not_notified_reason: Option<String>,
    pub people_informed_at: Option<i64>,
}

/// The CNIL is told within 72 hours of discovery (GDPR art. 33).
pub const NOTIFY_WITHIN_MS: i64 = 72 * crate::clock::HOUR_MS;

impl Breach {
    /// When the CNIL must have been told.
    pub fn notify_by(&self) -> i64 {
        self.discovered_at + NOTIFY_WITHIN_MS
    }

    /// Neither notified nor explained, and the 72 hours have passed.
    pub fn overdue(&self, now: i64) -> bool {
        self.notified_at.is_none() && self.not_notified_reason.is_none() && now > self.notify_by()
    }
}
