//! My API tokens: create (shown once), list, revoke.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::api::Scope;
use crate::api::tokens::{self, ApiToken};
use crate::auth::CurrentUser;
use crate::clock::{HOUR_MS, format_local, now_ms};
use crate::error::{AppError, AppResult};
use crate::org::fields::Label;
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/tokens", get(list).post(create))
        .route("/account/tokens/{id}/revoke", post(revoke))
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    ui: Ui,
    tokens: Vec<ApiToken>,
    /// The secret of a token just created, shown this once.
    created: Option<String>,
    time_zone: String,
    /// Where file managers connect with an application password.
    dav_url: String,
}

impl TokensPage {
    fn when(&self, at: &i64) -> String {
        format_local(*at, &self.time_zone)
    }

    fn choices(&self) -> &'static [Scope] {
        Scope::ALL
    }

    fn scope_label(&self, scope: &Scope) -> String {
        self.ui.t(&format!("scope-{}", scope.as_str().replace(':', "-")))
    }

    fn scopes(&self, token: &ApiToken) -> String {
        let names: Vec<String> = token.scopes.iter().map(|s| self.scope_label(s)).collect();
        names.join(", ")
    }
}

async fn page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    created: Option<String>,
) -> AppResult<Page> {
    let tokens = tokens::list(state.db.reader(), &user.user_id).await?;
    let ui = ui.with_user(user);
    let base = match &state.settings.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => format!("http://{}", state.settings.listen),
    };
    let page = TokensPage {
        ui: ui.clone(),
        tokens,
        created,
        time_zone: user.time_zone.clone(),
        dav_url: format!("{base}{}/", crate::documents::dav::PREFIX),
    };
    Page::form(&page, &ui)
}

async fn list(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    page(&state, ui, &user, None).await
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    expires_in_days: String,
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> AppResult<Response> {
    let name = match Label::parse(&form.name) {
        Ok(name) => name,
        Err(error) => {
            return Ok(page(&state, ui.with_error("name", error.0), &user, None)
                .await?
                .into_response());
        }
    };
    let scopes: Option<Vec<Scope>> = form.scopes.iter().map(|s| Scope::parse(s)).collect();
    let scopes = match scopes {
        Some(scopes) if !scopes.is_empty() => scopes,
        _ => {
            return Ok(page(&state, ui.with_error("scopes", "scopes-required"), &user, None)
                .await?
                .into_response());
        }
    };
    // Every token expires: a leaked one cannot serve for ever.
    let longest = i64::from(state.settings.limits.max_token_days);
    let expires_at = match form.expires_in_days.trim().parse::<i64>() {
        Ok(days) if (1..=longest).contains(&days) => now_ms() + days * 24 * HOUR_MS,
        _ => {
            return Ok(page(
                &state,
                ui.with_error("expires_in_days", "expiry-invalid"),
                &user,
                None,
            )
            .await?
            .into_response());
        }
    };
    let mut tx = state.db.begin().await?;
    let (id, secret) =
        tokens::create(&mut *tx, &user.user_id, name.as_str(), &scopes, Some(expires_at)).await?;
    let actor = user.audit_actor();
    let entry = crate::audit::Entry::success(
        Some(&user.org_id),
        &actor,
        "api_token.create",
        "api_token",
        Some(&id),
    );
    crate::audit::record(&mut tx, &state.audit_key, &entry).await?;
    tx.commit().await?;
    Ok(page(&state, ui.with_notice("token-created"), &user, Some(secret)).await?.into_response())
}

async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    if !tokens::revoke(&mut *tx, &user.user_id, &id).await? {
        return Err(AppError::NotFound);
    }
    let actor = user.audit_actor();
    let entry = crate::audit::Entry::success(
        Some(&user.org_id),
        &actor,
        "api_token.revoke",
        "api_token",
        Some(&id),
    );
    crate::audit::record(&mut tx, &state.audit_key, &entry).await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
