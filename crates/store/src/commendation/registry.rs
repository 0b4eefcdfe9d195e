//! The award registry (sổ vàng): ratings, blocks, awards and their annulment, imported history, and the platform's legal tables and rule sets.

use super::*;

impl Reader<'_> {
    pub async fn ratings(&self, recipient: &str, subject_id: i64) -> Result<Vec<(i32, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT year, rating FROM ratings WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 ORDER BY year",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(y, r)| (i32::try_from(y).unwrap_or(0), r))
            .collect())
    }

    /// The open block's reason, if any.
    pub async fn open_block(&self, recipient: &str, subject_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT reason FROM award_blocks WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 \
             AND until_date = '' ORDER BY id DESC LIMIT 1",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// One subject's awards (`subject_id` 0: everyone's), newest first.
    pub async fn award_records(&self, recipient: &str, subject_id: i64) -> Result<Vec<AwardRecordRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND ($2 = '' OR recipient = $2) \
             AND ($3 = 0 OR subject_id = $3) ORDER BY year DESC, id DESC"
        )))
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(award_record).collect()
    }

    /// One award of this tenant's registry.
    pub async fn award_record(&self, id: i64) -> Result<Option<AwardRecordRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(award_record).transpose()
    }

    /// The awards one decision made, in its order.
    pub async fn decision_awards(&self, decision_no: &str) -> Result<Vec<AwardRecordRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AWARD_COLUMNS} FROM award_records WHERE tenant_code = $1 AND decision_no = $2 ORDER BY id"
        )))
        .bind(self.tenant())
        .bind(decision_no)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(award_record).collect()
    }

    // ------------------------------------------------------------------ settings
}

impl Scope<'_> {
    /// Adds a row to the legal tables; false when the table already has a row for that key
    /// and date.
    pub async fn add_legal_value(&self, v: &LegalValue) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM legal_values WHERE table_name = $1 AND key = $2 AND effective_from = $3",
        )
        .bind(v.table.code())
        .bind(&v.key)
        .bind(&v.effective_from)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Ok(false);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO legal_values (table_name, key, value, effective_from, source, confidence, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(v.table.code())
        .bind(&v.key)
        .bind(v.value)
        .bind(&v.effective_from)
        .bind(&v.source)
        .bind(&v.confidence)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        self.commit_audited(tx, &Event::new("legal_value.add", "legal_value", id).after(v))
            .await?;
        Ok(true)
    }

    /// Publishes a rule set; false when the version exists.
    pub async fn add_rule_set(&self, version: i64, effective_from: &str, body: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT version FROM eligibility_rules WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO eligibility_rules (version, effective_from, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version)
        .bind(effective_from)
        .bind(body)
        .bind(&self.actor().username)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("rules.add", "eligibility_rules", version)
                .after(&serde_json::json!({ "effective_from": effective_from, "body": body })),
        )
        .await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ occasions

    /// Sets a person's or collective's rating for a year.
    pub async fn set_rating(&self, recipient: &str, subject_id: i64, year: i32, rating: &str) -> Result<()> {
        let mut tx = self.store().write().await?;
        sqlx::query(
            "INSERT INTO ratings (tenant_code, recipient, subject_id, year, rating) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (tenant_code, recipient, subject_id, year) DO UPDATE SET rating = excluded.rating",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .bind(i64::from(year))
        .bind(rating)
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("rating.set", recipient, subject_id)
                .after(&serde_json::json!({ "year": year, "rating": rating })),
        )
        .await?;
        Ok(())
    }

    pub async fn add_block(&self, recipient: &str, subject_id: i64, reason: &str) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_blocks (tenant_code, recipient, subject_id, reason, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(self.tenant())
        .bind(recipient)
        .bind(subject_id)
        .bind(reason)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("block.add", recipient, subject_id).after(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        Ok(id)
    }

    pub async fn add_award_record(&self, a: &NewAwardRecord) -> Result<i64> {
        let mut tx = self.store().write().await?;
        let id = insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
        self.commit_audited(tx, &Event::new("award.record", "award", id).after(&award_json(a)))
            .await?;
        Ok(id)
    }

    /// Writes an imported award history (sổ vàng) in one transaction: awards not yet recorded
    /// (same subject, year, form and decision) are added, ratings set; the rest is counted as
    /// unchanged, so the same file again changes nothing. Audited as one event.
    pub async fn save_history(&self, entries: &[HistoryEntry]) -> Result<crate::Applied> {
        let mut tx = self.store().write().await?;
        let mut applied = crate::Applied::default();
        for entry in entries {
            match entry {
                HistoryEntry::Award(a) => {
                    let known: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM award_records WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 \
                         AND year = $4 AND form = $5 AND decision_no = $6",
                    )
                    .bind(self.tenant())
                    .bind(&a.recipient)
                    .bind(a.subject_id)
                    .bind(i64::from(a.year))
                    .bind(&a.form)
                    .bind(&a.decision_no)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if known.is_some() {
                        applied.unchanged += 1;
                    } else {
                        insert_award(&mut tx, self.tenant(), &self.actor().username, a).await?;
                        applied.added += 1;
                    }
                }
                HistoryEntry::Rating {
                    recipient,
                    subject_id,
                    year,
                    rating,
                } => {
                    let before: Option<String> = sqlx::query_scalar(
                        "SELECT rating FROM ratings WHERE tenant_code = $1 AND recipient = $2 AND subject_id = $3 AND year = $4",
                    )
                    .bind(self.tenant())
                    .bind(recipient)
                    .bind(subject_id)
                    .bind(i64::from(*year))
                    .fetch_optional(&mut *tx)
                    .await?;
                    if before.as_deref() == Some(rating.as_str()) {
                        applied.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO ratings (tenant_code, recipient, subject_id, year, rating) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (tenant_code, recipient, subject_id, year) DO UPDATE SET rating = excluded.rating",
                    )
                    .bind(self.tenant())
                    .bind(recipient)
                    .bind(subject_id)
                    .bind(i64::from(*year))
                    .bind(rating)
                    .execute(&mut *tx)
                    .await?;
                    if before.is_some() {
                        applied.updated += 1;
                    } else {
                        applied.added += 1;
                    }
                }
            }
        }
        let event = Event::new("history.import", "award_records", self.tenant()).after(&serde_json::json!({
            "rows": entries.len(), "added": applied.added, "updated": applied.updated, "unchanged": applied.unchanged,
        }));
        self.commit_audited(tx, &event).await?;
        Ok(applied)
    }

    /// Marks an award annulled; false when it is not this tenant's or was annulled already.
    pub async fn annul_award(&self, id: i64, a: &Annulment) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE award_records SET annulled_on = $1, annul_decision = $2, annul_reason = $3, annul_note = $4, \
             recover_amount = $5 WHERE tenant_code = $6 AND id = $7 AND annulled_on = ''",
        )
        .bind(&a.on)
        .bind(&a.decision_no)
        .bind(a.reason.code())
        .bind(&a.note)
        .bind(a.recover)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Ok(false);
        }
        let after = serde_json::json!({
            "on": a.on, "decision": a.decision_no, "reason": a.reason.label(), "note": a.note, "recover": a.recover,
        });
        self.commit_audited(tx, &Event::new("award.annul", "award", id).after(&after))
            .await?;
        Ok(true)
    }
}

