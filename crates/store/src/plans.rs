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
    /// issue | correction | amendment
    pub change: String,
    /// What the revision changed, in the commune's words.
    pub note: String,
    /// An amendment's own number and symbol and date ("12/KH-UBND", YYYY-MM-DD).
    pub doc_symbol: String,
    pub doc_date: String,
}

/// What kind of revision a save makes, as the paperwork has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionChange {
    /// issue (the first plan), correction (a typing error: no new document) or amendment
    /// ("điều chỉnh, bổ sung": its own number and date).
    pub change: String,
    pub note: String,
    pub doc_symbol: String,
    pub doc_date: String,
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
        let mut tx = self.write().await?;
        let change = RevisionChange {
            change: "amendment".into(),
            ..RevisionChange::default()
        };
        let saved = save_plan_in(&mut tx, actor, plan, source, &change).await?;
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
        let rows = sqlx::query(
            "SELECT revision, loaded_at, change, note, doc_symbol, doc_date FROM plan_revisions \
             WHERE plan_id = $1 ORDER BY revision",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PlanRevisionRow {
                    revision: r.try_get("revision")?,
                    loaded_at: r.try_get("loaded_at")?,
                    change: r.try_get("change")?,
                    note: r.try_get("note")?,
                    doc_symbol: r.try_get("doc_symbol")?,
                    doc_date: r.try_get("doc_date")?,
                })
            })
            .collect()
    }

    /// One revision of a plan as it was published.
    pub async fn plan_revision(&self, id: i64, revision: i64) -> Result<Option<Plan>> {
        let document: Option<String> =
            sqlx::query_scalar("SELECT document FROM plan_revisions WHERE plan_id = $1 AND revision = $2")
                .bind(id)
                .bind(revision)
                .fetch_optional(&self.pool)
                .await?;
        document.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }
}

/// Saves a validated plan inside the caller's transaction: a new plan, or the next revision of
/// the commune's plan for the same period (nothing when it is unchanged). Audited.
pub(crate) async fn save_plan_in(
    tx: &mut crate::WriteTx,
    actor: &Actor,
    plan: &Plan,
    source: &str,
    change: &RevisionChange,
) -> Result<SavedPlan> {
    let document = serde_json::to_string(plan)?;
    let now = now_unix();
    let existing: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, current_revision FROM plans WHERE tenant_code = $1 AND start_year = $2 AND end_year = $3",
    )
    .bind(&plan.authority.code)
    .bind(i64::from(plan.period.start_year))
    .bind(i64::from(plan.period.end_year))
    .fetch_optional(&mut **tx)
    .await?;
    let saved = match existing {
        Some((id, revision)) => {
            let current: String =
                sqlx::query_scalar("SELECT document FROM plan_revisions WHERE plan_id = $1 AND revision = $2")
                    .bind(id)
                    .bind(revision)
                    .fetch_one(&mut **tx)
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
                .execute(&mut **tx)
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
            .fetch_one(&mut **tx)
            .await?;
            SavedPlan {
                id,
                revision: 1,
                changed: true,
            }
        }
    };
    // The first revision is the issue whatever the caller called it.
    let kind = if saved.revision == 1 {
        "issue"
    } else {
        change.change.as_str()
    };
    sqlx::query(
        "INSERT INTO plan_revisions (plan_id, revision, document, source, loaded_at, change, note, doc_symbol, doc_date) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(saved.id)
    .bind(saved.revision)
    .bind(&document)
    .bind(source)
    .bind(now)
    .bind(kind)
    .bind(&change.note)
    .bind(&change.doc_symbol)
    .bind(&change.doc_date)
    .execute(&mut **tx)
    .await?;
    let action = if saved.revision == 1 {
        "plan.create"
    } else {
        "plan.revise"
    };
    let event = Event::new(action, "plan", saved.id).after(&serde_json::json!({
        "revision": saved.revision,
        "title": plan.document.title,
        "change": kind,
        "note": change.note,
        "doc_symbol": change.doc_symbol,
        "doc_date": change.doc_date,
    }));
    append(tx, &plan.authority.code, actor, &event).await?;
    Ok(saved)
}
