//! E-mail digests: a notification still unread `mail.digest_after_minutes` after delivery goes
//! into one e-mail per person that says where and how many — never the content, the author of a
//! direct message, or a patient. Held notifications are not delivered yet, so they never reach a
//! digest outside working hours; a person who went off duty since gets only urgent ones until
//! their next working period.

use std::collections::BTreeMap;

use super::model::Kind;
use super::store::digest::{self as store, Pending};
use crate::clock::{HOUR_MS, MINUTE_MS, now_ms};
use crate::i18n::Lang;
use crate::mail::Mailer;
use crate::org::availability::Availability;
use crate::state::AppState;

/// Notifications older than this are left out of digests (when e-mail was configured late, say).
const OLDEST_MS: i64 = 72 * HOUR_MS;
const BATCH: i64 = 5_000;

/// Sends the digests due now. Returns how many e-mails went out. A person whose e-mail fails is
/// tried again at the next run; the error is returned after the others were sent.
pub async fn send_due(state: &AppState) -> anyhow::Result<usize> {
    let Some(mailer) = Mailer::from_settings(&state.settings)? else {
        return Ok(0);
    };
    let now = now_ms();
    let delay = i64::from(state.settings.mail.digest_after_minutes) * MINUTE_MS;
    let pending = store::pending(state.db.reader(), now - OLDEST_MS, now - delay, BATCH).await?;
    let mut sent = 0;
    let mut failure = None;
    for notifications in by_person(&pending) {
        let (Some(digest), Some(person)) = (Digest::of(&notifications, now), notifications.first())
        else {
            continue;
        };
        let lang = Lang::parse(&person.locale).unwrap_or_default();
        let body = digest.body(lang, &person.display_name, &link(state));
        match mailer.send(&person.email, &digest.subject(lang), body).await {
            Ok(()) => {
                let mut tx = state.db.begin().await?;
                store::mark_emailed(&mut tx, &digest.ids, now).await?;
                tx.commit().await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(user_id = %person.user_id, %error, "digest e-mail failed");
                failure = Some(error);
            }
        }
    }
    if sent > 0 {
        tracing::info!(sent, "e-mail digests sent");
    }
    match failure {
        Some(error) => Err(error.context(format!("{sent} digests sent, some failed"))),
        None => Ok(sent),
    }
}

fn by_person(pending: &[Pending]) -> Vec<Vec<&Pending>> {
    let mut people: Vec<Vec<&Pending>> = Vec::new();
    for notification in pending {
        match people.last_mut() {
            Some(group) if group.first().is_some_and(|n| n.user_id == notification.user_id) => {
                group.push(notification)
            }
            _ => people.push(vec![notification]),
        }
    }
    people
}

fn link(state: &AppState) -> String {
    let base = match &state.settings.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let scheme = if state.settings.serves_tls() { "https" } else { "http" };
            format!("{scheme}://{}", state.settings.listen)
        }
    };
    format!("{base}/notifications")
}

/// What one person's e-mail says: unread counts per channel, and direct messages together.
#[derive(Debug, Default, PartialEq)]
struct Digest<'a> {
    ids: Vec<&'a str>,
    channels: BTreeMap<&'a str, (i64, i64)>,
    direct: i64,
    urgent: i64,
}

