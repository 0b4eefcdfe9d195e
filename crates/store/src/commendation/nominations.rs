//! Nominations through their steps, and the initiatives they hold and claim.

use super::*;

impl Reader<'_> {
    pub async fn nomination(&self, id: i64) -> Result<Option<NominationRow>> {
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.id = $2 AND ($3 = 0 OR n.unit_id = $3)"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .bind(self.unit_bound())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(nomination).transpose()
    }

    /// An occasion's nominations (`unit_id` 0: every unit's), drafts only to their unit.
    pub async fn nominations(&self, occasion_id: i64, unit_id: i64) -> Result<Vec<NominationRow>> {
        let unit_id = self.unit_held().unwrap_or(unit_id);
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.occasion_id = $2 AND ($3 = 0 OR n.unit_id = $3) \
             AND ($3 <> 0 OR n.status <> 'draft') ORDER BY n.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(occasion_id)
            .bind(unit_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(nomination).collect()
    }

    /// Nominations waiting on an appraisal step with a due date, across occasions, soonest due
    /// first.
    pub async fn steps_with_due(&self) -> Result<Vec<NominationRow>> {
        let sql = format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.step_due <> '' \
             AND n.status IN ('submitted', 'achievement_ok', 'dossier_ok') ORDER BY n.step_due, n.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(nomination).collect()
    }

    // ------------------------------------------------------------------ records
}

