//! The council's vote in the system: one vote per member and nomination, changeable while the
//! nomination waits for the council, and the accounts that make up the council.

use serde::Serialize;

use crate::audit::Event;
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteRow {
    pub nomination_id: i64,
    pub user_id: i64,
    pub voter_name: String,
    /// yes | no
    pub vote: String,
}

impl Store {
    /// Active accounts holding one of `roles` in the tenant: (id, display name, e-mail).
    pub async fn role_users(&self, tenant_code: &str, roles: &[&str]) -> Result<Vec<(i64, String, String)>> {
        let mut out: Vec<(i64, String, String)> = Vec::new();
        for role in roles {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT DISTINCT u.id, u.display_name, u.email FROM role_grants g JOIN users u ON u.id = g.user_id \
                 WHERE g.tenant_code = $1 AND g.role = $2 AND u.disabled = 0",
            )
            .bind(tenant_code)
            .bind(*role)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                if !out.iter().any(|o| o.0 == r.0) {
                    out.push(r);
                }
            }
        }
        out.sort_by_key(|r| r.0);
        Ok(out)
    }
}

impl Reader<'_> {
    /// The votes cast on the nominations of an occasion (or one nomination, `nomination_id` ≠ 0).
    pub async fn votes(&self, occasion_id: i64, nomination_id: i64) -> Result<Vec<VoteRow>> {
        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT v.nomination_id, v.user_id, v.voter_name, v.vote FROM council_votes v \
             JOIN nominations n ON n.id = v.nomination_id AND n.tenant_code = v.tenant_code \
             WHERE v.tenant_code = $1 AND ($2 = 0 OR n.occasion_id = $2) AND ($3 = 0 OR n.id = $3) \
             ORDER BY v.nomination_id, v.voted_at",
        )
        .bind(self.tenant())
        .bind(occasion_id)
        .bind(nomination_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(nomination_id, user_id, voter_name, vote)| VoteRow {
                nomination_id,
                user_id,
                voter_name,
                vote,
            })
            .collect())
    }
}

impl Scope<'_> {
    /// Casts or changes a member's vote; false when the nomination is not before the council.
    pub async fn cast_vote(&self, nomination_id: i64, user_id: i64, voter_name: &str, vote: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM nominations WHERE tenant_code = $1 AND id = $2 AND status = 'dossier_ok'",
        )
        .bind(self.tenant())
        .bind(nomination_id)
        .fetch_optional(&mut *tx)
        .await?;
        if waiting.is_none() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO council_votes (tenant_code, nomination_id, user_id, voter_name, vote, voted_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (nomination_id, user_id) \
             DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
        )
        .bind(self.tenant())
        .bind(nomination_id)
        .bind(user_id)
        .bind(voter_name)
        .bind(vote)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("nomination.vote", "nomination", nomination_id).after(&serde_json::json!({ "vote": vote })),
        )
        .await?;
        Ok(true)
    }
}

impl Reader<'_> {
    /// (step_days, quorum_percent, approval_percent), when the commune has set them.
    pub async fn commendation_settings(&self) -> Result<Option<(i64, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT step_days, quorum_percent, approval_percent FROM commendation_settings WHERE tenant_code = $1",
        )
        .bind(self.tenant())
        .fetch_optional(self.pool())
        .await?)
    }
}

impl Scope<'_> {
    pub async fn set_commendation_settings(&self, step_days: i64, quorum: i64, approval: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        sqlx::query(
            "INSERT INTO commendation_settings (tenant_code, step_days, quorum_percent, approval_percent) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_code) DO UPDATE SET step_days = excluded.step_days, \
             quorum_percent = excluded.quorum_percent, approval_percent = excluded.approval_percent",
        )
        .bind(self.tenant())
        .bind(step_days)
        .bind(quorum)
        .bind(approval)
        .execute(&mut *tx)
        .await?;
        self.commit_audited(
            tx,
            &Event::new("commendation.settings", "tenant", 0).after(&serde_json::json!({
                "step_days": step_days, "quorum_percent": quorum, "approval_percent": approval,
            })),
        )
        .await?;
        Ok(())
    }

    // ------------------------------------------------------------------ decisions
}
