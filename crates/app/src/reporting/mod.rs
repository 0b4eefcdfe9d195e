//! Registration and periodic reports: a unit fills in and submits its report for the year's
//! period; the standing office accepts it or returns it with a reason; reminders go to units
//! that have not sent; the commune's summary is assembled from the units' reports, edited and
//! sent to the province, which sees every commune's summary.

mod periods;
mod registration;
mod reminders;
mod reports;
mod rollup;

pub use registration::RegistrationCommand;
pub use rollup::RollupCommand;

use crate::auth::Ctx;
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use thidua_domain::access::{Action, Target};
use thidua_domain::calendar::{dmy, parse_iso_date, today_in_vietnam};
use thidua_domain::reporting::{
    self, FieldError, PeriodKind, ReportBody, ReportStatus, RollupBody, UnitReport, late_seconds,
};
use thidua_store::{
    AttachmentRow, NewNotice, NewPeriod, PeriodRow, Reader, RegistrationRow, ReportConflict, ReportRow,
    ReportVersionRow, RollupRow, Scope, StoredPlan, UnitRow, status_of,
};
use time::{Date, OffsetDateTime};

/// Days before the units' deadline when the first reminder goes out, unless the commune
/// changes it.
pub const DEFAULT_REMIND_DAYS: i64 = 3;

/// A period with its dates read.
#[derive(Debug, Clone)]
pub struct Period {
    pub row: PeriodRow,
    pub kind: PeriodKind,
    pub unit_due: Date,
    pub province_due: Date,
    pub registration_due: Option<Date>,
}

/// "before" `remind_days` ahead of `due`, "due" on the day, otherwise no reminder.
fn reminder_day(due: Date, remind_days: i64, today: Date) -> Option<&'static str> {
    if today == due {
        Some("due")
    } else if today == due - time::Duration::days(remind_days) {
        Some("before")
    } else {
        None
    }
}

/// "còn 3 ngày (hạn 15/11/2026)", "hạn là hôm nay, 15/11/2026".
fn when(due: Date, today: Date) -> String {
    match (due - today).whole_days() {
        d if d > 0 => format!("còn {d} ngày (hạn {})", thidua_domain::calendar::dmy(due)),
        0 => format!("hạn là hôm nay, {}", thidua_domain::calendar::dmy(due)),
        d => format!("đã quá hạn {} ngày (hạn {})", -d, thidua_domain::calendar::dmy(due)),
    }
}

impl Period {
    fn of(row: PeriodRow) -> Result<Self> {
        let bad = || AppError::Internal(format!("kỳ báo cáo {} có ngày hỏng", row.id));
        Ok(Self {
            kind: PeriodKind::parse(&row.kind).ok_or_else(bad)?,
            unit_due: parse_iso_date(&row.unit_due).ok_or_else(bad)?,
            province_due: parse_iso_date(&row.province_due).ok_or_else(bad)?,
            registration_due: parse_iso_date(&row.registration_due),
            row,
        })
    }

    /// "Báo cáo năm 2026", "Báo cáo sơ kết năm 2027".
    pub fn title(&self) -> String {
        match self.kind {
            PeriodKind::Annual => format!("Báo cáo năm {}", self.row.year),
            other => format!("{} năm {}", other.label(), self.row.year),
        }
    }

    pub fn unit_due_dmy(&self) -> String {
        dmy(self.unit_due)
    }

    pub fn province_due_dmy(&self) -> String {
        dmy(self.province_due)
    }

    pub fn registration_due_dmy(&self) -> String {
        self.registration_due.map(dmy).unwrap_or_default()
    }
}

/// Who one unit's reminder reached.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reach {
    has_account: bool,
    has_email: bool,
    /// Accounts notified now (not already today).
    accounts: u32,
    /// Of those, mails put in the queue.
    mails: u32,
}

/// What a reminder round did, as the officer is told it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderRound {
    /// Units reminded now.
    pub units: u32,
    /// Accounts notified in the app, and mails queued for those with an address.
    pub accounts: u32,
    pub mails: u32,
    /// Units that could not be reached: no account at all, or no account with an address.
    pub no_account: u32,
    pub no_email: u32,
}

/// A date a unit is held to, with where it stands: what its home page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDue {
    pub due: Date,
    pub what: String,
    /// The page where it is done.
    pub link: String,
    /// "đã gửi", "còn 3 ngày", "hạn hôm nay", "quá hạn 14 ngày, chưa gửi"…
    pub state: String,
    pub late: bool,
    pub done: bool,
}

