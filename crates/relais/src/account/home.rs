use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::today::Today;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::org::store as org_store;
use crate::state::AppState;
use crate::web::{CsrfForm, Page, Ui, cookies};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show)).route("/language", post(choose_language))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ui: Ui,
    organisation: String,
    today: Today,
    /// The person's own first steps, until done or hidden.
    my_steps: Option<crate::training::steps::Checklist>,
}

async fn show(State(state): State<AppState>, ui: Ui, user: CurrentUser) -> AppResult<Page> {
    let organisation = org_store::organisation_name(state.db.reader(), &user.org_id).await?;
    let today = super::today::of(&state, &user).await?;
    let my_steps = crate::training::steps::of(&state, &user).await?;
    Page::render(&HomePage { ui: ui.with_user(&user), organisation, today, my_steps })
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Switches the language: a cookie for everyone, and the profile of a signed-in person.
async fn choose_language(
    State(state): State<AppState>,
    jar: CookieJar,
    user: Option<CurrentUser>,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> AppResult<Response> {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    if let Some(user) = user {
        org_store::set_locale(state.db.writer(), &user.user_id, lang.code()).await?;
    }
    let cookie = cookies::build(
        &state.settings,
        cookies::LANG,
        lang.code().into(),
        Some(time::Duration::days(365)),
    );
    let next = if crate::web::ids::is_local_path(&form.next) { form.next } else { "/".to_string() };
    Ok((jar.add(cookie), Redirect::to(&next)).into_response())
}
