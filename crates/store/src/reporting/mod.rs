//! Reporting periods, registrations, unit reports with their versions and attachments, and
//! the commune's roll-up to its province. Every change appends to the audit trail in its own
//! transaction; state changes are single conditional UPDATEs, so two submissions or two
//! reviews racing each other cannot both win.

mod periods;
mod registration;
mod reports;
mod rollup;

pub(crate) use periods::follow_plan_dates_in;

use crate::audit::{Event, append};
use crate::scope::{Reader, Scope};
use crate::{Result, Store, now_unix};
use serde::Serialize;
use sqlx::Row;

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
    pub(crate) fn pool(&self) -> &sqlx::AnyPool {
        &self.store().pool
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
