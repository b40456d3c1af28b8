//! Requests to the DPO: a person asks for erasure or rectification; the DPO decides within one
//! month, with reasons. Granting an erasure erases the account in the same transaction, unless a
//! legal hold forbids it. The DPO's decisions ask their password again (step-up).

use jiff::ToSpan;

use super::actions::{Action, audit};
use super::erasure;
use super::model::{Request, RequestId, RequestKind, RequestState};
use super::store::{exports, requests as store};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Role};
use crate::state::AppState;
use crate::web::Client;

/// The longest text of a request or a decision.
const MAX_TEXT: usize = 2000;

fn place(id: &RequestId) -> Place<'_> {
    Place { table: "privacy_requests", column: "details_enc", row_id: id.as_str() }
}

fn text(value: &str, field: &'static str, required: bool) -> AppResult<String> {
    let value = value.trim();
    if (required && value.is_empty()) || value.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid { field, code: "privacy-text-invalid" });
    }
    Ok(value.to_string())
}

/// The day a request must be answered by: one month after it was filed, in the organisation's
/// time zone (GDPR art. 12 §3).
async fn deadline(state: &AppState, org_id: &str, now: i64) -> AppResult<i64> {
    let zone = crate::org::service::zone(state, org_id).await?;
    let filed = jiff::Timestamp::from_millisecond(now).map_err(|e| AppError::Internal(e.into()))?;
    let due =
        filed.to_zoned(zone).checked_add(1.month()).map_err(|e| AppError::Internal(e.into()))?;
    Ok(due.timestamp().as_millisecond())
}

/// A person files a request about their own data.
pub async fn file(
    state: &AppState,
    person: &CurrentUser,
    kind: RequestKind,
    details: &str,
) -> AppResult<RequestId> {
    let details = text(details, "details", kind == RequestKind::Rectification)?;
    let id = RequestId::generate();
    let now = state.clock.now_ms();
    let due_at = deadline(state, &person.org_id, now).await?;
    let key = state
        .keys
        .current(&state.db, &person.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed = key.seal(place(&id), details.as_bytes());
    let mut tx = state.db.begin().await?;
    let new = store::NewRequest {
        id: &id,
        org_id: &person.org_id,
        user_id: &person.user_id,
        kind,
        details_enc: &sealed,
        created_at: now,
        due_at,
    };
    if !store::insert(&mut tx, &new).await? {
        return Err(AppError::Invalid { field: "details", code: "privacy-request-pending" });
    }
    audit(
        &mut tx,
        state,
        person,
        Action::RequestFiled,
        ("privacy_request", id.as_str()),
        Some(kind.as_str()),
    )
    .await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(id)
}

/// A request with its details opened.
pub struct Opened {
    pub request: Request,
    pub details: String,
    pub overdue: bool,
    pub hold: Option<String>,
}

async fn open(state: &AppState, request: Request, now: i64) -> AppResult<Opened> {
    let bytes = state
        .keys
        .open_sealed(&state.db, &request.org_id, place(&request.id), &request.details_enc)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut conn = state.db.reader().acquire().await?;
    let hold = store::hold_of(&mut conn, &request.user_id).await?;
    let overdue = request.state == RequestState::Open && now > request.due_at;
    Ok(Opened { details: String::from_utf8_lossy(&bytes).into_owned(), overdue, hold, request })
}

/// The person's own requests.
pub async fn mine(state: &AppState, person: &CurrentUser) -> AppResult<Vec<Opened>> {
    let now = state.clock.now_ms();
    let mut out = Vec::new();
    for request in store::of_user(state.db.reader(), &person.user_id).await? {
        out.push(open(state, request, now).await?);
    }
    Ok(out)
}

/// The DPO's queue: open requests by deadline, then the decided ones.
pub async fn queue(state: &AppState, dpo: &CurrentUser) -> AppResult<Vec<Opened>> {
    dpo.require(Permission::HandlePrivacy)?;
    let now = state.clock.now_ms();
    let mut out = Vec::new();
    for request in store::of_org(state.db.reader(), &dpo.org_id).await? {
        out.push(open(state, request, now).await?);
    }
    Ok(out)
}

pub async fn one(state: &AppState, dpo: &CurrentUser, id: &RequestId) -> AppResult<Opened> {
    dpo.require(Permission::HandlePrivacy)?;
    let request =
        store::find(state.db.reader(), &dpo.org_id, id).await?.ok_or(AppError::NotFound)?;
    open(state, request, state.clock.now_ms()).await
}

/// The DPO's decision, as sent.
pub struct Decision<'a> {
    pub grant: bool,
    pub reason: &'a str,
    pub password: &'a str,
}

