//! An organisation's messaging settings: who may send urgent messages, and how long messages are
//! kept (0: for ever). Changed by an administrator of teams; every change is audited.

use sqlx::{Any, Executor};

use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::messaging::actions::Action;
use crate::org::{Permission, Role};
use crate::state::AppState;

/// The longest retention one may set: ten years.
pub const MAX_RETENTION_DAYS: i64 = 3650;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub urgent_roles: Vec<Role>,
    pub retention_days: i64,
}

pub async fn load(db: impl Executor<'_, Database = Any>, org_id: &str) -> sqlx::Result<Settings> {
    let (roles, retention_days): (String, i64) = sqlx::query_as(
        "SELECT urgent_roles, message_retention_days FROM organisations WHERE id = $1",
    )
    .bind(org_id)
    .fetch_one(db)
    .await?;
    Ok(Settings {
        urgent_roles: roles.split(',').filter_map(|r| Role::parse(r.trim())).collect(),
        retention_days,
    })
}

/// Organisations that keep messages for a limited time: (id, days).
pub async fn with_retention(
    db: impl Executor<'_, Database = Any>,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT id, message_retention_days FROM organisations WHERE message_retention_days > 0",
    )
    .fetch_all(db)
    .await
}

/// Parses the form's values: role names and a number of days.
pub fn parse(roles: &[String], retention_days: &str) -> AppResult<Settings> {
    let urgent_roles = roles
        .iter()
        .map(|name| {
            Role::parse(name)
                .ok_or(AppError::Invalid { field: "urgent_roles", code: "role-unknown" })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let text = retention_days.trim();
    let retention_days = if text.is_empty() {
        0
    } else {
        text.parse::<i64>()
            .ok()
            .filter(|days| (0..=MAX_RETENTION_DAYS).contains(days))
            .ok_or(AppError::Invalid { field: "retention_days", code: "retention-days-invalid" })?
    };
    Ok(Settings { urgent_roles, retention_days })
}

pub async fn save(state: &AppState, user: &CurrentUser, settings: &Settings) -> AppResult<()> {
    user.require(Permission::ManageTeams)?;
    let roles: Vec<&str> = settings.urgent_roles.iter().map(|r| r.as_str()).collect();
    let roles = roles.join(",");
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE organisations SET urgent_roles = $1, message_retention_days = $2 WHERE id = $3",
    )
    .bind(&roles)
    .bind(settings.retention_days)
    .bind(&user.org_id)
    .execute(&mut *tx)
    .await?;
    let reason = format!("urgent={roles}; retention_days={}", settings.retention_days);
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
