//! The guest's side, with no account: the link names the consultation, the code (counted before
//! it is checked, locked after [`MAX_CODE_FAILURES`] wrong ones) proves the guest got the message
//! sent by another channel, and the browser then holds a pass for the waiting room and the call.

use serde_json::json;

use super::invitation::{code_hash, is_link, typed_code};
use super::model::{Consultation, Status};
use super::store::{self, GuestRow};
use super::{MAX_CODE_FAILURES, service};
use crate::audit::{Actor, Entry};
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::secrets::{constant_time_eq, digest, random_token};
use crate::state::AppState;
use crate::web::client::Client;

pub struct GuestLink {
    pub row: GuestRow,
    pub consultation: Consultation,
}

/// What a link allows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Open,
    /// The waiting room opens [`super::EARLY_MINUTES`] before the slot.
    TooEarly,
    /// Too many wrong codes: the professional must send a new link.
    Locked,
    /// Held, cancelled, or past its slot and grace period.
    Closed,
}

impl GuestLink {
    pub fn access(&self, now: i64) -> Access {
        if self.consultation.status != Status::Scheduled
            || now > self.consultation.links_expire_at()
        {
            Access::Closed
        } else if self.row.guest.locked_at.is_some() {
            Access::Locked
        } else if now < self.consultation.opens_at() {
            Access::TooEarly
        } else {
            Access::Open
        }
    }

    /// Whether `pass` (from the browser's cookie) is this guest's.
    pub fn holds(&self, pass: Option<&str>) -> bool {
        match (pass, &self.row.pass_hash) {
            (Some(pass), Some(stored)) => constant_time_eq(&digest(pass), stored),
            _ => false,
        }
    }

    fn refusal(&self, now: i64) -> Option<AppError> {
        let code = match self.access(now) {
            Access::Open => return None,
            Access::TooEarly => "teleconsultation-too-early",
            Access::Locked => "teleconsultation-link-locked",
            Access::Closed => "teleconsultation-link-closed",
        };
        Some(AppError::Invalid { field: "code", code })
    }
}

/// The guest behind a link; "not found" for a malformed, forged or replaced link.
pub async fn by_link(state: &AppState, link: &str) -> AppResult<GuestLink> {
    if !is_link(link) {
        return Err(AppError::NotFound);
    }
    let reader = state.db.reader();
    let row = store::guest_by_link(reader, &digest(link)).await?.ok_or(AppError::NotFound)?;
    let consultation = store::find(reader, &row.org_id, &row.guest.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(GuestLink { row, consultation })
}

/// What the guest typed on the code form.
pub struct Entering<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub consent: bool,
}

/// Checks the code and the guest's consent; returns the pass the browser keeps for the call.
pub async fn enter(
    state: &AppState,
    client: &Client,
    link: &str,
    entering: Entering<'_>,
) -> AppResult<String> {
    let found = by_link(state, link).await?;
    if let Some(refusal) = found.refusal(now_ms()) {
        return Err(refusal);
    }
    if found.row.guest.entered {
        return Err(AppError::Invalid { field: "code", code: "teleconsultation-code-used" });
    }
    let name = crate::homecare::fields::optional_label("name", entering.name)?;
    if !entering.consent {
        return Err(AppError::Invalid {
            field: "consent",
            code: "teleconsultation-consent-required",
        });
    }
    let guest_id = found.row.guest.id.as_str();
    let mut tx = state.db.begin().await?;
    let Some(attempts) = store::count_attempt(&mut *tx, guest_id).await? else {
        return Err(AppError::Invalid { field: "code", code: "teleconsultation-link-locked" });
    };
    let right = typed_code(entering.code)
        .is_some_and(|code| constant_time_eq(&code_hash(link, &code), &found.row.code_hash));
    let over = attempts > MAX_CODE_FAILURES;
    if right && !over {
        let pass = random_token(24);
        if !store::enter(&mut *tx, guest_id, &digest(&pass), &name).await? {
            return Err(AppError::Invalid { field: "code", code: "teleconsultation-code-used" });
        }
        audit(&mut tx, state, client, &found, "teleconsultation.guest_enter", "success").await?;
        crate::audit::trail::finish(tx, state).await?;
        return Ok(pass);
    }
    let locks = attempts >= MAX_CODE_FAILURES;
    if locks {
        store::lock(&mut *tx, guest_id).await?;
    }
    let action =
        if locks { "teleconsultation.link_locked" } else { "teleconsultation.code_refused" };
    audit(&mut tx, state, client, &found, action, "failure").await?;
    crate::audit::trail::finish(tx, state).await?;
    if !locks {
        return Err(AppError::Invalid { field: "code", code: "teleconsultation-code-wrong" });
    }
    tell_professional_of_lock(state, &found).await;
    Err(AppError::Invalid { field: "code", code: "teleconsultation-link-locked" })
}

/// The professional learns at once: in the log of the call, on the open call page, and through
/// the live events of their pages.
async fn tell_professional_of_lock(state: &AppState, found: &GuestLink) {
    let consultation = &found.consultation;
    let who = found.row.guest.who();
    service::log_event(state, &consultation.org_id, &consultation.id, "locked", &who).await;
    let frame = crate::calls::signal::frame("locked", json!({ "guest": found.row.guest.id }));
    if let Some(rooms) = crate::calls::room::Rooms::of(state) {
        rooms.tell_hosts(&service::room(&consultation.id), &frame);
    }
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    client: &Client,
    found: &GuestLink,
    action: &str,
    outcome: &'static str,
) -> sqlx::Result<()> {
    let actor = Actor {
        user_id: None,
        roles: format!("guest:{}", found.row.guest.role.as_str()),
        session_id: Some(format!("guest:{}", found.row.guest.id)),
        ip: client.ip_text(),
        user_agent: client.user_agent.clone(),
    };
    let consultation = &found.consultation;
    let entry = Entry {
        patient_id: Some(&consultation.patient_id),
        outcome,
        ..Entry::success(
            Some(&consultation.org_id),
            &actor,
            action,
            "teleconsultation",
            Some(&consultation.id),
        )
    };
    crate::audit::record(conn, &state.audit_key, &entry).await?;
    let payload = json!({ "type": "teleconsultation", "id": consultation.id });
    let audience = format!("user:{}", consultation.professional_id);
    crate::events::outbox::emit(conn, &consultation.org_id, &audience, action, &payload).await?;
    Ok(())
}

/// The guest whose browser holds `pass` for this link, while the consultation may still be held.
pub async fn seated(state: &AppState, link: &str, pass: Option<&str>) -> AppResult<GuestLink> {
    let found = by_link(state, link).await?;
    if !found.holds(pass) {
        return Err(AppError::Forbidden);
    }
    match found.access(now_ms()) {
        Access::Open | Access::TooEarly => Ok(found),
        Access::Locked | Access::Closed => Err(AppError::NotFound),
    }
}
