//! SQL for teams and sites.

use sqlx::{Any, Executor};

use crate::clock::now_ms;
use crate::org::model::{Site, Team};
use crate::secrets::new_id;

pub async fn list_teams(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Team>> {
    sqlx::query_as(
        "SELECT t.id, t.org_id, t.site_id, t.name, \
         (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) AS member_count \
         FROM teams t WHERE t.org_id = $1 ORDER BY t.name",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
}

/// Whether `name` is among `taken`, ignoring case (in every script).
fn name_in(taken: &[String], name: &str) -> bool {
    let wanted = name.to_lowercase();
    taken.iter().any(|n| n.to_lowercase() == wanted)
}

/// Whether the organisation already has a team of this name, ignoring case (in every script).
pub async fn team_name_taken(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let taken: Vec<String> = sqlx::query_scalar("SELECT name FROM teams WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db)
        .await?;
    Ok(name_in(&taken, name))
}

pub async fn insert_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    site_id: Option<&str>,
    name: &str,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO teams (id, org_id, site_id, name, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(site_id)
    .bind(name)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn delete_team(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query("DELETE FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn list_sites(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<Vec<Site>> {
    sqlx::query_as("SELECT id, org_id, name FROM sites WHERE org_id = $1 ORDER BY name")
        .bind(org_id)
        .fetch_all(db)
        .await
}

pub async fn insert_site(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    name: &str,
) -> sqlx::Result<String> {
    let id = new_id();
    sqlx::query("INSERT INTO sites (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(org_id)
        .bind(name)
        .bind(now_ms())
        .execute(db)
        .await?;
    Ok(id)
}

pub async fn site_exists(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT 1 FROM sites WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

/// Whether the organisation already has a site of this name, ignoring case (in every script).
pub async fn site_name_taken(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let taken: Vec<String> = sqlx::query_scalar("SELECT name FROM sites WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(db)
        .await?;
    Ok(name_in(&taken, name))
}

/// The ids of a team's members.
pub async fn team_member_ids(
    db: impl Executor<'_, Database = Any>,
    team_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT user_id FROM team_members WHERE team_id = $1")
        .bind(team_id)
        .fetch_all(db)
        .await
}
