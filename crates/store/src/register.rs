//! The register of outgoing documents (sổ văn bản đi). Signing a decision or a Tờ trình enters
//! it here as awaiting, in the signing's transaction; the văn thư's registration gives it its
//! number and date and writes them, in one transaction, onto the paper itself and everything
//! that repeats them (the award registry behind the certificates, the package the province
//! receives). No other code gives a paper a number.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use thidua_domain::register::{DocType, Source};

use crate::audit::{Actor, Event};
use crate::commendation::{purpose, settle_claims};
use crate::scope::{Reader, Scope};
use crate::{Result, StoreError, WriteTx, now_unix};

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    pub id: i64,
    pub doc_type: DocType,
    pub source: Source,
    pub source_id: i64,
    /// Trích yếu nội dung: what the paper is about.
    pub summary: String,
    pub signer_name: String,
    pub signer_title: String,
    /// The date the signer gave (YYYY-MM-DD).
    pub signed_date: String,
    /// The number and date the văn thư gave; `None` while the paper awaits them.
    pub registered: Option<Registered>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registered {
    pub number: i64,
    /// "12/QĐ-UBND"
    pub symbol: String,
    /// YYYY-MM-DD
    pub date: String,
    pub by: String,
}

/// A paper entering the register as it is signed.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub doc_type: DocType,
    pub source: Source,
    pub source_id: i64,
    pub summary: &'a str,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub signed_date: &'a str,
}

/// What the văn thư gives a paper.
#[derive(Debug, Clone)]
pub struct Registration<'a> {
    pub number: i64,
    /// YYYY-MM-DD
    pub date: &'a str,
    pub year: i32,
    /// The issuer's abbreviation in the symbol: "UBND" → "12/QĐ-UBND".
    pub issuer: &'a str,
}

/// How a registration ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOutcome {
    Registered(RegisterEntry),
    /// The number is already in the register for that year and type: (whose summary).
    NumberTaken(String),
    /// Someone registered the paper meanwhile, or it is not this tenant's.
    NotAwaiting,
}

const ENTRY_COLUMNS: &str = "id, doc_type, source, source_id, summary, signer_name, signer_title, signed_date, \
     status, number, symbol, doc_date, registered_by";

fn entry(r: &AnyRow) -> Result<RegisterEntry> {
    let doc_type: String = r.try_get("doc_type")?;
    let source: String = r.try_get("source")?;
    let status: String = r.try_get("status")?;
    let registered = match status.as_str() {
        "awaiting" => None,
        "registered" => Some(Registered {
            number: r.try_get("number")?,
            symbol: r.try_get("symbol")?,
            date: r.try_get("doc_date")?,
            by: r.try_get("registered_by")?,
        }),
        _ => return Err(unknown("outgoing_documents.status", &status)),
    };
    Ok(RegisterEntry {
        id: r.try_get("id")?,
        doc_type: DocType::parse(&doc_type).ok_or_else(|| unknown("outgoing_documents.doc_type", &doc_type))?,
        source: Source::parse(&source).ok_or_else(|| unknown("outgoing_documents.source", &source))?,
        source_id: r.try_get("source_id")?,
        summary: r.try_get("summary")?,
        signer_name: r.try_get("signer_name")?,
        signer_title: r.try_get("signer_title")?,
        signed_date: r.try_get("signed_date")?,
        registered,
    })
}

fn unknown(column: &str, value: &str) -> StoreError {
    StoreError::UnknownValue {
        column: column.to_owned(),
        value: value.to_owned(),
    }
}

/// Enters a signed paper as awaiting its number, inside the signing's transaction.
pub(crate) async fn enter_awaiting(tx: &mut WriteTx, tenant: &str, by: &Actor, e: &NewEntry<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outgoing_documents (tenant_code, doc_type, source, source_id, summary, signer_name, \
         signer_title, signed_date, status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'awaiting', $9, $10) RETURNING id",
    )
    .bind(tenant)
    .bind(e.doc_type.code())
    .bind(e.source.code())
    .bind(e.source_id)
    .bind(e.summary)
    .bind(e.signer_name)
    .bind(e.signer_title)
    .bind(e.signed_date)
    .bind(&by.username)
    .bind(now_unix())
    .fetch_one(&mut **tx)
    .await?)
}