impl Scope<'_> {
    pub async fn create_nomination(&self, t: &NominationText) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO nominations (tenant_code, occasion_id, unit_id, form, recipient, person_id, subject_unit_id, \
             nominee_name, nominee_detail, female, body, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $13, $13) RETURNING id",
        )
        .bind(self.tenant())
        .bind(t.occasion_id)
        .bind(t.unit_id)
        .bind(t.form.code())
        .bind(t.recipient.code())
        .bind(t.person_id)
        .bind(t.subject_unit_id)
        .bind(&t.nominee_name)
        .bind(&t.nominee_detail)
        .bind(i64::from(t.female))
        .bind(&t.body)
        .bind(&self.actor().username)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("nomination.create", "nomination", id).after(&text_json(t)),
        )
        .await?;
        Ok(id)
    }

    /// Saves a draft or returned nomination; false when it is neither.
    pub async fn save_nomination(&self, id: i64, t: &NominationText) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE nominations SET form = $1, recipient = $2, person_id = $3, subject_unit_id = $4, nominee_name = $5, \
             nominee_detail = $6, female = $7, body = $8, updated_at = $9 \
             WHERE tenant_code = $10 AND id = $11 AND status IN ('draft', 'returned')",
        )
        .bind(t.form.code())
        .bind(t.recipient.code())
        .bind(t.person_id)
        .bind(t.subject_unit_id)
        .bind(&t.nominee_name)
        .bind(&t.nominee_detail)
        .bind(i64::from(t.female))
        .bind(&t.body)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            self.audit_in(
                &mut tx,
                &Event::new("nomination.save", "nomination", id).after(&text_json(t)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Sends a draft or returned nomination to appraisal, taking a quota place when its form
    /// and recipient have a quota on the occasion. The place is taken by a conditional UPDATE,
    /// so the last place goes to one nomination only, whichever engine.
    pub async fn submit_nomination(
        &self,
        id: i64,
        verdict: &str,
        step_due: &str,
        initiatives: &[i64],
    ) -> Result<std::result::Result<(), SubmitRefused>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT n.occasion_id, n.form, n.recipient, n.status, o.status FROM nominations n \
             JOIN award_occasions o ON o.id = n.occasion_id WHERE n.tenant_code = $1 AND n.id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((occasion_id, form, recipient, status, occasion_status)) = row else {
            return Ok(Err(SubmitRefused::NotEditable));
        };
        if !matches!(status.as_str(), "draft" | "returned") {
            return Ok(Err(SubmitRefused::NotEditable));
        }
        if occasion_status != "open" {
            return Ok(Err(SubmitRefused::Closed));
        }
        let cap: Option<i64> =
            sqlx::query_scalar("SELECT cap FROM award_quotas WHERE occasion_id = $1 AND form = $2 AND recipient = $3")
                .bind(occasion_id)
                .bind(&form)
                .bind(&recipient)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(cap) = cap {
            let taken = sqlx::query(
                "UPDATE award_quotas SET used = used + 1 \
                 WHERE occasion_id = $1 AND form = $2 AND recipient = $3 AND used < cap",
            )
            .bind(occasion_id)
            .bind(&form)
            .bind(&recipient)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if taken == 0 {
                return Ok(Err(SubmitRefused::QuotaFull { cap }));
            }
        }
        let done = sqlx::query(
            "UPDATE nominations SET status = 'submitted', holds_place = $1, verdict = $2, step_due = $3, \
             return_reason = '', submitted_at = $4, updated_at = $4 \
             WHERE tenant_code = $5 AND id = $6 AND status IN ('draft', 'returned')",
        )
        .bind(i64::from(cap.is_some()))
        .bind(verdict)
        .bind(step_due)
        .bind(now)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Ok(Err(SubmitRefused::NotEditable));
        }
        if let Err(holder) = claim_initiatives(&mut tx, self.tenant(), id, initiatives).await? {
            return Ok(Err(SubmitRefused::InitiativeTaken(holder)));
        }
        self.commit_audited(
            tx,
            &Event::new("nomination.submit", "nomination", id).after(
                &serde_json::json!({ "quota_place": cap.is_some(), "verdict": verdict, "initiatives": initiatives }),
            ),
        )
        .await?;
        Ok(Ok(()))
    }

    /// Moves a nomination from one appraisal step to the next; false when it is not at `from`.
    /// `votes` = (present, for, against) at the council.
    pub async fn advance_nomination(
        &self,
        id: i64,
        from: &str,
        to: &str,
        step_due: &str,
        votes: Option<(i64, i64, i64)>,
        council_date: &str,
    ) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let (present, yes, no) = votes.unwrap_or((0, 0, 0));
        let done = sqlx::query(
            "UPDATE nominations SET status = $1, step_due = $2, updated_at = $3, \
             members_present = CASE WHEN $4 > 0 THEN $4 ELSE members_present END, \
             votes_for = CASE WHEN $4 > 0 THEN $5 ELSE votes_for END, \
             votes_against = CASE WHEN $4 > 0 THEN $6 ELSE votes_against END, \
             council_date = CASE WHEN $10 <> '' THEN $10 ELSE council_date END \
             WHERE tenant_code = $7 AND id = $8 AND status = $9",
        )
        .bind(to)
        .bind(step_due)
        .bind(now_unix())
        .bind(present)
        .bind(yes)
        .bind(no)
        .bind(self.tenant())
        .bind(id)
        .bind(from)
        .bind(council_date)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            let mut after = serde_json::json!({ "from": from, "to": to });
            if !council_date.is_empty() {
                after["council_date"] = serde_json::json!(council_date);
            }
            if let Some((present, yes, no)) = votes {
                after["votes"] = serde_json::json!({ "present": present, "for": yes, "against": no });
            }
            self.audit_in(
                &mut tx,
                &Event::new("nomination.advance", "nomination", id).after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Returns a nomination to its unit (`withdraw` = the unit takes it back) and frees its
    /// quota place; false when it is already decided, returned or withdrawn.
    pub async fn return_nomination(&self, id: i64, reason: &str, withdraw: bool) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT occasion_id, form, recipient, holds_place FROM nominations \
             WHERE tenant_code = $1 AND id = $2 AND status IN ('draft', 'submitted', 'achievement_ok', 'dossier_ok', 'approved', 'returned')",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((occasion_id, form, recipient, holds_place)) = row else {
            return Ok(false);
        };
        let to = if withdraw { "withdrawn" } else { "returned" };
        let done = sqlx::query(
            "UPDATE nominations SET status = $1, return_reason = $2, holds_place = 0, step_due = '', updated_at = $3 \
             WHERE tenant_code = $4 AND id = $5 AND holds_place = $6 \
             AND status IN ('draft', 'submitted', 'achievement_ok', 'dossier_ok', 'approved', 'returned')",
        )
        .bind(to)
        .bind(reason)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .bind(holds_place)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done || (!withdraw && holds_place == 0 && reason.is_empty()) {
            return Ok(false);
        }
        settle_claims(&mut tx, self.tenant(), self.actor(), id, None).await?;
        if holds_place == 1 {
            sqlx::query(
                "UPDATE award_quotas SET used = used - 1 WHERE occasion_id = $1 AND form = $2 AND recipient = $3 AND used > 0",
            )
            .bind(occasion_id)
            .bind(&form)
            .bind(&recipient)
            .execute(&mut *tx)
            .await?;
        }
        self.commit_audited(
            tx,
            &Event::new(
                if withdraw {
                    "nomination.withdraw"
                } else {
                    "nomination.return"
                },
                "nomination",
                id,
            )
            .after(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        Ok(true)
    }
}

fn text_json(t: &NominationText) -> serde_json::Value {
    serde_json::json!({
        "occasion": t.occasion_id, "unit": t.unit_id, "form": t.form.code(), "recipient": t.recipient.code(),
        "person": t.person_id, "collective": t.subject_unit_id, "name": t.nominee_name,
        "detail": t.nominee_detail, "female": t.female, "body": t.body,
    })
}

