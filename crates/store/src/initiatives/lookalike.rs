//! The word index behind the look-alike check.

use super::*;

impl Reader<'_> {
    /// The look-alikes recorded when the initiative was submitted, closest first.
    pub async fn initiative_matches(&self, id: i64) -> Result<Vec<MatchRow>> {
        let rows = sqlx::query(
            "SELECT m.other_id, m.score_x1000, o.tenant_code, COALESCE(t.name, '') AS commune_name, \
             COALESCE(u.name, '') AS unit_name, o.title, o.status \
             FROM initiative_matches m JOIN initiatives me ON me.id = m.initiative_id \
             JOIN initiatives o ON o.id = m.other_id \
             LEFT JOIN tenants t ON t.code = o.tenant_code \
             LEFT JOIN units u ON u.id = o.unit_id AND u.tenant_code = o.tenant_code \
             WHERE me.tenant_code = $1 AND m.initiative_id = $2 ORDER BY m.score_x1000 DESC, m.other_id",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_all(&self.store().pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MatchRow {
                    other_id: r.try_get("other_id")?,
                    score_x1000: r.try_get("score_x1000")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    title: r.try_get("title")?,
                    status: r.try_get("status")?,
                })
            })
            .collect()
    }
}

/// Adds an initiative's words to its province's index and counts, in the caller's transaction.
pub(crate) async fn index_terms(tx: &mut crate::WriteTx, province: &str, id: i64, terms: &[String]) -> Result<()> {
    for chunk in terms.chunks(200) {
        let mut sql = String::from("INSERT INTO initiative_terms (province_code, term, initiative_id) VALUES ");
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, $2)", i + 3)).collect();
        sql.push_str(&rows.join(", "));
        sql.push_str(" ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province).bind(id);
        for t in chunk {
            q = q.bind(t.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    // The row with the empty term counts the province's initiatives.
    let mut counted: Vec<&str> = vec![""];
    counted.extend(terms.iter().map(String::as_str));
    for chunk in counted.chunks(200) {
        let mut sql = String::from("INSERT INTO initiative_term_counts (province_code, term, documents) VALUES ");
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, 1)", i + 2)).collect();
        sql.push_str(&rows.join(", "));
        sql.push_str(
            " ON CONFLICT (province_code, term) DO UPDATE SET documents = initiative_term_counts.documents + 1",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(province);
        for t in chunk {
            q = q.bind(*t);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// Tenant, province and form of one initiative, for the benchmark's probes.
    pub async fn initiative_by_id(&self, id: i64) -> Result<Option<(String, String, String)>> {
        Ok(
            sqlx::query_as("SELECT tenant_code, province_code, body FROM initiatives WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The highest initiative id (0 when there is none), for the benchmark's probes.
    pub async fn max_initiative_id(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM initiatives")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Adds to the per-province word counts (province, term, documents), for bulk loads.
    pub async fn add_term_counts(&self, rows: &[(String, String, i64)]) -> Result<()> {
        let mut tx = self.write().await?;
        for chunk in rows.chunks(300) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                .collect();
            let sql = format!(
                "INSERT INTO initiative_term_counts (province_code, term, documents) VALUES {} \
                 ON CONFLICT (province_code, term) DO UPDATE SET documents = initiative_term_counts.documents + excluded.documents",
                values.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (p, t, n) in chunk {
                q = q.bind(p.as_str()).bind(t.as_str()).bind(*n);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many of the province's initiatives use each word, and (under "") how many there are.
    pub async fn term_counts(&self, province: &str, terms: &[String]) -> Result<HashMap<String, i64>> {
        let mut out = HashMap::new();
        let mut all: Vec<&str> = vec![""];
        all.extend(terms.iter().map(String::as_str));
        for chunk in all.chunks(300) {
            let sql = format!(
                "SELECT term, documents FROM initiative_term_counts WHERE province_code = $1 AND term IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(province);
            for t in chunk {
                q = q.bind(*t);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// Initiatives of the province (not drafts, not withdrawn) sharing the most of `terms`,
    /// best first, at most `limit`, leaving out `except`.
    pub async fn initiative_candidates(
        &self,
        province: &str,
        terms: &[String],
        except: i64,
        limit: i64,
    ) -> Result<Vec<Candidate>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT initiative_id FROM initiative_terms WHERE province_code = $1 AND term IN ({}) \
             AND initiative_id <> $2 GROUP BY initiative_id ORDER BY COUNT(*) DESC, initiative_id DESC LIMIT ${}",
            placeholders(3, terms.len()),
            terms.len() + 3
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .bind(province)
            .bind(except);
        for t in terms {
            q = q.bind(t.as_str());
        }
        let ids = q.bind(limit).fetch_all(&self.pool).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT i.id, i.tenant_code, COALESCE(t.name, '') AS commune_name, COALESCE(u.name, '') AS unit_name, \
             i.title, i.body, i.status FROM initiatives i LEFT JOIN tenants t ON t.code = i.tenant_code \
             LEFT JOIN units u ON u.id = i.unit_id AND u.tenant_code = i.tenant_code \
             WHERE i.id IN ({}) AND i.status IN {VISIBLE}",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    id: r.try_get("id")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    status: r.try_get("status")?,
                })
            })
            .collect()
    }
}
