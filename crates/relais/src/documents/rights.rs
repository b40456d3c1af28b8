//! Who may do what in a document space: the space's defaults, grants on the space, and explicit
//! overrides on folders, nearest folder last. Pure: the service loads the facts, this decides.

use serde::Serialize;

use crate::org::roles::Role;
use crate::text_enum::text_enum;

text_enum! {
    /// What a person may do in a space or folder, from nothing to managing its rights.
    Level { None = "none", Read = "read", Write = "write", Manage = "manage" }
}

impl Level {
    fn rank(self) -> u8 {
        match self {
            Level::None => 0,
            Level::Read => 1,
            Level::Write => 2,
            Level::Manage => 3,
        }
    }

    /// Whether this level allows `wanted`.
    pub fn allows(self, wanted: Level) -> bool {
        self.rank() >= wanted.rank()
    }

    pub fn max(self, other: Level) -> Level {
        if other.rank() > self.rank() { other } else { self }
    }
}

text_enum! {
    /// Whose space: the whole organisation's, a team's, or one person's.
    SpaceKind { Organisation = "organisation", Team = "team", Personal = "personal" }
}

text_enum! {
    /// Who a grant is given to.
    GranteeKind { Team = "team", Role = "role", Person = "person" }
}

/// A grant on a space (`folder_id` none) or an override on one of its folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Grant {
    pub id: String,
    pub folder_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub grantee_kind: GranteeKind,
    pub grantee_id: String,
    #[sqlx(try_from = "String")]
    pub level: Level,
}

/// The facts about a space that decide its defaults.
#[derive(Debug, Clone, Copy)]
pub struct SpaceFacts<'a> {
    pub kind: SpaceKind,
    pub team_id: Option<&'a str>,
    pub owner_id: Option<&'a str>,
}

/// The person asking: their id, teams, the teams they manage and their roles.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    pub user_id: &'a str,
    pub teams: &'a [String],
    pub managed_teams: &'a [String],
    pub roles: &'a [Role],
}

impl Person<'_> {
    fn matches(&self, grant: &Grant) -> bool {
        match grant.grantee_kind {
            GranteeKind::Person => grant.grantee_id == self.user_id,
            GranteeKind::Team => self.teams.contains(&grant.grantee_id),
            GranteeKind::Role => self.roles.iter().any(|role| role.as_str() == grant.grantee_id),
        }
    }
}

/// What the space gives before any grant: everyone reads the organisation's space and
/// administrators manage it; a team writes in its space and its managers manage it; a personal
/// space is its owner's alone (administrators included out).
fn default_level(space: SpaceFacts<'_>, person: Person<'_>) -> Level {
    let admin = person.roles.contains(&Role::Admin);
    match space.kind {
        SpaceKind::Organisation if admin => Level::Manage,
        SpaceKind::Organisation => Level::Read,
        SpaceKind::Team => {
            let team = space.team_id.unwrap_or_default();
            if admin || person.managed_teams.iter().any(|t| t == team) {
                Level::Manage
            } else if person.teams.iter().any(|t| t == team) {
                Level::Write
            } else {
                Level::None
            }
        }
        SpaceKind::Personal if space.owner_id == Some(person.user_id) => Level::Manage,
        SpaceKind::Personal => Level::None,
    }
}

/// The level on the space itself: its default raised by grants on the space.
pub fn space_level(space: SpaceFacts<'_>, grants: &[Grant], person: Person<'_>) -> Level {
    if space.kind == SpaceKind::Personal {
        return default_level(space, person);
    }
    grants
        .iter()
        .filter(|grant| grant.folder_id.is_none() && person.matches(grant))
        .fold(default_level(space, person), |level, grant| level.max(grant.level))
}

