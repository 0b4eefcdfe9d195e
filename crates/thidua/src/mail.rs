//! Sends the e-mail outbox through an SMTP server. Reminders are queued in the database in the
//! same transaction as the in-app notice; any number of servers may run this loop, because each
//! mail is claimed with a lease before it is sent (see `claim_mail`).

use anyhow::Context;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use thidua_app::App;

/// How long a claimed mail stays ours: long enough for a slow SMTP server, short enough that a
/// crashed sender's mail goes out within minutes from another server.
const LEASE_SECS: i64 = 120;

#[derive(clap::Args, Clone)]
pub struct MailArgs {
    /// SMTP server for e-mail reminders: smtps://user:pass@host (TLS), smtp://user:pass@host:587?tls=required
    /// (STARTTLS) or smtp://host:25 (plain, for a relay on the same network). Unset: mail stays queued.
    #[arg(long, env = "THIDUA_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of the e-mails, e.g. "Thi Đua xã Phú Tân <thidua@phutan.angiang.gov.vn>".
    #[arg(long, env = "THIDUA_MAIL_FROM", default_value = "Thi Đua <no-reply@thidua.local>")]
    pub mail_from: String,
    /// The platform's address as users reach it, e.g. https://thidua.angiang.gov.vn; each mail
    /// ends with a link to the notices there.
    #[arg(long, env = "THIDUA_PUBLIC_URL")]
    pub public_url: Option<String>,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    footer: String,
    worker: String,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

impl Mailer {
    /// `None` when no SMTP server is configured.
    pub fn from_args(args: &MailArgs) -> anyhow::Result<Option<Self>> {
        let Some(url) = args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| format!("THIDUA_SMTP_URL không hợp lệ: {}", thidua_app::redact(url)))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        let from: Mailbox = args
            .mail_from
            .parse()
            .with_context(|| format!("THIDUA_MAIL_FROM không phải địa chỉ thư hợp lệ: «{}»", args.mail_from))?;
        let footer = match args.public_url.as_deref().map(|u| u.trim().trim_end_matches('/')) {
            Some(base) if !base.is_empty() => format!("\n\nXem trên Thi Đua: {base}/thong-bao\n"),
            _ => "\n\nĐăng nhập Thi Đua, mục Thông báo, để xem chi tiết.\n".to_owned(),
        };
        Ok(Some(Self {
            transport,
            from,
            footer,
            worker: format!("{}-{}", std::process::id(), &thidua_app::auth::random_token()[..8]),
        }))
    }

    /// Sends every mail that is waiting and not held by another sender. A mail the server
    /// refuses is released with the error and tried again on a later pass, up to the limit.
    pub async fn send_waiting(&self, app: &App) -> anyhow::Result<Delivery> {
        let mut done = Delivery::default();
        while let Some(mail) = app.claim_mail(&self.worker, LEASE_SECS).await? {
            match self.send_one(&mail).await {
                Ok(()) => {
                    app.mail_sent(mail.id, &self.worker).await?;
                    done.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(mail = mail.id, error = %e, "gửi thư thất bại");
                    app.mail_failed(mail.id, &self.worker, &format!("{e:#}")).await?;
                    done.failed += 1;
                }
            }
        }
        Ok(done)
    }

    async fn send_one(&self, mail: &thidua_app::MailRow) -> anyhow::Result<()> {
        let to: Mailbox = mail
            .to_addr
            .parse()
            .with_context(|| format!("địa chỉ người nhận không hợp lệ: «{}»", mail.to_addr))?;
        // One Message-ID per outbox row: if a sender dies after the server took the mail but
        // before it was marked sent, the copy sent again carries the same id.
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<outbox-{}@thidua>", mail.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(format!("{}{}", mail.body, self.footer))?;
        self.transport.send(message).await?;
        Ok(())
    }
}
