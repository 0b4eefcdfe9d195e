//! Scorecards, the decision, and the commune's scoring settings.

use super::*;

impl Reader<'_> {
    /// Submitted initiatives the reviewer has neither scored nor declared a conflict on.
    pub async fn initiatives_waiting_for(&self, reviewer_id: i64) -> Result<Vec<InitiativeRow>> {
        let sql = format!(
            "SELECT {COLUMNS} {FROM} WHERE i.tenant_code = $1 AND i.status = 'submitted' AND NOT EXISTS \
             (SELECT 1 FROM initiative_scores s WHERE s.initiative_id = i.id AND s.reviewer_id = $2) \
             ORDER BY i.submitted_at, i.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(reviewer_id)
            .fetch_all(&self.store().pool)
            .await?;
        rows.iter().map(initiative_of).collect()
    }

    pub async fn scores(&self, id: i64) -> Result<Vec<ScoreRow>> {
        let rows = sqlx::query(
            "SELECT reviewer_id, reviewer_name, scores, total_x100, note, conflict, updated_at \
             FROM initiative_scores WHERE tenant_code = $1 AND initiative_id = $2 ORDER BY updated_at, reviewer_id",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_all(&self.store().pool)
        .await?;
        rows.iter()
            .map(|r| {
                let scores: String = r.try_get("scores")?;
                Ok(ScoreRow {
                    reviewer_id: r.try_get("reviewer_id")?,
                    reviewer_name: r.try_get("reviewer_name")?,
                    scores: serde_json::from_str(&scores)?,
                    total_x100: r.try_get("total_x100")?,
                    note: r.try_get("note")?,
                    conflict: r.try_get("conflict")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// The commune's scorecard weights (JSON) and look-alike threshold × 100, if set.
    pub async fn initiative_settings(&self) -> Result<Option<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT weights, threshold_x100 FROM initiative_settings WHERE tenant_code = $1")
                .bind(self.tenant())
                .fetch_optional(&self.store().pool)
                .await?,
        )
    }
}

impl Scope<'_> {
    /// Saves one reviewer's scorecard (or declared conflict) on a submitted initiative and
    /// recomputes its mean. False when the initiative is not waiting for appraisal.
    pub async fn save_score(&self, id: i64, card: &Scorecard) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'submitted'",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_none() {
            return Ok(false);
        }
        let scores = serde_json::to_string(&card.scores)?;
        sqlx::query(
            "INSERT INTO initiative_scores (initiative_id, tenant_code, reviewer_id, reviewer_name, scores, \
             total_x100, note, conflict, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (initiative_id, reviewer_id) DO UPDATE SET reviewer_name = $4, scores = $5, \
             total_x100 = $6, note = $7, conflict = $8, updated_at = $9",
        )
        .bind(id)
        .bind(self.tenant())
        .bind(card.reviewer_id)
        .bind(&card.reviewer_name)
        .bind(&scores)
        .bind(card.total_x100)
        .bind(&card.note)
        .bind(&card.conflict)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        refresh_mean(&mut tx, id).await?;
        // The note is private to its reviewer: the trail records that one was written, not its text.
        let after = serde_json::json!({
            "reviewer": card.reviewer_name, "scores": card.scores, "total_x100": card.total_x100,
            "conflict": card.conflict, "note_chars": card.note.chars().count()
        });
        let action = if card.conflict.is_empty() {
            "initiative.score"
        } else {
            "initiative.conflict"
        };
        self.commit_audited(tx, &Event::new(action, "initiative", id).after(&after))
            .await?;
        Ok(true)
    }

    /// Records the outcome of a submitted initiative. False when it was not waiting.
    pub async fn decide_initiative(&self, id: i64, outcome: &Outcome) -> Result<bool> {
        let status = if outcome.recognised {
            "recognised"
        } else {
            "not_recognised"
        };
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE initiatives SET status = $1, outcome_reason = $2, decision_no = $3, decision_date = $4, \
             decided_by = $5, updated_at = $6 WHERE tenant_code = $7 AND id = $8 AND status = 'submitted'",
        )
        .bind(status)
        .bind(&outcome.reason)
        .bind(&outcome.decision_no)
        .bind(&outcome.decision_date)
        .bind(&outcome.decided_by)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let after = serde_json::json!({
                "status": status, "reason": outcome.reason, "decision_no": outcome.decision_no,
                "decision_date": outcome.decision_date, "decided_by": outcome.decided_by
            });
            self.audit_in(
                &mut tx,
                &Event::new("initiative.decide", "initiative", id)
                    .before(&serde_json::json!({ "status": "submitted" }))
                    .after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    pub async fn set_initiative_settings(&self, weights: &str, threshold_x100: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        let before: Option<(String, i64)> =
            sqlx::query_as("SELECT weights, threshold_x100 FROM initiative_settings WHERE tenant_code = $1")
                .bind(self.tenant())
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO initiative_settings (tenant_code, weights, threshold_x100, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_code) DO UPDATE SET weights = $2, threshold_x100 = $3, updated_at = $4",
        )
        .bind(self.tenant())
        .bind(weights)
        .bind(threshold_x100)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("initiative.settings", "tenant", self.tenant())
                .before(&before)
                .after(&serde_json::json!({ "weights": weights, "threshold_x100": threshold_x100 })),
        )
        .await?;
        Ok(())
    }
}
