//! The creator's side of share links: make one for a document or a folder (a drop box for a
//! folder), list one's links (every link for an administrator), revoke.

use super::store::{self, Listed, NewLink};
use super::{DEFAULT_DAYS, LinkId, MAX_DAYS, ShareLink, new_password, new_token, password_hash};
use crate::auth::CurrentUser;
use crate::documents::model::{DocumentId, FolderId};
use crate::documents::rights::Level;
use crate::documents::service::access;
use crate::documents::service::{Action, record_with_reason};
use crate::error::{AppError, AppResult};
use crate::org::{Permission, Role};
use crate::state::AppState;

/// What the creator asks for, as typed in the form.
#[derive(Debug, Default)]
pub struct Asked<'a> {
    /// The last day the link works (`YYYY-MM-DD`, the organisation's calendar); empty: in a week.
    pub until: &'a str,
    /// Empty for no limit.
    pub max_downloads: &'a str,
    pub drop_box: bool,
    /// Required to share a patient-linked document.
    pub reason: &'a str,
}

/// A link just made: the only time its address and password are known.
#[derive(Debug, Clone)]
pub struct Made {
    pub id: LinkId,
    pub path: String,
    pub password: String,
    pub expires_at: i64,
}

/// What the link shares.
pub enum Subject<'a> {
    Document(&'a DocumentId),
    Folder(&'a FolderId),
}

pub async fn make(
    state: &AppState,
    actor: &CurrentUser,
    subject: Subject<'_>,
    asked: &Asked<'_>,
) -> AppResult<Made> {
    let (document_id, folder_id, patient) = match subject {
        Subject::Document(id) => {
            let found = access::document(state, actor, id).await?;
            found.require(Level::Write)?;
            (Some(id), None, found.document.patient_id)
        }
        Subject::Folder(id) => {
            access::folder(state, actor, id).await?.require(Level::Write)?;
            (None, Some(id), None)
        }
    };
    if asked.drop_box && folder_id.is_none() {
        return Err(AppError::Invalid { field: "share", code: "links-drop-box-folder-only" });
    }
    let reason = asked.reason.trim();
    if patient.is_some() {
        if !actor.can(Permission::SharePatientDocuments) {
            return Err(AppError::Invalid { field: "share", code: "links-patient-not-allowed" });
        }
        if reason.is_empty() {
            return Err(AppError::Invalid { field: "reason", code: "links-reason-required" });
        }
    }
    if reason.chars().count() > 500 {
        return Err(AppError::Invalid { field: "reason", code: "links-reason-too-long" });
    }
    let now = state.clock.now_ms();
    let expires_at = expiry(state, &actor.org_id, asked.until, now).await?;
    let max_downloads = downloads_limit(asked.max_downloads)?;
    let id = LinkId::generate();
    let token = new_token();
    let password = new_password();
    let link = NewLink {
        id: &id,
        org_id: &actor.org_id,
        token_hash: &super::token_hash(&token),
        document_id,
        folder_id,
        drop_box: asked.drop_box,
        password_hash: &password_hash(&id, &password),
        expires_at,
        max_downloads,
        reason: (!reason.is_empty()).then_some(reason),
        created_by: &actor.user_id,
        created_at: now,
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut *tx, &link).await?;
    let (action, object) = match (document_id, folder_id) {
        (Some(document), _) => (Action::ShareDocument, document.as_str()),
        (None, Some(folder)) => (Action::ShareFolder, folder.as_str()),
        (None, None) => return Err(AppError::NotFound),
    };
    let why = (!reason.is_empty()).then_some(reason);
    record_with_reason(&mut tx, state, actor, action, object, patient.as_ref(), why).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(Made { id, path: format!("/s/{token}"), password, expires_at })
}

/// The end of the last day asked for, in the organisation's zone: within [`MAX_DAYS`] from now.
async fn expiry(state: &AppState, org_id: &str, until: &str, now: i64) -> AppResult<i64> {
    let zone = crate::org::service::zone(state, org_id).await?;
    let today = state.clock.today(&zone);
    let refused = AppError::Invalid { field: "until", code: "links-until-invalid" };
    let day: jiff::civil::Date = match until.trim() {
        "" => today.checked_add(jiff::Span::new().days(DEFAULT_DAYS)).map_err(|_| refused)?,
        text => text.parse().map_err(|_| refused)?,
    };
    let end = day
        .tomorrow()
        .and_then(|next| next.to_zoned(zone))
        .map(|zoned| zoned.timestamp().as_millisecond())
        .ok()
        .filter(|end| day >= today && *end <= now + (MAX_DAYS + 1) * crate::clock::DAY_MS);
    end.ok_or(AppError::Invalid { field: "until", code: "links-until-range" })
}

/// What a document's or folder's page shows about sharing it: its links and the form.
#[derive(Debug, Clone)]
pub struct ShareBox {
    /// Where the form posts.
    pub action: String,
    /// The page the revoke buttons come back to.
    pub back: String,
    pub folder: bool,
    /// A patient-linked document: a reason is asked.
    pub patient: bool,
    /// Whether the person may share it at all.
    pub allowed: bool,
    /// The form's default last day, `YYYY-MM-DD`.
    pub default_until: String,
    pub links: Vec<ShareLink>,
    pub zone: String,
    pub now: i64,
}

impl ShareBox {
    pub fn state_text(&self, ui: &crate::web::Ui, link: &ShareLink) -> String {
        ui.t(link.state(self.now).badge_key())
    }

    pub fn is_locked(&self, link: &ShareLink) -> bool {
        link.state(self.now) == super::LinkState::Locked
    }
}

/// The sharing box of a document's or folder's page; `allowed` when the person may write there.
pub async fn share_box(
    state: &AppState,
    actor: &CurrentUser,
    subject: Subject<'_>,
    allowed: bool,
    patient: bool,
) -> AppResult<ShareBox> {
    let (action, back, folder) = match &subject {
        Subject::Document(id) => {
            (format!("/documents/{id}/links"), format!("/documents/{id}"), false)
        }
        Subject::Folder(id) => {
            (format!("/documents/folders/{id}/links"), format!("/documents/folders/{id}"), true)
        }
    };
    let zone = crate::org::service::zone(state, &actor.org_id).await?;
    let default_until = state
        .clock
        .today(&zone)
        .checked_add(jiff::Span::new().days(DEFAULT_DAYS))
        .map(|day| day.to_string())
        .unwrap_or_default();
    let allowed = allowed && (!patient || actor.can(Permission::SharePatientDocuments));
    Ok(ShareBox {
        action,
        back,
        folder,
        patient,
        allowed,
        default_until,
        links: if allowed { of_subject(state, actor, subject).await? } else { Vec::new() },
        zone: actor.time_zone.clone(),
        now: state.clock.now_ms(),
    })
}

fn downloads_limit(text: &str) -> AppResult<Option<i64>> {
    match text.trim() {
        "" => Ok(None),
        text => match text.parse::<i64>() {
            Ok(count) if (1..=10_000).contains(&count) => Ok(Some(count)),
            _ => Err(AppError::Invalid { field: "max_downloads", code: "links-downloads-invalid" }),
        },
    }
}

/// Whether the person sees every link of the organisation.
pub fn sees_all(actor: &CurrentUser) -> bool {
    actor.roles.contains(&Role::Admin)
}

/// The person's links, or every link of the organisation for an administrator who asks.
pub async fn list(state: &AppState, actor: &CurrentUser, all: bool) -> AppResult<Vec<ShareLink>> {
    let listed = if all && sees_all(actor) {
        Listed::Organisation
    } else {
        Listed::CreatedBy(&actor.user_id)
    };
    Ok(store::list(state.db.reader(), &actor.org_id, listed).await?)
}

/// The live links of a document or folder the person may share (its page lists them).
pub async fn of_subject(
    state: &AppState,
    actor: &CurrentUser,
    subject: Subject<'_>,
) -> AppResult<Vec<ShareLink>> {
    let listed = match subject {
        Subject::Document(id) => Listed::Document(id),
        Subject::Folder(id) => Listed::Folder(id),
    };
    let now = state.clock.now_ms();
    let links = store::list(state.db.reader(), &actor.org_id, listed).await?;
    Ok(links
        .into_iter()
        .filter(|link| link.created_by == actor.user_id || sees_all(actor))
        .filter(|link| link.state(now) == super::LinkState::Open || link.locked_at.is_some())
        .collect())
}

/// Revokes a link: its creator or an administrator. Unknown to anyone else.
pub async fn revoke(state: &AppState, actor: &CurrentUser, id: &LinkId) -> AppResult<ShareLink> {
    let link =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    if link.created_by != actor.user_id && !sees_all(actor) {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    if store::revoke(&mut *tx, id, &actor.user_id, state.clock.now_ms()).await? {
        record_with_reason(&mut tx, state, actor, Action::RevokeLink, id.as_str(), None, None)
            .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    Ok(link)
}
