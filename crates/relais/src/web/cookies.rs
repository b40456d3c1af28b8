//! The cookies Relais sets. Behind TLS they get the `__Host-` prefix and `Secure`.

use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::config::Settings;

pub const SESSION: &str = "relais_session";
pub const CSRF: &str = "relais_csrf";
pub const LANG: &str = "relais_lang";
/// A teleconsultation guest's pass to the waiting room and the call.
pub const GUEST: &str = "relais_guest";
/// Ties a single sign-on's way back from the provider to the browser that started it.
pub const SSO: &str = "relais_sso";
/// A share-link visitor's pass, once the password was given.
pub const SHARE: &str = "relais_share";
/// The person's own session, kept aside while they are in their practice space.
pub const HOME: &str = "relais_home";

/// The name a cookie has under these settings.
pub fn name(settings: &Settings, base: &'static str) -> String {
    if settings.behind_tls() { format!("__Host-{base}") } else { base.to_string() }
}

/// An `HttpOnly`, `SameSite=Lax`, path `/` cookie (a session cookie unless `max_age` is given).
pub fn build(
    settings: &Settings,
    base: &'static str,
    value: String,
    max_age: Option<time::Duration>,
) -> Cookie<'static> {
    let mut cookie = Cookie::build((name(settings, base), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.behind_tls())
        .build();
    if let Some(max_age) = max_age {
        cookie.set_max_age(max_age);
    }
    cookie
}

/// A cookie that tells the browser to forget `base`.
pub fn removal(settings: &Settings, base: &'static str) -> Cookie<'static> {
    build(settings, base, String::new(), Some(time::Duration::ZERO))
}
