//! SQL for organisations and people (teams and sites beside). Every query is scoped by organisation.

mod admins;
mod teams;

pub use admins::*;
pub use teams::*;

use std::collections::HashMap;

use sqlx::{Any, AnyConnection, Executor};

use super::fields::WorkingHours;
use super::model::{NewPerson, Person, PersonUpdate, ProfileUpdate};
use super::roles::Role;
use crate::clock::now_ms;
use crate::secrets::new_id;
use crate::typed_id::Flag;

const PERSON_COLUMNS: &str = "id, org_id, email, display_name, job_title, phone, locale, \
    time_zone, work_days, work_start_minute, work_end_minute, active, created_at";

/// A person as stored (roles and teams are read apart).
#[derive(sqlx::FromRow)]
struct StoredPerson {
    id: String,
    org_id: String,
    email: String,
    display_name: String,
    job_title: String,
    phone: String,
    locale: String,
    time_zone: String,
    #[sqlx(flatten)]
    hours: WorkingHours,
    #[sqlx(try_from = "i64")]
    active: Flag,
    created_at: i64,
}

impl From<StoredPerson> for Person {
    fn from(row: StoredPerson) -> Self {
        Person {
            id: row.id,
            org_id: row.org_id,
            email: row.email,
            display_name: row.display_name,
            job_title: row.job_title,
            phone: row.phone,
            locale: row.locale,
            time_zone: row.time_zone,
            hours: row.hours,
            active: row.active.0,
            roles: Vec::new(),
            team_ids: Vec::new(),
            created_at: row.created_at,
        }
    }
}

pub async fn count_organisations(db: impl Executor<'_, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(db).await
}

pub async fn find_organisation_by_name(
    db: impl Executor<'_, Database = Any>,
    name: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await
}

pub async fn organisation_name(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await
}

pub async fn insert_organisation(conn: &mut AnyConnection, name: &str) -> sqlx::Result<String> {
    let id = new_id();
    insert_organisation_with_id(conn, &id, name).await?;
    Ok(id)
}

