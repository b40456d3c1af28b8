//! Bots and incoming webhooks. A bot is an account without a person: no password, no sign-in,
//! used only through its tokens; it is shown as a bot, kept out of the people directory and of
//! every team indicator, and may hold only the office roles (never a caregiver's, never an
//! administrator's). An incoming webhook is a secret address a monitoring tool posts
//! `{"text": …}` to: the message appears in one channel, written by a bot, with the right to
//! disconnect applied to its notifications as to anyone's.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::{delete, get, post};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Executor};

use super::caller::{ApiCaller, Scope};
use super::endpoints::{Endpoint, Parameter};
use super::json::{ApiJson, rfc3339};
use super::tokens;
use crate::auth::CurrentUser;
use crate::clock::DAY_MS;
use crate::error::{AppError, AppResult};
use crate::org::fields::{Email, Label, Phone};
use crate::org::model::NewPerson;
use crate::org::{Permission, Role};
use crate::secrets::{digest, new_id, random_token};
use crate::state::AppState;
use crate::web::IdPath;

/// The roles a bot may hold.
const BOT_ROLES: [Role; 2] = [Role::Staff, Role::Coordinator];

pub fn endpoints() -> Vec<Endpoint> {
    let bot = Parameter::path("id", "The bot's id");
    vec![
        Endpoint::get("/api/v1/bots", Scope::OrgRead, "The organisation's bots", get(list))
            .gives::<Vec<BotOut>>()
            .needs(Permission::ManagePeople),
        Endpoint::post("/api/v1/bots", Scope::OrgWrite, "Create a bot and its first token (shown once)", post(create))
            .takes::<NewBotIn>()
            .gives::<CreatedBotOut>()
            .status(StatusCode::CREATED)
            .needs(Permission::ManagePeople),
        Endpoint::new(Method::DELETE, "/api/v1/bots/{id}", Scope::OrgWrite, "Deactivate a bot (its tokens stop working)", delete(deactivate))
            .status(StatusCode::NO_CONTENT)
            .needs(Permission::ManagePeople)
            .with([bot]),
        Endpoint::get(
            "/api/v1/incoming-webhooks",
            Scope::OrgRead,
            "The organisation's incoming webhooks",
            get(hooks),
        )
        .gives::<Vec<HookOut>>()
        .needs(Permission::ManagePeople),
        Endpoint::post(
            "/api/v1/incoming-webhooks",
            Scope::OrgWrite,
            "Create an incoming webhook posting into a channel as a bot; its address is answered this once",
            post(create_hook),
        )
        .takes::<NewHookIn>()
        .gives::<CreatedHookOut>()
        .status(StatusCode::CREATED)
        .needs(Permission::ManagePeople),
        Endpoint::new(
            Method::DELETE,
            "/api/v1/incoming-webhooks/{id}",
            Scope::OrgWrite,
            "Revoke an incoming webhook",
            delete(revoke_hook),
        )
        .status(StatusCode::NO_CONTENT)
        .needs(Permission::ManagePeople)
        .with([Parameter::path("id", "The incoming webhook's id")]),
    ]
}

