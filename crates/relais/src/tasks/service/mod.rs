//! The rules of task boards: who may use a board (access), boards with their lists and labels,
//! cards and what hangs on them, recurring cards, "my tasks", and the notices they send.

pub mod access;
pub mod archive;
pub mod attachments;
pub mod boards;
pub mod calendar;
pub mod cards;
pub mod details;
pub mod export;
pub mod mine;
pub mod notices;
pub mod recurrences;
pub mod text;
pub mod view;

use crate::audit::trail::{self, Trail};
use crate::auth::CurrentUser;
use crate::state::AppState;
use crate::tasks::model::{Action, Board};

/// Audits a change of a board (or of one of its cards) and tells whoever has the board open (a
/// reading is audited, not announced).
async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    board: &Board,
    object: (&str, &str),
    patient_id: Option<&str>,
) -> sqlx::Result<()> {
    let (object_type, object_id) = object;
    let entry = Trail { action: action.as_str(), object_type, object_id, patient_id, reason: None };
    trail::record(conn, state, actor, &entry, &[]).await?;
    if action == Action::PatientRead {
        return Ok(());
    }
    let payload = serde_json::json!({ "board": board.id, "type": object_type, "id": object_id });
    let audience = access::audience(board);
    crate::events::outbox::emit(conn, &actor.org_id, &audience, action.as_str(), &payload).await?;
    Ok(())
}
