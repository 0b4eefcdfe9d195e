//! Province-level nominations going up: the commune's Tờ trình takes its approved nominations
//! of one form to the province as a package, numbered from the commune's register; the province
//! sees only packages addressed to it and records its outcome on each nomination, which writes
//! the commune's registry in the same transaction.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Event, append};
use crate::commendation::{
    NOMINATION_COLUMNS, NewAwardRecord, NominationRow, award_purpose, insert_award, nomination, settle_claims,
};
use crate::scope::{Reader, Scope};
use crate::{Result, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageRow {
    pub id: i64,
    /// The commune that sent it.
    pub tenant_code: String,
    pub province_code: String,
    pub occasion_id: i64,
    pub form: String,
    pub symbol: String,
    pub sent_date: String,
    pub signer_name: String,
    pub signer_title: String,
    /// awaiting (its number) | sent | done
    pub status: String,
}

/// What the commune sends.
#[derive(Debug, Clone)]
pub struct NewPackage {
    pub province_code: String,
    pub occasion_id: i64,
    pub form: String,
    /// Trích yếu, as the register lists it.
    pub summary: String,
    /// The date the signer gave; the văn thư's registration gives the date it is sent.
    pub sent_date: String,
    pub signer_name: String,
    pub signer_title: String,
    pub nominations: Vec<i64>,
}

/// The province's word on one nomination of a package.
#[derive(Debug, Clone)]
pub enum ProvinceOutcome {
    /// Awarded by the province's decision: the award goes into the commune's registry.
    Awarded { award: NewAwardRecord, note: String },
    /// Not awarded, with the reason the commune reads.
    NotAwarded { reason: String },
    /// Sent on to a higher level (Thủ tướng, Chủ tịch nước), with where and by which paper.
    SentHigher { note: String },
}

const PACKAGE_COLUMNS: &str = "id, tenant_code, province_code, occasion_id, form, symbol, sent_date, signer_name, \
     signer_title, status";

fn package(r: &AnyRow) -> Result<PackageRow> {
    Ok(PackageRow {
        id: r.try_get("id")?,
        tenant_code: r.try_get("tenant_code")?,
        province_code: r.try_get("province_code")?,
        occasion_id: r.try_get("occasion_id")?,
        form: r.try_get("form")?,
        symbol: r.try_get("symbol")?,
        sent_date: r.try_get("sent_date")?,
        signer_name: r.try_get("signer_name")?,
        signer_title: r.try_get("signer_title")?,
        status: r.try_get("status")?,
    })
}

impl Reader<'_> {
    // ------------------------------------------------------------------ the commune

    /// The packages this commune sent on an occasion (0: all).
    pub async fn sent_packages(&self, occasion_id: i64) -> Result<Vec<PackageRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PACKAGE_COLUMNS} FROM forward_packages WHERE tenant_code = $1 AND ($2 = 0 OR occasion_id = $2) \
             ORDER BY id"
        )))
        .bind(self.tenant())
        .bind(occasion_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(package).collect()
    }

    /// One package this commune sent, with its nominations.
    pub async fn sent_package(&self, id: i64) -> Result<Option<(PackageRow, Vec<NominationRow>)>> {
        self.package_where("tenant_code", id).await
    }

    /// A package by id whose `column` (the sender or the addressee) is this tenant.
    async fn package_where(&self, column: &'static str, id: i64) -> Result<Option<(PackageRow, Vec<NominationRow>)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PACKAGE_COLUMNS} FROM forward_packages WHERE {column} = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(r) => {
                let p = package(&r)?;
                let list = self.package_members(&p).await?;
                Ok(Some((p, list)))
            }
            None => Ok(None),
        }
    }

    async fn package_members(&self, p: &PackageRow) -> Result<Vec<NominationRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NOMINATION_COLUMNS} FROM nominations n LEFT JOIN units u ON u.id = n.unit_id \
             WHERE n.tenant_code = $1 AND n.package_id = $2 ORDER BY n.female DESC, n.id"
        )))
        .bind(&p.tenant_code)
        .bind(p.id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(nomination).collect()
    }

    // ------------------------------------------------------------------ the province

    /// Packages addressed to this province, newest first.
    pub async fn received_packages(&self) -> Result<Vec<PackageRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PACKAGE_COLUMNS} FROM forward_packages WHERE province_code = $1 AND status <> 'awaiting' \
             ORDER BY status DESC, id DESC"
        )))
        .bind(self.tenant())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(package).collect()
    }

    /// One package addressed to this province, with its nominations; `None` for any other.
    pub async fn received_package(&self, id: i64) -> Result<Option<(PackageRow, Vec<NominationRow>)>> {
        match self.package_where("province_code", id).await? {
            Some((p, _)) if p.status == "awaiting" => Ok(None),
            found => Ok(found),
        }
    }
}

