//! The audit and event trail of a change or a read, written in the change's transaction (every
//! feature that touches patient data or must account for an action uses it).

use crate::auth::CurrentUser;
use crate::state::AppState;

/// What happened, to which object, about which patient, and why.
pub struct Trail<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub patient_id: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Records `trail` in the audit log and announces it to `audiences` (ids only in the payload).
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    trail: &Trail<'_>,
    audiences: &[String],
) -> sqlx::Result<()> {
    let who = actor.audit_actor();
    let entry = crate::audit::Entry {
        patient_id: trail.patient_id,
        reason: trail.reason,
        ..crate::audit::Entry::success(
            Some(&actor.org_id),
            &who,
            trail.action,
            trail.object_type,
            Some(trail.object_id),
        )
    };
    crate::audit::record(&mut *conn, &state.audit_key, &entry).await?;
    let payload = serde_json::json!({ "type": trail.object_type, "id": trail.object_id });
    for audience in audiences {
        crate::events::outbox::emit(&mut *conn, &actor.org_id, audience, trail.action, &payload)
            .await?;
    }
    Ok(())
}

/// How long a page that refreshes itself (the day board) counts as one reading in the audit log.
pub const READING_WINDOW_MS: i64 = 30 * crate::clock::MINUTE_MS;

/// Whether the person's session already recorded this reading within `READING_WINDOW_MS`: a page
/// that refreshes itself live is one reading, not one audit entry per refresh.
pub async fn read_recently(
    state: &AppState,
    actor: &CurrentUser,
    trail: &Trail<'_>,
) -> sqlx::Result<bool> {
    let since = state.clock.now_ms() - READING_WINDOW_MS;
    let session = &actor.session_public_id;
    let reader = state.db.reader();
    crate::audit::store::recorded_since(reader, session, trail.action, trail.object_id, since).await
}

/// Commits, then wakes the event publisher.
pub async fn finish(tx: crate::db::Transaction, state: &AppState) -> sqlx::Result<()> {
    tx.commit().await?;
    state.events.wake();
    Ok(())
}
