//! The visitor's side of a share link, with no account: the password (throttled, counted,
//! locking the link after [`MAX_FAILURES`] wrong ones), then the shared document or folder, or
//! the drop box's upload form. Every access is audited (time, address, outcome; never the
//! password), and every read goes through the creator's rights as they stand today.

use bytes::Bytes;
use futures_util::Stream;
use serde_json::json;

use super::store;
use super::{LinkState, MAX_FAILURES, PASS_MS, ShareLink};
use crate::audit::{Actor, Entry};
use crate::auth::CurrentUser;
use crate::auth::throttle::Attempt;
use crate::documents::model::{Document, DocumentId, FolderId};
use crate::documents::rights::Level;
use crate::documents::service::access;
use crate::documents::service::read::{self, Opened};
use crate::documents::service::upload::{self, Target, Uploaded};
use crate::documents::store::documents;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::client::Client;

/// A link found by its token, with the organisation's name the page shows.
pub struct Found {
    pub link: ShareLink,
    pub organisation: String,
}

/// The link behind a token; "not found" for anything malformed or unknown (unknown tokens spend
/// the address's allowance, so the space of tokens cannot be walked).
pub async fn by_token(state: &AppState, client: &Client, token: &str) -> AppResult<Found> {
    let known = if super::is_token(token) {
        store::by_token_hash(state.db.reader(), &super::token_hash(token)).await?
    } else {
        None
    };
    let Some(link) = known else {
        state.throttles.check(Attempt::ShareLink, "unknown", client.ip)?;
        return Err(AppError::NotFound);
    };
    let organisation =
        crate::org::store::organisation_name(state.db.reader(), &link.org_id).await?;
    Ok(Found { link, organisation })
}

/// Why the link cannot be used now, as the error the pages show.
fn refusal(link: &ShareLink, now: i64) -> Option<AppError> {
    match link.state(now) {
        LinkState::Open => None,
        closed => Some(AppError::Invalid { field: "password", code: closed.key() }),
    }
}

/// Checks the typed password; returns the visitor's pass for this link.
pub async fn unlock(
    state: &AppState,
    client: &Client,
    token: &str,
    typed: &str,
) -> AppResult<String> {
    let Found { link, .. } = by_token(state, client, token).await?;
    let now = state.clock.now_ms();
    if let Some(refused) = refusal(&link, now) {
        return Err(refused);
    }
    state.throttles.check(Attempt::ShareLink, link.id.as_str(), client.ip)?;
    // Counted before it is checked, so guesses sent at once cannot pass the limit.
    let mut tx = state.db.begin().await?;
    let Some(failures) = store::count_failure(&mut *tx, &link.id).await? else {
        return Err(AppError::Invalid { field: "password", code: LinkState::Locked.key() });
    };
    if super::password_matches(&link, typed) && failures <= MAX_FAILURES {
        store::forget_failure(&mut *tx, &link.id).await?;
        audit(&mut tx, state, client, &link, "link.unlock", "success").await?;
        crate::audit::trail::finish(tx, state).await?;
        let secret = secret(state).await?;
        return Ok(super::pass(&secret, &link.id, (now + PASS_MS).min(link.expires_at)));
    }
    let over = failures >= MAX_FAILURES;
    // Of guesses sent at once past the limit, one locks the link and tells its creator.
    let locks = over && store::lock(&mut *tx, &link.id, now).await?;
    let action = if locks { "link.locked" } else { "link.password_refused" };
    audit(&mut tx, state, client, &link, action, "failure").await?;
    if locks {
        // The creator learns at once, on their open pages; their list of links shows it.
        let payload = json!({ "type": "link", "id": link.id });
        let audience = format!("user:{}", link.created_by);
        crate::events::outbox::emit(&mut tx, &link.org_id, &audience, "link.locked", &payload)
            .await?;
    }
    crate::audit::trail::finish(tx, state).await?;
    let code = if over { LinkState::Locked.key() } else { "links-password-wrong" };
    Err(AppError::Invalid { field: "password", code })
}

