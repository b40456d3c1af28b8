//! The rules of protocol pages. Everyone reads the organisation's pages and their own teams';
//! administrators write the organisation's and any team's, a team's managers and coordinators
//! write their team's. A version may ask to be acknowledged: the page then shows "to read" to
//! whoever has not acknowledged that version (or a later one), and its editors see who has.

use super::model::{Ack, Protocol, ProtocolId, ProtocolKind, ProtocolVersion};
use super::store::{self, NewPage, NewVersion};
use crate::audit::trail::{self, Trail};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::Role;
use crate::org::model::{Person, Team};
use crate::state::AppState;

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_BODY_CHARS: usize = 60_000;
pub const MAX_NOTE_CHARS: usize = 200;

/// What the rules depend on about the person.
struct Viewer {
    person: Person,
}

impl Viewer {
    async fn of(state: &AppState, actor: &CurrentUser) -> AppResult<Self> {
        Ok(Self { person: crate::org::service::show_self(state, actor).await? })
    }

    fn is_admin(&self) -> bool {
        self.person.roles.contains(&Role::Admin)
    }

    fn in_team(&self, team: &str) -> bool {
        self.person.team_ids.iter().any(|t| t == team)
    }

    fn may_read(&self, page: &Protocol) -> bool {
        match &page.team_id {
            None => true,
            Some(team) => self.is_admin() || self.in_team(team),
        }
    }

    /// Whether the person writes the pages of `team` (the organisation's when none).
    fn may_write(&self, team: Option<&str>) -> bool {
        let leads =
            self.person.roles.iter().any(|r| matches!(r, Role::Manager | Role::Coordinator));
        match team {
            None => self.is_admin(),
            Some(team) => self.is_admin() || (leads && self.in_team(team)),
        }
    }
}

/// A page in the list, with where the person stands.
pub struct Listed {
    pub protocol: Protocol,
    /// A version asks to be acknowledged and the person has not.
    pub to_acknowledge: bool,
}

pub struct Listing {
    pub pages: Vec<Listed>,
    /// The teams whose pages the person may create (their names).
    pub writable_teams: Vec<Team>,
    pub may_write_organisation: bool,
}

pub async fn list(state: &AppState, actor: &CurrentUser) -> AppResult<Listing> {
    let viewer = Viewer::of(state, actor).await?;
    let reader = state.db.reader();
    let acks = store::acks_of_person(reader, &actor.org_id, &actor.user_id).await?;
    let pages = store::list(reader, &actor.org_id)
        .await?
        .into_iter()
        .filter(|page| viewer.may_read(page))
        .map(|protocol| Listed { to_acknowledge: waiting(&protocol, &acks), protocol })
        .collect();
    let teams = crate::org::store::list_teams(reader, &actor.org_id).await?;
    Ok(Listing {
        pages,
        writable_teams: teams.into_iter().filter(|t| viewer.may_write(Some(&t.id))).collect(),
        may_write_organisation: viewer.may_write(None),
    })
}

/// How many pages wait for the person's acknowledgement (the menu's badge).
pub async fn waiting_count(state: &AppState, actor: &CurrentUser) -> AppResult<usize> {
    Ok(list(state, actor).await?.pages.iter().filter(|p| p.to_acknowledge).count())
}

fn waiting(page: &Protocol, acks: &[Ack]) -> bool {
    page.required_version > 0
        && !acks.iter().any(|a| a.protocol_id == page.id && a.version >= page.required_version)
}

/// One version of a page, with its history and where the person stands.
pub struct Shown {
    pub protocol: Protocol,
    pub version: ProtocolVersion,
    pub versions: Vec<ProtocolVersion>,
    /// The latest version the person acknowledged, and when.
    pub acknowledged: Option<(i64, i64)>,
    pub to_acknowledge: bool,
    pub may_edit: bool,
}

pub async fn show(
    state: &AppState,
    actor: &CurrentUser,
    id: &ProtocolId,
    number: Option<i64>,
) -> AppResult<Shown> {
    let (viewer, protocol) = readable(state, actor, id).await?;
    let reader = state.db.reader();
    let versions = store::versions(reader, id).await?;
    let wanted = number.unwrap_or(protocol.current_version);
    let version =
        versions.iter().find(|v| v.version == wanted).cloned().ok_or(AppError::NotFound)?;
    let acks = store::acks_of_person(reader, &actor.org_id, &actor.user_id).await?;
    let acknowledged = acks
        .iter()
        .filter(|a| a.protocol_id == protocol.id)
        .max_by_key(|a| a.version)
        .map(|a| (a.version, a.acked_at));
    Ok(Shown {
        to_acknowledge: waiting(&protocol, &acks),
        may_edit: viewer.may_write(protocol.team_id.as_deref()),
        protocol,
        version,
        versions,
        acknowledged,
    })
}

async fn readable(
    state: &AppState,
    actor: &CurrentUser,
    id: &ProtocolId,
) -> AppResult<(Viewer, Protocol)> {
    let viewer = Viewer::of(state, actor).await?;
    let protocol =
        store::find(state.db.reader(), &actor.org_id, id).await?.ok_or(AppError::NotFound)?;
    if !viewer.may_read(&protocol) {
        return Err(AppError::NotFound);
    }
    Ok((viewer, protocol))
}

/// What an editor writes.
pub struct Draft<'a> {
    pub body: &'a str,
    pub note: &'a str,
    pub needs_ack: bool,
}