impl Scope<'_> {
    /// Enters the Tờ trình in the register (awaiting its number) and moves the nominations from
    /// approved to forwarded, all or nothing: `None` when one of them moved on meanwhile.
    pub async fn forward_nominations(&self, p: &NewPackage) -> Result<Option<PackageRow>> {
        let mut tx = self.store().write().await?;
        // 'awaiting', number 0: the province sees it once the văn thư registers it (crate::register).
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO forward_packages (tenant_code, province_code, occasion_id, form, number, symbol, sent_date, \
             signer_name, signer_title, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 0, '', $5, $6, $7, 'awaiting', $8, $9) RETURNING id",
        )
        .bind(self.tenant())
        .bind(&p.province_code)
        .bind(p.occasion_id)
        .bind(&p.form)
        .bind(&p.sent_date)
        .bind(&p.signer_name)
        .bind(&p.signer_title)
        .bind(&self.actor().username)
        .bind(now_unix())
        .fetch_one(&mut *tx)
        .await?;
        crate::register::enter_awaiting(
            &mut tx,
            self.tenant(),
            self.actor(),
            &crate::NewEntry {
                doc_type: thidua_domain::register::DocType::Submission,
                source: thidua_domain::register::Source::Package,
                source_id: id,
                summary: &p.summary,
                signer_name: &p.signer_name,
                signer_title: &p.signer_title,
                signed_date: &p.sent_date,
            },
        )
        .await?;
        for n in &p.nominations {
            let moved = sqlx::query(
                "UPDATE nominations SET status = 'forwarded', package_id = $1, step_due = '', updated_at = $2 \
                 WHERE tenant_code = $3 AND id = $4 AND occasion_id = $5 AND form = $6 AND status = 'approved'",
            )
            .bind(id)
            .bind(now_unix())
            .bind(self.tenant())
            .bind(n)
            .bind(p.occasion_id)
            .bind(&p.form)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved != 1 {
                return Ok(None);
            }
        }
        let after = serde_json::json!({
            "province": p.province_code, "form": p.form, "date": p.sent_date,
            "signer": p.signer_name, "nominations": p.nominations,
        });
        self.audit_in(&mut tx, &Event::new("nomination.forward", "package", id).after(&after))
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PACKAGE_COLUMNS} FROM forward_packages WHERE id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let row = package(&row)?;
        tx.commit().await?;
        Ok(Some(row))
    }

    /// Records the province's outcome on one forwarded nomination of a package addressed to
    /// it; false when the nomination is not waiting in that package. The commune's registry and
    /// both trails are written in the same transaction.
    pub async fn record_outcome(&self, package_id: i64, nomination_id: i64, outcome: &ProvinceOutcome) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let commune: Option<String> = sqlx::query_scalar(
            "SELECT tenant_code FROM forward_packages WHERE province_code = $1 AND id = $2 AND status <> 'awaiting'",
        )
        .bind(self.tenant())
        .bind(package_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(commune) = commune else {
            return Ok(false);
        };
        let (status, note) = match outcome {
            ProvinceOutcome::Awarded { note, .. } => ("decided", note.as_str()),
            ProvinceOutcome::NotAwarded { reason } => ("not_awarded", reason.as_str()),
            ProvinceOutcome::SentHigher { note } => ("forwarded", note.as_str()),
        };
        let moved = sqlx::query(
            "UPDATE nominations SET status = $1, outcome_note = $2, updated_at = $3 \
             WHERE tenant_code = $4 AND id = $5 AND package_id = $6 AND status = 'forwarded' AND outcome_note = ''",
        )
        .bind(status)
        .bind(note)
        .bind(now_unix())
        .bind(&commune)
        .bind(nomination_id)
        .bind(package_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !moved {
            return Ok(false);
        }
        let mut after = serde_json::json!({ "package": package_id, "status": status, "note": note });
        match outcome {
            ProvinceOutcome::Awarded { award, .. } => {
                settle_claims(
                    &mut tx,
                    &commune,
                    self.actor(),
                    nomination_id,
                    Some(&award_purpose(award)),
                )
                .await?;
            }
            ProvinceOutcome::NotAwarded { .. } => {
                settle_claims(&mut tx, &commune, self.actor(), nomination_id, None).await?;
            }
            ProvinceOutcome::SentHigher { .. } => {}
        }
        if let ProvinceOutcome::Awarded { award, .. } = outcome {
            let record = insert_award(&mut tx, &commune, &self.actor().username, award).await?;
            after["award"] = serde_json::json!({
                "record": record, "form": award.form, "decision_no": award.decision_no,
                "decision_date": award.decision_date, "amount": award.amount,
            });
        }
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM nominations WHERE tenant_code = $1 AND package_id = $2 \
             AND status = 'forwarded' AND outcome_note = ''",
        )
        .bind(&commune)
        .bind(package_id)
        .fetch_one(&mut *tx)
        .await?;
        if waiting == 0 {
            sqlx::query("UPDATE forward_packages SET status = 'done' WHERE id = $1")
                .bind(package_id)
                .execute(&mut *tx)
                .await?;
        }
        let event = Event::new("nomination.outcome", "nomination", nomination_id).after(&after);
        self.audit_in(&mut tx, &event).await?;
        append(&mut tx, &commune, self.actor(), &event).await?;
        tx.commit().await?;
        Ok(true)
    }
}
