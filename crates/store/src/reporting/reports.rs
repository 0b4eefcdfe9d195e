//! Units' reports, their versions and attachments.

use super::*;

impl Reader<'_> {
    pub async fn report(&self, period_id: i64, unit_id: i64) -> Result<Option<ReportRow>> {
        let sql =
            format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(period_id)
            .bind(unit_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(report).transpose()
    }

    pub async fn report_by_id(&self, id: i64) -> Result<Option<ReportRow>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(report).transpose()
    }

    /// Every report of the period (units that have not started have no row).
    pub async fn period_reports(&self, period_id: i64) -> Result<Vec<ReportRow>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND period_id = $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(period_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(report).collect()
    }

    /// The body of each report's latest submitted version, for the roll-up.
    pub async fn latest_versions(&self, period_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT r.unit_id, v.body FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.version = r.version \
             WHERE r.tenant_code = $1 AND r.period_id = $2 AND r.version > 0",
        )
        .bind(self.tenant())
        .bind(period_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn report_versions(&self, report_id: i64) -> Result<Vec<ReportVersionRow>> {
        let rows = sqlx::query(
            "SELECT version, body, submitted_at, submitted_by, on_behalf, late_seconds, review, review_reason, \
             reviewed_by, reviewed_at FROM report_versions WHERE tenant_code = $1 AND report_id = $2 ORDER BY version",
        )
        .bind(self.tenant())
        .bind(report_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportVersionRow {
                    version: r.try_get("version")?,
                    body: r.try_get("body")?,
                    submitted_at: r.try_get("submitted_at")?,
                    submitted_by: r.try_get("submitted_by")?,
                    on_behalf: r.try_get("on_behalf")?,
                    late_seconds: r.try_get("late_seconds")?,
                    review: r.try_get("review")?,
                    review_reason: r.try_get("review_reason")?,
                    reviewed_by: r.try_get("reviewed_by")?,
                    reviewed_at: r.try_get("reviewed_at")?,
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ attachments

    pub async fn attachments(&self, report_id: i64) -> Result<Vec<AttachmentRow>> {
        let rows = sqlx::query(
            "SELECT id, report_id, version, file_name, content_type, size, sha256, uploaded_at, uploaded_by \
             FROM attachments WHERE tenant_code = $1 AND report_id = $2 ORDER BY id",
        )
        .bind(self.tenant())
        .bind(report_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    version: r.try_get("version")?,
                    file_name: r.try_get("file_name")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                    uploaded_by: r.try_get("uploaded_by")?,
                })
            })
            .collect()
    }

    /// The file's name, type and bytes.
    pub async fn attachment_data(&self, id: i64) -> Result<Option<(i64, String, String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT report_id, file_name, content_type, data FROM attachments WHERE tenant_code = $1 AND id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}

impl Scope<'_> {
    /// Makes the report row exist (as an empty draft) and returns its id.
    pub(crate) async fn report_row(&self, tx: &mut crate::WriteTx, period_id: i64, unit_id: i64) -> Result<i64> {
        sqlx::query(
            "INSERT INTO reports (tenant_code, period_id, unit_id, status, draft, version, first_submitted_at, \
             late_seconds, updated_at) VALUES ($1, $2, $3, 'draft', '{}', 0, 0, 0, $4) \
             ON CONFLICT (period_id, unit_id) DO NOTHING",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .bind(now_unix())
        .execute(&mut **tx)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT id FROM reports WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3")
                .bind(self.tenant())
                .bind(period_id)
                .bind(unit_id)
                .fetch_one(&mut **tx)
                .await?,
        )
    }

    /// Saves the working copy. Refused once the report is submitted or accepted.
    pub async fn save_draft(
        &self,
        period_id: i64,
        unit_id: i64,
        body: &str,
    ) -> Result<std::result::Result<i64, ReportConflict>> {
        let mut tx = self.store().write().await?;
        let id = self.report_row(&mut tx, period_id, unit_id).await?;
        let done = sqlx::query(
            "UPDATE reports SET draft = $1, updated_at = $2, status = CASE WHEN status = 'returned' THEN 'returned' \
             ELSE 'draft' END WHERE id = $3 AND status IN ('draft', 'returned')",
        )
        .bind(body)
        .bind(now_unix())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(Err(ReportConflict::NotEditable));
        }
        let mut event = Event::new("report.draft", "report", id);
        event.after = body.to_owned();
        self.commit_audited(tx, &event).await?;
        Ok(Ok(id))
    }

    /// Submits `body` as the next version. The version, its attachments and the audit entry
    /// are committed together; the call returns only after the commit is durable.
    pub async fn submit_report(
        &self,
        period_id: i64,
        unit_id: i64,
        body: &str,
        late_seconds: i64,
    ) -> Result<std::result::Result<Submitted, ReportConflict>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id = self.report_row(&mut tx, period_id, unit_id).await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE reports SET status = 'submitted', draft = $1, version = version + 1, updated_at = $2, \
             late_seconds = CASE WHEN first_submitted_at = 0 THEN $3 ELSE late_seconds END, \
             first_submitted_at = CASE WHEN first_submitted_at = 0 THEN $2 ELSE first_submitted_at END \
             WHERE id = $4 AND status IN ('draft', 'returned') RETURNING version",
        )
        .bind(body)
        .bind(now)
        .bind(late_seconds)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(version) = version else {
            // A retry of the submission already on file (a flaky connection) gets the first answer.
            let same: Option<i64> = sqlx::query_scalar(
                "SELECT r.version FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.version = r.version \
                 WHERE r.id = $1 AND r.status IN ('submitted', 'accepted') AND v.body = $2",
            )
            .bind(id)
            .bind(body)
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(match same {
                Some(version) => Ok(Submitted { report_id: id, version }),
                None => Err(ReportConflict::NotEditable),
            });
        };
        sqlx::query(
            "INSERT INTO report_versions (report_id, version, tenant_code, body, submitted_at, submitted_by, on_behalf, \
             late_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(version)
        .bind(self.tenant())
        .bind(body)
        .bind(now)
        .bind(&self.actor().username)
        .bind(&self.actor().on_behalf_of)
        .bind(late_seconds)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE attachments SET version = $1 WHERE report_id = $2 AND version = 0")
            .bind(version)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut event = Event::new("report.submit", "report", id);
        event.after = format!(
            "{{\"version\":{version},\"late_seconds\":{late_seconds},\"body\":{}}}",
            if body.is_empty() { "null" } else { body }
        );
        self.commit_audited(tx, &event).await?;
        Ok(Ok(Submitted { report_id: id, version }))
    }

    /// The officer's verdict on the version waiting: accepted, or returned with a reason
    /// (the unit may then edit and resubmit).
    pub async fn review_report(
        &self,
        report_id: i64,
        version: i64,
        accept: bool,
        reason: &str,
    ) -> Result<std::result::Result<(), ReportConflict>> {
        let status = if accept { "accepted" } else { "returned" };
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = $1, updated_at = $2 WHERE tenant_code = $3 AND id = $4 AND version = $5 \
             AND status = 'submitted'",
        )
        .bind(status)
        .bind(now)
        .bind(self.tenant())
        .bind(report_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(Err(ReportConflict::NotWaiting));
        }
        sqlx::query(
            "UPDATE report_versions SET review = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4 \
             WHERE report_id = $5 AND version = $6",
        )
        .bind(status)
        .bind(reason)
        .bind(&self.actor().username)
        .bind(now)
        .bind(report_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        let action = if accept { "report.accept" } else { "report.return" };
        let after = serde_json::json!({ "version": version, "status": status, "reason": reason });
        self.commit_audited(tx, &Event::new(action, "report", report_id).after(&after))
            .await?;
        Ok(Ok(()))
    }

    /// Adds a file to the working copy of a report that may still be edited.
    pub async fn add_attachment(
        &self,
        period_id: i64,
        unit_id: i64,
        file_name: &str,
        content_type: &str,
        data: &[u8],
    ) -> Result<std::result::Result<i64, ReportConflict>> {
        use sha2::{Digest, Sha256};
        let sha = crate::audit::hex(&Sha256::digest(data));
        let mut tx = self.store().write().await?;
        let report_id = self.report_row(&mut tx, period_id, unit_id).await?;
        let status: String = sqlx::query_scalar("SELECT status FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_one(&mut *tx)
            .await?;
        if !matches!(status.as_str(), "draft" | "returned") {
            return Ok(Err(ReportConflict::NotEditable));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (tenant_code, report_id, version, file_name, content_type, size, sha256, data, \
             uploaded_at, uploaded_by) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(self.tenant())
        .bind(report_id)
        .bind(file_name)
        .bind(content_type)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(&sha)
        .bind(data.to_vec())
        .bind(now_unix())
        .bind(&self.actor().username)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({
            "report": report_id, "file_name": file_name, "content_type": content_type, "size": data.len(), "sha256": sha,
        });
        self.commit_audited(tx, &Event::new("attachment.add", "attachment", id).after(&after))
            .await?;
        Ok(Ok(id))
    }

    /// Removes a file not yet submitted with a version.
    pub async fn remove_attachment(&self, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query("DELETE FROM attachments WHERE tenant_code = $1 AND id = $2 AND version = 0")
            .bind(self.tenant())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done > 0 {
            self.audit_in(&mut tx, &Event::new("attachment.remove", "attachment", id))
                .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }

    // ------------------------------------------------------------------ roll-up
}
