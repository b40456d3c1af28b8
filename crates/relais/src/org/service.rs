//! Rules for people, teams and sites. Every function takes the acting person and checks their
//! permission here, whatever the page showed; another organisation's ids are "not found".

use super::fields::Label;
use super::model::{NewPerson, Person, PersonUpdate, ProfileUpdate, Site, Team};
use super::roles::{self, Permission, Role};
use super::store;
use crate::auth::CurrentUser;
use crate::auth::store::{self as auth_store, LinkPurpose};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub async fn list_people(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Person>> {
    actor.require(Permission::ManagePeople)?;
    let mut conn = state.db.reader().acquire().await?;
    Ok(store::list_people(&mut conn, &actor.org_id).await?)
}

pub async fn show_person(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<Person> {
    actor.require(Permission::ManagePeople)?;
    let mut conn = state.db.reader().acquire().await?;
    store::find_person(&mut conn, &actor.org_id, id).await?.ok_or(AppError::NotFound)
}

/// The signed-in person's own record.
pub async fn show_self(state: &AppState, actor: &CurrentUser) -> AppResult<Person> {
    let mut conn = state.db.reader().acquire().await?;
    store::find_person(&mut conn, &actor.org_id, &actor.user_id).await?.ok_or(AppError::NotFound)
}

/// Creates an account and returns it with its one-time activation link token.
pub async fn invite(
    state: &AppState,
    actor: &CurrentUser,
    person: NewPerson,
) -> AppResult<(String, String)> {
    actor.require(Permission::ManagePeople)?;
    if person.roles.is_empty() {
        return Err(AppError::Invalid { field: "roles", code: "roles-required" });
    }
    let mut tx = state.db.begin().await?;
    if store::email_taken(&mut *tx, person.email.as_str()).await? {
        return Err(AppError::Invalid { field: "email", code: "email-taken" });
    }
    let id = store::insert_person(&mut tx, &actor.org_id, &person).await?;
    let token = crate::auth::links::create_link(
        &mut tx,
        &id,
        Some(&actor.user_id),
        LinkPurpose::Activation,
    )
    .await?;
    audit(&mut tx, state, actor, "person.invite", "person", &id).await?;
    finish(tx, state).await?;
    Ok((id, token))
}

pub async fn update_person(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
    update: PersonUpdate,
) -> AppResult<()> {
    let before = show_person(state, actor, id).await?;
    if update.roles.is_empty() {
        return Err(AppError::Invalid { field: "roles", code: "roles-required" });
    }
    if id == actor.user_id && before.has_role(Role::Admin) && !update.roles.contains(&Role::Admin) {
        return Err(AppError::Invalid { field: "roles", code: "cannot-demote-self" });
    }
    // Nobody gives themself access to patient records: another administrator must do it.
    let patient_data = Permission::SeePatientData;
    if id == actor.user_id
        && roles::grants(&update.roles, patient_data)
        && !roles::grants(&before.roles, patient_data)
    {
        let who = actor.audit_actor();
        let entry = crate::audit::Entry {
            outcome: "refused",
            reason: Some("self-elevation to a role that sees patient data"),
            ..crate::audit::Entry::success(
                Some(&actor.org_id),
                &who,
                "person.update",
                "person",
                Some(id),
            )
        };
        crate::audit::record_now(state, &entry).await?;
        return Err(AppError::Invalid { field: "roles", code: "cannot-grant-self-patient-access" });
    }
    let mut tx = state.db.begin().await?;
    store::update_person(&mut tx, &actor.org_id, id, &update).await?;
    audit(&mut tx, state, actor, "person.update", "person", id).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Deactivates an account and ends all its sessions at once.
pub async fn deactivate(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let person = show_person(state, actor, id).await?;
    if person.id == actor.user_id {
        return Err(AppError::Invalid { field: "active", code: "cannot-deactivate-self" });
    }
    let mut tx = state.db.begin().await?;
    store::set_active(&mut *tx, &actor.org_id, id, false).await?;
    auth_store::revoke_sessions_of_user(&mut *tx, id, None).await?;
    auth_store::expire_links_of_user(&mut *tx, id).await?;
    crate::api::tokens::revoke_all_of_user(&mut *tx, id).await?;
    audit(&mut tx, state, actor, "person.deactivate", "person", id).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn reactivate(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    show_person(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    store::set_active(&mut *tx, &actor.org_id, id, true).await?;
    audit(&mut tx, state, actor, "person.reactivate", "person", id).await?;
    finish(tx, state).await?;
    Ok(())
}

/// A one-time link for the person to choose a new password (handed over by another channel).
pub async fn issue_password_reset(
    state: &AppState,
    actor: &CurrentUser,
    id: &str,
) -> AppResult<String> {
    let person = show_person(state, actor, id).await?;
    if !person.active {
        return Err(AppError::Invalid { field: "active", code: "person-deactivated" });
    }
    let mut tx = state.db.begin().await?;
    let token = crate::auth::links::create_link(
        &mut tx,
        id,
        Some(&actor.user_id),
        LinkPurpose::PasswordReset,
    )
    .await?;
    audit(&mut tx, state, actor, "person.password_reset_link", "person", id).await?;
    finish(tx, state).await?;
    Ok(token)
}

/// Removes a person's second factor so they enrol again (lost phone). Their sessions end.
pub async fn reset_second_factor(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    show_person(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    auth_store::set_totp(&mut *tx, id, None, None).await?;
    auth_store::replace_recovery_codes(&mut tx, id, &[]).await?;
    auth_store::revoke_sessions_of_user(&mut *tx, id, None).await?;
    audit(&mut tx, state, actor, "person.second_factor_reset", "person", id).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn update_profile(
    state: &AppState,
    actor: &CurrentUser,
    update: ProfileUpdate,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    store::update_profile(&mut *tx, &actor.user_id, &update).await?;
    audit(&mut tx, state, actor, "person.update_profile", "person", &actor.user_id).await?;
    finish(tx, state).await?;
    Ok(())
}

/// Every signed-in person may see the teams of their organisation.
pub async fn list_teams(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Team>> {
    Ok(store::list_teams(state.db.reader(), &actor.org_id).await?)
}

pub async fn create_team(
    state: &AppState,
    actor: &CurrentUser,
    name: Label,
    site_id: Option<String>,
) -> AppResult<String> {
    actor.require(Permission::ManageTeams)?;
    if let Some(site_id) = &site_id
        && !store::site_exists(state.db.reader(), &actor.org_id, site_id).await?
    {
        return Err(AppError::Invalid { field: "site", code: "site-unknown" });
    }
    let mut tx = state.db.begin().await?;
    if store::team_name_taken(&mut *tx, &actor.org_id, name.as_str()).await? {
        return Err(AppError::Invalid { field: "name", code: "team-name-taken" });
    }
    let id = store::insert_team(&mut *tx, &actor.org_id, site_id.as_deref(), name.as_str()).await?;
    audit(&mut tx, state, actor, "team.create", "team", &id).await?;
    finish(tx, state).await?;
    Ok(id)
}

pub async fn delete_team(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    actor.require(Permission::ManageTeams)?;
    let mut tx = state.db.begin().await?;
    if !store::delete_team(&mut *tx, &actor.org_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, state, actor, "team.delete", "team", id).await?;
    finish(tx, state).await?;
    Ok(())
}

pub async fn list_sites(state: &AppState, actor: &CurrentUser) -> AppResult<Vec<Site>> {
    Ok(store::list_sites(state.db.reader(), &actor.org_id).await?)
}

pub async fn create_site(state: &AppState, actor: &CurrentUser, name: Label) -> AppResult<String> {
    actor.require(Permission::ManageTeams)?;
    let mut tx = state.db.begin().await?;
    if store::site_name_taken(&mut *tx, &actor.org_id, name.as_str()).await? {
        return Err(AppError::Invalid { field: "site_name", code: "site-name-taken" });
    }
    let id = store::insert_site(&mut *tx, &actor.org_id, name.as_str()).await?;
    audit(&mut tx, state, actor, "site.create", "site", &id).await?;
    finish(tx, state).await?;
    Ok(id)
}

/// Records a successful change by `actor` in the audit log and announces it to the organisation
/// (the event carries ids only), inside the change's transaction.
async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &CurrentUser,
    action: &str,
    object_type: &str,
    object_id: &str,
) -> sqlx::Result<()> {
    let who = actor.audit_actor();
    let entry = crate::audit::Entry::success(
        Some(&actor.org_id),
        &who,
        action,
        object_type,
        Some(object_id),
    );
    crate::audit::record(&mut *conn, &state.audit_key, &entry).await?;
    let audience = format!("org:{}", actor.org_id);
    let payload = serde_json::json!({ "type": object_type, "id": object_id });
    crate::events::outbox::emit(conn, &actor.org_id, &audience, action, &payload).await?;
    Ok(())
}

/// Commits, then wakes the event publisher.
async fn finish(tx: crate::db::Transaction, state: &AppState) -> sqlx::Result<()> {
    tx.commit().await?;
    state.events.wake();
    Ok(())
}

/// The organisation's time zone, in which its days, rounds and weeks are counted.
pub async fn zone(state: &AppState, org_id: &str) -> AppResult<jiff::tz::TimeZone> {
    let name = store::time_zone(state.db.reader(), org_id).await?;
    jiff::tz::TimeZone::get(&name).map_err(|e| AppError::Internal(e.into()))
}

/// Today in the organisation's time zone, from the application's clock.
pub async fn today(state: &AppState, org_id: &str) -> AppResult<jiff::civil::Date> {
    Ok(state.clock.today(&zone(state, org_id).await?))
}

/// A person's live connections receive the events of the teams they belong to.
pub fn register_groups(groups: &mut crate::events::Groups) {
    groups.register(|state, org_id, user_id| {
        Box::pin(async move {
            let mut conn = state.db.reader().acquire().await?;
            let person = store::find_person(&mut conn, &org_id, &user_id).await?;
            let teams = person.map(|p| p.team_ids).unwrap_or_default();
            Ok(teams.iter().map(|id| crate::events::Audience::team(id)).collect())
        })
    });
}
