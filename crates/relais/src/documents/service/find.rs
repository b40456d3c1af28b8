//! Search: by name, narrowed by space, kind of file, how recently it changed and whether the
//! person changed it — always among what the person may open now.

use super::access;
use crate::auth::CurrentUser;
use crate::documents::model::{Document, SpaceAccess, SpaceId};
use crate::documents::store::documents;
use crate::error::AppResult;
use crate::state::AppState;
use crate::text_enum::text_enum;

text_enum! {
    /// Kinds of file as people name them (from the type sniffed at upload).
    FileKind { Pdf = "pdf", Image = "image", Text = "text", Office = "office", Other = "other" }
}

impl FileKind {
    pub fn of(media_type: &str) -> Self {
        const OFFICE: [&str; 5] =
            ["officedocument", "msword", "ms-excel", "ms-powerpoint", "opendocument"];
        if media_type == "application/pdf" {
            FileKind::Pdf
        } else if media_type.starts_with("image/") {
            FileKind::Image
        } else if media_type.starts_with("text/") {
            FileKind::Text
        } else if OFFICE.iter().any(|part| media_type.contains(part)) {
            FileKind::Office
        } else {
            FileKind::Other
        }
    }
}

/// What narrows a search; all optional.
#[derive(Debug, Default)]
pub struct Filters {
    pub kind: Option<FileKind>,
    pub space: Option<SpaceId>,
    /// Changed within this many days.
    pub within_days: Option<i64>,
    /// Changed (or first uploaded) by the person.
    pub mine: bool,
}

impl Filters {
    pub fn any(&self) -> bool {
        self.kind.is_some() || self.space.is_some() || self.within_days.is_some() || self.mine
    }
}

/// The most results shown.
const SHOWN: usize = 50;

pub struct Found {
    pub documents: Vec<Document>,
    /// The spaces the person may search in (for the filter and to name each result's space).
    pub spaces: Vec<SpaceAccess>,
}

pub async fn search(
    state: &AppState,
    actor: &CurrentUser,
    text: &str,
    filters: &Filters,
) -> AppResult<Found> {
    let spaces = access::my_spaces(state, actor).await?;
    if text.is_empty() && !filters.any() {
        return Ok(Found { documents: Vec::new(), spaces });
    }
    let searched: Vec<SpaceId> = spaces
        .iter()
        .map(|s| s.space.id.clone())
        .filter(|id| filters.space.as_ref().is_none_or(|wanted| wanted == id))
        .collect();
    let since = filters.within_days.map(|days| state.clock.now_ms() - days * crate::clock::DAY_MS);
    let me = Some(actor.user_id.as_str());
    let candidates =
        documents::search(state.db.reader(), &actor.org_id, &searched, text, 500).await?;
    let mut found = Vec::new();
    for document in candidates {
        let wanted = filters.kind.is_none_or(|kind| FileKind::of(&document.media_type) == kind)
            && since.is_none_or(|since| document.updated_at >= since)
            && (!filters.mine
                || document.updated_by.as_deref() == me
                || document.created_by.as_deref() == me);
        if wanted && access::document(state, actor, &document.id).await.is_ok() {
            found.push(document);
        }
        if found.len() == SHOWN {
            break;
        }
    }
    Ok(Found { documents: found, spaces })
}
