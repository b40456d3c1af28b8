//! Refused access leaves a trace: a signed-in person (or API token) who asks for an object and is
//! answered "not found" or "forbidden" — another organisation's patient, a record outside their
//! care relationship, a page their role does not open — is written to the audit log with the
//! path they asked for. A scan cannot flood the log: each person's refusals are recorded at
//! most ten in a row, then one every 30 seconds, and the rest are counted in the log's output.

use std::sync::{Arc, Mutex};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::model::{Actor, Entry};
use crate::error::ErrorCode;
use crate::state::AppState;

/// Who made this request, filled in by the extractor that signed them in.
#[derive(Clone, Default)]
pub struct RequestActor(Arc<Mutex<Option<(String, Actor)>>>);

impl RequestActor {
    /// Called by the sign-in extractors once they know who is asking.
    pub fn identify(&self, org_id: &str, actor: Actor) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((org_id.to_string(), actor));
        }
    }

    fn take(&self) -> Option<(String, Actor)> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// Records the refusals of routes that exist (the fallback's "no such page" is not one).
pub async fn record_refusals(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let matched = request.extensions().get::<MatchedPath>().is_some();
    let slot = RequestActor::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().to_string();
    let path = request.uri().path().chars().take(300).collect::<String>();
    let response = next.run(request).await;
    let refused = response
        .extensions()
        .get::<ErrorCode>()
        .is_some_and(|code| matches!(code.0, "not_found" | "forbidden"));
    if !(refused && matched) {
        return response;
    }
    let Some((org_id, actor)) = slot.take() else { return response };
    let Some(user_id) = actor.user_id.clone() else { return response };
    if !state.throttles.refusal_recorded(&user_id) {
        tracing::warn!(%user_id, %path, "refused access not audited: too many from this person");
        return response;
    }
    let detail = format!("{method} {path}");
    let entry = Entry {
        outcome: "refused",
        detail: Some(&detail),
        ..Entry::success(Some(&org_id), &actor, "access.refused", "request", None)
    };
    if let Err(error) = super::record_now(&state, &entry).await {
        tracing::warn!(%error, "could not audit a refused access");
    }
    response
}
