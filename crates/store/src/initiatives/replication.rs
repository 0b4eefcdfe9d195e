//! What an initiative is used for, and where it spreads.

use super::*;

impl Reader<'_> {
    /// Replications with their milestones: of one initiative, or all of the commune's.
    pub async fn replications(&self, initiative_id: Option<i64>) -> Result<Vec<ReplicationRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.initiative_id, i.title, r.place, r.progress, r.updated_at \
             FROM initiative_replications r JOIN initiatives i ON i.id = r.initiative_id \
             WHERE r.tenant_code = $1 AND ($2 = 0 OR r.initiative_id = $2) ORDER BY i.title, r.place, r.id",
        )
        .bind(self.tenant())
        .bind(initiative_id.unwrap_or(0))
        .fetch_all(&self.store().pool)
        .await?;
        let mut out: Vec<ReplicationRow> = rows
            .iter()
            .map(|r| {
                Ok(ReplicationRow {
                    id: r.try_get("id")?,
                    initiative_id: r.try_get("initiative_id")?,
                    initiative_title: r.try_get("title")?,
                    place: r.try_get("place")?,
                    progress: r.try_get("progress")?,
                    updated_at: r.try_get("updated_at")?,
                    milestones: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        let milestones = sqlx::query(
            "SELECT m.id, m.replication_id, m.on_date, m.progress, m.note, m.evidence, m.created_by \
             FROM initiative_milestones m JOIN initiative_replications r ON r.id = m.replication_id \
             WHERE r.tenant_code = $1 AND ($2 = 0 OR r.initiative_id = $2) ORDER BY m.on_date, m.id",
        )
        .bind(self.tenant())
        .bind(initiative_id.unwrap_or(0))
        .fetch_all(&self.store().pool)
        .await?;
        for m in &milestones {
            let rid: i64 = m.try_get("replication_id")?;
            if let Some(r) = out.iter_mut().find(|r| r.id == rid) {
                r.milestones.push(MilestoneRow {
                    id: m.try_get("id")?,
                    on_date: m.try_get("on_date")?,
                    progress: m.try_get("progress")?,
                    note: m.try_get("note")?,
                    evidence: m.try_get("evidence")?,
                    created_by: m.try_get("created_by")?,
                });
            }
        }
        Ok(out)
    }
}

impl Scope<'_> {
    /// Records the one commendation or title a recognised initiative supports. The update
    /// itself checks that it is unused, so two uses at once cannot both succeed.
    pub async fn use_initiative(&self, id: i64, purpose: &str) -> Result<Result<(), UseRefused>> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE initiatives SET used_for = $1, used_at = $2, updated_at = $2 \
             WHERE tenant_code = $3 AND id = $4 AND status = 'recognised' AND used_for = '' AND claimed_by = 0",
        )
        .bind(purpose)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done {
            let row: Option<(String, String, i64)> = sqlx::query_as(
                "SELECT status, used_for, claimed_by FROM initiatives WHERE tenant_code = $1 AND id = $2",
            )
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(Err(match row {
                None => UseRefused::NotFound,
                Some((_, used, _)) if !used.is_empty() => UseRefused::AlreadyUsed(used),
                Some((_, _, held)) if held != 0 => UseRefused::HeldBy(held),
                Some(_) => UseRefused::NotRecognised,
            }));
        }
        self.commit_audited(
            tx,
            &Event::new("initiative.use", "initiative", id).after(&serde_json::json!({ "used_for": purpose })),
        )
        .await?;
        Ok(Ok(()))
    }

    /// Starts tracking where a recognised initiative is applied, with its first milestone.
    pub async fn add_replication(&self, initiative_id: i64, place: &str, first: &NewMilestone) -> Result<Option<i64>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let recognised: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM initiatives WHERE tenant_code = $1 AND id = $2 AND status = 'recognised'",
        )
        .bind(self.tenant())
        .bind(initiative_id)
        .fetch_optional(&mut *tx)
        .await?;
        if recognised.is_none() {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO initiative_replications (tenant_code, initiative_id, place, progress, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(self.tenant())
        .bind(initiative_id)
        .bind(place)
        .bind(first.progress)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_milestone(&mut tx, id, first, &self.actor().username).await?;
        let after = serde_json::json!({
            "initiative_id": initiative_id, "place": place, "progress": first.progress,
            "on_date": first.on_date, "note": first.note, "evidence": first.evidence
        });
        self.commit_audited(tx, &Event::new("replication.create", "replication", id).after(&after))
            .await?;
        Ok(Some(id))
    }

    /// Adds a dated milestone; the replication's progress becomes the latest milestone's.
    pub async fn add_milestone(&self, replication_id: i64, m: &NewMilestone) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let before: Option<i64> =
            sqlx::query_scalar("SELECT progress FROM initiative_replications WHERE tenant_code = $1 AND id = $2")
                .bind(self.tenant())
                .bind(replication_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        insert_milestone(&mut tx, replication_id, m, &self.actor().username).await?;
        let latest: i64 = sqlx::query_scalar(
            "SELECT progress FROM initiative_milestones WHERE replication_id = $1 ORDER BY on_date DESC, id DESC LIMIT 1",
        )
        .bind(replication_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE initiative_replications SET progress = $1, updated_at = $2 WHERE id = $3")
            .bind(latest)
            .bind(now_unix())
            .bind(replication_id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({
            "progress": latest, "on_date": m.on_date, "note": m.note, "evidence": m.evidence
        });
        self.commit_audited(
            tx,
            &Event::new("replication.milestone", "replication", replication_id)
                .before(&serde_json::json!({ "progress": before }))
                .after(&after),
        )
        .await?;
        Ok(true)
    }
}

pub(super) async fn insert_milestone(
    tx: &mut crate::WriteTx,
    replication_id: i64,
    m: &NewMilestone,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO initiative_milestones (replication_id, on_date, progress, note, evidence, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(replication_id)
    .bind(&m.on_date)
    .bind(m.progress)
    .bind(&m.note)
    .bind(&m.evidence)
    .bind(by)
    .bind(now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Recomputes the mean of the scorecards that carry a score.
pub(crate) async fn refresh_mean(tx: &mut crate::WriteTx, id: i64) -> Result<()> {
    let totals: Vec<i64> =
        sqlx::query_scalar("SELECT total_x100 FROM initiative_scores WHERE initiative_id = $1 AND conflict = ''")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let mean = if totals.is_empty() {
        -1
    } else {
        (totals.iter().sum::<i64>() as f64 / totals.len() as f64).round() as i64
    };
    sqlx::query("UPDATE initiatives SET score_x100 = $1 WHERE id = $2")
        .bind(mean)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