fn award_json(a: &NewAwardRecord) -> serde_json::Value {
    serde_json::json!({
        "recipient": a.recipient, "subject": a.subject_id, "name": a.name, "year": a.year, "form": a.form,
        "kind": a.kind, "decision_no": a.decision_no, "decision_date": a.decision_date, "amount": a.amount,
    })
}

/// "Giấy khen của Chủ tịch UBND xã – Quyết định số 12/QĐ-UBND": what an initiative supported.
pub(crate) fn award_purpose(a: &NewAwardRecord) -> String {
    purpose(&a.form, &a.decision_no)
}

/// "Giấy khen của Chủ tịch UBND xã – Quyết định số 12/QĐ-UBND" from a form code and a number.
pub(crate) fn purpose(form: &str, decision_no: &str) -> String {
    let form = thidua_domain::awards::AwardForm::parse(form).map_or(form, |f| f.name());
    format!("{form} – Quyết định số {decision_no}")
}

pub(crate) async fn insert_award(tx: &mut crate::WriteTx, tenant: &str, by: &str, a: &NewAwardRecord) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO award_records (tenant_code, recipient, subject_id, name, year, form, kind, decision_no, \
         decision_date, amount, nomination_id, verify_code, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(tenant)
    .bind(&a.recipient)
    .bind(a.subject_id)
    .bind(&a.name)
    .bind(i64::from(a.year))
    .bind(&a.form)
    .bind(&a.kind)
    .bind(&a.decision_no)
    .bind(&a.decision_date)
    .bind(a.amount)
    .bind(a.nomination_id)
    .bind(&a.verify_code)
    .bind(by)
    .bind(now_unix())
    .fetch_one(&mut **tx)
    .await?)
}
