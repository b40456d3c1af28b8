//! What every page template needs: the language, the CSRF token and the signed-in person's menu.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::cookies;
use super::csrf::CsrfToken;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::org::{Permission, Role, roles};
use crate::state::AppState;

/// The domain of the accounts of practice spaces (copies of the demo organisation).
pub const PRACTICE_DOMAIN: &str = "practice.invalid";

#[derive(Debug, Clone)]
pub struct Nav {
    pub display_name: String,
    /// Signed in to a practice space: every page says so.
    pub practice: bool,
    pub manages_people: bool,
    pub manages_teams: bool,
    pub sees_audit: bool,
    pub handles_privacy: bool,
    pub sees_patients: bool,
    pub plans_rounds: bool,
}

impl Nav {
    /// Whether any administration page is open to this person.
    pub fn administers(&self) -> bool {
        self.manages_people || self.manages_teams || self.sees_audit || self.handles_privacy
    }

    /// The first administration page open to this person.
    pub fn admin_home(&self) -> &'static str {
        if self.manages_people {
            "/admin/people"
        } else if self.manages_teams {
            "/admin/teams"
        } else if self.handles_privacy {
            "/admin/privacy"
        } else {
            "/admin/audit"
        }
    }
}

/// The `?done=…` a form's redirect adds, to confirm what was done.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: Lang,
    pub csrf: String,
    pub nav: Option<Nav>,
    /// Messages shown next to form fields: field name → i18n key.
    pub errors: BTreeMap<&'static str, &'static str>,
    /// A confirmation shown at the top of the page (i18n key).
    pub notice: Option<&'static str>,
    /// Path and query of this page, where the language switch comes back to.
    pub here: String,
    /// Shown inside another page (the thread panel beside a conversation): no menu, no footer.
    pub embedded: bool,
}

