//! In-app notifications and the e-mail outbox. Both carry a dedupe key with a UNIQUE index:
//! however many servers compute the same reminder, it is stored once. Mail is sent by whoever
//! claims a row first; the claim is one conditional UPDATE, so two senders never both win.

use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationRow {
    pub id: i64,
    pub created_at: i64,
    pub text: String,
    pub link: String,
    pub read_at: i64,
}

/// One e-mail waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRow {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A reminder to store: the notification and, when the user has an address, the e-mail.
#[derive(Debug, Clone)]
pub struct NewNotice<'a> {
    pub tenant_code: &'a str,
    pub user_id: i64,
    pub email: &'a str,
    pub text: &'a str,
    pub link: &'a str,
    pub subject: &'a str,
    pub dedupe_key: &'a str,
}

/// A mail that failed this many times stays in the outbox, visible, and is not retried.
pub const MAX_MAIL_ATTEMPTS: i64 = 5;

impl Store {
    /// Stores a notice unless one with the same key exists. True when it is new.
    pub async fn notify(&self, n: &NewNotice<'_>) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.write().await?;
        let added = sqlx::query(
            "INSERT INTO notifications (tenant_code, user_id, created_at, text, link, dedupe_key) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(n.tenant_code)
        .bind(n.user_id)
        .bind(now)
        .bind(n.text)
        .bind(n.link)
        .bind(n.dedupe_key)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if added && !n.email.is_empty() {
            sqlx::query(
                "INSERT INTO mail_outbox (tenant_code, to_addr, subject, body, dedupe_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(n.tenant_code)
            .bind(n.email)
            .bind(n.subject)
            .bind(n.text)
            .bind(n.dedupe_key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<NotificationRow>> {
        let rows = sqlx::query(
            "SELECT id, created_at, text, link, read_at FROM notifications WHERE user_id = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NotificationRow {
                    id: r.try_get("id")?,
                    created_at: r.try_get("created_at")?,
                    text: r.try_get("text")?,
                    link: r.try_get("link")?,
                    read_at: r.try_get("read_at")?,
                })
            })
            .collect()
    }

    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at = 0")
                .bind(user_id)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn mark_notifications_read(&self, user_id: i64) -> Result<()> {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at = 0")
            .bind(now_unix())
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Claims the oldest unsent mail for `lease_secs`. The UPDATE re-checks the claim, so when
    /// two senders pick the same row only one gets it back.
    pub async fn claim_mail(&self, worker: &str, lease_secs: i64) -> Result<Option<MailRow>> {
        let now = now_unix();
        for _ in 0..3 {
            let candidate: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM mail_outbox WHERE sent_at = 0 AND claimed_until < $1 AND attempts < $2 \
                 ORDER BY id LIMIT 1",
            )
            .bind(now)
            .bind(MAX_MAIL_ATTEMPTS)
            .fetch_optional(&self.pool)
            .await?;
            let Some(id) = candidate else {
                return Ok(None);
            };
            let row = sqlx::query(
                "UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
                 WHERE id = $3 AND sent_at = 0 AND claimed_until < $4 \
                 RETURNING id, to_addr, subject, body, attempts",
            )
            .bind(worker)
            .bind(now + lease_secs)
            .bind(id)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(r) = row {
                return Ok(Some(MailRow {
                    id: r.try_get("id")?,
                    to_addr: r.try_get("to_addr")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                }));
            }
            // Another sender took it between our read and our claim: look again.
        }
        Ok(None)
    }

    pub async fn mail_sent(&self, id: i64, worker: &str) -> Result<()> {
        sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = '' WHERE id = $2 AND claimed_by = $3")
            .bind(now_unix())
            .bind(id)
            .bind(worker)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the failure and holds the mail back for a while (1, 4, 9, 16 minutes after
    /// successive failures) before any sender tries it again, so one pass never burns every
    /// attempt on a server that is down.
    pub async fn mail_failed(&self, id: i64, worker: &str, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET claimed_until = $1 + 60 * attempts * attempts, last_error = $2 \
             WHERE id = $3 AND claimed_by = $4",
        )
        .bind(now_unix())
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// (waiting, sent, failed for good) in the outbox of a tenant.
    pub async fn outbox_counts(&self, tenant_code: &str) -> Result<(i64, i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(CASE WHEN sent_at = 0 AND attempts < $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN sent_at > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN sent_at = 0 AND attempts >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM mail_outbox WHERE tenant_code = $1",
        )
        .bind(tenant_code)
        .bind(MAX_MAIL_ATTEMPTS)
        .fetch_one(&self.pool)
        .await?)
    }

    /// People to remind for a unit: (user id, display name, e-mail) of the unit's active
    /// accounts.
    pub async fn unit_users(&self, tenant_code: &str, unit_id: i64) -> Result<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT u.id, u.display_name, u.email FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.tenant_code = $1 AND g.unit_id = $2 AND u.disabled = 0 ORDER BY u.id",
        )
        .bind(tenant_code)
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
