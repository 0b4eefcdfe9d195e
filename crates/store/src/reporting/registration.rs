//! Units' registrations.

use super::*;

impl Reader<'_> {
    pub async fn registrations(&self, period_id: i64) -> Result<Vec<RegistrationRow>> {
        let rows = sqlx::query(
            "SELECT unit_id, body, registered_at, registered_by, on_behalf, late_seconds FROM registrations \
             WHERE tenant_code = $1 AND period_id = $2 ORDER BY unit_id",
        )
        .bind(self.tenant())
        .bind(period_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RegistrationRow {
                    unit_id: r.try_get("unit_id")?,
                    body: r.try_get("body")?,
                    registered_at: r.try_get("registered_at")?,
                    registered_by: r.try_get("registered_by")?,
                    on_behalf: r.try_get::<i64, _>("on_behalf")? != 0,
                    late_seconds: r.try_get("late_seconds")?,
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ reports
}

impl Scope<'_> {
    /// Records (or replaces) a unit's registration for the period.
    pub async fn register(&self, period_id: i64, unit_id: i64, body: &str, late_seconds: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT body FROM registrations WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO registrations (tenant_code, period_id, unit_id, body, registered_at, registered_by, on_behalf, \
             late_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (period_id, unit_id) DO UPDATE SET \
             body = excluded.body, registered_at = excluded.registered_at, registered_by = excluded.registered_by, \
             on_behalf = excluded.on_behalf, late_seconds = excluded.late_seconds",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .bind(body)
        .bind(now_unix())
        .bind(&self.actor().username)
        .bind(i64::from(!self.actor().on_behalf_of.is_empty()))
        .bind(late_seconds)
        .execute(&mut *tx)
        .await?;
        let mut event = Event::new("registration.save", "registration", format!("{period_id}/{unit_id}"));
        event.after = body.to_owned();
        event.before = before.unwrap_or_default();
        self.commit_audited(tx, &event).await?;
        Ok(())
    }
}