async fn secret(state: &AppState) -> AppResult<[u8; 32]> {
    state
        .keys
        .installation_secret(&state.db, "share-links")
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// Whether the browser's pass opens this link now.
pub async fn holds(state: &AppState, link: &ShareLink, pass: Option<&str>) -> AppResult<bool> {
    let Some(pass) = pass else { return Ok(false) };
    Ok(super::pass_holds(&secret(state).await?, pass, &link.id, state.clock.now_ms()))
}

/// What the visitor sees once in: the document, or the folder's documents.
pub struct Shared {
    pub documents: Vec<Document>,
}

/// The link's creator as they stand today, acting through the link.
async fn creator(state: &AppState, link: &ShareLink, client: &Client) -> AppResult<CurrentUser> {
    let via = format!("link:{}", link.id);
    CurrentUser::on_behalf(state, &link.created_by, via, client.clone())
        .await?
        .ok_or(AppError::NotFound)
}

/// Opens the link for a visitor holding its pass: refused when closed or without the pass.
async fn entered(
    state: &AppState,
    client: &Client,
    token: &str,
    pass: Option<&str>,
) -> AppResult<(ShareLink, CurrentUser)> {
    let Found { link, .. } = by_token(state, client, token).await?;
    if link.state(state.clock.now_ms()) != LinkState::Open {
        return Err(AppError::LinkExpired);
    }
    if !holds(state, &link, pass).await? {
        return Err(AppError::Forbidden);
    }
    let creator = creator(state, &link, client).await?;
    Ok((link, creator))
}

/// The documents the visitor may download: the shared one, or the folder's own documents that
/// are not linked to a patient (a folder link never carries patient documents out).
pub async fn shared(
    state: &AppState,
    client: &Client,
    token: &str,
    pass: Option<&str>,
) -> AppResult<Shared> {
    let (link, creator) = entered(state, client, token, pass).await?;
    let documents = match (&link.document_id, &link.folder_id) {
        (Some(id), _) => vec![access::document(state, &creator, id).await?.document],
        (None, Some(folder)) if !link.is_drop_box() => {
            access::folder(state, &creator, folder).await?;
            documents::in_folder(state.db.reader(), folder)
                .await?
                .into_iter()
                .filter(|document| document.patient_id.is_none())
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(Shared { documents })
}

/// The bytes of a shared document, counted against the link's download limit.
pub async fn download(
    state: &AppState,
    client: &Client,
    token: &str,
    pass: Option<&str>,
    id: &DocumentId,
) -> AppResult<Opened> {
    let (link, creator) = entered(state, client, token, pass).await?;
    let found = access::document(state, &creator, id).await?;
    let allowed = match (&link.document_id, &link.folder_id) {
        (Some(shared), _) => shared == id,
        (None, Some(folder)) => {
            !link.is_drop_box()
                && found.document.folder_id == *folder
                && found.document.patient_id.is_none()
        }
        (None, None) => false,
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let version = documents::version(state.db.reader(), id, found.document.current_version)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if !store::count_download(&mut *tx, &link.id, state.clock.now_ms()).await? {
        return Err(AppError::LinkExpired);
    }
    let patient = found.document.patient_id.as_ref().map(|p| p.as_str());
    audit_object(&mut tx, state, client, &link, "link.download", id.as_str(), patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    let body = read::plaintext(state, &link.org_id, &version).await?;
    Ok(Opened {
        name: found.document.name,
        media_type: version.media_type,
        size_bytes: version.size_bytes,
        body,
    })
}

/// A file given to a drop box: stored in its folder as the creator's, beside what is there.
pub async fn drop<E: std::fmt::Display>(
    state: &AppState,
    client: &Client,
    token: &str,
    pass: Option<&str>,
    file_name: &str,
    body: impl Stream<Item = Result<Bytes, E>> + Unpin,
) -> AppResult<Uploaded> {
    let (link, creator) = entered(state, client, token, pass).await?;
    let folder: &FolderId = match (&link.folder_id, link.is_drop_box()) {
        (Some(folder), true) => folder,
        _ => return Err(AppError::NotFound),
    };
    access::folder(state, &creator, folder).await?.require(Level::Write)?;
    let uploaded = upload::upload(state, &creator, Target::Drop(folder), file_name, body).await?;
    let mut tx = state.db.begin().await?;
    let id = uploaded.document_id.as_str();
    audit_object(&mut tx, state, client, &link, "link.drop", id, None).await?;
    let payload = json!({ "type": "document", "id": uploaded.document_id });
    let audience = format!("user:{}", link.created_by);
    crate::events::outbox::emit(&mut tx, &link.org_id, &audience, "link.drop", &payload).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(uploaded)
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    client: &Client,
    link: &ShareLink,
    action: &str,
    outcome: &'static str,
) -> sqlx::Result<()> {
    let actor = visitor(client, link);
    let entry = Entry {
        outcome,
        ..Entry::success(Some(&link.org_id), &actor, action, "link", Some(link.id.as_str()))
    };
    crate::audit::record(conn, &state.audit_key, &entry).await
}

async fn audit_object(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    client: &Client,
    link: &ShareLink,
    action: &str,
    document_id: &str,
    patient_id: Option<&str>,
) -> sqlx::Result<()> {
    let actor = visitor(client, link);
    let detail = format!("link:{}", link.id);
    let entry = Entry {
        patient_id,
        detail: Some(&detail),
        ..Entry::success(Some(&link.org_id), &actor, action, "document", Some(document_id))
    };
    crate::audit::record(conn, &state.audit_key, &entry).await
}

/// Someone without an account, known by the link they used and where they came from.
fn visitor(client: &Client, link: &ShareLink) -> Actor {
    Actor {
        user_id: None,
        roles: "visitor".to_string(),
        session_id: Some(format!("link:{}", link.id)),
        ip: client.ip_text(),
        user_agent: client.user_agent.clone(),
    }
}