fn checked<'a>(draft: &Draft<'a>) -> AppResult<(&'a str, &'a str)> {
    let body = draft.body.trim();
    if body.is_empty() || body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::Invalid { field: "body", code: "protocol-body-invalid" });
    }
    let note = draft.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control) {
        return Err(AppError::Invalid { field: "note", code: "protocol-note-invalid" });
    }
    Ok((body, note))
}

/// Creates a page with its first version.
pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    team: Option<&str>,
    kind: ProtocolKind,
    title: &str,
    draft: &Draft<'_>,
) -> AppResult<ProtocolId> {
    let viewer = Viewer::of(state, actor).await?;
    if let Some(team) = team {
        let teams = crate::org::store::list_teams(state.db.reader(), &actor.org_id).await?;
        if !teams.iter().any(|t| t.id == team) {
            return Err(AppError::Invalid { field: "team", code: "protocol-team-unknown" });
        }
    }
    if !viewer.may_write(team) {
        return Err(AppError::Forbidden);
    }
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > MAX_TITLE_CHARS
        || title.chars().any(char::is_control)
    {
        return Err(AppError::Invalid { field: "title", code: "protocol-title-invalid" });
    }
    let (body, note) = checked(draft)?;
    let id = ProtocolId::generate();
    let at = state.clock.now_ms();
    let by = actor.user_id.as_str();
    let mut tx = state.db.begin().await?;
    let page = NewPage { id: &id, org_id: &actor.org_id, team_id: team, kind, title, by, at };
    store::insert_page(&mut tx, &page).await?;
    let version =
        NewVersion { protocol_id: &id, version: 1, body, note, needs_ack: draft.needs_ack, by, at };
    store::insert_version(&mut tx, &version).await?;
    record(&mut tx, state, actor, "protocol.create", &id).await?;
    trail::finish(tx, state).await?;
    Ok(id)
}

/// Publishes the next version of a page, written from version `based_on`: if someone published
/// meanwhile, nothing is published and the editor is asked to read theirs first.
pub async fn publish(
    state: &AppState,
    actor: &CurrentUser,
    id: &ProtocolId,
    based_on: i64,
    draft: &Draft<'_>,
) -> AppResult<i64> {
    let (viewer, protocol) = readable(state, actor, id).await?;
    if !viewer.may_write(protocol.team_id.as_deref()) {
        return Err(AppError::Forbidden);
    }
    let (body, note) = checked(draft)?;
    let changed = || AppError::Invalid { field: "body", code: "protocol-changed-meanwhile" };
    if based_on != protocol.current_version {
        return Err(changed());
    }
    let number = based_on + 1;
    let mut tx = state.db.begin().await?;
    let version = NewVersion {
        protocol_id: id,
        version: number,
        body,
        note,
        needs_ack: draft.needs_ack,
        by: &actor.user_id,
        at: state.clock.now_ms(),
    };
    if store::insert_version(&mut tx, &version).await?.is_none() {
        return Err(changed());
    }
    record(&mut tx, state, actor, "protocol.publish", id).await?;
    trail::finish(tx, state).await?;
    Ok(number)
}

/// The person has read the version in force.
pub async fn acknowledge(
    state: &AppState,
    actor: &CurrentUser,
    id: &ProtocolId,
    number: i64,
) -> AppResult<()> {
    let (_, protocol) = readable(state, actor, id).await?;
    if number != protocol.current_version {
        return Err(AppError::Invalid { field: "version", code: "protocol-changed-meanwhile" });
    }
    let versions = store::versions(state.db.reader(), id).await?;
    let version = versions.iter().find(|v| v.version == number).ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if store::acknowledge(&mut tx, &version.id, &actor.user_id, state.clock.now_ms()).await? {
        record(&mut tx, state, actor, "protocol.acknowledge", id).await?;
    }
    trail::finish(tx, state).await?;
    Ok(())
}

/// One reader of a page, as its editors see them.
pub struct Reader {
    pub person: Person,
    /// The latest version they acknowledged, and when.
    pub acknowledged: Option<(i64, i64)>,
    pub up_to_date: bool,
}

/// Who the page is for (its team, or everyone) and where each stands; for its editors only.
pub async fn readers(
    state: &AppState,
    actor: &CurrentUser,
    id: &ProtocolId,
) -> AppResult<(Protocol, Vec<Reader>)> {
    let (viewer, protocol) = readable(state, actor, id).await?;
    if !viewer.may_write(protocol.team_id.as_deref()) {
        return Err(AppError::Forbidden);
    }
    let acks = store::acks_of_page(state.db.reader(), id).await?;
    let people = {
        let mut conn = state.db.reader().acquire().await?;
        crate::org::store::list_people(&mut conn, &actor.org_id).await?
    };
    let readers = people
        .into_iter()
        .filter(|p| p.active)
        .filter(|p| protocol.team_id.as_ref().is_none_or(|team| p.team_ids.contains(team)))
        .map(|person| {
            let acknowledged = acks
                .iter()
                .filter(|a| a.user_id == person.id)
                .max_by_key(|a| a.version)
                .map(|a| (a.version, a.acked_at));
            let up_to_date = protocol.required_version == 0
                || acknowledged.is_some_and(|(v, _)| v >= protocol.required_version);
            Reader { person, acknowledged, up_to_date }
        })
        .collect();
    Ok((protocol, readers))
}

async fn record(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    id: &ProtocolId,
) -> sqlx::Result<()> {
    let entry = Trail {
        action,
        object_type: "protocol",
        object_id: id.as_str(),
        patient_id: None,
        reason: None,
    };
    trail::record(conn, state, actor, &entry, &[]).await
}
