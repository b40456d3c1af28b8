//! An organisation's messaging settings: who may send urgent messages (how long messages are kept
//! is a retention rule, on the DPO's page). Changed by an administrator of teams; audited.

use sqlx::{Any, Executor};

use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::actions::Action;
use crate::org::{Permission, Role};
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub urgent_roles: Vec<Role>,
}

pub async fn load(db: impl Executor<'_, Database = Any>, org_id: &str) -> sqlx::Result<Settings> {
    let (roles,): (String,) =
        sqlx::query_as("SELECT urgent_roles FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_one(db)
            .await?;
    Ok(Settings { urgent_roles: roles.split(',').filter_map(|r| Role::parse(r.trim())).collect() })
}

/// Parses the form's role names.
pub fn parse(roles: &[String]) -> AppResult<Settings> {
    let urgent_roles = roles
        .iter()
        .map(|name| {
            Role::parse(name)
                .ok_or(AppError::Invalid { field: "urgent_roles", code: "role-unknown" })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Settings { urgent_roles })
}

pub async fn save(state: &AppState, user: &CurrentUser, settings: &Settings) -> AppResult<()> {
    user.require(Permission::ManageTeams)?;
    let roles: Vec<&str> = settings.urgent_roles.iter().map(|r| r.as_str()).collect();
    let roles = roles.join(",");
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE organisations SET urgent_roles = $1 WHERE id = $2")
        .bind(&roles)
        .bind(&user.org_id)
        .execute(&mut *tx)
        .await?;
    let reason = format!("urgent={roles}");
    let trail = Trail {
        action: Action::OrgMessagingSettings.as_str(),
        object_type: "organisation",
        object_id: &user.org_id,
        patient_id: None,
        reason: Some(&reason),
    };
    record(&mut tx, state, user, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(())
}