#[derive(Serialize, JsonSchema)]
pub struct BotOut {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub created_at: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBotIn {
    pub name: String,
    /// staff (default) or coordinator.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Teams it works for (a coordinator bot plans theirs).
    #[serde(default)]
    pub team_ids: Vec<String>,
    /// The token's scopes, e.g. ["messaging:read", "messaging:write"].
    pub scopes: Vec<String>,
    /// 1 to the organisation's longest (default: the longest).
    pub expires_in_days: Option<i64>,
}

#[derive(Serialize, JsonSchema)]
pub struct CreatedBotOut {
    pub id: String,
    /// `rlt_…`: the bot's token. Shown this once.
    pub token: String,
}

#[derive(Serialize, JsonSchema)]
pub struct HookOut {
    pub id: String,
    pub name: String,
    pub conversation_id: String,
    pub bot_id: String,
    pub created_at: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHookIn {
    pub name: String,
    /// The channel it posts into.
    pub conversation_id: String,
    /// The bot it posts as.
    pub bot_id: String,
}

#[derive(Serialize, JsonSchema)]
pub struct CreatedHookOut {
    pub id: String,
    /// Where the tool posts `{"text": "…"}`. Shown this once: it is the hook's only secret.
    pub url: String,
}

async fn bots_of(db: impl Executor<'_, Database = Any>, org_id: &str) -> sqlx::Result<Vec<BotOut>> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, display_name, active, created_at FROM users WHERE org_id = $1 AND bot = 1 \
         ORDER BY created_at",
    )
    .bind(org_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, active, created)| BotOut {
            id,
            name,
            active: active == 1,
            created_at: rfc3339(created),
        })
        .collect())
}

async fn bot_of(state: &AppState, org_id: &str, id: &str) -> AppResult<BotOut> {
    bots_of(state.db.reader(), org_id)
        .await?
        .into_iter()
        .find(|bot| bot.id == id && bot.active)
        .ok_or(AppError::Invalid { field: "bot_id", code: "bot-unknown" })
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    object_type: &str,
    id: &str,
) -> sqlx::Result<()> {
    let actor = user.audit_actor();
    let entry =
        crate::audit::Entry::success(Some(&user.org_id), &actor, action, object_type, Some(id));
    crate::audit::record(conn, &state.audit_key, &entry).await
}

fn manager(caller: &ApiCaller, scope: Scope) -> AppResult<&CurrentUser> {
    let user = caller.require(scope)?;
    user.require(Permission::ManagePeople)?;
    Ok(user)
}

async fn list(State(state): State<AppState>, caller: ApiCaller) -> AppResult<Json<Vec<BotOut>>> {
    let user = manager(&caller, Scope::OrgRead)?;
    Ok(Json(bots_of(state.db.reader(), &user.org_id).await?))
}

async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(new): ApiJson<NewBotIn>,
) -> AppResult<(StatusCode, Json<CreatedBotOut>)> {
    let user = manager(&caller, Scope::OrgWrite)?;
    let name =
        Label::parse(&new.name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let mut roles = Vec::new();
    for text in &new.roles {
        match Role::parse(text).filter(|role| BOT_ROLES.contains(role)) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => return Err(AppError::Invalid { field: "roles", code: "bot-role-refused" }),
        }
    }
    if roles.is_empty() {
        roles.push(Role::Staff);
    }
    let scopes: Option<Vec<Scope>> = new.scopes.iter().map(|s| Scope::parse(s)).collect();
    let scopes = scopes
        .filter(|s| !s.is_empty())
        .ok_or(AppError::Invalid { field: "scopes", code: "scopes-required" })?;
    let longest = i64::from(state.settings.limits.max_token_days);
    let days = new.expires_in_days.unwrap_or(longest);
    if !(1..=longest).contains(&days) {
        return Err(AppError::Invalid { field: "expires_in_days", code: "expiry-invalid" });
    }
    for team in &new.team_ids {
        crate::homecare::scope::require_team(&state, user, team)
            .await
            .map_err(|_| AppError::Invalid { field: "team_ids", code: "team-unknown" })?;
    }
    let handle = random_token(6).to_lowercase();
    let email = Email::parse(&format!("bot-{handle}@bots.invalid"))
        .map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let person = NewPerson {
        email,
        display_name: name.clone(),
        job_title: name,
        phone: Phone::parse_optional("")
            .map_err(|e| AppError::Invalid { field: "phone", code: e.0 })?,
        roles,
        team_ids: new.team_ids.clone(),
        locale: user.lang,
    };
    let mut tx = state.db.begin().await?;
    let id = crate::org::store::insert_person(&mut tx, &user.org_id, &person).await?;
    sqlx::query("UPDATE users SET bot = 1 WHERE id = $1").bind(&id).execute(&mut *tx).await?;
    let expires_at = state.clock.now_ms() + days * DAY_MS;
    let (token_id, token) =
        tokens::create(&mut *tx, &id, person.display_name.as_str(), &scopes, Some(expires_at))
            .await?;
    audit(&mut tx, &state, user, "bot.create", "person", &id).await?;
    audit(&mut tx, &state, user, "api_token.create", "api_token", &token_id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedBotOut { id, token })))
}

