//! Plans and their revisions. A plan is identified by its commune and period; loading a
//! changed file for the same plan adds a revision ("điều chỉnh, bổ sung"), loading the same
//! file again changes nothing.

use serde::Serialize;
use sqlx::Row;
use thidua_domain::plan::Plan;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    pub id: i64,
    pub tenant_code: String,
    pub commune_name: String,
    pub province_code: String,
    pub province_name: String,
    pub start_year: i64,
    pub end_year: i64,
    pub title: String,
    pub revision: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub summary: PlanSummary,
    pub plan: Plan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRevisionRow {
    pub revision: i64,
    pub loaded_at: i64,
}

/// What saving a plan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedPlan {
    pub id: i64,
    pub revision: i64,
    /// False when the stored current revision was already identical.
    pub changed: bool,
}

const SUMMARY_SELECT: &str = "SELECT pl.id, pl.tenant_code, c.name AS commune_name, c.province_code, \
       p.name AS province_name, pl.start_year, pl.end_year, pl.title, pl.current_revision, pl.updated_at \
     FROM plans pl JOIN communes c ON c.code = pl.tenant_code JOIN provinces p ON p.code = c.province_code";

fn summary(row: &sqlx::any::AnyRow) -> Result<PlanSummary> {
    Ok(PlanSummary {
        id: row.try_get("id")?,
        tenant_code: row.try_get("tenant_code")?,
        commune_name: row.try_get("commune_name")?,
        province_code: row.try_get("province_code")?,
        province_name: row.try_get("province_name")?,
        start_year: row.try_get("start_year")?,
        end_year: row.try_get("end_year")?,
        title: row.try_get("title")?,
        revision: row.try_get("current_revision")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// Saves a validated plan with the file it came from, in one transaction.
    pub async fn save_plan(&self, actor: &Actor, plan: &Plan, source: &str) -> Result<SavedPlan> {
        let document = serde_json::to_string(plan)?;
        let now = now_unix();
        let mut tx = self.write().await?;
        let existing: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, current_revision FROM plans WHERE tenant_code = $1 AND start_year = $2 AND end_year = $3",
        )
        .bind(&plan.authority.code)
        .bind(i64::from(plan.period.start_year))
        .bind(i64::from(plan.period.end_year))
        .fetch_optional(&mut *tx)
        .await?;
        let saved = match existing {
            Some((id, revision)) => {
                let current: String =
                    sqlx::query_scalar("SELECT document FROM plan_revisions WHERE plan_id = $1 AND revision = $2")
                        .bind(id)
                        .bind(revision)
                        .fetch_one(&mut *tx)
                        .await?;
                if current == document {
                    return Ok(SavedPlan {
                        id,
                        revision,
                        changed: false,
                    });
                }
                let revision = revision + 1;
                sqlx::query("UPDATE plans SET current_revision = $1, title = $2, updated_at = $3 WHERE id = $4")
                    .bind(revision)
                    .bind(&plan.document.title)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                SavedPlan {
                    id,
                    revision,
                    changed: true,
                }
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO plans (tenant_code, start_year, end_year, title, current_revision, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
                )
                .bind(&plan.authority.code)
                .bind(i64::from(plan.period.start_year))
                .bind(i64::from(plan.period.end_year))
                .bind(&plan.document.title)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                SavedPlan {
                    id,
                    revision: 1,
                    changed: true,
                }
            }
        };
        sqlx::query(
            "INSERT INTO plan_revisions (plan_id, revision, document, source, loaded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(saved.id)
        .bind(saved.revision)
        .bind(&document)
        .bind(source)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let action = if saved.revision == 1 {
            "plan.create"
        } else {
            "plan.revise"
        };
        let event = Event::new(action, "plan", saved.id).after(&serde_json::json!({
            "revision": saved.revision,
            "title": plan.document.title,
        }));
        append(&mut tx, &plan.authority.code, actor, &event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every plan, by province then commune code.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>> {
        let sql = format!("{SUMMARY_SELECT} ORDER BY c.province_code, pl.tenant_code, pl.start_year");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(summary).collect()
    }

    /// The plans of one commune, newest period first.
    pub async fn plans_of(&self, commune_code: &str) -> Result<Vec<PlanSummary>> {
        let sql = format!("{SUMMARY_SELECT} WHERE pl.tenant_code = $1 ORDER BY pl.start_year DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(commune_code)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(summary).collect()
    }

    /// A plan at its current revision.
    pub async fn plan(&self, id: i64) -> Result<Option<StoredPlan>> {
        let sql = format!("{SUMMARY_SELECT} WHERE pl.id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let summary = summary(&row)?;
        let document: String =
            sqlx::query_scalar("SELECT document FROM plan_revisions WHERE plan_id = $1 AND revision = $2")
                .bind(id)
                .bind(summary.revision)
                .fetch_one(&self.pool)
                .await?;
        Ok(Some(StoredPlan {
            summary,
            plan: serde_json::from_str(&document)?,
        }))
    }

    /// The revisions of a plan, oldest first.
    pub async fn plan_revisions(&self, id: i64) -> Result<Vec<PlanRevisionRow>> {
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT revision, loaded_at FROM plan_revisions WHERE plan_id = $1 ORDER BY revision")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(revision, loaded_at)| PlanRevisionRow { revision, loaded_at })
            .collect())
    }
}
