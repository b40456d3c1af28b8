//! SQL for organisations and people (teams and sites beside). Every query is scoped by organisation.

mod teams;

pub use teams::*;

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Executor, Row};

use super::fields::WorkingHours;
use super::model::{NewPerson, Person, PersonUpdate, ProfileUpdate};
use super::roles::Role;
use crate::clock::now_ms;
use crate::secrets::new_id;

const PERSON_COLUMNS: &str = "id, org_id, email, display_name, job_title, phone, locale, \
    time_zone, work_days, work_start_minute, work_end_minute, active, created_at";

fn person_from_row(row: &AnyRow) -> sqlx::Result<Person> {
    let days: i64 = row.try_get("work_days")?;
    let start: i64 = row.try_get("work_start_minute")?;
    let end: i64 = row.try_get("work_end_minute")?;
    Ok(Person {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        job_title: row.try_get("job_title")?,
        phone: row.try_get("phone")?,
        locale: row.try_get("locale")?,
        time_zone: row.try_get("time_zone")?,
        hours: WorkingHours {
            days: u8::try_from(days).unwrap_or(0),
            start_minute: u16::try_from(start).unwrap_or(0),
            end_minute: u16::try_from(end).unwrap_or(0),
        },
        active: row.try_get::<i64, _>("active")? != 0,
        roles: Vec::new(),
        team_ids: Vec::new(),
        created_at: row.try_get("created_at")?,
    })
}

pub async fn count_organisations(db: impl Executor<'_, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM organisations").fetch_one(db).await?.try_get(0)
}

pub async fn find_organisation_by_name(
    db: impl Executor<'_, Database = Any>,
    name: &str,
) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await?;
    row.map(|row| row.try_get("id")).transpose()
}

pub async fn organisation_name(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
) -> sqlx::Result<String> {
    sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await?
        .try_get("name")
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
    let row = sqlx::query(&sql).bind(id).bind(org_id).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let mut person = person_from_row(&row)?;
    person.roles = roles_of(&mut *conn, id).await?;
    person.team_ids = sqlx::query("SELECT team_id FROM team_members WHERE user_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get("team_id"))
        .collect::<sqlx::Result<_>>()?;
    Ok(Some(person))
}

pub async fn roles_of(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(db)
        .await?;
    let texts: Vec<String> =
        rows.iter().map(|row| row.try_get::<String, _>("role")).collect::<sqlx::Result<_>>()?;
    // A role this version no longer knows gives no permission.
    let mut roles: Vec<Role> = texts.iter().filter_map(|text| Role::parse(text)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn list_people(conn: &mut AnyConnection, org_id: &str) -> sqlx::Result<Vec<Person>> {
    let sql =
        format!("SELECT {PERSON_COLUMNS} FROM users WHERE org_id = $1 ORDER BY display_name, id");
    let rows = sqlx::query(&sql).bind(org_id).fetch_all(&mut *conn).await?;
    let mut people: Vec<Person> = rows.iter().map(person_from_row).collect::<sqlx::Result<_>>()?;
    let role_rows = sqlx::query(
        "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let team_rows = sqlx::query(
        "SELECT m.user_id, m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for row in &role_rows {
        if let Some(role) = Role::parse(&row.try_get::<String, _>("role")?) {
            roles.entry(row.try_get("user_id")?).or_default().push(role);
        }
    }
    let mut teams: HashMap<String, Vec<String>> = HashMap::new();
    for row in &team_rows {
        teams.entry(row.try_get("user_id")?).or_default().push(row.try_get("team_id")?);
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
    let rows = sqlx::query("SELECT id FROM organisations ORDER BY id").fetch_all(db).await?;
    rows.iter().map(|row| row.try_get("id")).collect()
}

/// The organisation's time zone (care plans and plannings are in local time there).
pub async fn time_zone(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
) -> sqlx::Result<String> {
    use sqlx::Row;
    let row = sqlx::query("SELECT time_zone FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(db)
        .await?;
    row.ok_or(sqlx::Error::RowNotFound)?.try_get(0)
}

/// Whether the organisation records the caregiver's position at check-in and check-out.
pub async fn punch_geolocation(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    org_id: &str,
) -> sqlx::Result<bool> {
    use sqlx::Row;
    let row = sqlx::query("SELECT punch_geolocation FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.try_get::<i64, _>(0)).transpose()?.unwrap_or(0) != 0)
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
