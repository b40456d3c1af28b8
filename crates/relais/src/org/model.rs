use serde::Serialize;

use super::fields::WorkingHours;
use super::roles::Role;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub job_title: String,
    pub phone: String,
    pub locale: String,
    pub time_zone: String,
    pub hours: WorkingHours,
    pub active: bool,
    pub roles: Vec<Role>,
    pub team_ids: Vec<String>,
    pub created_at: i64,
}

impl Person {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn in_team(&self, team_id: &str) -> bool {
        self.team_ids.iter().any(|id| id == team_id)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Team {
    pub id: String,
    pub org_id: String,
    pub site_id: Option<String>,
    pub name: String,
    pub member_count: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Site {
    pub id: String,
    pub org_id: String,
    pub name: String,
}

/// What an administrator fills in to create an account.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub email: super::fields::Email,
    pub display_name: super::fields::Label,
    pub job_title: super::fields::Label,
    pub phone: super::fields::Phone,
    pub roles: Vec<Role>,
    pub team_ids: Vec<String>,
    pub locale: crate::i18n::Lang,
}

/// What an administrator may change about a person.
#[derive(Debug, Clone)]
pub struct PersonUpdate {
    pub display_name: super::fields::Label,
    pub job_title: super::fields::Label,
    pub phone: super::fields::Phone,
    pub roles: Vec<Role>,
    pub team_ids: Vec<String>,
}

/// What every person may change about themselves.
#[derive(Debug, Clone)]
pub struct ProfileUpdate {
    pub display_name: super::fields::Label,
    pub phone: super::fields::Phone,
    pub locale: crate::i18n::Lang,
    pub time_zone: super::fields::TimeZoneName,
    pub hours: WorkingHours,
}