async fn deactivate(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = manager(&caller, Scope::OrgWrite)?;
    bot_of(&state, &user.org_id, &id).await.map_err(|_| AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE users SET active = 0 WHERE id = $1 AND bot = 1")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tokens::revoke_all_of_user(&mut *tx, &id).await?;
    sqlx::query(
        "UPDATE incoming_webhooks SET revoked_at = $1 WHERE bot_id = $2 AND revoked_at IS NULL",
    )
    .bind(state.clock.now_ms())
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    audit(&mut tx, &state, user, "bot.deactivate", "person", &id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn hooks(State(state): State<AppState>, caller: ApiCaller) -> AppResult<Json<Vec<HookOut>>> {
    let user = manager(&caller, Scope::OrgRead)?;
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, conversation_id, bot_id, created_at FROM incoming_webhooks \
         WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at",
    )
    .bind(&user.org_id)
    .fetch_all(state.db.reader())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, name, conversation_id, bot_id, created)| HookOut {
                id,
                name,
                conversation_id,
                bot_id,
                created_at: rfc3339(created),
            })
            .collect(),
    ))
}

async fn create_hook(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewHookIn>,
) -> AppResult<(StatusCode, Json<CreatedHookOut>)> {
    let user = manager(&caller, Scope::OrgWrite)?;
    let name =
        Label::parse(&new.name).map_err(|e| AppError::Invalid { field: "name", code: e.0 })?;
    let bot = bot_of(&state, &user.org_id, &new.bot_id).await?;
    let channel =
        crate::messaging::store::find(state.db.reader(), &user.org_id, &new.conversation_id)
            .await?
            .filter(|c| c.is_channel() && !c.archived())
            .ok_or(AppError::Invalid {
                field: "conversation_id",
                code: "webhook-channel-unknown",
            })?;
    // A private channel only by one of its members: an administrator does not open a way into
    // a conversation they are not part of.
    if channel.private
        && crate::messaging::store::membership(state.db.reader(), &channel.id, &user.user_id)
            .await?
            .is_none()
    {
        return Err(AppError::Invalid {
            field: "conversation_id",
            code: "webhook-channel-unknown",
        });
    }
    let id = new_id();
    let secret = random_token(32);
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO incoming_webhooks (id, org_id, conversation_id, bot_id, name, secret_hash, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&user.org_id)
    .bind(&channel.id)
    .bind(&bot.id)
    .bind(name.as_str())
    .bind(digest(&secret))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::messaging::store::add_member(&mut tx, &channel.id, &bot.id, channel.last_seq).await?;
    audit(&mut tx, &state, user, "incoming_webhook.create", "incoming_webhook", &id).await?;
    tx.commit().await?;
    let url = format!("{}/hooks/{secret}", crate::web::base_url(&state, &headers));
    Ok((StatusCode::CREATED, Json(CreatedHookOut { id, url })))
}

async fn revoke_hook(
    State(state): State<AppState>,
    caller: ApiCaller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let user = manager(&caller, Scope::OrgWrite)?;
    let mut tx = state.db.begin().await?;
    let done = sqlx::query(
        "UPDATE incoming_webhooks SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL",
    )
    .bind(state.clock.now_ms())
    .bind(&id)
    .bind(&user.org_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, &state, user, "incoming_webhook.revoke", "incoming_webhook", &id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
