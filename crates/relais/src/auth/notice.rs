//! Security notices: the person is told by e-mail (when `[mail]` is configured) of what changes
//! their account's protection or suggests someone is trying to get in. Sent in the background:
//! a mail server that is down never blocks or fails the change itself; the audit log keeps the
//! event either way.

use crate::i18n::Lang;
use crate::mail::Mailer;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Two-factor authentication was turned on or moved to another authenticator.
    SecondFactorChanged,
    /// Many wrong passwords for this account from many places: someone is guessing.
    PasswordGuessing,
}

impl Notice {
    fn key(self) -> &'static str {
        match self {
            Notice::SecondFactorChanged => "notice-second-factor-changed",
            Notice::PasswordGuessing => "notice-password-guessing",
        }
    }
}

/// Sends the notice to `email` in the person's language, in the background.
pub fn send(state: &AppState, email: &str, locale: &str, notice: Notice) {
    let mailer = match Mailer::from_settings(&state.settings) {
        Ok(Some(mailer)) => mailer,
        Ok(None) => return,
        Err(error) => {
            tracing::warn!(%error, "security notice not sent: mail settings unusable");
            return;
        }
    };
    let lang = Lang::parse(locale).unwrap_or_default();
    let subject = lang.t(&format!("{}-subject", notice.key()));
    let body = lang.t(&format!("{}-body", notice.key()));
    let email = email.to_string();
    tokio::spawn(async move {
        if let Err(error) = mailer.send(&email, &subject, body).await {
            tracing::warn!(%error, ?notice, "security notice not sent");
        }
    });
}
