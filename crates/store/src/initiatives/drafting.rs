//! Drafting, sending and withdrawing an initiative.

use super::*;

impl Scope<'_> {
    pub async fn create_initiative(&self, province_code: &str, text: &InitiativeText) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO initiatives (tenant_code, province_code, unit_id, year, kind, area_code, title, body, \
             search_text, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) RETURNING id",
        )
        .bind(self.tenant())
        .bind(province_code)
        .bind(text.unit_id)
        .bind(text.year)
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(self.actor().username.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.create", "initiative", id).after(&serde_json::json!({
                "unit_id": text.unit_id, "title": text.title, "body": text.body
            })),
        )
        .await?;
        Ok(id)
    }

    /// Saves the working copy; false when it is no longer a draft.
    pub async fn save_initiative_draft(&self, id: i64, text: &InitiativeText) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT body FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'draft'")
                .bind(self.tenant())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE initiatives SET kind = $1, area_code = $2, title = $3, body = $4, search_text = $5, \
             updated_at = $6 WHERE tenant_code = $7 AND id = $8",
        )
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.draft", "initiative", id)
                .before(&serde_json::json!({ "body": before }))
                .after(&serde_json::json!({ "body": text.body })),
        )
        .await?;
        Ok(true)
    }

    /// Sends a draft to appraisal: the final text, its words into the province's index, and
    /// the look-alikes found (`matches`: other id, similarity × 1000). False when it was not a
    /// draft any more (someone sent it first).
    pub async fn submit_initiative(
        &self,
        id: i64,
        text: &InitiativeText,
        terms: &[String],
        matches: &[(i64, i64)],
    ) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let province: Option<String> = sqlx::query_scalar(
            "UPDATE initiatives SET kind = $1, area_code = $2, title = $3, body = $4, search_text = $5, \
             status = 'submitted', submitted_at = $6, updated_at = $6 \
             WHERE tenant_code = $7 AND id = $8 AND status = 'draft' RETURNING province_code",
        )
        .bind(&text.kind)
        .bind(&text.area_code)
        .bind(&text.title)
        .bind(&text.body)
        .bind(&text.search_text)
        .bind(now)
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(province) = province else {
            return Ok(false);
        };
        index_terms(&mut tx, &province, id, terms).await?;
        for (other, score) in matches {
            sqlx::query(
                "INSERT INTO initiative_matches (initiative_id, other_id, score_x1000) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(other)
            .bind(score)
            .execute(&mut *tx)
            .await?;
        }
        self.commit_audited(
            tx,
            &Event::new("initiative.submit", "initiative", id)
                .after(&serde_json::json!({ "body": text.body, "matches": matches })),
        )
        .await?;
        Ok(true)
    }

    /// Withdraws a draft or a submission not yet decided. False otherwise.
    pub async fn withdraw_initiative(&self, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<String> = sqlx::query_scalar(
            "UPDATE initiatives SET status = 'withdrawn', updated_at = $1 \
             WHERE tenant_code = $2 AND id = $3 AND status IN ('draft', 'submitted') RETURNING status",
        )
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if before.is_some() {
            self.audit_in(
                &mut tx,
                &Event::new("initiative.withdraw", "initiative", id)
                    .after(&serde_json::json!({ "status": "withdrawn" })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(before.is_some())
    }
}
