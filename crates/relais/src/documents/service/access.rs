//! Who may see and change what: every route goes through here. A space, folder or document the
//! person may not read is "not found", whether it exists or not; a document linked to a patient
//! opens only within the care relationship and each opening is audited as a patient read.

use crate::auth::CurrentUser;
use crate::documents::model::{
    Document, DocumentId, Folder, FolderId, Space, SpaceAccess, SpaceId,
};
use crate::documents::rights::{self, Level, Person, SpaceKind};
use crate::documents::store::{documents, folders, spaces};
use crate::error::{AppError, AppResult};
use crate::org::Role;
use crate::state::AppState;

/// What the rights depend on about the person asking.
pub struct Reader {
    pub user_id: String,
    pub teams: Vec<String>,
    pub managed_teams: Vec<String>,
    pub roles: Vec<Role>,
}

impl Reader {
    pub async fn of(state: &AppState, actor: &CurrentUser) -> AppResult<Self> {
        let me = crate::org::service::show_self(state, actor).await?;
        let manages = me.roles.contains(&Role::Manager);
        Ok(Self {
            user_id: me.id,
            managed_teams: if manages { me.team_ids.clone() } else { Vec::new() },
            teams: me.team_ids,
            roles: me.roles,
        })
    }

    pub fn person(&self) -> Person<'_> {
        Person {
            user_id: &self.user_id,
            teams: &self.teams,
            managed_teams: &self.managed_teams,
            roles: &self.roles,
        }
    }
}

/// The spaces the person can open, creating on first use the organisation's space, a space per
/// team they belong to and their personal space.
pub async fn my_spaces(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<SpaceAccess>> {
    let reader = Reader::of(state, actor).await?;
    {
        let mut tx = state.db.begin().await?;
        spaces::ensure(&mut tx, &actor.org_id, SpaceKind::Organisation, None, None).await?;
        for team in &reader.teams {
            spaces::ensure(&mut tx, &actor.org_id, SpaceKind::Team, Some(team), None).await?;
        }
        spaces::ensure(&mut tx, &actor.org_id, SpaceKind::Personal, None, Some(&actor.user_id))
            .await?;
        tx.commit().await?;
    }
    let mut listed = Vec::new();
    for space in spaces::listed_for(state.db.reader(), &actor.org_id, &actor.user_id).await? {
        let grants = spaces::grants(state.db.reader(), &space.id).await?;
        let level = rights::space_level(space.facts(), &grants, reader.person());
        if level.allows(Level::Read) {
            listed.push(SpaceAccess { space, level });
        }
    }
    Ok(listed)
}

/// A folder with its space, its chain from the root and the person's level there.
pub struct FolderAccess {
    pub space: Space,
    pub folder: Folder,
    /// From the space's root down to the folder itself.
    pub chain: Vec<Folder>,
    pub level: Level,
}

impl FolderAccess {
    pub fn require(&self, wanted: Level) -> AppResult<()> {
        if self.level.allows(wanted) { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

/// A live folder the person may read, or "not found".
pub async fn folder(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
) -> AppResult<FolderAccess> {
    let reader = state.db.reader();
    let found = folders::find(reader, &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let space =
        spaces::find(reader, &actor.org_id, &found.space_id).await?.ok_or(AppError::NotFound)?;
    let chain = folders::chain(reader, id).await?;
    if chain.iter().any(|f| f.deleted_at.is_some()) {
        return Err(AppError::NotFound);
    }
    let level = level_in(state, actor, &space, &chain).await?;
    if !level.allows(Level::Read) {
        return Err(AppError::NotFound);
    }
    Ok(FolderAccess { space, folder: found, chain, level })
}

/// The person's level in a folder given its chain.
pub async fn level_in(
    state: &AppState,
    actor: &CurrentUser,
    space: &Space,
    chain: &[Folder],
) -> AppResult<Level> {
    let person = Reader::of(state, actor).await?;
    let grants = spaces::grants(state.db.reader(), &space.id).await?;
    let ids: Vec<&str> = chain.iter().map(|f| f.id.as_str()).collect();
    Ok(rights::folder_level(space.facts(), &grants, &ids, person.person()))
}

/// A document (live, or in the trash when `trashed` is allowed) and the person's level in its folder.
pub struct DocumentAccess {
    pub document: Document,
    pub folder: FolderAccess,
}

impl DocumentAccess {
    pub fn require(&self, wanted: Level) -> AppResult<()> {
        self.folder.require(wanted)
    }
}

/// A document the person may read, or "not found". A patient-linked document also needs the care
/// relationship (`homecare::patients::visible`).
pub async fn document(
    state: &AppState,
    actor: &CurrentUser,
    id: &DocumentId,
) -> AppResult<DocumentAccess> {
    let document =
        documents::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    if document.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    let folder = folder(state, actor, &document.folder_id).await?;
    if let Some(patient) = &document.patient_id {
        crate::homecare::patients::visible(state, actor, patient).await?;
    }
    Ok(DocumentAccess { document, folder })
}

/// What a folder the person may read holds: its live sub-folders and the live documents the
/// person may see (a patient-linked document is not even named outside the care relationship).
pub async fn contents(
    state: &AppState,
    actor: &CurrentUser,
    id: &FolderId,
) -> AppResult<(Vec<Folder>, Vec<Document>)> {
    let reader = state.db.reader();
    let mut sub_folders = Vec::new();
    // A folder closed to the person ("no access" there) is not listed either.
    for child in folders::children(reader, id).await? {
        if folder(state, actor, &child.id).await.is_ok() {
            sub_folders.push(child);
        }
    }
    let mut visible = Vec::new();
    for document in documents::in_folder(reader, id).await? {
        let outside = match &document.patient_id {
            Some(patient) => {
                crate::homecare::patients::visible(state, actor, patient).await.is_err()
            }
            None => false,
        };
        if !outside {
            visible.push(document);
        }
    }
    Ok((sub_folders, visible))
}

/// A space the person may read, or "not found".
pub async fn space(state: &AppState, actor: &CurrentUser, id: &SpaceId) -> AppResult<SpaceAccess> {
    let space =
        spaces::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    let reader = Reader::of(state, actor).await?;
    let grants = spaces::grants(state.db.reader(), &space.id).await?;
    let level = rights::space_level(space.facts(), &grants, reader.person());
    if !level.allows(Level::Read) {
        return Err(AppError::NotFound);
    }
    Ok(SpaceAccess { space, level })
}
