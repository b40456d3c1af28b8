//! Outgoing e-mail over SMTP (`[mail]` in the settings): plain-text messages, one recipient each.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Settings;

/// An SMTP connection as configured; `None` from [`Mailer::from_settings`] when e-mail is off.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Self>> {
        let Some(url) = settings.smtp_url() else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| anyhow::anyhow!("mail.smtp_url: {error}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        let from = settings.mail.from.parse()?;
        Ok(Some(Self { transport, from }))
    }

    /// Sends one plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)?;
        self.transport.send(message).await?;
        Ok(())
    }
}
