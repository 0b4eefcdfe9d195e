//! What the public pages list.

use super::*;

impl Store {
    /// Recognised initiatives for the public pages: of one commune (`tenant`), or the best
    /// of a province by the reviewers' mean (`province`).
    pub async fn public_initiatives(
        &self,
        tenant: Option<&str>,
        province: Option<&str>,
        limit: i64,
    ) -> Result<Vec<PublicInitiative>> {
        let (filter, key, order) = match (tenant, province) {
            (Some(t), _) => ("i.tenant_code = $1", t, "i.decision_date DESC, i.id DESC"),
            (None, Some(p)) => ("i.province_code = $1", p, "i.score_x100 DESC, i.id DESC"),
            (None, None) => return Ok(Vec::new()),
        };
        let sql = format!(
            "SELECT i.id, i.tenant_code, COALESCE(t.name, '') AS commune_name, COALESCE(u.name, '') AS unit_name, \
             i.kind, i.title, i.body, i.score_x100, i.decision_no, i.decision_date, i.year \
             FROM initiatives i LEFT JOIN tenants t ON t.code = i.tenant_code \
             LEFT JOIN units u ON u.id = i.unit_id AND u.tenant_code = i.tenant_code \
             WHERE {filter} AND i.status = 'recognised' ORDER BY {order} LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PublicInitiative {
                    id: r.try_get("id")?,
                    tenant_code: r.try_get("tenant_code")?,
                    commune_name: r.try_get("commune_name")?,
                    unit_name: r.try_get("unit_name")?,
                    kind: r.try_get("kind")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    score_x100: r.try_get("score_x100")?,
                    decision_no: r.try_get("decision_no")?,
                    decision_date: r.try_get("decision_date")?,
                    year: r.try_get("year")?,
                })
            })
            .collect()
    }
}