impl Reader<'_> {
    /// The papers waiting for their number, oldest first.
    pub async fn awaiting_entries(&self) -> Result<Vec<RegisterEntry>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE tenant_code = $1 AND status = 'awaiting' ORDER BY id"
        )))
        .bind(self.tenant())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The register of one year, in the order of its numbers within each type.
    pub async fn registered_entries(&self, year: i32) -> Result<Vec<RegisterEntry>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE tenant_code = $1 AND status = 'registered' \
             AND year = $2 ORDER BY doc_type, number"
        )))
        .bind(self.tenant())
        .bind(i64::from(year))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// One entry of this tenant's register.
    pub async fn register_entry(&self, id: i64) -> Result<Option<RegisterEntry>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE tenant_code = $1 AND id = $2"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(entry).transpose()
    }

    /// The entry of a paper of this tenant.
    pub async fn entry_of(&self, source: Source, source_id: i64) -> Result<Option<RegisterEntry>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE tenant_code = $1 AND source = $2 AND source_id = $3"
        )))
        .bind(self.tenant())
        .bind(source.code())
        .bind(source_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(entry).transpose()
    }

    /// The number after the highest given in a year and type: what the văn thư is offered.
    pub async fn next_number(&self, doc_type: DocType, year: i32) -> Result<i64> {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(number) FROM outgoing_documents WHERE tenant_code = $1 AND doc_type = $2 AND year = $3",
        )
        .bind(self.tenant())
        .bind(doc_type.code())
        .bind(i64::from(year))
        .fetch_one(self.pool())
        .await?;
        Ok(last.unwrap_or(0) + 1)
    }
}

impl Scope<'_> {
    /// Gives an awaiting paper its number and date, and writes them onto the paper and what
    /// repeats it, all or nothing.
    pub async fn register_document(&self, id: i64, r: &Registration<'_>) -> Result<RegisterOutcome> {
        let mut tx = self.store().write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE tenant_code = $1 AND id = $2 AND status = 'awaiting'"
        )))
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(awaiting) = row.as_ref().map(entry).transpose()? else {
            return Ok(RegisterOutcome::NotAwaiting);
        };
        let taken: Option<String> = sqlx::query_scalar(
            "SELECT summary FROM outgoing_documents WHERE tenant_code = $1 AND year = $2 AND doc_type = $3 \
             AND number = $4",
        )
        .bind(self.tenant())
        .bind(i64::from(r.year))
        .bind(awaiting.doc_type.code())
        .bind(r.number)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(summary) = taken {
            return Ok(RegisterOutcome::NumberTaken(summary));
        }
        let symbol = awaiting.doc_type.symbol(r.number, r.issuer);
        let updated = sqlx::query(
            "UPDATE outgoing_documents SET status = 'registered', number = $1, symbol = $2, doc_date = $3, year = $4, \
             registered_by = $5, registered_at = $6 WHERE id = $7 AND status = 'awaiting'",
        )
        .bind(r.number)
        .bind(&symbol)
        .bind(r.date)
        .bind(i64::from(r.year))
        .bind(&self.actor().username)
        .bind(now_unix())
        .bind(id)
        .execute(&mut *tx)
        .await;
        match updated {
            Ok(done) if done.rows_affected() == 1 => {}
            Ok(_) => return Ok(RegisterOutcome::NotAwaiting),
            // Another văn thư took the number between our check and our write (PostgreSQL).
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Ok(RegisterOutcome::NumberTaken(String::new()));
            }
            Err(e) => return Err(e.into()),
        }
        match awaiting.source {
            Source::Decision => {
                sqlx::query(
                    "UPDATE award_decisions SET number = $1, symbol = $2, decision_date = $3 \
                     WHERE tenant_code = $4 AND id = $5",
                )
                .bind(r.number)
                .bind(&symbol)
                .bind(r.date)
                .bind(self.tenant())
                .bind(awaiting.source_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE award_records SET decision_no = $1, decision_date = $2 WHERE tenant_code = $3 \
                     AND nomination_id IN (SELECT id FROM nominations WHERE tenant_code = $3 AND decision_id = $4)",
                )
                .bind(&symbol)
                .bind(r.date)
                .bind(self.tenant())
                .bind(awaiting.source_id)
                .execute(&mut *tx)
                .await?;
                // What its nominations cited is used for this award from now on.
                let decided: Vec<(i64, String)> =
                    sqlx::query_as("SELECT id, form FROM nominations WHERE tenant_code = $1 AND decision_id = $2")
                        .bind(self.tenant())
                        .bind(awaiting.source_id)
                        .fetch_all(&mut *tx)
                        .await?;
                for (nomination, form) in decided {
                    let used_for = purpose(&form, &symbol);
                    settle_claims(&mut tx, self.tenant(), self.actor(), nomination, Some(&used_for)).await?;
                }
            }
            Source::Package => {
                sqlx::query(
                    "UPDATE forward_packages SET number = $1, symbol = $2, sent_date = $3, status = 'sent' \
                     WHERE tenant_code = $4 AND id = $5 AND status = 'awaiting'",
                )
                .bind(r.number)
                .bind(&symbol)
                .bind(r.date)
                .bind(self.tenant())
                .bind(awaiting.source_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let after = serde_json::json!({
            "symbol": symbol, "date": r.date, "type": awaiting.doc_type.label(), "summary": awaiting.summary,
        });
        self.audit_in(&mut tx, &Event::new("register.entry", "register", id).after(&after))
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outgoing_documents WHERE id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let done = entry(&row)?;
        tx.commit().await?;
        Ok(RegisterOutcome::Registered(done))
    }
}
