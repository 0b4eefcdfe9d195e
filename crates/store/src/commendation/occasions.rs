//! Occasions and their quotas.

use super::*;

impl Reader<'_> {
    pub async fn occasions(&self) -> Result<Vec<OccasionRow>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, kind, year, title, status, opened_by, opened_at FROM award_occasions \
             WHERE tenant_code = $1 ORDER BY year DESC, id DESC",
        )
        .bind(self.tenant())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(occasion).collect()
    }

    pub async fn occasion(&self, id: i64) -> Result<Option<OccasionRow>> {
        let row = sqlx::query(
            "SELECT id, plan_id, kind, year, title, status, opened_by, opened_at FROM award_occasions \
             WHERE tenant_code = $1 AND id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(occasion).transpose()
    }

    pub async fn quotas(&self, occasion_id: i64) -> Result<Vec<QuotaRow>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT q.form, q.recipient, q.cap, q.used FROM award_quotas q \
             JOIN award_occasions o ON o.id = q.occasion_id \
             WHERE o.tenant_code = $1 AND q.occasion_id = $2 ORDER BY q.form, q.recipient",
        )
        .bind(self.tenant())
        .bind(occasion_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(form, recipient, cap, used)| QuotaRow {
                form,
                recipient,
                cap,
                used,
            })
            .collect())
    }

    // ------------------------------------------------------------------ nominations
}

impl Scope<'_> {
    /// Opens an occasion with its quota places: (form, recipient, cap).
    pub async fn open_occasion(
        &self,
        plan_id: i64,
        kind: &str,
        year: i32,
        title: &str,
        quotas: &[(String, String, i64)],
    ) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_occasions (tenant_code, plan_id, kind, year, title, status, opened_by, opened_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(self.tenant())
        .bind(plan_id)
        .bind(kind)
        .bind(i64::from(year))
        .bind(title)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        for (form, recipient, cap) in quotas {
            sqlx::query(
                "INSERT INTO award_quotas (occasion_id, form, recipient, cap, used) VALUES ($1, $2, $3, $4, 0)",
            )
            .bind(id)
            .bind(form)
            .bind(recipient)
            .bind(*cap)
            .execute(&mut *tx)
            .await?;
        }
        let after = serde_json::json!({ "kind": kind, "year": year, "title": title, "quotas": quotas });
        self.commit_audited(tx, &Event::new("occasion.open", "occasion", id).after(&after))
            .await?;
        Ok(id)
    }

    pub async fn set_occasion_status(&self, id: i64, open: bool) -> Result<bool> {
        let (from, to) = if open { ("closed", "open") } else { ("open", "closed") };
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE award_occasions SET status = $1, closed_at = $2 WHERE tenant_code = $3 AND id = $4 AND status = $5",
        )
        .bind(to)
        .bind(if open { 0 } else { now_unix() })
        .bind(self.tenant())
        .bind(id)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            self.audit_in(
                &mut tx,
                &Event::new(if open { "occasion.reopen" } else { "occasion.close" }, "occasion", id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }
}
