//! The person form shared by "invite" and "edit": raw fields in, validated values out.

use serde::Deserialize;

use crate::i18n::Lang;
use crate::org::fields::{Email, Label, Phone};
use crate::org::model::{NewPerson, PersonUpdate};
use crate::org::{Person, Role};

#[derive(Debug, Default, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub locale: String,
}

pub type FieldProblem = (&'static str, &'static str);

impl PersonForm {
    pub fn from_person(person: &Person) -> Self {
        Self {
            email: person.email.clone(),
            display_name: person.display_name.clone(),
            job_title: person.job_title.clone(),
            phone: person.phone.clone(),
            roles: person.roles.iter().map(|r| r.as_str().to_string()).collect(),
            teams: person.team_ids.clone(),
            locale: person.locale.clone(),
        }
    }

    pub fn has_role(&self, role: &Role) -> bool {
        self.roles.iter().any(|r| r == role.as_str())
    }

    pub fn in_team(&self, team_id: &str) -> bool {
        self.teams.iter().any(|t| t == team_id)
    }

    fn roles(&self) -> Result<Vec<Role>, FieldProblem> {
        let roles: Option<Vec<Role>> = self.roles.iter().map(|r| Role::parse(r)).collect();
        let mut roles = roles.ok_or(("roles", "roles-unknown"))?;
        roles.sort();
        roles.dedup();
        if roles.is_empty() {
            return Err(("roles", "roles-required"));
        }
        Ok(roles)
    }

    fn common(&self) -> Result<(Label, Label, Phone, Vec<Role>), FieldProblem> {
        let display_name = Label::parse(&self.display_name).map_err(|e| ("display_name", e.0))?;
        let job_title = Label::parse_optional(&self.job_title).map_err(|e| ("job_title", e.0))?;
        let phone = Phone::parse_optional(&self.phone).map_err(|e| ("phone", e.0))?;
        if self.teams.len() > 100 || !self.teams.iter().all(|id| crate::web::ids::is_id(id)) {
            return Err(("teams", "teams-unknown"));
        }
        Ok((display_name, job_title, phone, self.roles()?))
    }

    pub fn to_new_person(&self) -> Result<NewPerson, FieldProblem> {
        let email = Email::parse(&self.email).map_err(|e| ("email", e.0))?;
        let (display_name, job_title, phone, roles) = self.common()?;
        let locale = Lang::parse(&self.locale).unwrap_or_default();
        Ok(NewPerson {
            email,
            display_name,
            job_title,
            phone,
            roles,
            team_ids: self.teams.clone(),
            locale,
        })
    }

    pub fn to_update(&self) -> Result<PersonUpdate, FieldProblem> {
        let (display_name, job_title, phone, roles) = self.common()?;
        Ok(PersonUpdate { display_name, job_title, phone, roles, team_ids: self.teams.clone() })
    }
}