pub async fn insert_organisation_with_id(
    conn: &mut AnyConnection,
    id: &str,
    name: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(name)
        .bind(now_ms())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn email_taken(db: impl Executor<'_, Database = Any>, email: &str) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT 1 FROM users WHERE email = $1").bind(email).fetch_optional(db);
    Ok(row.await?.is_some())
}

pub async fn insert_person(
    conn: &mut AnyConnection,
    org_id: &str,
    person: &NewPerson,
) -> sqlx::Result<String> {
    let id = new_id();
    let hours = WorkingHours::default();
    sqlx::query(
        "INSERT INTO users (id, org_id, email, display_name, job_title, phone, locale, time_zone, \
         work_days, work_start_minute, work_end_minute, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'Europe/Paris', $8, $9, $10, 1, $11)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(person.email.as_str())
    .bind(person.display_name.as_str())
    .bind(person.job_title.as_str())
    .bind(person.phone.as_str())
    .bind(person.locale.code())
    .bind(i64::from(hours.days))
    .bind(i64::from(hours.start_minute))
    .bind(i64::from(hours.end_minute))
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    replace_roles(conn, &id, &person.roles).await?;
    replace_teams(conn, org_id, &id, &person.team_ids).await?;
    Ok(id)
}

pub async fn update_person(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
    update: &PersonUpdate,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET display_name = $1, job_title = $2, phone = $3 \
         WHERE id = $4 AND org_id = $5",
    )
    .bind(update.display_name.as_str())
    .bind(update.job_title.as_str())
    .bind(update.phone.as_str())
    .bind(id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    replace_roles(conn, id, &update.roles).await?;
    replace_teams(conn, org_id, id, &update.team_ids).await
}

pub async fn update_profile(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    update: &ProfileUpdate,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET display_name = $1, phone = $2, locale = $3, time_zone = $4, \
         work_days = $5, work_start_minute = $6, work_end_minute = $7 WHERE id = $8",
    )
    .bind(update.display_name.as_str())
    .bind(update.phone.as_str())
    .bind(update.locale.code())
    .bind(update.time_zone.as_str())
    .bind(i64::from(update.hours.days))
    .bind(i64::from(update.hours.start_minute))
    .bind(i64::from(update.hours.end_minute))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_active(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    id: &str,
    active: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2 AND org_id = $3")
        .bind(i64::from(active))
        .bind(id)
        .bind(org_id)
        .execute(db)
        .await?;
    Ok(())
}

async fn replace_roles(
    conn: &mut AnyConnection,
    user_id: &str,
    roles: &[Role],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces a person's teams; team ids of another organisation are ignored.
async fn replace_teams(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    team_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM team_members WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for team_id in team_ids {
        sqlx::query(
            "INSERT INTO team_members (team_id, user_id) \
             SELECT id, $1 FROM teams WHERE id = $2 AND org_id = $3",
        )
        .bind(user_id)
        .bind(team_id)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn find_person(
    conn: &mut AnyConnection,
    org_id: &str,
    id: &str,
) -> sqlx::Result<Option<Person>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM users WHERE id = $1 AND org_id = $2");
    let row: Option<StoredPerson> =
        sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let mut person = Person::from(row);
    person.roles = roles_of(&mut *conn, id).await?;
    person.team_ids = sqlx::query_scalar("SELECT team_id FROM team_members WHERE user_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some(person))
}

pub async fn roles_of(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Role>> {
    let texts: Vec<String> =
        sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(user_id)
            .fetch_all(db)
            .await?;
    // A role this version no longer knows gives no permission.
    let mut roles: Vec<Role> = texts.iter().filter_map(|text| Role::parse(text)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn list_people(conn: &mut AnyConnection, org_id: &str) -> sqlx::Result<Vec<Person>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM users WHERE org_id = $1 AND bot = 0 ORDER BY display_name, id"
    );
    let rows: Vec<StoredPerson> = sqlx::query_as(&sql).bind(org_id).fetch_all(&mut *conn).await?;
    let mut people: Vec<Person> = rows.into_iter().map(Person::from).collect();
    let role_rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let team_rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.user_id, m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for (user_id, role) in role_rows {
        // A role this version no longer knows gives no permission.
        if let Some(role) = Role::parse(&role) {
            roles.entry(user_id).or_default().push(role);
        }
    }
    let mut teams: HashMap<String, Vec<String>> = HashMap::new();
    for (user_id, team_id) in team_rows {
        teams.entry(user_id).or_default().push(team_id);
    }
    for person in &mut people {
        person.roles = roles.remove(&person.id).unwrap_or_default();
        person.roles.sort();
        person.team_ids = teams.remove(&person.id).unwrap_or_default();
    }
    Ok(people)
}

pub async fn set_locale(
    db: impl Executor<'_, Database = Any>,
    id: &str,
    locale: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn organisation_ids(db: impl Executor<'_, Database = Any>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT id FROM organisations ORDER BY id").fetch_all(db).await
}

/// The organisation's time zone (care plans and plannings are in local time there).
pub async fn time_zone(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT time_zone FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await
}

/// Whether the organisation records the caregiver's position at check-in and check-out.
pub async fn punch_geolocation(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
) -> sqlx::Result<bool> {
    let enabled: Option<i64> =
        sqlx::query_scalar("SELECT punch_geolocation FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(db)
            .await?;
    Ok(enabled.is_some_and(|enabled| enabled != 0))
}

pub async fn set_punch_geolocation(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
    enabled: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE organisations SET punch_geolocation = $1 WHERE id = $2")
        .bind(i64::from(enabled))
        .bind(org_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether arrivals and departures need the home card (true unless the organisation chose
/// declared punches).
pub async fn punch_card_required(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
) -> sqlx::Result<bool> {
    let required: Option<i64> =
        sqlx::query_scalar("SELECT punch_card_required FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(db)
            .await?;
    Ok(required.is_none_or(|r| r != 0))
}

pub async fn set_punch_card_required(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
    required: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE organisations SET punch_card_required = $1 WHERE id = $2")
        .bind(i64::from(required))
        .bind(org_id)
        .execute(db)
        .await?;
    Ok(())
}
