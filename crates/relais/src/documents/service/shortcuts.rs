//! Ways back to documents: each person's favourites and the documents changed lately in the
//! spaces they can open — both only what the person may open now.

use super::access;
use crate::auth::CurrentUser;
use crate::documents::model::{Document, DocumentId};
use crate::documents::store::{documents, favourites};
use crate::error::AppResult;
use crate::state::AppState;

/// How many of each the documents' home shows.
const SHOWN: usize = 8;

pub struct Shortcuts {
    pub favourites: Vec<Document>,
    pub recent: Vec<Document>,
}

pub async fn of(state: &AppState, actor: &CurrentUser) -> AppResult<Shortcuts> {
    let mut marked = Vec::new();
    for id in favourites::of_person(state.db.reader(), &actor.user_id, 100).await? {
        if let Ok(found) = access::document(state, actor, &id).await {
            marked.push(found.document);
        }
        if marked.len() == SHOWN {
            break;
        }
    }
    let spaces: Vec<_> =
        access::my_spaces(state, actor).await?.into_iter().map(|s| s.space.id).collect();
    let mut recent = Vec::new();
    for document in documents::search(state.db.reader(), &actor.org_id, &spaces, "", 50).await? {
        if access::document(state, actor, &document.id).await.is_ok() {
            recent.push(document);
        }
        if recent.len() == SHOWN {
            break;
        }
    }
    Ok(Shortcuts { favourites: marked, recent })
}

/// Whether the person marked the document.
pub async fn is_favourite(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
) -> AppResult<bool> {
    Ok(favourites::is_marked(state.db.reader(), &actor.user_id, id).await?)
}

/// Marks or unmarks a document the person may open.
pub async fn set_favourite(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
    favourite: bool,
) -> AppResult<()> {
    access::document(state, actor, id).await?;
    let mut conn = state.db.writer().acquire().await?;
    favourites::set(&mut conn, &actor.user_id, id, favourite).await?;
    Ok(())
}
