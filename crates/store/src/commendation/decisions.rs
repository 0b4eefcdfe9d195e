//! The chairman's decisions.

use super::*;

impl Reader<'_> {
    pub async fn decisions(&self, occasion_id: i64) -> Result<Vec<DecisionRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE tenant_code = $1 AND ($2 = 0 OR occasion_id = $2) ORDER BY id"
        )))
        .bind(self.tenant())
        .bind(occasion_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(decision).collect()
    }

    pub async fn decision(&self, id: i64) -> Result<Option<DecisionRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(decision).transpose()
    }
}

impl Scope<'_> {
    /// Numbers and records a decision: takes the next number of the tenant's register for the
    /// type and year, marks each approved nomination decided and writes the registry, all or
    /// nothing. None when a nomination is no longer approved.
    pub async fn record_decision(&self, d: &NewDecision) -> Result<Option<DecisionRow>> {
        let mut tx = self.store().write().await?;
        // Number 0 and no symbol: the văn thư's registration gives them (crate::register).
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_decisions (tenant_code, occasion_id, form, number, symbol, decision_date, signer_name, \
             signer_title, total, body, created_by, created_at) VALUES ($1, $2, $3, 0, '', $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id",
        )
        .bind(self.tenant())
        .bind(d.occasion_id)
        .bind(&d.form)
        .bind(&d.decision_date)
        .bind(&d.signer_name)
        .bind(&d.signer_title)
        .bind(d.total)
        .bind(&d.body)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        crate::register::enter_awaiting(
            &mut tx,
            self.tenant(),
            self.actor(),
            &crate::NewEntry {
                doc_type: thidua_domain::register::DocType::Decision,
                source: thidua_domain::register::Source::Decision,
                source_id: id,
                summary: &d.summary,
                signer_name: &d.signer_name,
                signer_title: &d.signer_title,
                signed_date: &d.decision_date,
            },
        )
        .await?;
        for a in &d.awards {
            let done = sqlx::query(
                "UPDATE nominations SET status = 'decided', decision_id = $1, step_due = '', updated_at = $2 \
                 WHERE tenant_code = $3 AND id = $4 AND status = 'approved'",
            )
            .bind(id)
            .bind(now_unix())
            .bind(self.tenant())
            .bind(a.nomination_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Ok(None);
            }
            // The initiatives it cites stay held until the number is registered (crate::register).
            insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
        }
        let after = serde_json::json!({
            "date": d.decision_date, "form": d.form, "signer": d.signer_name,
            "total": d.total, "nominations": d.awards.iter().map(|a| a.nomination_id).collect::<Vec<_>>(),
        });
        self.audit_in(&mut tx, &Event::new("decision.sign", "decision", id).after(&after))
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM award_decisions WHERE id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let row = decision(&row)?;
        tx.commit().await?;
        Ok(Some(row))
    }
}
