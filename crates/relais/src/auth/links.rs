//! One-time links: activation of a new account and password reset, handed over by an
//! administrator through another channel.

use super::password;
use super::service::{NewSignIn, event, log_event_in, open_session};
use super::store::{self, Credentials, LinkPurpose};
use crate::clock::{HOUR_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::org::fields::FieldError;
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

pub const ACTIVATION_LINK_MS: i64 = 72 * HOUR_MS;
pub const RESET_LINK_MS: i64 = 24 * HOUR_MS;

/// A one-time link for a person (activation or password reset); older unused links end.
/// Inside the caller's transaction; returns the token to put in the link.
pub async fn create_link(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    created_by: Option<&str>,
    purpose: LinkPurpose,
) -> AppResult<String> {
    let token = random_token(32);
    let lifetime = match purpose {
        LinkPurpose::Activation => ACTIVATION_LINK_MS,
        LinkPurpose::PasswordReset => RESET_LINK_MS,
    };
    store::expire_links_of_user(&mut *conn, user_id).await?;
    store::insert_link(
        &mut *conn,
        &digest(&token),
        purpose,
        user_id,
        created_by,
        now_ms() + lifetime,
    )
    .await?;
    Ok(token)
}

/// The account a link is for, if it is still valid.
pub async fn link_account(
    state: &AppState,
    token: &str,
    purpose: LinkPurpose,
) -> AppResult<Credentials> {
    let user_id = store::valid_link(state.db.reader(), &digest(token), purpose)
        .await?
        .ok_or(AppError::LinkExpired)?;
    store::credentials_by_id(state.db.reader(), &user_id)
        .await?
        .filter(|c| c.active.0)
        .ok_or(AppError::LinkExpired)
}

/// Sets a password through a one-time link, ends every other session, and signs the person in.
pub async fn use_link(
    state: &AppState,
    client: &Client,
    token: &str,
    purpose: LinkPurpose,
    new_password: &str,
) -> AppResult<Result<NewSignIn, FieldError>> {
    let credentials = link_account(state, token, purpose).await?;
    if let Err(error) =
        password::check_new(new_password, &[&credentials.email, &credentials.display_name])
    {
        return Ok(Err(error));
    }
    let hash = password::hash(new_password.to_string()).await.map_err(AppError::Internal)?;
    let mut tx = state.db.begin().await?;
    if !store::consume_link(&mut *tx, &digest(token)).await? {
        return Err(AppError::LinkExpired);
    }
    store::set_password(&mut *tx, &credentials.user_id, &hash).await?;
    store::revoke_sessions_of_user(&mut *tx, &credentials.user_id, None).await?;
    log_event_in(
        &mut tx,
        state,
        client,
        event(Some(&credentials), None, purpose.as_str(), "success"),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(open_session(state, client, &credentials, false).await?))
}
