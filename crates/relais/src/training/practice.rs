//! The practice space: a person's own copy of the demo organisation, to try the planning, the
//! round and teleconsultation without touching real data. Opening it signs the browser in to
//! the copy (as its north-team nurse, who also plans) and keeps the person's own session aside;
//! leaving brings it back. A reset deletes the copy and everything in it; the next opening
//! makes a fresh one.

use sqlx::{Any, Executor};

use crate::auth::CurrentUser;
use crate::auth::service::NewSignIn;
use crate::error::{AppError, AppResult};
use crate::org::Role;
use crate::state::AppState;
use crate::web::Client;
use crate::web::ui::PRACTICE_DOMAIN;

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(error.into())
}

/// A person's practice space: (the copy's organisation, the account used in it).
pub async fn space_of(
    db: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "SELECT practice_org_id, practice_user_id FROM practice_spaces WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Whether `person` is signed in to a practice space (they cannot open one from there).
pub fn is_practice(person: &CurrentUser) -> bool {
    person.email.ends_with(&format!(".{PRACTICE_DOMAIN}"))
}

/// Makes the person's copy of the demo; returns the account to use in it.
async fn create(state: &AppState, person: &CurrentUser) -> AppResult<String> {
    let domain = format!("{}.{PRACTICE_DOMAIN}", hex::encode(rand::random::<[u8; 6]>()));
    let name = format!("{} — {}", person.lang.t("practice-organisation"), person.display_name);
    let org = crate::demo::seed_as(&state.db, &state.keys, &state.blobs, &name, &domain)
        .await
        .map_err(AppError::Internal)?;
    let email = crate::demo::address(crate::demo::PRACTICE_PERSON, &domain)
        .ok_or_else(|| internal(anyhow::anyhow!("no practice person")))?;
    let account = crate::auth::store::credentials_by_email(state.db.reader(), &email)
        .await?
        .ok_or_else(|| internal(anyhow::anyhow!("the practice account was not made")))?;
    crate::org::store::add_role(state.db.writer(), &account.user_id, Role::Coordinator).await?;
    // Nobody of a copy gets e-mail: its addresses lead nowhere.
    let mut conn = state.db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, &org).await?;
    drop(conn);
    for someone in people {
        crate::messaging::store::digest::set_wanted(state.db.writer(), &someone.id, false).await?;
    }
    let inserted = sqlx::query(
        "INSERT INTO practice_spaces (user_id, org_id, practice_org_id, practice_user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(&person.user_id)
    .bind(&person.org_id)
    .bind(&org)
    .bind(&account.user_id)
    .bind(state.clock.now_ms())
    .execute(state.db.writer())
    .await?;
    if inserted.rows_affected() == 0 {
        // Opened twice at once: the other copy won; this one goes.
        crate::backup::purge::delete_organisation_and_files(state, &org)
            .await
            .map_err(AppError::Internal)?;
        let (_, account) =
            space_of(state.db.reader(), &person.user_id).await?.ok_or(AppError::NotFound)?;
        return Ok(account);
    }
    Ok(account.user_id)
}

/// Opens the person's practice space (making it the first time); returns the sign-in to it.
pub async fn open(state: &AppState, person: &CurrentUser, client: &Client) -> AppResult<NewSignIn> {
    if is_practice(person) {
        return Err(AppError::Forbidden);
    }
    let account = match space_of(state.db.reader(), &person.user_id).await? {
        Some((_, account)) => account,
        None => create(state, person).await?,
    };
    let credentials = crate::auth::store::credentials_by_id(state.db.reader(), &account)
        .await?
        .ok_or(AppError::NotFound)?;
    // The person proved who they are in their own session; the copy holds no real data.
    crate::auth::service::open_session(state, client, &credentials, true).await
}

/// Deletes the person's copy; the next opening makes a fresh one.
pub async fn reset(state: &AppState, person: &CurrentUser) -> AppResult<bool> {
    if is_practice(person) {
        return Err(AppError::Forbidden);
    }
    let Some((org, _)) = space_of(state.db.reader(), &person.user_id).await? else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM practice_spaces WHERE user_id = $1")
        .bind(&person.user_id)
        .execute(state.db.writer())
        .await?;
    crate::backup::purge::delete_organisation_and_files(state, &org)
        .await
        .map_err(AppError::Internal)?;
    Ok(true)
}