impl Ui {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `<prefix>-<value>`, e.g. the name of a stored enum value.
    pub fn t_of(&self, prefix: &str, value: &str) -> String {
        self.t(&format!("{prefix}-{value}"))
    }

    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_with(key, &[(name, value.to_string())])
    }

    /// The message `key` with a number `$count` (plural forms).
    pub fn tn(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        self.lang.t_count(key, *count.borrow(), &[])
    }

    pub fn role_name(&self, role: &Role) -> String {
        self.t(&format!("role-{}", role.as_str()))
    }

    pub fn role_text(&self, role: &Role) -> String {
        self.t(&format!("role-{}-text", role.as_str()))
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// A calendar day (`YYYY-MM-DD`) as people read it: "2 avr. 1938" in French, "2 Apr 1938" in
    /// English. Text that is not a day is shown as it is.
    pub fn day(&self, iso: &str) -> String {
        match iso.parse::<jiff::civil::Date>() {
            Ok(day) => {
                let month = self.t(&format!("month-short-{}", day.month()));
                format!("{} {month} {}", day.day(), day.year())
            }
            Err(_) => iso.to_string(),
        }
    }

    /// A day, short and with its weekday, as people read it: "jeu. 3 déc." in French, "Thu 3 Dec"
    /// in English. Text that is not a day is shown as it is.
    pub fn day_short(&self, iso: &str) -> String {
        match iso.parse::<jiff::civil::Date>() {
            Ok(day) => {
                let weekday = day.weekday().to_monday_zero_offset();
                let weekday = self.t(&format!("weekday-abbr-{weekday}"));
                let month = self.t(&format!("month-short-{}", day.month()));
                format!("{weekday} {} {month}", day.day())
            }
            Err(_) => iso.to_string(),
        }
    }

    /// A moment as people read it, in `zone`: "4 déc. 2026 · 17:10" / "4 Dec 2026 · 17:10".
    pub fn moment(&self, at_ms: i64, zone: &str) -> String {
        let text = crate::clock::format_local(at_ms, zone);
        match text.split_once(' ') {
            Some((day, time)) => format!("{} · {time}", self.day(day)),
            None => text,
        }
    }

    /// An icon of the design system, as inline SVG (decorative: the text beside it says what it means).
    pub fn icon(&self, name: &str) -> String {
        super::icons::svg(name)
    }

    /// A person's avatar: initials on a colour derived from `key` (their id).
    pub fn avatar(&self, key: &str, name: &str) -> String {
        super::avatar::html(key, name)
    }

    /// Whether this page belongs to the menu entry at `path`, to mark it `aria-current`.
    pub fn is_in(&self, path: &str) -> bool {
        let here = self.here.split('?').next().unwrap_or_default();
        if path == "/" {
            return here == "/";
        }
        here == path || here.starts_with(&format!("{path}/"))
    }

    /// The translated message for `field`, if the form was refused because of it.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|key| self.t(key))
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn with_user(mut self, user: &CurrentUser) -> Self {
        self.lang = user.lang;
        let practice = user.email.ends_with(&format!(".{PRACTICE_DOMAIN}"));
        let mut ui = self.with_nav(&user.display_name, &user.roles);
        if let Some(nav) = ui.nav.as_mut() {
            nav.practice = practice;
        }
        ui
    }

    pub fn with_nav(mut self, display_name: &str, roles: &[Role]) -> Self {
        self.nav = Some(Nav {
            display_name: display_name.to_string(),
            practice: false,
            manages_people: roles::grants(roles, Permission::ManagePeople),
            manages_teams: roles::grants(roles, Permission::ManageTeams),
            sees_audit: roles::grants(roles, Permission::SeeAudit),
            handles_privacy: roles::grants(roles, Permission::HandlePrivacy),
            sees_patients: roles::grants(roles, Permission::SeePatientData),
            plans_rounds: roles::grants(roles, Permission::PlanRounds),
        });
        self
    }

    pub fn with_error(mut self, field: &'static str, key: &'static str) -> Self {
        self.errors.insert(field, key);
        self
    }

    /// The page as a panel inside another one (same origin only: see the frame headers).
    pub fn embedded(mut self) -> Self {
        self.embedded = true;
        self
    }

    pub fn with_notice(mut self, key: &'static str) -> Self {
        self.notice = Some(key);
        self
    }

    /// The confirmation for `?done=…` after a redirect: `notices` maps what was done to its i18n
    /// key; anything else shows nothing.
    pub fn with_done(self, done: &Done, notices: &[(&str, &'static str)]) -> Self {
        let found = notices.iter().find(|(what, _)| done.done.as_deref() == Some(*what));
        match found {
            Some((_, key)) => self.with_notice(key),
            None => self,
        }
    }

    /// The language a request asks for: the language cookie, else `Accept-Language`.
    pub fn lang_of(parts_headers: &axum::http::HeaderMap, state: &AppState) -> Lang {
        let jar = CookieJar::from_headers(parts_headers);
        jar.get(&cookies::name(&state.settings, cookies::LANG))
            .and_then(|cookie| Lang::parse(cookie.value()))
            .unwrap_or_else(|| {
                let header = parts_headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
                Lang::negotiate(header.unwrap_or(""))
            })
    }
}

impl FromRequestParts<AppState> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let csrf = parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        Ok(Self {
            lang: Ui::lang_of(&parts.headers, state),
            csrf,
            nav: None,
            errors: BTreeMap::new(),
            notice: None,
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/")
                .chars()
                .take(500)
                .collect(),
            embedded: false,
        })
    }
}

/// A rendered page, with the status it should be sent with.
pub struct Page {
    status: axum::http::StatusCode,
    html: String,
}

impl Page {
    pub fn render(template: &impl Template) -> Result<Self, AppError> {
        let html = template.render().map_err(AppError::internal)?;
        Ok(Self { status: axum::http::StatusCode::OK, html })
    }

    /// The same page sent with another status (e.g. 422 for a refused form).
    pub fn with_status(mut self, status: axum::http::StatusCode) -> Self {
        self.status = status;
        self
    }

    /// A form page: 422 when it shows errors, 200 otherwise.
    pub fn form(template: &impl Template, ui: &Ui) -> Result<Self, AppError> {
        let page = Self::render(template)?;
        Ok(if ui.has_errors() {
            page.with_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
        } else {
            page
        })
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.status, Html(self.html)).into_response()
    }
}
