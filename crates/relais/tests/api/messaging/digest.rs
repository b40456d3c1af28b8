//! E-mail digests through a local SMTP sink: where and how many, never the content; not for
//! read notifications, not outside working hours, not for people who opted out, and only once.

use relais::messaging::digest::send_due;
use relais::secrets::Redacted;

use super::disconnect::off_duty_until_three_days_from_now;
use super::{channel, chat_with, conversation_of, page, send};
use crate::smtp_sink::SmtpSink;

#[tokio::test]
async fn unread_mentions_and_direct_messages_are_e_mailed_once_without_their_content() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let c = chat_with(|settings| {
        settings.mail.smtp_url = Some(Redacted(url));
        settings.mail.digest_after_minutes = 0;
        settings.public_url = Some("http://relais.example.org".into());
    })
    .await;
    let nord = channel(&c.coordinator, "equipe-nord", false).await;
    for browser in [&c.nurse, &c.admin] {
        browser.post(&format!("/messages/{nord}/join"), &[]).await;
    }
    send(&c.coordinator, &nord, "@anne.martin et @claire.dubois : pansement de M. Garnier").await;
    let direct =
        conversation_of(&c.coordinator.post("/messages/direct", &[("people", &c.nurse_id)]).await);
    send(&c.coordinator, &direct, "Secret médical : glycémie 3,2").await;
    // The administrator reads the channel before the digest: nothing for her.
    let seq = c.app.count(&format!("SELECT last_seq FROM conversations WHERE id = '{nord}'")).await;
    c.admin.post(&format!("/messages/{nord}/read"), &[("seq", &seq.to_string())]).await;

    assert_eq!(send_due(c.app.state()).await.unwrap(), 1);
    let mails = sink.take();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["anne.martin@ssiad-test.fr".to_string()]);
    let text = decoded(&mails[0].data);
    assert!(text.contains("2 messages vous attendent"), "{text}");
    assert!(text.contains("1 message non lu dans #equipe-nord (1 mention)"), "{text}");
    assert!(text.contains("1 message direct"), "{text}");
    assert!(text.contains("http://relais.example.org/notifications"), "{text}");
    for secret in ["Garnier", "glycémie", "Paul", "paul.leroy"] {
        assert!(!text.contains(secret), "no content nor author in a digest: {secret}\n{text}");
    }
    assert_eq!(send_due(c.app.state()).await.unwrap(), 0, "once");
    assert!(sink.take().is_empty());
}

#[tokio::test]
async fn no_digest_outside_working_hours_nor_for_those_who_opted_out() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let c = chat_with(|settings| {
        settings.mail.smtp_url = Some(Redacted(url));
        settings.mail.digest_after_minutes = 0;
    })
    .await;
    off_duty_until_three_days_from_now(&c.app, &c.nurse_id).await;
    let to_nurse =
        conversation_of(&c.admin.post("/messages/direct", &[("people", &c.nurse_id)]).await);
    send(&c.admin, &to_nurse, "Demain, tournée modifiée").await;
    // The coordinator opts out on the notifications page.
    assert!(page(&c.coordinator, "/notifications").await.contains("Résumé par e-mail"));
    let response = c.coordinator.post("/notifications/digest", &[]).await;
    assert_eq!(crate::helpers::location(&response), "/notifications?saved=digest");
    assert!(
        !page(&c.coordinator, "/notifications")
            .await
            .contains("name=\"digest\" value=\"1\" checked")
    );
    let to_coordinator =
        conversation_of(&c.admin.post("/messages/direct", &[("people", &c.coordinator_id)]).await);
    send(&c.admin, &to_coordinator, "Point à 14 h ?").await;

    assert_eq!(send_due(c.app.state()).await.unwrap(), 0);
    assert!(sink.take().is_empty(), "held for the nurse, refused by the coordinator");

    // Her day starts: the notification is delivered, then e-mailed.
    c.app
        .execute("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .await;
    c.app.execute("UPDATE notifications SET deliver_at = 0 WHERE delivered_at IS NULL").await;
    relais::messaging::notifications::deliver_due(c.app.state()).await.unwrap();
    assert_eq!(send_due(c.app.state()).await.unwrap(), 1);
    assert_eq!(sink.take()[0].to, vec!["anne.martin@ssiad-test.fr".to_string()]);
}

#[tokio::test]
async fn without_smtp_the_page_says_so_and_nothing_is_sent() {
    let c = super::chat().await;
    assert!(page(&c.nurse, "/notifications").await.contains("pas configuré"));
    assert_eq!(send_due(c.app.state()).await.unwrap(), 0);
}

/// The e-mail's text with quoted-printable soft breaks and escapes undone.
fn decoded(data: &str) -> String {
    let joined = data.replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        match (first, tail) {
            (b'=', [a, b, tail @ ..]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => {
                let hex = [*a, *b];
                bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
                rest = tail;
            }
            _ => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
