//! What data protection writes in the audit log, in one list.

crate::text_enum::text_enum! {
    /// An action of the audit log (`domain.verb`).
    Action {
        ExportRequested = "privacy.export_requested",
        ExportDownloaded = "privacy.export_downloaded",
        RequestFiled = "privacy.request_filed",
        RequestGranted = "privacy.request_granted",
        RequestRefused = "privacy.request_refused",
        AccountErased = "privacy.account_erased",
        HoldSet = "privacy.hold_set",
        HoldLifted = "privacy.hold_lifted",
        RetentionChanged = "privacy.retention_changed",
        BreachRecorded = "privacy.breach_recorded",
        BreachChanged = "privacy.breach_changed",
        RegisterExported = "privacy.register_exported",
    }
}

use crate::audit::trail::{Trail, record};
use crate::auth::CurrentUser;
use crate::state::AppState;

/// Records one of data protection's actions on `object` in the transaction `conn`.
pub async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    object: (&str, &str),
    reason: Option<&str>,
) -> sqlx::Result<()> {
    let trail = Trail {
        action: action.as_str(),
        object_type: object.0,
        object_id: object.1,
        patient_id: None,
        reason,
    };
    record(conn, state, actor, &trail, &[]).await
}
