//! Documents attached to a card. A card holds links, never files: an attachment is a document of
//! the documents module, chosen among those the person may open or uploaded from the card into
//! a "Tâches" folder of the board's space (the team's space, or the owner's personal space).
//! The documents' rights still decide: a person sees an attachment only if they may open the
//! document (a patient-linked one only within the care relationship), and counts the others.

use super::cards::usable;
use super::record;
use crate::auth::CurrentUser;
use crate::documents::model::{Document, DocumentId, FolderId};
use crate::documents::rights::SpaceKind;
use crate::documents::service::{access, find, manage};
use crate::documents::{names, store::folders};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tasks::model::{Action, Board, CardId, EventKind};
use crate::tasks::store::{attachments as store, details};

/// The most documents one card holds.
pub const MAX_PER_CARD: usize = 50;

/// An attachment the person may open.
pub struct Attached {
    pub document: Document,
    pub added_by_name: String,
    pub added_at: i64,
}

/// A card's attachments as the person sees them, and how many others they may not open.
pub struct Attachments {
    pub shown: Vec<Attached>,
    pub hidden: usize,
}

pub async fn of_card(
    state: &AppState,
    actor: &CurrentUser,
    card: &CardId,
) -> AppResult<Attachments> {
    let mut attachments = Attachments { shown: Vec::new(), hidden: 0 };
    for link in store::of_card(state.db.reader(), card).await? {
        match access::document(state, actor, &link.document_id).await {
            Ok(found) => attachments.shown.push(Attached {
                document: found.document,
                added_by_name: link.added_by_name,
                added_at: link.added_at,
            }),
            Err(AppError::NotFound | AppError::Forbidden) => attachments.hidden += 1,
            Err(other) => return Err(other),
        }
    }
    Ok(attachments)
}

/// Documents the person may attach: a search of what they may open.
pub async fn candidates(
    state: &AppState,
    actor: &CurrentUser,
    card: &CardId,
    words: &str,
) -> AppResult<Vec<Document>> {
    usable(state, actor, card).await?;
    let words: String = words.trim().chars().take(200).collect();
    let filters = find::Filters::default();
    Ok(find::search(state, actor, &words, &filters).await?.documents)
}

/// Attaches a document the person may open (`true`), or detaches it (`false`).
pub async fn set(
    state: &AppState,
    actor: &CurrentUser,
    card: &CardId,
    document: &DocumentId,
    attached: bool,
) -> AppResult<()> {
    let (board, _) = usable(state, actor, card).await?;
    let unknown = AppError::Invalid { field: "document", code: "task-document-unknown" };
    let found = match access::document(state, actor, document).await {
        Ok(found) => Some(found.document),
        // Anyone on the board may remove a link, even to a document they cannot open.
        Err(AppError::NotFound | AppError::Forbidden) if !attached => None,
        Err(AppError::NotFound | AppError::Forbidden) => return Err(unknown),
        Err(other) => return Err(other),
    };
    let at = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if attached {
        // The card's row is locked first, so two attachments racing count one after the other.
        store::lock_card(&mut tx, card).await?;
        if store::count_of_card(&mut *tx, card).await? >= MAX_PER_CARD as i64 {
            return Err(AppError::Invalid { field: "document", code: "task-documents-full" });
        }
    }
    let changed = if attached {
        store::attach(&mut tx, &actor.org_id, card, document, &actor.user_id, at).await?
    } else {
        store::detach(&mut tx, card, document).await?
    };
    if !changed {
        return Ok(());
    }
    let (kind, action) = if attached {
        (EventKind::Attached, Action::DocumentAttached)
    } else {
        (EventKind::Detached, Action::DocumentDetached)
    };
    details::log(&mut tx, card, Some(&actor.user_id), kind, "", at).await?;
    let patient = found.as_ref().and_then(|d| d.patient_id.as_ref()).map(|p| p.as_str());
    record(&mut tx, state, actor, action, &board, ("task_card", card.as_str()), patient).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

/// Where files uploaded from a card go: the "Tâches" folder of the board's space, made on first
/// use (two first uploads at once make one folder).
pub async fn upload_folder(
    state: &AppState,
    actor: &CurrentUser,
    card: &CardId,
) -> AppResult<FolderId> {
    let (board, _) = usable(state, actor, card).await?;
    let space = access::my_spaces(state, actor)
        .await?
        .into_iter()
        .map(|s| s.space)
        .find(|s| belongs_to(board_of(&board), s.kind, s.team_id.as_deref(), s.owner_id.as_deref()))
        .ok_or(AppError::Invalid { field: "file", code: "task-files-no-space" })?;
    let name = actor.lang.t("task-files-folder");
    if let Some(found) = folder_named(state, &space.root_id, &name).await? {
        return Ok(found);
    }
    match manage::create_folder(state, actor, &space.root_id, &name).await {
        Ok(id) => Ok(id),
        Err(AppError::Invalid { code: "document-name-taken", .. }) => {
            folder_named(state, &space.root_id, &name)
                .await?
                .ok_or(AppError::Invalid { field: "file", code: "task-files-no-space" })
        }
        Err(AppError::Forbidden) => {
            Err(AppError::Invalid { field: "file", code: "task-files-no-space" })
        }
        Err(other) => Err(other),
    }
}

/// Whose a board is: a team's, or a person's.
enum Holder<'a> {
    Team(&'a str),
    Person(&'a str),
    Nobody,
}

fn board_of(board: &Board) -> Holder<'_> {
    match (&board.team_id, &board.owner_id) {
        (Some(team), _) => Holder::Team(team),
        (None, Some(owner)) => Holder::Person(owner),
        (None, None) => Holder::Nobody,
    }
}

fn belongs_to(
    holder: Holder<'_>,
    kind: SpaceKind,
    team: Option<&str>,
    owner: Option<&str>,
) -> bool {
    match holder {
        Holder::Team(id) => kind == SpaceKind::Team && team == Some(id),
        Holder::Person(id) => kind == SpaceKind::Personal && owner == Some(id),
        Holder::Nobody => false,
    }
}

async fn folder_named(
    state: &AppState,
    parent: &FolderId,
    name: &str,
) -> AppResult<Option<FolderId>> {
    let wanted = names::key(name);
    let children = folders::children(state.db.reader(), parent).await?;
    Ok(children.into_iter().find(|f| names::key(&f.name) == wanted).map(|f| f.id))
}

/// Attaches what was just uploaded from the card.
pub async fn attach_uploaded(
    state: &AppState,
    actor: &CurrentUser,
    card: &CardId,
    uploaded: &[DocumentId],
) -> AppResult<()> {
    for document in uploaded {
        set(state, actor, card, document, true).await?;
    }
    Ok(())
}