impl Scope<'_> {
    /// Holds, for an approved nomination, the initiatives it cites that nothing holds yet: those
    /// cited before holds existed (migration 0010), so the decision marks them used.
    pub async fn hold_unclaimed(&self, nomination_id: i64, initiatives: &[i64]) -> Result<()> {
        if initiatives.is_empty() {
            return Ok(());
        }
        let mut tx = self.store().write().await?;
        for &initiative in initiatives {
            sqlx::query(
                "UPDATE initiatives SET claimed_by = $1 WHERE tenant_code = $2 AND id = $3 \
                 AND claimed_by = 0 AND used_for = '' AND status = 'recognised'",
            )
            .bind(nomination_id)
            .bind(self.tenant())
            .bind(initiative)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Holds each cited initiative for the nomination, after releasing what it held before (a
/// returned nomination may cite others when sent again). The hold is a conditional UPDATE, so
/// of two nominations racing for one initiative only one gets it, whichever engine.
async fn claim_initiatives(
    tx: &mut crate::WriteTx,
    tenant: &str,
    nomination_id: i64,
    initiatives: &[i64],
) -> Result<std::result::Result<(), InitiativeHolder>> {
    sqlx::query("UPDATE initiatives SET claimed_by = 0 WHERE tenant_code = $1 AND claimed_by = $2")
        .bind(tenant)
        .bind(nomination_id)
        .execute(&mut **tx)
        .await?;
    for &initiative in initiatives {
        let held = sqlx::query(
            "UPDATE initiatives SET claimed_by = $1 WHERE tenant_code = $2 AND id = $3 \
             AND status = 'recognised' AND used_for = '' AND claimed_by = 0",
        )
        .bind(nomination_id)
        .bind(tenant)
        .bind(initiative)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if held == 1 {
            continue;
        }
        let row = sqlx::query(
            "SELECT i.title, i.used_for, i.claimed_by, COALESCE(n.nominee_name, '') AS nominee, \
             COALESCE(o.title, '') AS occasion FROM initiatives i \
             LEFT JOIN nominations n ON n.id = i.claimed_by AND n.tenant_code = i.tenant_code \
             LEFT JOIN award_occasions o ON o.id = n.occasion_id \
             WHERE i.tenant_code = $1 AND i.id = $2",
        )
        .bind(tenant)
        .bind(initiative)
        .fetch_optional(&mut **tx)
        .await?;
        let holder = match row {
            Some(r) => InitiativeHolder {
                initiative_id: initiative,
                title: r.try_get("title")?,
                used_for: r.try_get("used_for")?,
                nomination_id: r.try_get("claimed_by")?,
                nominee: r.try_get("nominee")?,
                occasion: r.try_get("occasion")?,
            },
            None => InitiativeHolder {
                initiative_id: initiative,
                title: String::new(),
                used_for: String::new(),
                nomination_id: 0,
                nominee: String::new(),
                occasion: String::new(),
            },
        };
        return Ok(Err(holder));
    }
    Ok(Ok(()))
}

/// Ends the holds of a nomination on its initiatives: released (`used_for` None: returned,
/// withdrawn, not awarded) or used for the award it received. Each is audited.
pub(crate) async fn settle_claims(
    tx: &mut crate::WriteTx,
    tenant: &str,
    actor: &crate::Actor,
    nomination_id: i64,
    used_for: Option<&str>,
) -> Result<()> {
    let ids: Vec<i64> = match used_for {
        Some(purpose) => {
            sqlx::query_scalar(
                "UPDATE initiatives SET used_for = $1, used_at = $2, updated_at = $2, claimed_by = 0 \
             WHERE tenant_code = $3 AND claimed_by = $4 RETURNING id",
            )
            .bind(purpose)
            .bind(now_unix())
            .bind(tenant)
            .bind(nomination_id)
            .fetch_all(&mut **tx)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "UPDATE initiatives SET claimed_by = 0 WHERE tenant_code = $1 AND claimed_by = $2 RETURNING id",
            )
            .bind(tenant)
            .bind(nomination_id)
            .fetch_all(&mut **tx)
            .await?
        }
    };
    for id in ids {
        let event = match used_for {
            Some(purpose) => Event::new("initiative.use", "initiative", id)
                .after(&serde_json::json!({ "used_for": purpose, "nomination": nomination_id })),
            None => Event::new("initiative.release", "initiative", id)
                .after(&serde_json::json!({ "nomination": nomination_id })),
        };
        append(tx, tenant, actor, &event).await?;
    }
    Ok(())
}
