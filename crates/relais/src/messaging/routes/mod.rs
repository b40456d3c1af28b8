//! Pages of messaging: the conversation list, a conversation, a thread, search, notifications.
//! Every page works without JavaScript (reading, plain form posts); `chat.js` makes it live.

mod actions;
pub mod files;
mod notifications;
mod pages;
mod search;

pub use pages::conversation_page;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::web::upload::upload_limit;

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/messages", get(pages::index).post(actions::create_channel))
        .route("/messages/direct", post(actions::open_direct))
        .route("/messages/search", get(search::search))
        .route("/notifications", get(notifications::list))
        .route("/notifications/unread", get(notifications::unread_count))
        .route("/notifications/digest", post(notifications::set_digest))
        .route("/messages/{id}", get(pages::conversation))
        .route("/messages/{id}/since", get(pages::since))
        .route("/messages/{id}/pinned", get(pages::pinned))
        .route("/messages/{id}/post", post(actions::post))
        .route("/messages/{id}/attach", post(files::attach).layer(upload_limit(state)))
        .route("/messages/files/{id}", get(files::download))
        .route("/messages/{id}/read", post(actions::read))
        .route("/messages/{id}/typing", post(actions::typing))
        .route("/messages/{id}/join", post(actions::join))
        .route("/messages/{id}/leave", post(actions::leave))
        .route("/messages/{id}/mute", post(actions::mute))
        .route("/messages/{id}/invite", post(actions::invite))
        .route("/messages/{id}/details", post(actions::details))
        .route("/messages/{id}/archive", post(actions::archive))
        .route("/messages/{id}/announcement", post(actions::announcement))
        .route("/messages/m/{id}", get(pages::one))
        .route("/messages/m/{id}/thread", get(pages::thread))
        .route("/messages/m/{id}/edit", post(actions::edit))
        .route("/messages/m/{id}/delete", post(actions::delete))
        .route("/messages/m/{id}/react", post(actions::react))
        .route("/messages/m/{id}/pin", post(actions::pin))
}

/// Times as a person reads them: `HH:MM` today, else the date too.
pub struct Clock {
    zone: jiff::tz::TimeZone,
    today: jiff::civil::Date,
    lang: crate::i18n::Lang,
}

impl Clock {
    /// The reader's clock: their time zone, their language.
    pub fn of(state: &crate::state::AppState, user: &crate::auth::CurrentUser) -> Self {
        let zone = jiff::tz::TimeZone::get(&user.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let today = state.clock.today(&zone);
        Self { zone, today, lang: user.lang }
    }

    /// "14:05" today, "jeu. 3 déc. 14:05" (or "Thu 3 Dec 14:05") before.
    pub fn show(&self, at_ms: &i64) -> String {
        let Ok(at) = jiff::Timestamp::from_millisecond(*at_ms) else { return String::new() };
        let local = at.to_zoned(self.zone.clone());
        let time = local.strftime("%H:%M").to_string();
        if local.date() == self.today {
            return time;
        }
        let day = local.date();
        let weekday =
            self.lang.t(&format!("weekday-abbr-{}", day.weekday().to_monday_zero_offset()));
        let month = self.lang.t(&format!("month-short-{}", day.month()));
        format!("{weekday} {} {month} {time}", day.day())
    }

    /// The ISO form for `<time datetime>`.
    pub fn iso(&self, at_ms: &i64) -> String {
        jiff::Timestamp::from_millisecond(*at_ms).map(|at| at.to_string()).unwrap_or_default()
    }
}