/// Decides a request. Granting an erasure erases the account now; a legal hold, the last
/// administrator or one's own request are refused with a clear message.
pub async fn decide(
    state: &AppState,
    dpo: &CurrentUser,
    client: &Client,
    id: &RequestId,
    decision: &Decision<'_>,
) -> AppResult<RequestState> {
    dpo.require(Permission::HandlePrivacy)?;
    let reason = text(decision.reason, "reason", true)?;
    if decision.password.len() > 1024
        || !crate::auth::service::confirm_password(state, client, &dpo.user_id, decision.password)
            .await?
    {
        return Err(AppError::Invalid { field: "password", code: "password-current-wrong" });
    }
    let request =
        store::find(state.db.reader(), &dpo.org_id, id).await?.ok_or(AppError::NotFound)?;
    if request.user_id == dpo.user_id {
        return Err(AppError::Invalid { field: "reason", code: "privacy-own-request" });
    }
    let erase = decision.grant && request.kind == RequestKind::Erasure;
    let blobs = if erase {
        exports::keys_of_user(state.db.reader(), &request.user_id).await?
    } else {
        vec![]
    };
    let practice = if erase {
        crate::training::practice::space_of(state.db.reader(), &request.user_id).await?
    } else {
        None
    };
    let state_now = if decision.grant { RequestState::Granted } else { RequestState::Refused };
    let mut tx = state.db.begin().await?;
    if erase {
        if store::hold_of(&mut tx, &request.user_id).await?.is_some() {
            return Err(AppError::Invalid { field: "reason", code: "privacy-legal-hold" });
        }
        let roles = crate::org::store::roles_of(&mut *tx, &request.user_id).await?;
        if roles.contains(&Role::Admin)
            && crate::org::store::active_admins(&mut *tx, &dpo.org_id).await? <= 1
        {
            return Err(AppError::Invalid { field: "reason", code: "privacy-last-admin" });
        }
    }
    let now = state.clock.now_ms();
    if !store::decide(&mut tx, id, state_now, &dpo.user_id, now, &reason).await? {
        return Err(AppError::Conflict("privacy_request_decided"));
    }
    let action = if decision.grant { Action::RequestGranted } else { Action::RequestRefused };
    audit(
        &mut tx,
        state,
        dpo,
        action,
        ("privacy_request", id.as_str()),
        Some(request.kind.as_str()),
    )
    .await?;
    if erase {
        erasure::erase(&mut tx, &dpo.org_id, &request.user_id).await?;
        audit(&mut tx, state, dpo, Action::AccountErased, ("user", request.user_id.as_str()), None)
            .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    for key in blobs {
        if let Err(error) = state.blobs.delete(&key).await {
            tracing::warn!(%error, "an erased person's export could not be deleted; the retention job will");
        }
    }
    // Their practice space goes with them (its row went with the erasure).
    if let Some((org, _)) = practice
        && let Err(error) = crate::backup::purge::delete_organisation_and_files(state, &org).await
    {
        tracing::warn!(%error, "an erased person's practice space could not be deleted");
    }
    Ok(state_now)
}

/// Places a legal hold on a person of the organisation (no erasure while it lasts).
pub async fn set_hold(
    state: &AppState,
    dpo: &CurrentUser,
    user_id: &str,
    reason: &str,
) -> AppResult<()> {
    dpo.require(Permission::HandlePrivacy)?;
    let reason = text(reason, "hold_reason", true)?;
    if reason.chars().count() > 500 {
        return Err(AppError::Invalid { field: "hold_reason", code: "privacy-text-invalid" });
    }
    let mut tx = state.db.begin().await?;
    if crate::org::store::find_person(&mut tx, &dpo.org_id, user_id).await?.is_none() {
        return Err(AppError::Invalid { field: "hold_user", code: "privacy-person-unknown" });
    }
    store::set_hold(&mut tx, &dpo.org_id, user_id, &reason, &dpo.user_id, state.clock.now_ms())
        .await?;
    audit(&mut tx, state, dpo, Action::HoldSet, ("user", user_id), Some(&reason)).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

pub async fn lift_hold(state: &AppState, dpo: &CurrentUser, user_id: &str) -> AppResult<()> {
    dpo.require(Permission::HandlePrivacy)?;
    let mut tx = state.db.begin().await?;
    if !store::lift_hold(&mut tx, &dpo.org_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, state, dpo, Action::HoldLifted, ("user", user_id), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
