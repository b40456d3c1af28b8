use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::auth::{CurrentUser, service as auth_service};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::org::fields::{Label, Phone, TimeZoneName, WorkingHours};
use crate::org::model::ProfileUpdate;
use crate::org::{Person, service};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, Page, Ui, cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show).post(update))
        .route("/account/password", post(change_password))
}

/// Time zones offered first (France and its overseas territories); any IANA name is accepted.
const SUGGESTED_TIME_ZONES: [&str; 10] = [
    "Europe/Paris",
    "America/Cayenne",
    "America/Guadeloupe",
    "America/Martinique",
    "Indian/Reunion",
    "Indian/Mayotte",
    "America/Miquelon",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Europe/Brussels",
];

const WEEKDAY_KEYS: [&str; 7] =
    ["day-mon", "day-tue", "day-wed", "day-thu", "day-fri", "day-sat", "day-sun"];

#[derive(Template)]
#[template(path = "account.html")]
struct ProfilePage {
    ui: Ui,
    form: ProfileForm,
    email: String,
    has_totp: bool,
    time_zones: [&'static str; 10],
    weekdays: [&'static str; 7],
}

#[derive(Debug, Default, Deserialize)]
struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    days: Vec<String>,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
}

impl ProfileForm {
    fn from_person(person: &Person) -> Self {
        Self {
            display_name: person.display_name.clone(),
            phone: person.phone.clone(),
            locale: person.locale.clone(),
            time_zone: person.time_zone.clone(),
            days: (0..7).filter(|d| person.hours.works_on(*d)).map(|d| d.to_string()).collect(),
            start: person.hours.start_text(),
            end: person.hours.end_text(),
        }
    }

    fn works_on(&self, day: &usize) -> bool {
        self.days.iter().any(|d| d == &day.to_string())
    }

    fn parse(&self) -> Result<ProfileUpdate, (&'static str, &'static str)> {
        let display_name = Label::parse(&self.display_name).map_err(|e| ("display_name", e.0))?;
        let phone = Phone::parse_optional(&self.phone).map_err(|e| ("phone", e.0))?;
        let locale = Lang::parse(&self.locale).ok_or(("locale", "locale-invalid"))?;
        let time_zone = TimeZoneName::parse(&self.time_zone).map_err(|e| ("time_zone", e.0))?;
        let mut days = [false; 7];
        for day in &self.days {
            let index: usize = day.parse().map_err(|_| ("days", "hours-no-day"))?;
            *days.get_mut(index).ok_or(("days", "hours-no-day"))? = true;
        }
        let hours =
            WorkingHours::parse(days, &self.start, &self.end).map_err(|e| ("hours", e.0))?;
        Ok(ProfileUpdate { display_name, phone, locale, time_zone, hours })
    }
}

fn page(ui: Ui, user: &CurrentUser, form: ProfileForm) -> AppResult<Page> {
    let page = ProfilePage {
        ui: ui.clone(),
        form,
        email: user.email.clone(),
        has_totp: user.has_totp,
        time_zones: SUGGESTED_TIME_ZONES,
        weekdays: WEEKDAY_KEYS,
    };
    Page::form(&page, &ui)
}

#[derive(Deserialize)]
struct NoticeQuery {
    saved: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Page> {
    let person = service::show_self(&state, &user).await?;
    let ui = ui.with_user(&user);
    let ui = match query.saved.as_deref() {
        Some("profile") => ui.with_notice("profile-saved"),
        Some("password") => ui.with_notice("password-changed"),
        _ => ui,
    };
    page(ui, &user, ProfileForm::from_person(&person))
}

async fn update(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> AppResult<Response> {
    match form.parse() {
        Ok(update) => {
            let lang = update.locale;
            service::update_profile(&state, &user, update).await?;
            crate::training::steps::hours_confirmed(&state, &user).await?;
            let cookie = cookies::build(
                &state.settings,
                cookies::LANG,
                lang.code().into(),
                Some(time::Duration::days(365)),
            );
            Ok((jar.add(cookie), Redirect::to("/account?saved=profile")).into_response())
        }
        Err((field, code)) => {
            Ok(page(ui.with_user(&user).with_error(field, code), &user, form)?.into_response())
        }
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    let outcome = if form.new_password != form.new_password_confirm {
        Err(crate::org::fields::FieldError("password-mismatch"))
    } else {
        auth_service::change_password(
            &state,
            &client,
            &user.user_id,
            &user.session_id_hash,
            &form.current_password,
            &form.new_password,
        )
        .await?
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/account?saved=password").into_response()),
        Err(error) => {
            let person = service::show_self(&state, &user).await?;
            let field = if error.0 == "password-current-wrong" {
                "current_password"
            } else {
                "new_password"
            };
            Ok(page(
                ui.with_user(&user).with_error(field, error.0),
                &user,
                ProfileForm::from_person(&person),
            )?
            .into_response())
        }
    }
}
