use super::store;
use crate::audit;
use crate::audit::chain::AuditKey;
use crate::auth::service::{self as auth_service, NewSignIn};
use crate::auth::{password, store as auth_store};
use crate::clock::{HOUR_MS, now_ms};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::org::fields::{Email, FieldError, Label, Phone};
use crate::org::model::NewPerson;
use crate::org::{Role, store as org_store};
use crate::secrets::{digest, random_token};
use crate::state::AppState;
use crate::web::Client;

pub const SETUP_LINK_MS: i64 = HOUR_MS;

/// While no organisation exists, each start issues a fresh one-time setup token (valid one hour).
pub async fn issue_token_if_uninitialised(state: &AppState) -> AppResult<Option<String>> {
    if org_store::count_organisations(state.db.reader()).await? > 0 {
        return Ok(None);
    }
    let token = random_token(32);
    store::replace_token(state.db.writer(), &digest(&token), now_ms() + SETUP_LINK_MS).await?;
    Ok(Some(token))
}

pub async fn check_token(state: &AppState, token: &str) -> AppResult<()> {
    if token.len() <= 100 && store::token_is_valid(state.db.reader(), &digest(token)).await? {
        Ok(())
    } else {
        Err(AppError::LinkExpired)
    }
}

/// What the setup form sends, as typed.
pub struct SetupInput<'a> {
    pub organisation: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub lang: Lang,
}

/// Creates the organisation and its administrator, then opens their session (TOTP enrolment
/// comes next). A field error names the field and the message key.
pub async fn complete(
    state: &AppState,
    client: &Client,
    token: &str,
    input: SetupInput<'_>,
) -> AppResult<Result<NewSignIn, (&'static str, FieldError)>> {
    check_token(state, token).await?;
    let organisation = match Label::parse(input.organisation) {
        Ok(value) => value,
        Err(error) => return Ok(Err(("organisation", error))),
    };
    let display_name = match Label::parse(input.display_name) {
        Ok(value) => value,
        Err(error) => return Ok(Err(("display_name", error))),
    };
    let email = match Email::parse(input.email) {
        Ok(value) => value,
        Err(error) => return Ok(Err(("email", error))),
    };
    if let Err(error) =
        password::check_new(input.password, &[email.as_str(), display_name.as_str()])
    {
        return Ok(Err(("password", error)));
    }
    let hash = password::hash(input.password.to_string()).await.map_err(AppError::Internal)?;
    let admin = NewPerson {
        email,
        display_name,
        job_title: Label::parse_optional("").map_err(|_| AppError::BadRequest("label".into()))?,
        phone: Phone::parse_optional("").map_err(|_| AppError::BadRequest("phone".into()))?,
        roles: vec![Role::Admin],
        team_ids: Vec::new(),
        locale: input.lang,
    };
    let mut tx = state.db.begin().await?;
    if !store::consume_token(&mut *tx, &digest(token)).await?
        || org_store::count_organisations(&mut *tx).await? > 0
    {
        return Err(AppError::LinkExpired);
    }
    let org_id = org_store::insert_organisation(&mut tx, organisation.as_str()).await?;
    let user_id = org_store::insert_person(&mut tx, &org_id, &admin).await?;
    auth_store::set_password(&mut *tx, &user_id, &hash).await?;
    let actor = audit::Actor {
        user_id: Some(user_id.clone()),
        roles: Role::Admin.as_str().into(),
        ip: client.ip_text(),
        user_agent: client.user_agent.clone(),
        session_id: None,
    };
    let entry = audit::Entry::success(
        Some(&org_id),
        &actor,
        "organisation.create",
        "organisation",
        Some(&org_id),
    );
    audit::record(&mut tx, &state.audit_key, &entry).await?;
    tx.commit().await?;
    let credentials = auth_store::credentials_by_id(state.db.reader(), &user_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("administrator vanished after setup")))?;
    Ok(Ok(auth_service::open_session(state, client, &credentials, false).await?))
}

/// `relais create-admin`: an administrator for a new or existing organisation, with a one-time
/// activation link.
pub async fn create_admin(
    db: &crate::db::Db,
    keys: &crate::crypto::KeyRing,
    organisation: &str,
    name: &str,
    email: &str,
) -> anyhow::Result<String> {
    let problem = |field: &str, error: FieldError| anyhow::anyhow!("invalid {field}: {}", error.0);
    let organisation = Label::parse(organisation).map_err(|e| problem("organisation", e))?;
    let admin = NewPerson {
        email: Email::parse(email).map_err(|e| problem("email", e))?,
        display_name: Label::parse(name).map_err(|e| problem("name", e))?,
        job_title: Label::parse_optional("").map_err(|e| problem("job title", e))?,
        phone: Phone::parse_optional("").map_err(|e| problem("phone", e))?,
        roles: vec![Role::Admin],
        team_ids: Vec::new(),
        locale: Lang::Fr,
    };
    let token = random_token(32);
    let audit_key = AuditKey::load(db, keys).await?;
    let mut tx = db.begin().await?;
    if org_store::email_taken(&mut *tx, admin.email.as_str()).await? {
        anyhow::bail!("an account with the e-mail {} already exists", admin.email.as_str());
    }
    let org_id = match org_store::find_organisation_by_name(&mut *tx, organisation.as_str()).await?
    {
        Some(id) => id,
        None => org_store::insert_organisation(&mut tx, organisation.as_str()).await?,
    };
    let user_id = org_store::insert_person(&mut tx, &org_id, &admin).await?;
    let expires_at = now_ms() + crate::auth::links::ACTIVATION_LINK_MS;
    let operator = audit::Actor {
        roles: "command-line".into(),
        ip: "local".into(),
        ..audit::Actor::default()
    };
    let entry =
        audit::Entry::success(Some(&org_id), &operator, "person.invite", "person", Some(&user_id));
    audit::record(&mut tx, &audit_key, &entry).await?;
    auth_store::insert_link(
        &mut *tx,
        &digest(&token),
        auth_store::LinkPurpose::Activation,
        &user_id,
        None,
        expires_at,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}
