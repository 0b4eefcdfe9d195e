//! Reporting periods, registrations, unit reports with their versions and attachments, and
//! the commune's roll-up to its province. Every change appends to the audit trail in its own
//! transaction; state changes are single conditional UPDATEs, so two submissions or two
//! reviews racing each other cannot both win.

use serde::Serialize;
use sqlx::Row;

use crate::audit::{Event, append};
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodRow {
    pub id: i64,
    pub plan_id: i64,
    pub year: i32,
    pub kind: String,
    /// YYYY-MM-DD or empty.
    pub registration_due: String,
    pub unit_due: String,
    pub province_due: String,
    pub due_source: String,
    pub remind_days: i64,
}

/// A period that still runs on its plan's dates, and the dates an amended plan gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowedDates {
    pub before: PeriodRow,
    /// YYYY-MM-DD or empty.
    pub registration_due: String,
    pub unit_due: String,
    pub province_due: String,
}

/// Moves each period to its plan's amended dates inside the transaction that publishes the
/// amendment, so the plan and the dates units are held to never disagree. A period whose dates
/// the commune set itself meanwhile (`due_source` no longer 'plan') is left alone.
pub(crate) async fn follow_plan_dates_in(
    tx: &mut crate::WriteTx,
    (tenant, actor): (&str, &crate::Actor),
    plan_id: i64,
    moves: &[FollowedDates],
) -> Result<()> {
    for m in moves {
        let moved = sqlx::query(
            "UPDATE report_periods SET registration_due = $1, unit_due = $2, province_due = $3 \
             WHERE tenant_code = $4 AND id = $5 AND plan_id = $6 AND due_source = 'plan'",
        )
        .bind(&m.registration_due)
        .bind(&m.unit_due)
        .bind(&m.province_due)
        .bind(tenant)
        .bind(m.before.id)
        .bind(plan_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            let after = serde_json::json!({
                "registration_due": m.registration_due, "unit_due": m.unit_due, "province_due": m.province_due,
            });
            let event = Event::new("period.plan_dates", "report_period", m.before.id)
                .before(&m.before)
                .after(&after);
            append(tx, tenant, actor, &event).await?;
        }
    }
    Ok(())
}

/// A period to create when it does not exist yet.
#[derive(Debug, Clone)]
pub struct NewPeriod {
    pub plan_id: i64,
    pub year: i32,
    pub kind: String,
    pub registration_due: String,
    pub unit_due: String,
    pub province_due: String,
    pub due_source: String,
    pub remind_days: i64,
}

const PERIOD_COLUMNS: &str =
    "id, plan_id, year, kind, registration_due, unit_due, province_due, due_source, remind_days";

fn period(row: &sqlx::any::AnyRow) -> Result<PeriodRow> {
    Ok(PeriodRow {
        id: row.try_get("id")?,
        plan_id: row.try_get("plan_id")?,
        year: i32::try_from(row.try_get::<i64, _>("year")?).unwrap_or_default(),
        kind: row.try_get("kind")?,
        registration_due: row.try_get("registration_due")?,
        unit_due: row.try_get("unit_due")?,
        province_due: row.try_get("province_due")?,
        due_source: row.try_get("due_source")?,
        remind_days: row.try_get("remind_days")?,
    })
}

/// A unit's report: where it stands and its working copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub period_id: i64,
    pub unit_id: i64,
    pub status: String,
    pub draft: String,
    pub version: i64,
    pub first_submitted_at: i64,
    pub late_seconds: i64,
    pub updated_at: i64,
}

impl ReportRow {
    /// Where the report stands; an unknown stored code is an error, never a guess.
    pub fn report_status(&self) -> Result<thidua_domain::reporting::ReportStatus> {
        thidua_domain::reporting::ReportStatus::parse(&self.status).ok_or_else(|| crate::StoreError::UnknownValue {
            column: "reports.status".into(),
            value: self.status.clone(),
        })
    }
}

/// The status of a unit's report, or "not started" when it has none.
pub fn status_of(report: Option<&ReportRow>) -> Result<thidua_domain::reporting::ReportStatus> {
    Ok(report
        .map(ReportRow::report_status)
        .transpose()?
        .unwrap_or(thidua_domain::reporting::ReportStatus::NotStarted))
}

const REPORT_COLUMNS: &str =
    "id, period_id, unit_id, status, draft, version, first_submitted_at, late_seconds, updated_at";

