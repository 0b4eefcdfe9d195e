//! The commune's summary to the province, and the province's handling of it.

use super::*;

impl Reader<'_> {
    pub async fn rollup(&self, period_id: i64) -> Result<Option<RollupRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE tenant_code = $1 AND period_id = $2"
        )))
        .bind(self.tenant())
        .bind(period_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(rollup).transpose()
    }
}

impl Scope<'_> {
    /// Saves the summary; `send` makes it final and visible to the province. A sent summary
    /// is not changed again.
    pub async fn save_rollup(
        &self,
        period: &PeriodRow,
        province_code: &str,
        body: &str,
        send: bool,
        late_seconds: i64,
    ) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let status = if send { "sent" } else { "draft" };
        let sent_at = if send { now } else { 0 };
        let sent_by = if send { self.actor().username.as_str() } else { "" };
        let done = sqlx::query(
            "INSERT INTO rollups (period_id, tenant_code, province_code, year, body, status, sent_at, sent_by, \
             late_seconds, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (period_id) DO UPDATE SET body = excluded.body, status = excluded.status, \
             sent_at = excluded.sent_at, sent_by = excluded.sent_by, late_seconds = excluded.late_seconds, \
             updated_at = excluded.updated_at, opened_at = 0 WHERE rollups.status IN ('draft', 'returned')",
        )
        .bind(period.id)
        .bind(self.tenant())
        .bind(province_code)
        .bind(i64::from(period.year))
        .bind(body)
        .bind(status)
        .bind(sent_at)
        .bind(sent_by)
        .bind(if send { late_seconds } else { 0 })
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(false);
        }
        let mut event = Event::new(if send { "rollup.send" } else { "rollup.save" }, "rollup", period.id);
        event.after = body.to_owned();
        self.commit_audited(tx, &event).await?;
        Ok(true)
    }

    /// Takes a sent summary back to draft, while the province has not opened it.
    pub async fn recall_rollup(&self, period_id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE rollups SET status = 'draft', sent_at = 0, sent_by = '', late_seconds = 0, updated_at = $1 \
             WHERE tenant_code = $2 AND period_id = $3 AND status = 'sent' AND opened_at = 0",
        )
        .bind(now_unix())
        .bind(self.tenant())
        .bind(period_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(false);
        }
        self.commit_audited(tx, &Event::new("rollup.recall", "rollup", period_id))
            .await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ the province's desk

    /// A commune's summary as its province reads it (this scope is the province); the first
    /// reading marks it opened, in the commune's trail, so the commune can no longer recall it.
    pub async fn open_rollup(&self, commune: &str, year: i32) -> Result<Option<RollupRow>> {
        let mut tx = self.store().write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE province_code = $1 AND tenant_code = $2 AND year = $3 \
             AND status IN ('sent', 'returned')"
        )))
        .bind(self.tenant())
        .bind(commune)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(mut found) = row.as_ref().map(rollup).transpose()? else {
            return Ok(None);
        };
        if found.status == "sent" && found.opened_at == 0 {
            found.opened_at = now_unix();
            sqlx::query("UPDATE rollups SET opened_at = $1 WHERE period_id = $2 AND opened_at = 0")
                .bind(found.opened_at)
                .bind(found.period_id)
                .execute(&mut *tx)
                .await?;
            append(
                &mut tx,
                commune,
                self.actor(),
                &Event::new("rollup.open", "rollup", found.period_id),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(Some(found))
    }

    /// The province returns a commune's sent summary with the reason; both trails keep it.
    pub async fn return_rollup(&self, commune: &str, year: i32, reason: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let period: Option<i64> = sqlx::query_scalar(
            "UPDATE rollups SET status = 'returned', return_reason = $1, returned_at = $2, updated_at = $2 \
             WHERE province_code = $3 AND tenant_code = $4 AND year = $5 AND status = 'sent' RETURNING period_id",
        )
        .bind(reason)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(commune)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(period) = period else {
            return Ok(false);
        };
        let after = serde_json::json!({ "commune": commune, "year": year, "reason": reason });
        for tenant in [commune, self.tenant()] {
            append(
                &mut tx,
                tenant,
                self.actor(),
                &Event::new("rollup.return", "rollup", period).after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

impl Store {
    /// Summaries the communes of a province have sent for `year`. The caller has checked the
    /// province officer's right to read them.
    pub async fn sent_rollups_of_province(&self, province_code: &str, year: i32) -> Result<Vec<RollupRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE province_code = $1 AND year = $2 \
             AND status IN ('sent', 'returned') ORDER BY tenant_code"
        )))
        .bind(province_code)
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rollup).collect()
    }
}
