//! Who may do what in a space or folder, managed by those who manage it: grants to a team, a role
//! or a person on the space (raising what the space gives by default) or on a folder (replacing
//! what is inherited there, up or down). Personal spaces take no grants: they stay their owner's.

use super::access::{self, FolderAccess};
use super::{Action, record};
use crate::auth::CurrentUser;
use crate::documents::model::FolderId;
use crate::documents::rights::{Grant, GranteeKind, Level, SpaceKind};
use crate::documents::store::spaces::{self, NewGrant};
use crate::error::{AppError, AppResult};
use crate::org::{Person, Role, Team};
use crate::state::AppState;

/// A grant with the name of whom it is given to.
pub struct Named {
    pub grant: Grant,
    pub name: String,
}

/// The access page of a folder: its grants (the space's too for its root), and who can be named.
pub struct AccessView {
    pub folder: FolderAccess,
    pub grants: Vec<Named>,
    pub teams: Vec<Team>,
    pub people: Vec<Person>,
}

/// Only those who manage the folder, in a space that takes grants.
async fn managed(state: &AppState, actor: &CurrentUser, id: &FolderId) -> AppResult<FolderAccess> {
    let folder = access::folder(state, actor, id).await?;
    folder.require(Level::Manage)?;
    if folder.space.kind == SpaceKind::Personal {
        return Err(AppError::Forbidden);
    }
    Ok(folder)
}

pub async fn view(state: &AppState, actor: &CurrentUser, id: &FolderId) -> AppResult<AccessView> {
    let folder = managed(state, actor, id).await?;
    let reader = state.db.reader();
    let teams = crate::org::store::list_teams(reader, &actor.org_id).await?;
    let people: Vec<Person> = {
        let mut conn = reader.acquire().await?;
        crate::org::store::list_people(&mut conn, &actor.org_id).await?
    };
    let here = folder.folder.parent_id.is_some().then(|| folder.folder.id.as_str());
    let grants = spaces::grants(reader, &folder.space.id)
        .await?
        .into_iter()
        .filter(|grant| grant.folder_id.as_deref() == here)
        .map(|grant| {
            let name = match grant.grantee_kind {
                GranteeKind::Team => {
                    teams.iter().find(|t| t.id == grant.grantee_id).map(|t| t.name.clone())
                }
                GranteeKind::Person => {
                    people.iter().find(|p| p.id == grant.grantee_id).map(|p| p.display_name.clone())
                }
                GranteeKind::Role => Some(grant.grantee_id.clone()),
            };
            Named { name: name.unwrap_or_default(), grant }
        })
        .collect();
    let people = people.into_iter().filter(|p| p.active).collect();
    Ok(AccessView { folder, grants, teams, people })
}

/// `team:<id>`, `role:<name>` or `person:<id>` as a grantee of this organisation.
async fn grantee(
    state: &AppState,
    actor: &CurrentUser,
    text: &str,
) -> AppResult<(GranteeKind, String)> {
    let unknown = || AppError::Invalid { field: "grantee", code: "documents-grantee-unknown" };
    let (kind, id) = text.split_once(':').ok_or_else(unknown)?;
    let kind = GranteeKind::parse(kind).ok_or_else(unknown)?;
    let reader = state.db.reader();
    let known = match kind {
        GranteeKind::Role => Role::parse(id).is_some(),
        GranteeKind::Team => {
            crate::org::store::list_teams(reader, &actor.org_id).await?.iter().any(|t| t.id == id)
        }
        GranteeKind::Person => {
            let mut conn = reader.acquire().await?;
            crate::org::store::find_person(&mut conn, &actor.org_id, id)
                .await?
                .is_some_and(|p| p.active)
        }
    };
    if known { Ok((kind, id.to_string())) } else { Err(unknown()) }
}

/// Gives `grantee` the level `level` on the folder (on the space for its root).
pub async fn set(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
    grantee_text: &str,
    level_text: &str,
) -> AppResult<()> {
    let folder = managed(state, actor, id).await?;
    let on_folder = folder.folder.parent_id.is_some();
    let level = Level::parse(level_text)
        // "No access" lowers what a folder inherits; on a space it would change nothing.
        .filter(|level| on_folder || *level != Level::None)
        .ok_or(AppError::Invalid { field: "level", code: "documents-level-unknown" })?;
    let (grantee_kind, grantee_id) = grantee(state, actor, grantee_text).await?;
    let grant = Grant {
        id: crate::secrets::new_id(),
        folder_id: on_folder.then(|| folder.folder.id.to_string()),
        grantee_kind,
        grantee_id,
        level,
    };
    let new = NewGrant {
        org_id: &actor.org_id,
        space_id: &folder.space.id,
        folder_id: on_folder.then_some(&folder.folder.id),
        grant: &grant,
        by: &actor.user_id,
    };
    let mut tx = state.db.begin().await?;
    if !spaces::set_grant(&mut tx, &new).await? {
        return Err(AppError::Conflict("grant_changed_meanwhile"));
    }
    record(&mut tx, state, actor, Action::GrantSet, folder.folder.id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}

pub async fn remove(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
    grant_id: &str,
) -> AppResult<()> {
    let folder = managed(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    if !spaces::remove_grant(&mut tx, &folder.space.id, grant_id).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, state, actor, Action::GrantRemove, folder.folder.id.as_str(), None).await?;
    crate::audit::trail::finish(tx, state).await?;
    Ok(())
}
