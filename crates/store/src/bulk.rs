//! Multi-row inserts for the synthetic national data set used by benchmarks. Real work goes
//! through [`crate::Scope`] and the audit trail; this fills a database fast, many rows per
//! statement and many statements per transaction.

use crate::{Result, Store};

/// One cell of a bulk row.
#[derive(Debug, Clone)]
pub enum Cell {
    Int(i64),
    Text(String),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

/// Rows per INSERT statement: well under both engines' limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 400;

impl Store {
    /// Inserts `rows` into `table` in one transaction; rows that hit a unique key are skipped.
    pub async fn bulk_insert(&self, table: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
        let mut tx = self.write().await?;
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            let mut n = 0;
            for (i, _) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..columns.len() {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    n += 1;
                    sql.push_str(&format!("${n}"));
                }
                sql.push(')');
            }
            sql.push_str(" ON CONFLICT DO NOTHING");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for row in chunk {
                for cell in row {
                    q = match cell {
                        Cell::Int(v) => q.bind(*v),
                        Cell::Text(v) => q.bind(v.clone()),
                    };
                }
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// (id, name) of every unit of a tenant.
    pub async fn unit_ids(&self, tenant: &str) -> Result<Vec<(i64, String)>> {
        Ok(
            sqlx::query_as("SELECT id, name FROM units WHERE tenant_code = $1 ORDER BY id")
                .bind(tenant)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Ids by a text key in one table, for linking rows inserted in bulk.
    pub async fn ids_by(&self, sql: &str, key: &str) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(key)
            .fetch_all(&self.pool)
            .await?)
    }

    /// (report id, unit id) of every report of a period.
    pub async fn report_units(&self, period_id: i64) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as("SELECT id, unit_id FROM reports WHERE period_id = $1")
            .bind(period_id)
            .fetch_all(&self.pool)
            .await?)
    }
}