/// A date in the commune's deadline calendar (the iCalendar feed units subscribe to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// Stable for the same deadline, so a moved date replaces the old one in calendars.
    pub uid: String,
    pub due: Date,
    pub summary: String,
    pub description: String,
}

/// One unit's report page.
#[derive(Debug, Clone)]
pub struct UnitReportView {
    pub tenant: String,
    pub unit: UnitRow,
    pub plan: Arc<StoredPlan>,
    pub period: Period,
    pub report: Option<ReportRow>,
    pub status: ReportStatus,
    pub draft: ReportBody,
    pub versions: Vec<ReportVersionRow>,
    pub attachments: Vec<AttachmentRow>,
    /// The caller may edit and submit (as the unit, or for it).
    pub can_edit: bool,
    /// The caller writes for the unit as an officer ("nhập hộ").
    pub on_behalf: bool,
    /// The caller may accept or return the version waiting.
    pub can_review: bool,
}

/// A unit's line in the standing office's view of a period.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub unit: UnitRow,
    pub status: ReportStatus,
    pub version: i64,
    pub late_seconds: i64,
    /// Not counted yet and the deadline has passed.
    pub overdue: bool,
    pub registered: bool,
}

#[derive(Debug, Clone)]
pub struct PeriodOverview {
    pub tenant: String,
    pub plan: Arc<StoredPlan>,
    pub period: Period,
    pub units: Vec<UnitStatus>,
    pub today: Date,
}

impl PeriodOverview {
    pub fn count(&self, status: ReportStatus) -> usize {
        self.units.iter().filter(|u| u.status == status).count()
    }

    pub fn overdue(&self) -> usize {
        self.units.iter().filter(|u| u.overdue).count()
    }

    pub fn registered(&self) -> usize {
        self.units.iter().filter(|u| u.registered).count()
    }
}

/// The commune's summary for a period: what the units' reports add up to now, and what the
/// standing office saved or sent.
#[derive(Debug, Clone)]
pub struct RollupView {
    pub tenant: String,
    pub plan: Arc<StoredPlan>,
    pub period: Period,
    pub assembled: RollupBody,
    pub saved: Option<(RollupRow, RollupBody)>,
    pub can_send: bool,
}

impl RollupView {
    /// What the form shows: the saved summary where there is one, else the assembled one.
    pub fn current(&self) -> &RollupBody {
        self.saved.as_ref().map_or(&self.assembled, |(_, b)| b)
    }

    pub fn sent(&self) -> bool {
        self.saved.as_ref().is_some_and(|(r, _)| r.status == "sent")
    }
}

/// A commune as its province sees the year's summaries.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneRollup {
    pub code: String,
    pub name: String,
    pub rollup: Option<RollupRow>,
    pub body: Option<RollupBody>,
}

/// A registration: targets per content area and the titles or forms the unit aims for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationBody {
    pub targets: std::collections::BTreeMap<String, String>,
    /// Award form codes from the plan.
    pub aims: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RegistrationView {
    pub tenant: String,
    pub unit: UnitRow,
    pub plan: Arc<StoredPlan>,
    pub period: Period,
    pub current: Option<RegistrationRow>,
    pub body: RegistrationBody,
    pub can_edit: bool,
    pub on_behalf: bool,
}

/// The officer's verdict on a submitted version.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub version: i64,
    pub accept: bool,
    /// Required when returning.
    pub reason: String,
}

/// The period's dates as the form sends them (YYYY-MM-DD; registration may be empty).
#[derive(Debug, Clone, Copy)]
pub struct PeriodDates<'a> {
    pub registration_due: &'a str,
    pub unit_due: &'a str,
    pub province_due: &'a str,
    pub remind_days: &'a str,
}

fn conflict(c: ReportConflict) -> AppError {
    AppError::Invalid(
        match c {
            ReportConflict::NotEditable => {
                "Báo cáo đã gửi hoặc đã được tiếp nhận nên không sửa được nữa. Nếu cần sửa, đề nghị Phòng Văn hóa – Xã hội trả lại báo cáo."
            }
            ReportConflict::NotWaiting => {
                "Báo cáo này không còn chờ tiếp nhận (đã được xử lý hoặc đơn vị đã gửi bản khác). Hãy tải lại trang."
            }
        }
        .to_owned(),
    )
}

pub(crate) fn parse_body<T: for<'de> Deserialize<'de> + Default>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_default()
}
