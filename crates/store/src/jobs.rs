//! Progress of background imports: one row per job, polled by the page that shows it.

use serde::Serialize;
use sqlx::Row;

use crate::scope::{Reader, Scope};
use crate::{Result, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportJobRow {
    pub id: i64,
    pub user_id: i64,
    pub list_kind: String,
    /// What the job is doing now, in Vietnamese.
    pub stage: String,
    pub done_rows: i64,
    pub total_rows: i64,
    pub finished: bool,
    /// The outcome as JSON once finished.
    pub outcome: String,
    pub updated_at: i64,
}

impl Reader<'_> {
    pub async fn import_job(&self, id: i64) -> Result<Option<ImportJobRow>> {
        let row = sqlx::query(
            "SELECT id, user_id, list_kind, stage, done_rows, total_rows, finished, outcome, updated_at \
             FROM import_jobs WHERE tenant_code = $1 AND id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&self.store().pool)
        .await?;
        row.map(|r| {
            Ok(ImportJobRow {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                list_kind: r.try_get("list_kind")?,
                stage: r.try_get("stage")?,
                done_rows: r.try_get("done_rows")?,
                total_rows: r.try_get("total_rows")?,
                finished: r.try_get::<i64, _>("finished")? != 0,
                outcome: r.try_get("outcome")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .transpose()
    }
}

impl Scope<'_> {
    pub async fn start_import_job(&self, user_id: i64, list_kind: &str, stage: &str) -> Result<i64> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO import_jobs (tenant_code, user_id, list_kind, stage, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(self.tenant())
        .bind(user_id)
        .bind(list_kind)
        .bind(stage)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn import_progress(&self, id: i64, stage: &str, done_rows: i64, total_rows: i64) -> Result<()> {
        sqlx::query(
            "UPDATE import_jobs SET stage = $1, done_rows = $2, total_rows = $3, updated_at = $4 \
             WHERE tenant_code = $5 AND id = $6",
        )
        .bind(stage)
        .bind(done_rows)
        .bind(total_rows)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&self.store().pool)
        .await?;
        Ok(())
    }

    pub async fn finish_import_job(&self, id: i64, outcome: &str) -> Result<()> {
        sqlx::query(
            "UPDATE import_jobs SET finished = 1, outcome = $1, updated_at = $2 WHERE tenant_code = $3 AND id = $4",
        )
        .bind(outcome)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(id)
        .execute(&self.store().pool)
        .await?;
        Ok(())
    }
}