impl<'a> Digest<'a> {
    /// The digest of a person's notifications now, or `None` when nothing may be sent: off duty,
    /// only urgent notifications go.
    fn of(notifications: &[&'a Pending], now: i64) -> Option<Self> {
        let person = notifications.first()?;
        let on_duty = Availability::new(person.hours, &person.time_zone).on_duty(now);
        let mut digest = Digest::default();
        for notification in notifications.iter().filter(|n| on_duty || n.urgent.0) {
            digest.ids.push(&notification.id);
            digest.urgent += i64::from(notification.urgent.0);
            if notification.conversation_kind == Kind::Channel {
                let counts = digest.channels.entry(&notification.conversation_name).or_default();
                counts.0 += 1;
                counts.1 += i64::from(notification.kind == "mention");
            } else {
                digest.direct += 1;
            }
        }
        (!digest.ids.is_empty()).then_some(digest)
    }

    fn total(&self) -> i64 {
        i64::try_from(self.ids.len()).unwrap_or(i64::MAX)
    }

    fn subject(&self, lang: Lang) -> String {
        let key = if self.urgent > 0 { "digest-subject-urgent" } else { "digest-subject" };
        lang.t_count(key, self.total(), &[])
    }

    fn body(&self, lang: Lang, name: &str, link: &str) -> String {
        let mut lines = vec![
            lang.t_with("digest-hello", &[("name", name.to_string())]),
            String::new(),
            lang.t_count("digest-intro", self.total(), &[]),
        ];
        for (channel, (count, mentions)) in &self.channels {
            let line = lang.t_count("digest-channel", *count, &[("name", channel.to_string())]);
            match mentions {
                0 => lines.push(format!("- {line}")),
                m => lines.push(format!("- {line} ({})", lang.t_count("digest-mentions", *m, &[]))),
            }
        }
        if self.direct > 0 {
            lines.push(format!("- {}", lang.t_count("digest-direct", self.direct, &[])));
        }
        lines.extend([
            String::new(),
            lang.t_with("digest-open", &[("link", link.to_string())]),
            String::new(),
            lang.t("digest-footer"),
        ]);
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::fields::WorkingHours;

    fn pending(user: &str, kind: &str, channel: Option<&str>, urgent: bool) -> Pending {
        Pending {
            id: format!("{user}-{kind}-{channel:?}-{urgent}"),
            user_id: user.into(),
            email: format!("{user}@example.org"),
            display_name: user.into(),
            locale: "fr".into(),
            time_zone: "Europe/Paris".into(),
            hours: WorkingHours { days: 0b111_1111, start_minute: 8 * 60, end_minute: 18 * 60 },
            kind: kind.into(),
            urgent: crate::typed_id::Flag(urgent),
            conversation_kind: if channel.is_some() { Kind::Channel } else { Kind::Direct },
            conversation_name: channel.unwrap_or_default().into(),
        }
    }

    /// 2026-12-01 at `hour`:00 in Paris (UTC+1).
    fn paris(hour: i64) -> i64 {
        1_796_083_200_000 + (hour - 1) * HOUR_MS
    }

    #[test]
    fn a_digest_counts_per_channel_and_never_carries_content_or_names_of_authors() {
        let all = [
            pending("a", "mention", Some("équipe-nord"), false),
            pending("a", "message", None, false),
            pending("b", "mention", Some("astreinte"), false),
        ];
        let people = by_person(&all);
        assert_eq!(people.len(), 2);
        let digest = Digest::of(&people[0], paris(10)).unwrap();
        assert_eq!(digest.total(), 2);
        let body = digest.body(Lang::Fr, "Alice", "https://relais.example.org/notifications");
        assert!(body.contains("Bonjour Alice"), "{body}");
        assert!(body.contains("1 message non lu dans #équipe-nord (1 mention)"), "{body}");
        assert!(body.contains("1 message direct"), "{body}");
        assert!(body.contains("https://relais.example.org/notifications"), "{body}");
        assert_eq!(digest.subject(Lang::En), "Relais: 2 unread messages");
    }

    #[test]
    fn off_duty_only_urgent_notifications_are_e_mailed() {
        let all = [
            pending("a", "mention", Some("équipe-nord"), false),
            pending("a", "mention", Some("astreinte"), true),
        ];
        let people = by_person(&all);
        let night = Digest::of(&people[0], paris(23)).unwrap();
        assert_eq!((night.total(), night.urgent), (1, 1));
        assert!(night.subject(Lang::Fr).contains("urgent"));
        let quiet = [pending("a", "mention", Some("équipe-nord"), false)];
        assert_eq!(Digest::of(&by_person(&quiet)[0], paris(23)), None);
        assert_eq!(Digest::of(&by_person(&quiet)[0], paris(9)).map(|d| d.total()), Some(1));
    }
}
