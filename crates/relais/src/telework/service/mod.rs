//! The rules and authorisation of the telework module; routes stay thin.

pub mod agreements;
pub mod calendar;
pub mod charter;
pub mod days;
pub mod desks;
pub mod feeds;
pub mod notices;
pub mod posts;
pub mod security;
pub mod time;

use crate::audit::trail::{self, Trail};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::org::{Person, Team};
use crate::state::AppState;
use crate::telework::model::Action;

/// Records what the module did in the audit log (and tells `audiences`), in the change's
/// transaction.
pub(crate) async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: Action,
    object: (&str, &str),
    audiences: &[crate::events::Audience],
) -> sqlx::Result<()> {
    let audiences: Vec<String> = audiences.iter().map(ToString::to_string).collect();
    let (object_type, object_id) = object;
    let entry =
        Trail { action: action.as_str(), object_type, object_id, patient_id: None, reason: None };
    trail::record(conn, state, actor, &entry, &audiences).await
}

/// Everyone of the organisation (active or not), by name.
pub(crate) async fn people(state: &AppState, org_id: &str) -> AppResult<Vec<Person>> {
    let mut conn = state.db.reader().acquire().await?;
    Ok(crate::org::store::list_people(&mut conn, org_id).await?)
}

pub(crate) async fn teams(state: &AppState, org_id: &str) -> AppResult<Vec<Team>> {
    Ok(crate::org::store::list_teams(state.db.reader(), org_id).await?)
}

/// A multi-line text from a form: trimmed, at most `max` characters, no control characters but
/// line breaks and tabs.
pub(crate) fn text(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<String, crate::error::AppError> {
    let value = value.trim().replace("\r\n", "\n");
    let invalid = |code| crate::error::AppError::Invalid { field, code };
    if required && value.is_empty() {
        return Err(invalid("field-required"));
    }
    if value.chars().count() > max {
        return Err(invalid("telework-too-long"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(invalid("field-control-characters"));
    }
    Ok(value)
}