/// The level on a folder, given the folder chain from the space's root to it. A folder with a
/// grant naming the person (directly, by team or by role) replaces what they inherited, up or
/// down; the space's managers keep managing every folder, so no one locks the managers out.
pub fn folder_level(
    space: SpaceFacts<'_>,
    grants: &[Grant],
    chain: &[&str],
    person: Person<'_>,
) -> Level {
    let on_space = space_level(space, grants, person);
    if on_space == Level::Manage || space.kind == SpaceKind::Personal {
        return on_space;
    }
    chain.iter().fold(on_space, |inherited, folder| {
        grants
            .iter()
            .filter(|grant| grant.folder_id.as_deref() == Some(*folder) && person.matches(grant))
            .map(|grant| grant.level)
            .reduce(Level::max)
            .unwrap_or(inherited)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(folder: Option<&str>, kind: GranteeKind, who: &str, level: Level) -> Grant {
        Grant {
            id: format!("{folder:?}-{who}"),
            folder_id: folder.map(str::to_owned),
            grantee_kind: kind,
            grantee_id: who.to_owned(),
            level,
        }
    }

    const TEAM_SPACE: SpaceFacts<'static> =
        SpaceFacts { kind: SpaceKind::Team, team_id: Some("team-a"), owner_id: None };

    fn member<'a>(id: &'a str, teams: &'a [String], roles: &'a [Role]) -> Person<'a> {
        Person { user_id: id, teams, managed_teams: &[], roles }
    }

    #[test]
    fn a_team_writes_in_its_space_others_see_nothing_managers_manage() {
        let team_a = ["team-a".to_string()];
        let team_b = ["team-b".to_string()];
        let nurse = member("nurse", &team_a, &[Role::Nurse]);
        let outsider = member("outsider", &team_b, &[Role::Nurse]);
        let manager = Person { managed_teams: &team_a, ..nurse };
        assert_eq!(space_level(TEAM_SPACE, &[], nurse), Level::Write);
        assert_eq!(space_level(TEAM_SPACE, &[], outsider), Level::None);
        assert_eq!(space_level(TEAM_SPACE, &[], manager), Level::Manage);
        let shared = [grant(None, GranteeKind::Team, "team-b", Level::Read)];
        assert_eq!(space_level(TEAM_SPACE, &shared, outsider), Level::Read);
    }

    #[test]
    fn a_folder_override_lowers_or_raises_for_those_it_names_only() {
        let team_a = ["team-a".to_string()];
        let nurse = member("nurse", &team_a, &[Role::Nurse]);
        let hr = member("hr", &[], &[Role::Hr]);
        let manager = Person { managed_teams: &team_a, ..member("boss", &team_a, &[]) };
        let grants = [
            grant(Some("hr-folder"), GranteeKind::Team, "team-a", Level::None),
            grant(Some("hr-folder"), GranteeKind::Role, "hr", Level::Write),
            grant(Some("forms"), GranteeKind::Person, "nurse", Level::Read),
        ];
        let chain = ["root", "hr-folder"];
        assert_eq!(folder_level(TEAM_SPACE, &grants, &chain, nurse), Level::None);
        assert_eq!(folder_level(TEAM_SPACE, &grants, &chain, hr), Level::Write);
        assert_eq!(folder_level(TEAM_SPACE, &grants, &chain, manager), Level::Manage);
        // A sub-folder inherits the override; another folder keeps the space's level.
        let deeper = ["root", "hr-folder", "payslips"];
        assert_eq!(folder_level(TEAM_SPACE, &grants, &deeper, nurse), Level::None);
        assert_eq!(folder_level(TEAM_SPACE, &grants, &["root", "forms"], nurse), Level::Read);
        assert_eq!(folder_level(TEAM_SPACE, &grants, &["root", "other"], nurse), Level::Write);
    }

    #[test]
    fn a_personal_space_is_its_owners_alone_whatever_the_grants() {
        let personal =
            SpaceFacts { kind: SpaceKind::Personal, team_id: None, owner_id: Some("nurse") };
        let admin = member("admin", &[], &[Role::Admin]);
        let owner = member("nurse", &[], &[Role::Nurse]);
        let sneaky = [grant(None, GranteeKind::Role, "admin", Level::Manage)];
        assert_eq!(space_level(personal, &sneaky, admin), Level::None);
        assert_eq!(folder_level(personal, &sneaky, &["root"], owner), Level::Manage);
    }

    #[test]
    fn everyone_reads_the_organisations_space_and_administrators_manage_it() {
        let organisation =
            SpaceFacts { kind: SpaceKind::Organisation, team_id: None, owner_id: None };
        assert_eq!(space_level(organisation, &[], member("a", &[], &[Role::Aide])), Level::Read);
        assert_eq!(space_level(organisation, &[], member("b", &[], &[Role::Admin])), Level::Manage);
        assert!(Level::Manage.allows(Level::Write) && !Level::Read.allows(Level::Write));
    }
}
