//! The plan's periods, with their deadlines followed from the plan.

use super::*;

/// Moves each period to its plan's amended dates inside the transaction that publishes the
/// amendment, so the plan and the dates units are held to never disagree. A period whose dates
/// the commune set itself meanwhile (`due_source` no longer 'plan') is left alone.
pub(crate) async fn follow_plan_dates_in(
    tx: &mut crate::WriteTx,
    (tenant, actor): (&str, &crate::Actor),
    plan_id: i64,
    moves: &[FollowedDates],
) -> Result<()> {
    for m in moves {
        let moved = sqlx::query(
            "UPDATE report_periods SET registration_due = $1, unit_due = $2, province_due = $3 \
             WHERE tenant_code = $4 AND id = $5 AND plan_id = $6 AND due_source = 'plan'",
        )
        .bind(&m.registration_due)
        .bind(&m.unit_due)
        .bind(&m.province_due)
        .bind(tenant)
        .bind(m.before.id)
        .bind(plan_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            let after = serde_json::json!({
                "registration_due": m.registration_due, "unit_due": m.unit_due, "province_due": m.province_due,
            });
            let event = Event::new("period.plan_dates", "report_period", m.before.id)
                .before(&m.before)
                .after(&after);
            append(tx, tenant, actor, &event).await?;
        }
    }
    Ok(())
}

impl Reader<'_> {
    pub async fn period_of_year(&self, year: i32) -> Result<Option<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 AND year = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(i64::from(year))
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(period).transpose()
    }

    pub async fn period(&self, id: i64) -> Result<Option<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(period).transpose()
    }

    pub async fn periods(&self) -> Result<Vec<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 ORDER BY year");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(period).collect()
    }
}

impl Scope<'_> {
    /// The period of `year`, created from `new` the first time it is asked for.
    pub async fn ensure_period(&self, new: &NewPeriod) -> Result<PeriodRow> {
        if let Some(p) = self.period_of_year(new.year).await? {
            return Ok(p);
        }
        let mut tx = self.store().write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO report_periods (tenant_code, plan_id, year, kind, registration_due, unit_due, province_due, \
             due_source, remind_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (tenant_code, year) DO NOTHING RETURNING id",
        )
        .bind(self.tenant())
        .bind(new.plan_id)
        .bind(i64::from(new.year))
        .bind(&new.kind)
        .bind(&new.registration_due)
        .bind(&new.unit_due)
        .bind(&new.province_due)
        .bind(&new.due_source)
        .bind(new.remind_days)
        .bind(now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            let after = serde_json::json!({
                "year": new.year, "kind": new.kind, "unit_due": new.unit_due, "province_due": new.province_due,
            });
            self.audit_in(&mut tx, &Event::new("period.open", "report_period", id).after(&after))
                .await?;
        }
        tx.commit().await?;
        Ok(self
            .period_of_year(new.year)
            .await?
            .expect("the period was just created or already existed"))
    }

    /// The standing office sets the dates a plan leaves open (or moves them).
    pub async fn set_period_dues(
        &self,
        id: i64,
        registration_due: &str,
        unit_due: &str,
        province_due: &str,
        remind_days: i64,
    ) -> Result<bool> {
        let Some(before) = self.period(id).await? else {
            return Ok(false);
        };
        let mut tx = self.store().write().await?;
        sqlx::query(
            "UPDATE report_periods SET registration_due = $1, unit_due = $2, province_due = $3, remind_days = $4, \
             due_source = 'commune' WHERE tenant_code = $5 AND id = $6",
        )
        .bind(registration_due)
        .bind(unit_due)
        .bind(province_due)
        .bind(remind_days)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({
            "registration_due": registration_due, "unit_due": unit_due, "province_due": province_due,
            "remind_days": remind_days,
        });
        self.commit_audited(
            tx,
            &Event::new("period.dates", "report_period", id)
                .before(&before)
                .after(&after),
        )
        .await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ registrations
}
