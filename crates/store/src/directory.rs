//! The national directory: provinces and communes, searched without diacritics.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use thidua_domain::directory::{Commune, Directory};
use thidua_domain::text::fold;

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub commune_count: i64,
    pub plan_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommuneRow {
    pub code: String,
    pub name: String,
    /// "xã", "phường" or "đặc khu".
    pub kind: String,
    pub province_code: String,
    pub province_name: String,
    pub plan_count: i64,
}

const COMMUNE_COLUMNS: &str = "c.code, c.name, c.kind, c.province_code, p.name AS province_name, \
     (SELECT COUNT(*) FROM plans WHERE tenant_code = c.code) AS plan_count";

fn commune_row(row: &AnyRow) -> Result<CommuneRow> {
    Ok(CommuneRow {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
        province_code: row.try_get("province_code")?,
        province_name: row.try_get("province_name")?,
        plan_count: row.try_get("plan_count")?,
    })
}

/// Rows per multi-row INSERT: well under both engines' bind-parameter limits.
const BATCH: usize = 400;

impl Store {
    /// Loads the directory unless the database already holds exactly this many units.
    /// Returns true when it wrote.
    pub async fn sync_directory(&self, dir: &Directory) -> Result<bool> {
        let (provinces, communes): (i64, i64) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM provinces), (SELECT COUNT(*) FROM communes)")
                .fetch_one(&self.pool)
                .await?;
        if provinces == dir.provinces.len() as i64 && communes == dir.communes.len() as i64 {
            return Ok(false);
        }
        let mut tx = self.write().await?;
        for p in &dir.provinces {
            sqlx::query(
                "INSERT INTO provinces (code, name, kind, name_folded) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 name_folded = excluded.name_folded",
            )
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.kind)
            .bind(fold(&p.name))
            .execute(&mut *tx)
            .await?;
        }
        for chunk in dir.communes.chunks(BATCH) {
            let placeholders: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 6;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO communes (code, province_code, name, kind, short_folded, search_text) \
                 VALUES {} ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code, \
                 name = excluded.name, kind = excluded.kind, short_folded = excluded.short_folded, \
                 search_text = excluded.search_text",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for c in chunk {
                let province = dir.province(&c.province_code).map_or("", |p| p.name.as_str());
                q = q
                    .bind(&c.code)
                    .bind(&c.province_code)
                    .bind(&c.name)
                    .bind(c.kind.label())
                    .bind(fold(c.short_name()))
                    .bind(search_text(c, province));
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The 34 provinces in official code order, with how many communes and plans each has.
    pub async fn provinces(&self) -> Result<Vec<ProvinceRow>> {
        self.provinces_where("1 = 1", None).await
    }

    pub async fn province(&self, code: &str) -> Result<Option<ProvinceRow>> {
        Ok(self.provinces_where("p.code = $1", Some(code)).await?.pop())
    }

    /// Provinces with how many communes and plans each has, filtered by `condition`.
    async fn provinces_where(&self, condition: &str, code: Option<&str>) -> Result<Vec<ProvinceRow>> {
        let sql = format!(
            "SELECT p.code, p.name, p.kind, \
               (SELECT COUNT(*) FROM communes c WHERE c.province_code = p.code) AS commune_count, \
               (SELECT COUNT(*) FROM plans pl JOIN communes c ON c.code = pl.tenant_code \
                 WHERE c.province_code = p.code) AS plan_count \
             FROM provinces p WHERE {condition} ORDER BY p.code"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(code) = code {
            q = q.bind(code.to_owned());
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(ProvinceRow {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    commune_count: r.try_get("commune_count")?,
                    plan_count: r.try_get("plan_count")?,
                })
            })
            .collect()
    }

    /// The communes of a province, in official code order.
    pub async fn communes_of(&self, province_code: &str) -> Result<Vec<CommuneRow>> {
        let sql = format!(
            "SELECT {COMMUNE_COLUMNS} FROM communes c JOIN provinces p ON p.code = c.province_code \
             WHERE c.province_code = $1 ORDER BY c.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province_code)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(commune_row).collect()
    }

    pub async fn commune(&self, code: &str) -> Result<Option<CommuneRow>> {
        let sql = format!(
            "SELECT {COMMUNE_COLUMNS} FROM communes c JOIN provinces p ON p.code = c.province_code \
             WHERE c.code = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(commune_row).transpose()
    }

    /// Communes whose name (or province) has a word starting with each word of `query`,
    /// ignoring diacritics and case: "quang trach" finds "Xã Quảng Trạch". The exact name comes
    /// first, then names that start with the query, then names the query contains.
    pub async fn search_communes(&self, query: &str, limit: u32) -> Result<Vec<CommuneRow>> {
        let folded = fold(query);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).take(8).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // Folded words hold only letters and digits, so they need no LIKE escaping.
        let conditions: Vec<String> = (0..words.len())
            .map(|i| format!("(' ' || c.search_text) LIKE ${}", i + 3))
            .collect();
        let sql = format!(
            "SELECT {COMMUNE_COLUMNS} FROM communes c JOIN provinces p ON p.code = c.province_code \
             WHERE {} \
             ORDER BY CASE WHEN c.short_folded = $1 THEN 0 WHEN c.short_folded LIKE $2 THEN 1 \
                           WHEN $1 LIKE '%' || c.short_folded || '%' THEN 2 ELSE 3 END, \
                      LENGTH(c.short_folded), c.code \
             LIMIT {}",
            conditions.join(" AND "),
            limit.clamp(1, 200)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(folded.clone())
            .bind(format!("{folded}%"));
        for w in &words {
            q = q.bind(format!("% {w}%"));
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(commune_row).collect()
    }
}

fn search_text(c: &Commune, province_name: &str) -> String {
    fold(&format!("{} {province_name}", c.name))
}