fn report(row: &sqlx::any::AnyRow) -> Result<ReportRow> {
    Ok(ReportRow {
        id: row.try_get("id")?,
        period_id: row.try_get("period_id")?,
        unit_id: row.try_get("unit_id")?,
        status: row.try_get("status")?,
        draft: row.try_get("draft")?,
        version: row.try_get("version")?,
        first_submitted_at: row.try_get("first_submitted_at")?,
        late_seconds: row.try_get("late_seconds")?,
        updated_at: row.try_get("updated_at")?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportVersionRow {
    pub version: i64,
    pub body: String,
    pub submitted_at: i64,
    pub submitted_by: String,
    pub on_behalf: String,
    pub late_seconds: i64,
    pub review: String,
    pub review_reason: String,
    pub reviewed_by: String,
    pub reviewed_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRow {
    pub id: i64,
    pub report_id: i64,
    pub version: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRow {
    pub unit_id: i64,
    pub body: String,
    pub registered_at: i64,
    pub registered_by: String,
    pub on_behalf: bool,
    pub late_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollupRow {
    pub period_id: i64,
    pub tenant_code: String,
    pub year: i32,
    pub body: String,
    /// draft | sent | returned (by the province, with `return_reason`)
    pub status: String,
    pub sent_at: i64,
    pub sent_by: String,
    pub late_seconds: i64,
    /// When the province first opened it (0: not yet); from then on the commune cannot recall it.
    pub opened_at: i64,
    pub return_reason: String,
}

/// Why a report change was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportConflict {
    /// Already submitted or accepted: the working copy is closed.
    NotEditable,
    /// The officer acted on a version that is no longer the one waiting.
    NotWaiting,
}

/// A submission that was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitted {
    pub report_id: i64,
    pub version: i64,
}

impl Reader<'_> {
    // ------------------------------------------------------------------ periods

    pub async fn period_of_year(&self, year: i32) -> Result<Option<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 AND year = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(i64::from(year))
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(period).transpose()
    }

    pub async fn period(&self, id: i64) -> Result<Option<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(period).transpose()
    }

    pub async fn periods(&self) -> Result<Vec<PeriodRow>> {
        let sql = format!("SELECT {PERIOD_COLUMNS} FROM report_periods WHERE tenant_code = $1 ORDER BY year");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(period).collect()
    }

    pub async fn registrations(&self, period_id: i64) -> Result<Vec<RegistrationRow>> {
        let rows = sqlx::query(
            "SELECT unit_id, body, registered_at, registered_by, on_behalf, late_seconds FROM registrations \
             WHERE tenant_code = $1 AND period_id = $2 ORDER BY unit_id",
        )
        .bind(self.tenant())
        .bind(period_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RegistrationRow {
                    unit_id: r.try_get("unit_id")?,
                    body: r.try_get("body")?,
                    registered_at: r.try_get("registered_at")?,
                    registered_by: r.try_get("registered_by")?,
                    on_behalf: r.try_get::<i64, _>("on_behalf")? != 0,
                    late_seconds: r.try_get("late_seconds")?,
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ reports

    pub async fn report(&self, period_id: i64, unit_id: i64) -> Result<Option<ReportRow>> {
        let sql =
            format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(period_id)
            .bind(unit_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(report).transpose()
    }

    pub async fn report_by_id(&self, id: i64) -> Result<Option<ReportRow>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(report).transpose()
    }

    /// Every report of the period (units that have not started have no row).
    pub async fn period_reports(&self, period_id: i64) -> Result<Vec<ReportRow>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tenant_code = $1 AND period_id = $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.tenant())
            .bind(period_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(report).collect()
    }

    /// The body of each report's latest submitted version, for the roll-up.
    pub async fn latest_versions(&self, period_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT r.unit_id, v.body FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.version = r.version \
             WHERE r.tenant_code = $1 AND r.period_id = $2 AND r.version > 0",
        )
        .bind(self.tenant())
        .bind(period_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn report_versions(&self, report_id: i64) -> Result<Vec<ReportVersionRow>> {
        let rows = sqlx::query(
            "SELECT version, body, submitted_at, submitted_by, on_behalf, late_seconds, review, review_reason, \
             reviewed_by, reviewed_at FROM report_versions WHERE tenant_code = $1 AND report_id = $2 ORDER BY version",
        )
        .bind(self.tenant())
        .bind(report_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportVersionRow {
                    version: r.try_get("version")?,
                    body: r.try_get("body")?,
                    submitted_at: r.try_get("submitted_at")?,
                    submitted_by: r.try_get("submitted_by")?,
                    on_behalf: r.try_get("on_behalf")?,
                    late_seconds: r.try_get("late_seconds")?,
                    review: r.try_get("review")?,
                    review_reason: r.try_get("review_reason")?,
                    reviewed_by: r.try_get("reviewed_by")?,
                    reviewed_at: r.try_get("reviewed_at")?,
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ attachments

    pub async fn attachments(&self, report_id: i64) -> Result<Vec<AttachmentRow>> {
        let rows = sqlx::query(
            "SELECT id, report_id, version, file_name, content_type, size, sha256, uploaded_at, uploaded_by \
             FROM attachments WHERE tenant_code = $1 AND report_id = $2 ORDER BY id",
        )
        .bind(self.tenant())
        .bind(report_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    version: r.try_get("version")?,
                    file_name: r.try_get("file_name")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                    uploaded_by: r.try_get("uploaded_by")?,
                })
            })
            .collect()
    }

    /// The file's name, type and bytes.
    pub async fn attachment_data(&self, id: i64) -> Result<Option<(i64, String, String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT report_id, file_name, content_type, data FROM attachments WHERE tenant_code = $1 AND id = $2",
        )
        .bind(self.tenant())
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn rollup(&self, period_id: i64) -> Result<Option<RollupRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE tenant_code = $1 AND period_id = $2"
        )))
        .bind(self.tenant())
        .bind(period_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(rollup).transpose()
    }

    pub(crate) fn pool(&self) -> &sqlx::AnyPool {
        &self.store().pool
    }
}

impl Scope<'_> {
    /// The period of `year`, created from `new` the first time it is asked for.
    pub async fn ensure_period(&self, new: &NewPeriod) -> Result<PeriodRow> {
        if let Some(p) = self.period_of_year(new.year).await? {
            return Ok(p);
        }
        let mut tx = self.store().write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO report_periods (tenant_code, plan_id, year, kind, registration_due, unit_due, province_due, \
             due_source, remind_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (tenant_code, year) DO NOTHING RETURNING id",
        )
        .bind(self.tenant())
        .bind(new.plan_id)
        .bind(i64::from(new.year))
        .bind(&new.kind)
        .bind(&new.registration_due)
        .bind(&new.unit_due)
        .bind(&new.province_due)
        .bind(&new.due_source)
        .bind(new.remind_days)
        .bind(now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            let after = serde_json::json!({
                "year": new.year, "kind": new.kind, "unit_due": new.unit_due, "province_due": new.province_due,
            });
            self.audit_in(&mut tx, &Event::new("period.open", "report_period", id).after(&after))
                .await?;
        }
        tx.commit().await?;
        Ok(self
            .period_of_year(new.year)
            .await?
            .expect("the period was just created or already existed"))
    }

    /// The standing office sets the dates a plan leaves open (or moves them).
    pub async fn set_period_dues(
        &self,
        id: i64,
        registration_due: &str,
        unit_due: &str,
        province_due: &str,
        remind_days: i64,
    ) -> Result<bool> {
        let Some(before) = self.period(id).await? else {
            return Ok(false);
        };
        let mut tx = self.store().write().await?;
        sqlx::query(
            "UPDATE report_periods SET registration_due = $1, unit_due = $2, province_due = $3, remind_days = $4, \
             due_source = 'commune' WHERE tenant_code = $5 AND id = $6",
        )
        .bind(registration_due)
        .bind(unit_due)
        .bind(province_due)
        .bind(remind_days)
        .bind(self.tenant())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({
            "registration_due": registration_due, "unit_due": unit_due, "province_due": province_due,
            "remind_days": remind_days,
        });
        self.commit_audited(
            tx,
            &Event::new("period.dates", "report_period", id)
                .before(&before)
                .after(&after),
        )
        .await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ registrations

    /// Records (or replaces) a unit's registration for the period.
    pub async fn register(&self, period_id: i64, unit_id: i64, body: &str, late_seconds: i64) -> Result<()> {
        let mut tx = self.store().write().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT body FROM registrations WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO registrations (tenant_code, period_id, unit_id, body, registered_at, registered_by, on_behalf, \
             late_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (period_id, unit_id) DO UPDATE SET \
             body = excluded.body, registered_at = excluded.registered_at, registered_by = excluded.registered_by, \
             on_behalf = excluded.on_behalf, late_seconds = excluded.late_seconds",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .bind(body)
        .bind(now_unix())
        .bind(&self.actor().username)
        .bind(i64::from(!self.actor().on_behalf_of.is_empty()))
        .bind(late_seconds)
        .execute(&mut *tx)
        .await?;
        let mut event = Event::new("registration.save", "registration", format!("{period_id}/{unit_id}"));
        event.after = body.to_owned();
        event.before = before.unwrap_or_default();
        self.commit_audited(tx, &event).await?;
        Ok(())
    }

    /// Makes the report row exist (as an empty draft) and returns its id.
    async fn report_row(&self, tx: &mut crate::WriteTx, period_id: i64, unit_id: i64) -> Result<i64> {
        sqlx::query(
            "INSERT INTO reports (tenant_code, period_id, unit_id, status, draft, version, first_submitted_at, \
             late_seconds, updated_at) VALUES ($1, $2, $3, 'draft', '{}', 0, 0, 0, $4) \
             ON CONFLICT (period_id, unit_id) DO NOTHING",
        )
        .bind(self.tenant())
        .bind(period_id)
        .bind(unit_id)
        .bind(now_unix())
        .execute(&mut **tx)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT id FROM reports WHERE tenant_code = $1 AND period_id = $2 AND unit_id = $3")
                .bind(self.tenant())
                .bind(period_id)
                .bind(unit_id)
                .fetch_one(&mut **tx)
                .await?,
        )
    }

    /// Saves the working copy. Refused once the report is submitted or accepted.
    pub async fn save_draft(
        &self,
        period_id: i64,
        unit_id: i64,
        body: &str,
    ) -> Result<std::result::Result<i64, ReportConflict>> {
        let mut tx = self.store().write().await?;
        let id = self.report_row(&mut tx, period_id, unit_id).await?;
        let done = sqlx::query(
            "UPDATE reports SET draft = $1, updated_at = $2, status = CASE WHEN status = 'returned' THEN 'returned' \
             ELSE 'draft' END WHERE id = $3 AND status IN ('draft', 'returned')",
        )
        .bind(body)
        .bind(now_unix())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(Err(ReportConflict::NotEditable));
        }
        let mut event = Event::new("report.draft", "report", id);
        event.after = body.to_owned();
        self.commit_audited(tx, &event).await?;
        Ok(Ok(id))
    }

    /// Submits `body` as the next version. The version, its attachments and the audit entry
    /// are committed together; the call returns only after the commit is durable.
    pub async fn submit_report(
        &self,
        period_id: i64,
        unit_id: i64,
        body: &str,
        late_seconds: i64,
    ) -> Result<std::result::Result<Submitted, ReportConflict>> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let id = self.report_row(&mut tx, period_id, unit_id).await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE reports SET status = 'submitted', draft = $1, version = version + 1, updated_at = $2, \
             late_seconds = CASE WHEN first_submitted_at = 0 THEN $3 ELSE late_seconds END, \
             first_submitted_at = CASE WHEN first_submitted_at = 0 THEN $2 ELSE first_submitted_at END \
             WHERE id = $4 AND status IN ('draft', 'returned') RETURNING version",
        )
        .bind(body)
        .bind(now)
        .bind(late_seconds)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(version) = version else {
            // A retry of the submission already on file (a flaky connection) gets the first answer.
            let same: Option<i64> = sqlx::query_scalar(
                "SELECT r.version FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.version = r.version \
                 WHERE r.id = $1 AND r.status IN ('submitted', 'accepted') AND v.body = $2",
            )
            .bind(id)
            .bind(body)
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(match same {
                Some(version) => Ok(Submitted { report_id: id, version }),
                None => Err(ReportConflict::NotEditable),
            });
        };
        sqlx::query(
            "INSERT INTO report_versions (report_id, version, tenant_code, body, submitted_at, submitted_by, on_behalf, \
             late_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(version)
        .bind(self.tenant())
        .bind(body)
        .bind(now)
        .bind(&self.actor().username)
        .bind(&self.actor().on_behalf_of)
        .bind(late_seconds)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE attachments SET version = $1 WHERE report_id = $2 AND version = 0")
            .bind(version)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut event = Event::new("report.submit", "report", id);
        event.after = format!(
            "{{\"version\":{version},\"late_seconds\":{late_seconds},\"body\":{}}}",
            if body.is_empty() { "null" } else { body }
        );
        self.commit_audited(tx, &event).await?;
        Ok(Ok(Submitted { report_id: id, version }))
    }

    /// The officer's verdict on the version waiting: accepted, or returned with a reason
    /// (the unit may then edit and resubmit).
    pub async fn review_report(
        &self,
        report_id: i64,
        version: i64,
        accept: bool,
        reason: &str,
    ) -> Result<std::result::Result<(), ReportConflict>> {
        let status = if accept { "accepted" } else { "returned" };
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = $1, updated_at = $2 WHERE tenant_code = $3 AND id = $4 AND version = $5 \
             AND status = 'submitted'",
        )
        .bind(status)
        .bind(now)
        .bind(self.tenant())
        .bind(report_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(Err(ReportConflict::NotWaiting));
        }
        sqlx::query(
            "UPDATE report_versions SET review = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4 \
             WHERE report_id = $5 AND version = $6",
        )
        .bind(status)
        .bind(reason)
        .bind(&self.actor().username)
        .bind(now)
        .bind(report_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        let action = if accept { "report.accept" } else { "report.return" };
        let after = serde_json::json!({ "version": version, "status": status, "reason": reason });
        self.commit_audited(tx, &Event::new(action, "report", report_id).after(&after))
            .await?;
        Ok(Ok(()))
    }

    /// Adds a file to the working copy of a report that may still be edited.
    pub async fn add_attachment(
        &self,
        period_id: i64,
        unit_id: i64,
        file_name: &str,
        content_type: &str,
        data: &[u8],
    ) -> Result<std::result::Result<i64, ReportConflict>> {
        use sha2::{Digest, Sha256};
        let sha = crate::audit::hex(&Sha256::digest(data));
        let mut tx = self.store().write().await?;
        let report_id = self.report_row(&mut tx, period_id, unit_id).await?;
        let status: String = sqlx::query_scalar("SELECT status FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_one(&mut *tx)
            .await?;
        if !matches!(status.as_str(), "draft" | "returned") {
            return Ok(Err(ReportConflict::NotEditable));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (tenant_code, report_id, version, file_name, content_type, size, sha256, data, \
             uploaded_at, uploaded_by) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(self.tenant())
        .bind(report_id)
        .bind(file_name)
        .bind(content_type)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(&sha)
        .bind(data.to_vec())
        .bind(now_unix())
        .bind(&self.actor().username)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({
            "report": report_id, "file_name": file_name, "content_type": content_type, "size": data.len(), "sha256": sha,
        });
        self.commit_audited(tx, &Event::new("attachment.add", "attachment", id).after(&after))
            .await?;
        Ok(Ok(id))
    }

    /// Removes a file not yet submitted with a version.
    pub async fn remove_attachment(&self, id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query("DELETE FROM attachments WHERE tenant_code = $1 AND id = $2 AND version = 0")
            .bind(self.tenant())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done > 0 {
            self.audit_in(&mut tx, &Event::new("attachment.remove", "attachment", id))
                .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }

    // ------------------------------------------------------------------ roll-up

    /// Saves the summary; `send` makes it final and visible to the province. A sent summary
    /// is not changed again.
    pub async fn save_rollup(
        &self,
        period: &PeriodRow,
        province_code: &str,
        body: &str,
        send: bool,
        late_seconds: i64,
    ) -> Result<bool> {
        let now = now_unix();
        let mut tx = self.store().write().await?;
        let status = if send { "sent" } else { "draft" };
        let sent_at = if send { now } else { 0 };
        let sent_by = if send { self.actor().username.as_str() } else { "" };
        let done = sqlx::query(
            "INSERT INTO rollups (period_id, tenant_code, province_code, year, body, status, sent_at, sent_by, \
             late_seconds, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (period_id) DO UPDATE SET body = excluded.body, status = excluded.status, \
             sent_at = excluded.sent_at, sent_by = excluded.sent_by, late_seconds = excluded.late_seconds, \
             updated_at = excluded.updated_at, opened_at = 0 WHERE rollups.status IN ('draft', 'returned')",
        )
        .bind(period.id)
        .bind(self.tenant())
        .bind(province_code)
        .bind(i64::from(period.year))
        .bind(body)
        .bind(status)
        .bind(sent_at)
        .bind(sent_by)
        .bind(if send { late_seconds } else { 0 })
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(false);
        }
        let mut event = Event::new(if send { "rollup.send" } else { "rollup.save" }, "rollup", period.id);
        event.after = body.to_owned();
        self.commit_audited(tx, &event).await?;
        Ok(true)
    }

    /// Takes a sent summary back to draft, while the province has not opened it.
    pub async fn recall_rollup(&self, period_id: i64) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let done = sqlx::query(
            "UPDATE rollups SET status = 'draft', sent_at = 0, sent_by = '', late_seconds = 0, updated_at = $1 \
             WHERE tenant_code = $2 AND period_id = $3 AND status = 'sent' AND opened_at = 0",
        )
        .bind(now_unix())
        .bind(self.tenant())
        .bind(period_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Ok(false);
        }
        self.commit_audited(tx, &Event::new("rollup.recall", "rollup", period_id))
            .await?;
        Ok(true)
    }

    // ------------------------------------------------------------------ the province's desk

    /// A commune's summary as its province reads it (this scope is the province); the first
    /// reading marks it opened, in the commune's trail, so the commune can no longer recall it.
    pub async fn open_rollup(&self, commune: &str, year: i32) -> Result<Option<RollupRow>> {
        let mut tx = self.store().write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE province_code = $1 AND tenant_code = $2 AND year = $3 \
             AND status IN ('sent', 'returned')"
        )))
        .bind(self.tenant())
        .bind(commune)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(mut found) = row.as_ref().map(rollup).transpose()? else {
            return Ok(None);
        };
        if found.status == "sent" && found.opened_at == 0 {
            found.opened_at = now_unix();
            sqlx::query("UPDATE rollups SET opened_at = $1 WHERE period_id = $2 AND opened_at = 0")
                .bind(found.opened_at)
                .bind(found.period_id)
                .execute(&mut *tx)
                .await?;
            append(
                &mut tx,
                commune,
                self.actor(),
                &Event::new("rollup.open", "rollup", found.period_id),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(Some(found))
    }

    /// The province returns a commune's sent summary with the reason; both trails keep it.
    pub async fn return_rollup(&self, commune: &str, year: i32, reason: &str) -> Result<bool> {
        let mut tx = self.store().write().await?;
        let period: Option<i64> = sqlx::query_scalar(
            "UPDATE rollups SET status = 'returned', return_reason = $1, returned_at = $2, updated_at = $2 \
             WHERE province_code = $3 AND tenant_code = $4 AND year = $5 AND status = 'sent' RETURNING period_id",
        )
        .bind(reason)
        .bind(now_unix())
        .bind(self.tenant())
        .bind(commune)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(period) = period else {
            return Ok(false);
        };
        let after = serde_json::json!({ "commune": commune, "year": year, "reason": reason });
        for tenant in [commune, self.tenant()] {
            append(
                &mut tx,
                tenant,
                self.actor(),
                &Event::new("rollup.return", "rollup", period).after(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

const ROLLUP_COLUMNS: &str =
    "period_id, tenant_code, year, body, status, sent_at, sent_by, late_seconds, opened_at, return_reason";

fn rollup(r: &sqlx::any::AnyRow) -> Result<RollupRow> {
    Ok(RollupRow {
        period_id: r.try_get("period_id")?,
        tenant_code: r.try_get("tenant_code")?,
        year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or_default(),
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        sent_at: r.try_get("sent_at")?,
        sent_by: r.try_get("sent_by")?,
        late_seconds: r.try_get("late_seconds")?,
        opened_at: r.try_get("opened_at")?,
        return_reason: r.try_get("return_reason")?,
    })
}

impl Store {
    /// Summaries the communes of a province have sent for `year`. The caller has checked the
    /// province officer's right to read them.
    pub async fn sent_rollups_of_province(&self, province_code: &str, year: i32) -> Result<Vec<RollupRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups WHERE province_code = $1 AND year = $2 \
             AND status IN ('sent', 'returned') ORDER BY tenant_code"
        )))
        .bind(province_code)
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rollup).collect()
    }
}
