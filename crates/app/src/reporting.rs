//! Registration and periodic reports: a unit fills in and submits its report for the year's
//! period; the standing office accepts it or returns it with a reason; reminders go to units
//! that have not sent; the commune's summary is assembled from the units' reports, edited and
//! sent to the province, which sees every commune's summary.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
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

use crate::auth::Ctx;
use crate::uploads::checked_upload;
use crate::{App, AppError, Result};

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
struct Reach {
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

/// The commune's summary as its officer edits it, and whether to send it now (`send`), with
/// the deliberate second step when units are missing (`confirm_missing`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupCommand {
    pub form: reporting::ReportForm,
    pub send: bool,
    pub confirm_missing: bool,
}

impl RollupCommand {
    pub fn from_form(pairs: &[(String, String)], send: bool) -> Self {
        Self {
            form: reporting::ReportForm::from_form(pairs),
            send,
            confirm_missing: pairs.iter().any(|(k, v)| k == "confirm_missing" && v == "1"),
        }
    }
}

/// A unit's registration (đăng ký thi đua) as typed: its target per content area (in the
/// report form's `area_<code>` fields) and the titles and forms it aims for (`aim`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationCommand {
    pub targets: reporting::ReportForm,
    pub aims: Vec<String>,
}

impl RegistrationCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            targets: reporting::ReportForm::from_form(pairs),
            aims: pairs
                .iter()
                .filter(|(k, _)| k == "aim")
                .map(|(_, v)| v.trim().to_owned())
                .collect(),
        }
    }
}

impl App {
    /// The commune's plan that covers `year` (the latest revision), cached per plan revision.
    pub async fn commune_plan(&self, tenant: &str, year: i32) -> Result<Arc<StoredPlan>> {
        let plans = self.store.plans_of(tenant).await?;
        let summary = plans
            .iter()
            .find(|p| i64::from(year) >= p.start_year && i64::from(year) <= p.end_year)
            .or_else(|| plans.first())
            .ok_or_else(|| AppError::NoPlan {
                tenant: tenant.to_owned(),
            })?;
        let key = (summary.id, summary.revision, summary.updated_at);
        if let Some(hit) = self.plans.read().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let stored = Arc::new(
            self.store
                .plan(summary.id)
                .await?
                .ok_or_else(|| AppError::NotFound("Không có kế hoạch này.".into()))?,
        );
        if let Ok(mut cache) = self.plans.write() {
            cache.retain(|k, _| k.0 != summary.id);
            cache.insert(key, stored.clone());
        }
        Ok(stored)
    }

    /// The period of `year`, opened from the plan the first time anyone asks.
    /// The dates the plan's commune and its units are held to, for the public calendar feed:
    /// each year's period as the commune set it (the same dates the report pages show), the
    /// plan's schedule for years with no period yet, and the plan's other deadlines.
    pub async fn deadline_feed(&self, plan_id: i64) -> Result<Option<(StoredPlan, Vec<FeedEvent>)>> {
        use thidua_domain::plan::DeadlineKind;
        let Some(plan) = self.store.plan(plan_id).await? else {
            return Ok(None);
        };
        let scope = self.system_scope(&plan.summary.tenant_code, "lịch thời hạn");
        let periods = scope.periods().await?;
        let p = &plan.plan;
        let office = |kind: DeadlineKind| p.deadlines.iter().find(|d| d.kind == kind);
        let mut events = Vec::new();
        for year in p.period.start_year..=p.period.end_year {
            let (title, registration, unit, province) = match periods.iter().find(|r| r.year == year) {
                Some(row) => {
                    let period = Period::of(row.clone())?;
                    (
                        period.title(),
                        period.registration_due,
                        period.unit_due,
                        period.province_due,
                    )
                }
                None => {
                    let Some(s) = reporting::schedule(p, year) else {
                        continue;
                    };
                    let title = match s.kind {
                        PeriodKind::Annual => format!("Báo cáo năm {year}"),
                        other => format!("{} năm {year}", other.label()),
                    };
                    (title, s.registration_due, s.unit_due, s.province_due)
                }
            };
            let to =
                |kind: DeadlineKind, default: &str| office(kind).map_or_else(|| default.to_owned(), |d| d.to.clone());
            let text = |kind: DeadlineKind| office(kind).map_or_else(String::new, |d| d.text.clone());
            if let Some(due) = registration {
                events.push(FeedEvent {
                    uid: format!("{}-{year}-dang-ky", plan.summary.tenant_code),
                    due,
                    summary: format!("Hạn các đơn vị đăng ký thi đua năm {year}"),
                    description: text(DeadlineKind::Registration),
                });
            }
            events.push(FeedEvent {
                uid: format!("{}-{year}-don-vi-bao-cao", plan.summary.tenant_code),
                due: unit,
                summary: format!(
                    "Hạn các đơn vị gửi {} về {}",
                    title.to_lowercase(),
                    to(DeadlineKind::UnitReport, &plan.summary.commune_name)
                ),
                description: text(DeadlineKind::UnitReport),
            });
            events.push(FeedEvent {
                uid: format!("{}-{year}-bao-cao-tinh", plan.summary.tenant_code),
                due: province,
                summary: format!(
                    "Hạn {} gửi báo cáo tổng hợp ({}) về {}",
                    plan.summary.commune_name,
                    title.to_lowercase(),
                    to(DeadlineKind::ReportToProvince, "tỉnh")
                ),
                description: text(DeadlineKind::ReportToProvince),
            });
        }
        let from = Date::from_calendar_date(p.period.start_year, time::Month::January, 1)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        for o in thidua_domain::calendar::upcoming(&p.deadlines, p.period, from) {
            if matches!(
                o.deadline.kind,
                DeadlineKind::Registration | DeadlineKind::UnitReport | DeadlineKind::ReportToProvince
            ) {
                continue;
            }
            events.push(FeedEvent {
                uid: format!("{}-{}-{:?}", plan.summary.tenant_code, o.due, o.deadline.kind).to_lowercase(),
                due: o.due,
                summary: format!("Hạn: {} gửi {}", o.deadline.from, o.deadline.to),
                description: o.deadline.text.clone(),
            });
        }
        events.sort_by_key(|e| e.due);
        Ok(Some((plan, events)))
    }

    /// The dates the unit is held to this year, from the same period its report page shows,
    /// each with where the unit stands: registered, sent, returned, late by so many days.
    pub async fn unit_dues(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<Vec<UnitDue>> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let year = today.year();
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let left = |due: Date, done: bool, done_text: &str| -> (String, bool) {
            let days = (due - today).whole_days();
            match (done, days) {
                (true, _) => (done_text.to_owned(), false),
                (false, d) if d > 0 => (format!("còn {d} ngày"), false),
                (false, 0) => ("hạn hôm nay".to_owned(), false),
                (false, d) => (format!("quá hạn {} ngày, chưa gửi", -d), true),
            }
        };
        let base = format!("/quan-tri/{tenant}/don-vi/{unit_id}");
        let mut out = Vec::new();
        if let Some(due) = period.registration_due {
            let registered = scope
                .registrations(period.row.id)
                .await?
                .iter()
                .any(|r| r.unit_id == unit_id);
            let (state, late) = left(due, registered, "đã đăng ký");
            out.push(UnitDue {
                due,
                what: format!("Đăng ký thi đua năm {year}"),
                link: format!("{base}/dang-ky/{year}"),
                state,
                late,
                done: registered,
            });
        }
        let status = status_of(scope.report(period.row.id, unit_id).await?.as_ref())?;
        let sent = matches!(status, ReportStatus::Submitted | ReportStatus::Accepted);
        let (mut state, late) = left(period.unit_due, sent, status.label());
        if status == ReportStatus::Returned {
            state = format!("{} — cần sửa và gửi lại ({state})", status.label());
        }
        out.push(UnitDue {
            due: period.unit_due,
            what: period.title(),
            link: format!("{base}/bao-cao/{year}"),
            state,
            late: late || status == ReportStatus::Returned,
            done: sent,
        });
        out.sort_by_key(|d| d.due);
        Ok(out)
    }

    pub async fn period_for(&self, scope: &Scope<'_>, plan: &StoredPlan, year: i32) -> Result<Period> {
        if let Some(row) = scope.period_of_year(year).await? {
            return Period::of(row);
        }
        let s = reporting::schedule(&plan.plan, year).ok_or_else(|| {
            AppError::NotFound(format!(
                "Năm {year} nằm ngoài giai đoạn {}–{} của kế hoạch.",
                plan.plan.period.start_year, plan.plan.period.end_year
            ))
        })?;
        let iso = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        let row = scope
            .ensure_period(&NewPeriod {
                plan_id: plan.summary.id,
                year,
                kind: s.kind.code().to_owned(),
                registration_due: s.registration_due.map(iso).unwrap_or_default(),
                unit_due: iso(s.unit_due),
                province_due: iso(s.province_due),
                due_source: s.source.code().to_owned(),
                remind_days: DEFAULT_REMIND_DAYS,
            })
            .await?;
        Period::of(row)
    }

    /// The scope a caller writes a unit's report with: as the unit's own reporter, or as an
    /// officer entering it for the unit ("nhập hộ", recorded as such).
    pub(crate) async fn unit_writer(&self, ctx: &Ctx, tenant: &str, unit: i64) -> Result<(Scope<'_>, bool)> {
        let target = Target {
            tenant_code: tenant,
            province_code: None,
            unit_id: Some(unit),
        };
        if ctx.grants.allows(Action::SubmitReport, target) {
            return Ok((
                self.authorize(ctx, Action::SubmitReport, tenant, Some(unit)).await?,
                false,
            ));
        }
        Ok((self.on_behalf_of(ctx, tenant, unit).await?, true))
    }

    pub(crate) fn may(ctx: &Ctx, action: Action, tenant: &str, unit: Option<i64>) -> bool {
        ctx.grants.allows(
            action,
            Target {
                tenant_code: tenant,
                province_code: None,
                unit_id: unit,
            },
        )
    }

    pub async fn unit_report(&self, ctx: &Ctx, tenant: &str, unit_id: i64, year: i32) -> Result<UnitReportView> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let report = scope.report(period.row.id, unit_id).await?;
        let status = status_of(report.as_ref())?;
        let (versions, attachments) = match &report {
            Some(r) => (scope.report_versions(r.id).await?, scope.attachments(r.id).await?),
            None => (Vec::new(), Vec::new()),
        };
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok(UnitReportView {
            tenant: tenant.to_owned(),
            draft: report.as_ref().map(|r| parse_body(&r.draft)).unwrap_or_default(),
            can_edit: status.editable() && (own || officer),
            on_behalf: !own && officer,
            can_review: status == ReportStatus::Submitted && Self::may(ctx, Action::ReviewReports, tenant, None),
            unit,
            plan,
            period,
            report,
            status,
            versions,
            attachments,
        })
    }

    /// Saves the unit's working copy, and with `submit` sends it as the next version.
    /// Bad values change nothing and come back naming their fields.
    pub async fn save_unit_report(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        body: &ReportBody,
        submit: bool,
    ) -> Result<Option<thidua_store::Submitted>> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let plan = self.commune_plan(tenant, year).await?;
        self.save_with(&scope, &plan, unit_id, year, body, submit).await
    }

    /// The API's report: JSON `{"sections": {...}, "indicators": {...}, "assessment": "...",
    /// "submit": true}`. The caller's right is checked before the body is read.
    pub async fn save_unit_report_json(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        json: &[u8],
    ) -> Result<Option<thidua_store::Submitted>> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Submission {
            #[serde(default)]
            sections: std::collections::BTreeMap<String, String>,
            #[serde(default)]
            indicators: std::collections::BTreeMap<String, u64>,
            #[serde(default)]
            assessment: String,
            #[serde(default)]
            submit: bool,
        }
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let s: Submission = crate::json::read(json, |field| match field.split('.').next().unwrap_or("") {
            "sections" | "assessment" => "một đoạn văn bản (chuỗi)",
            "indicators" => "một số nguyên không âm",
            "submit" => "true hoặc false",
            _ => "",
        })?;
        let plan = self.commune_plan(tenant, year).await?;
        // The same checks as the form, on the same field names.
        let mut form = reporting::ReportForm {
            assessment: s.assessment,
            ..reporting::ReportForm::default()
        };
        for (code, text) in s.sections {
            if !plan.plan.content_areas.iter().any(|a| a.code == code) {
                return Err(AppError::Invalid(format!(
                    "sections: kế hoạch của xã không có nội dung «{code}»."
                )));
            }
            form.sections.insert(code, text);
        }
        for (code, n) in &s.indicators {
            if reporting::indicator(code).is_none() {
                return Err(AppError::Invalid(format!("indicators: không có chỉ tiêu «{code}».")));
            }
            form.indicators.insert(code.clone(), n.to_string());
        }
        let body = reporting::read_report_form(&plan.plan, &form).map_err(AppError::Fields)?;
        self.save_with(&scope, &plan, unit_id, year, &body, s.submit).await
    }

    async fn save_with(
        &self,
        scope: &Scope<'_>,
        plan: &StoredPlan,
        unit_id: i64,
        year: i32,
        body: &ReportBody,
        submit: bool,
    ) -> Result<Option<thidua_store::Submitted>> {
        if submit {
            let missing = body.missing_for_submission(&plan.plan);
            if !missing.is_empty() {
                // Keep what was typed before refusing the submission.
                self.draft_of(scope, plan, year, unit_id, body).await?;
                return Err(AppError::Fields(missing));
            }
        }
        let period = self.period_for(scope, plan, year).await?;
        let json = serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))?;
        if !submit {
            scope
                .save_draft(period.row.id, unit_id, &json)
                .await?
                .map_err(conflict)?;
            return Ok(None);
        }
        let late = late_seconds(period.unit_due, OffsetDateTime::now_utc());
        let done = scope
            .submit_report(period.row.id, unit_id, &json, late)
            .await?
            .map_err(conflict)?;
        self.announce_report(scope, &period, unit_id, done.version).await;
        Ok(Some(done))
    }

    /// Tells the standing office a unit's report has arrived, to receive or return; the
    /// report is in whatever happens to the notice.
    async fn announce_report(&self, scope: &Reader<'_>, period: &Period, unit_id: i64, version: i64) {
        let tenant = scope.tenant();
        let year = period.row.year;
        let told = async {
            let unit = scope.unit(unit_id).await?.map(|u| u.name).unwrap_or_default();
            let people = self.store.role_users(tenant, &["standing_officer"]).await?;
            let text = format!(
                "{unit} đã gửi {}: chờ tiếp nhận hoặc trả lại.",
                period.title().to_lowercase()
            );
            let link = format!("/quan-tri/{tenant}/don-vi/{unit_id}/bao-cao/{year}");
            self.tell(
                tenant,
                &people,
                &text,
                &link,
                &format!("report:{}:{unit_id}:{version}", period.row.id),
            )
            .await
        };
        if let Err(e) = told.await {
            tracing::warn!(error = %e, "không báo được văn phòng về báo cáo vừa gửi");
        }
    }

    async fn draft_of(
        &self,
        scope: &Scope<'_>,
        plan: &StoredPlan,
        year: i32,
        unit: i64,
        body: &ReportBody,
    ) -> Result<()> {
        let period = self.period_for(scope, plan, year).await?;
        let json = serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.save_draft(period.row.id, unit, &json).await?.map_err(conflict)?;
        Ok(())
    }

    /// Reads the report form against the commune's plan.
    pub async fn read_report_form(&self, tenant: &str, year: i32, form: &reporting::ReportForm) -> Result<ReportBody> {
        let plan = self.commune_plan(tenant, year).await?;
        reporting::read_report_form(&plan.plan, form).map_err(AppError::Fields)
    }

    /// Adds a file to the unit's working copy after checking its size and type.
    pub async fn add_report_attachment(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        file_name: &str,
        data: &[u8],
    ) -> Result<i64> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let (name, content_type) = checked_upload(file_name, data)?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        scope
            .add_attachment(period.row.id, unit_id, &name, content_type, data)
            .await?
            .map_err(conflict)
    }

    /// A file of a report the caller may see: (name, type, bytes).
    pub async fn report_attachment(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        id: i64,
    ) -> Result<(String, String, Vec<u8>)> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        let (report_id, name, content_type, data) = scope
            .attachment_data(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có tệp này.".into()))?;
        match scope.report_by_id(report_id).await? {
            Some(r) if r.unit_id == unit_id => Ok((name, content_type, data)),
            _ => Err(AppError::NotFound("Không có tệp này.".into())),
        }
    }

    pub async fn remove_report_attachment(&self, ctx: &Ctx, tenant: &str, unit_id: i64, id: i64) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let owned = match scope.attachment_data(id).await? {
            Some((report_id, ..)) => scope
                .report_by_id(report_id)
                .await?
                .is_some_and(|r| r.unit_id == unit_id),
            None => false,
        };
        if !owned || !scope.remove_attachment(id).await? {
            return Err(AppError::Invalid("Tệp đã gửi kèm báo cáo thì không xóa được.".into()));
        }
        Ok(())
    }

    /// The standing office's verdict: accept, or return with a reason.
    pub async fn review_report(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        verdict: &Verdict,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ReviewReports, tenant, None).await?;
        let Verdict { version, accept, .. } = *verdict;
        let reason = thidua_domain::text::nfc(verdict.reason.trim());
        if !accept && reason.is_empty() {
            return Err(AppError::Fields(vec![FieldError {
                field: "reason".into(),
                message: "Lý do trả lại: hãy ghi rõ đơn vị cần bổ sung, sửa nội dung gì.".into(),
            }]));
        }
        if reason.chars().count() > 2000 {
            return Err(AppError::Invalid("Lý do trả lại: dài quá 2000 ký tự.".into()));
        }
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let report = scope
            .report(period.row.id, unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Đơn vị chưa gửi báo cáo kỳ này.".into()))?;
        scope
            .review_report(report.id, version, accept, &reason)
            .await?
            .map_err(conflict)?;
        let link = format!("/quan-tri/{tenant}/don-vi/{unit_id}/bao-cao/{year}");
        let (text, key) = if accept {
            (
                format!("{} đã được tiếp nhận.", period.title()),
                format!("accept:{}:{version}", report.id),
            )
        } else {
            (
                format!("{} bị trả lại để bổ sung: {reason}", period.title()),
                format!("return:{}:{version}", report.id),
            )
        };
        self.notify_unit(tenant, unit_id, &text, &link, &key).await?;
        Ok(())
    }

    /// Every unit's report status for the period of `year`.
    pub async fn period_overview(&self, ctx: &Ctx, tenant: &str, year: i32) -> Result<PeriodOverview> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let reports = scope.period_reports(period.row.id).await?;
        let registered: Vec<i64> = scope
            .registrations(period.row.id)
            .await?
            .into_iter()
            .map(|r| r.unit_id)
            .collect();
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        let mut units: Vec<UnitStatus> = scope
            .units()
            .await?
            .into_iter()
            .map(|unit| {
                let r = reports.iter().find(|r| r.unit_id == unit.id);
                let status = status_of(r)?;
                Ok(UnitStatus {
                    registered: registered.contains(&unit.id),
                    version: r.map_or(0, |r| r.version),
                    late_seconds: r.map_or(0, |r| r.late_seconds),
                    overdue: !status.counted() && today > period.unit_due,
                    status,
                    unit,
                })
            })
            .collect::<Result<_>>()?;
        units.sort_by(|a, b| thidua_domain::text::compare(&a.unit.name, &b.unit.name));
        Ok(PeriodOverview {
            tenant: tenant.to_owned(),
            plan,
            period,
            units,
            today,
        })
    }

    /// The standing office moves the period's dates (or sets those the plan leaves open).
    pub async fn set_period_dates(&self, ctx: &Ctx, tenant: &str, year: i32, dates: &PeriodDates<'_>) -> Result<()> {
        let scope = self.authorize(ctx, Action::ReviewReports, tenant, None).await?;
        let PeriodDates {
            registration_due,
            unit_due,
            province_due,
            remind_days,
        } = *dates;
        let mut errors = Vec::new();
        let mut date = |field: &str, label: &str, raw: &str, optional: bool| -> Option<Date> {
            let raw = raw.trim();
            if raw.is_empty() && optional {
                return None;
            }
            let parsed = parse_iso_date(raw);
            if parsed.is_none() {
                errors.push(FieldError {
                    field: field.into(),
                    message: format!("{label}: không phải ngày hợp lệ (đã nhập «{raw}»)."),
                });
            }
            parsed
        };
        let reg = date("registration_due", "Hạn đăng ký thi đua", registration_due, true);
        let unit = date("unit_due", "Hạn đơn vị gửi báo cáo", unit_due, false);
        let province = date("province_due", "Hạn gửi báo cáo tổng hợp lên tỉnh", province_due, false);
        let days = remind_days.trim().parse::<i64>().ok().filter(|d| (0..=30).contains(d));
        if days.is_none() {
            errors.push(FieldError {
                field: "remind_days".into(),
                message: format!("Nhắc trước hạn: từ 0 đến 30 ngày (đã nhập «{}»).", remind_days.trim()),
            });
        }
        if let (Some(u), Some(p)) = (unit, province)
            && p < u
        {
            errors.push(FieldError {
                field: "province_due".into(),
                message: "Hạn gửi báo cáo tổng hợp lên tỉnh phải sau hạn đơn vị gửi báo cáo.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let iso = |d: Option<Date>| d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()));
        scope
            .set_period_dues(
                period.row.id,
                &iso(reg).unwrap_or_default(),
                &iso(unit).unwrap_or_default(),
                &iso(province).unwrap_or_default(),
                days.unwrap_or(DEFAULT_REMIND_DAYS),
            )
            .await?;
        Ok(())
    }

    /// One notification per account of the unit (and an e-mail where it has an address).
    /// `key` makes the notice land once, however many servers compute it.
    async fn notify_unit(&self, tenant: &str, unit_id: i64, text: &str, link: &str, key: &str) -> Result<u32> {
        Ok(self.reach_unit(tenant, unit_id, text, link, key).await?.accounts)
    }

    /// Notifies every account of a unit (in the app, and by mail where it has an address) and
    /// says honestly who was reached.
    async fn reach_unit(&self, tenant: &str, unit_id: i64, text: &str, link: &str, key: &str) -> Result<Reach> {
        let users = self.store.unit_users(tenant, unit_id).await?;
        let mut reach = Reach {
            has_account: !users.is_empty(),
            has_email: users.iter().any(|(_, _, email)| !email.is_empty()),
            ..Reach::default()
        };
        for (user_id, _, email) in users {
            let dedupe_key = format!("{key}:{user_id}");
            let notice = NewNotice {
                tenant_code: tenant,
                user_id,
                email: &email,
                text,
                link,
                subject: "Thi Đua – nhắc việc",
                dedupe_key: &dedupe_key,
            };
            if self.store.notify(&notice).await? {
                reach.accounts += 1;
                reach.mails += u32::from(!email.is_empty());
            }
        }
        Ok(reach)
    }

    /// One-click reminder from the standing office to units that have not sent (one unit or
    /// all of them). At most one manual reminder per unit per day. Says who was reached and
    /// who has no way to be.
    pub async fn remind_units(&self, ctx: &Ctx, tenant: &str, year: i32, unit: Option<i64>) -> Result<ReminderRound> {
        let overview = self.period_overview(ctx, tenant, year).await?;
        let scope = self.authorize_view(ctx, Action::ReviewReports, tenant, None).await?;
        let mut round = ReminderRound::default();
        for u in overview
            .units
            .iter()
            .filter(|u| !u.status.counted() && unit.is_none_or(|id| id == u.unit.id))
        {
            let key = format!(
                "remind:{}:{}:manual:{}",
                overview.period.row.id, u.unit.id, overview.today
            );
            let reach = self
                .remind_one(tenant, &overview.period, u, overview.today, &key)
                .await?;
            round.no_account += u32::from(!reach.has_account);
            round.no_email += u32::from(reach.has_account && !reach.has_email);
            if reach.accounts > 0 {
                round.units += 1;
                round.accounts += reach.accounts;
                round.mails += reach.mails;
                let after = serde_json::json!({ "unit": u.unit.id, "year": year, "accounts": reach.accounts, "mails": reach.mails });
                scope
                    .record(&thidua_store::Event::new("report.remind", "unit", u.unit.id).after(&after))
                    .await?;
            }
        }
        Ok(round)
    }

    async fn remind_one(&self, tenant: &str, period: &Period, u: &UnitStatus, today: Date, key: &str) -> Result<Reach> {
        let text = format!(
            "{}: {} chưa gửi báo cáo, {}.",
            period.title(),
            u.unit.name,
            when(period.unit_due, today)
        );
        let link = format!("/quan-tri/{tenant}/don-vi/{}/bao-cao/{}", u.unit.id, period.row.year);
        self.reach_unit(tenant, u.unit.id, &text, &link, key).await
    }

    /// The reminder round every server runs: for each commune with a period this year, units
    /// that have not sent get a notice `remind_days` before the deadline and on the day.
    /// Returns how many notices were new.
    pub async fn run_reminders(&self, now: OffsetDateTime) -> Result<u32> {
        let today = today_in_vietnam(now);
        let mut sent = 0;
        let mut communes: Vec<String> = self.store.plans().await?.into_iter().map(|p| p.tenant_code).collect();
        communes.dedup();
        for tenant in communes {
            if self.store.tenant(&tenant).await?.is_none() {
                continue; // a plan loaded for a commune that does not use the platform yet
            }
            let scope = self.system_scope(&tenant, "nhắc hạn");
            let Ok(plan) = self.commune_plan(&tenant, today.year()).await else {
                continue;
            };
            let Ok(period) = self.period_for(&scope, &plan, today.year()).await else {
                continue; // the year is outside the plan
            };
            sent += self.remind_unit_reports(&scope, &tenant, &period, today).await?;
            sent += self.remind_registrations(&scope, &tenant, &period, today).await?;
            sent += self.remind_rollup(&scope, &tenant, &period, today).await?;
        }
        sent += self.appraisal_reminders(today).await?;
        Ok(sent)
    }

    /// Units that have not sent their report, `remind_days` before the deadline and on the day.
    async fn remind_unit_reports(&self, scope: &Reader<'_>, tenant: &str, period: &Period, today: Date) -> Result<u32> {
        let Some(kind) = reminder_day(period.unit_due, period.row.remind_days, today) else {
            return Ok(0);
        };
        let mut sent = 0;
        let reports = scope.period_reports(period.row.id).await?;
        for unit in scope.units().await? {
            let status = status_of(reports.iter().find(|r| r.unit_id == unit.id))?;
            if status.counted() {
                continue;
            }
            let u = UnitStatus {
                unit,
                status,
                version: 0,
                late_seconds: 0,
                overdue: false,
                registered: false,
            };
            let key = format!("remind:{}:{}:{kind}:{today}", period.row.id, u.unit.id);
            let new = self.remind_one(tenant, period, &u, today, &key).await?.accounts;
            if new > 0 {
                let after = serde_json::json!({ "unit": u.unit.id, "kind": kind, "notices": new });
                scope
                    .record(&thidua_store::Event::new("report.remind", "unit", u.unit.id).after(&after))
                    .await?;
            }
            sent += new;
        }
        Ok(sent)
    }

    /// Units that have not registered, before the registration deadline and on the day.
    async fn remind_registrations(
        &self,
        scope: &Reader<'_>,
        tenant: &str,
        period: &Period,
        today: Date,
    ) -> Result<u32> {
        let Some(due) = period.registration_due else {
            return Ok(0);
        };
        let Some(kind) = reminder_day(due, period.row.remind_days, today) else {
            return Ok(0);
        };
        let registered: Vec<i64> = scope
            .registrations(period.row.id)
            .await?
            .iter()
            .map(|r| r.unit_id)
            .collect();
        let year = period.row.year;
        let mut sent = 0;
        for unit in scope.units().await? {
            if registered.contains(&unit.id) {
                continue;
            }
            let text = format!(
                "Đăng ký thi đua năm {year}: {} chưa đăng ký, {}.",
                unit.name,
                when(due, today)
            );
            let link = format!("/quan-tri/{tenant}/don-vi/{}/dang-ky/{year}", unit.id);
            let key = format!("register:{}:{}:{kind}:{today}", period.row.id, unit.id);
            let new = self.reach_unit(tenant, unit.id, &text, &link, &key).await?.accounts;
            if new > 0 {
                let after = serde_json::json!({ "unit": unit.id, "kind": kind, "notices": new });
                scope
                    .record(&thidua_store::Event::new("registration.remind", "unit", unit.id).after(&after))
                    .await?;
            }
            sent += new;
        }
        Ok(sent)
    }

    /// The commune's own deadline to the province: its standing office, while the summary is
    /// not sent.
    async fn remind_rollup(&self, scope: &Reader<'_>, tenant: &str, period: &Period, today: Date) -> Result<u32> {
        let Some(kind) = reminder_day(period.province_due, period.row.remind_days, today) else {
            return Ok(0);
        };
        if scope.rollup(period.row.id).await?.is_some_and(|r| r.status == "sent") {
            return Ok(0);
        }
        let year = period.row.year;
        let text = format!(
            "Báo cáo tổng hợp năm {year} gửi tỉnh chưa gửi, {}.",
            when(period.province_due, today)
        );
        let link = format!("/quan-tri/{tenant}/tong-hop/{year}");
        let mut sent = 0;
        for (user_id, _, email) in self.store.role_users(tenant, &["standing_officer"]).await? {
            let key = format!("rollup:{}:{kind}:{today}:{user_id}", period.row.id);
            let notice = NewNotice {
                tenant_code: tenant,
                user_id,
                email: &email,
                text: &text,
                link: &link,
                subject: "Thi Đua – nhắc hạn báo cáo tổng hợp gửi tỉnh",
                dedupe_key: &key,
            };
            sent += u32::from(self.store.notify(&notice).await?);
        }
        Ok(sent)
    }

    // ------------------------------------------------------------------ roll-up

    pub async fn rollup(&self, ctx: &Ctx, tenant: &str, year: i32) -> Result<RollupView> {
        let scope = self.authorize(ctx, Action::ViewTenant, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let assembled = self.assemble(&scope, &plan, &period).await?;
        let saved = scope.rollup(period.row.id).await?.map(|r| {
            let body = parse_body(&r.body);
            (r, body)
        });
        Ok(RollupView {
            tenant: tenant.to_owned(),
            can_send: Self::may(ctx, Action::SendRollup, tenant, None),
            plan,
            period,
            assembled,
            saved,
        })
    }

    async fn assemble(&self, scope: &Reader<'_>, plan: &StoredPlan, period: &Period) -> Result<RollupBody> {
        let rows = scope.period_reports(period.row.id).await?;
        // The units followed, and any unit no longer followed whose report already came in.
        let mut units = scope.units().await?;
        for r in &rows {
            if !units.iter().any(|u| u.id == r.unit_id)
                && let Some(u) = scope.unit(r.unit_id).await?
            {
                units.push(u);
            }
        }
        let bodies: Vec<(i64, ReportBody)> = scope
            .latest_versions(period.row.id)
            .await?
            .into_iter()
            .map(|(unit, json)| (unit, parse_body(&json)))
            .collect();
        let reports: Vec<UnitReport<'_>> = units
            .iter()
            .map(|u| {
                let row = rows.iter().find(|r| r.unit_id == u.id);
                Ok(UnitReport {
                    unit_name: &u.name,
                    status: status_of(row)?,
                    late_seconds: row.map_or(0, |r| r.late_seconds),
                    body: bodies.iter().find(|(id, _)| *id == u.id).map(|(_, b)| b),
                })
            })
            .collect::<Result<_>>()?;
        Ok(reporting::assemble_rollup(&plan.plan, &reports))
    }

    /// Saves the edited summary; with `send`, sends it to the province (final). Figures and
    /// the lists of late and missing units always come from the units' reports; the office
    /// edits the texts.
    pub async fn save_rollup(&self, ctx: &Ctx, tenant: &str, year: i32, cmd: &RollupCommand) -> Result<()> {
        let send = cmd.send;
        let scope = self.authorize(ctx, Action::SendRollup, tenant, None).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let mut body = self.assemble(&scope, &plan, &period).await?;
        let edited = reporting::read_report_form(&plan.plan, &cmd.form).map_err(AppError::Fields)?;
        body.sections = edited.sections;
        body.assessment = edited.assessment;
        let province = self
            .store
            .tenant(tenant)
            .await?
            .and_then(|t| t.province_code)
            .unwrap_or_default();
        let json = serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))?;
        let late = late_seconds(period.province_due, OffsetDateTime::now_utc());
        // Sending for good with units missing takes a second, deliberate step that says who;
        // the text typed meanwhile is kept as the draft.
        let confirmed = cmd.confirm_missing;
        if send && !body.missing.is_empty() && !confirmed {
            scope.save_rollup(&period.row, &province, &json, false, late).await?;
            let shown: Vec<&str> = body.missing.iter().take(10).map(String::as_str).collect();
            let more = body.missing.len().saturating_sub(shown.len());
            return Err(AppError::Fields(vec![reporting::FieldError {
                field: "confirm_missing".into(),
                message: format!(
                    "Mới có {}/{} đơn vị gửi báo cáo; chưa gửi: {}{}. Báo cáo tổng hợp gửi lên tỉnh thì không sửa được nữa: nếu vẫn gửi, đánh dấu «Vẫn gửi khi còn đơn vị chưa báo cáo» rồi bấm gửi lại. Chưa có gì được gửi.",
                    body.units_reported,
                    body.units_total,
                    shown.join("; "),
                    if more > 0 {
                        format!(" và {more} đơn vị khác")
                    } else {
                        String::new()
                    }
                ),
            }]));
        }
        if !scope.save_rollup(&period.row, &province, &json, send, late).await? {
            return Err(AppError::Invalid(
                "Báo cáo tổng hợp đã gửi lên tỉnh nên không sửa được nữa.".into(),
            ));
        }
        Ok(())
    }

    /// The province's view: every commune, whether its summary for `year` arrived, and its
    /// figures.
    pub async fn province_rollups(&self, ctx: &Ctx, province: &str, year: i32) -> Result<Vec<CommuneRollup>> {
        self.authorize_view(ctx, Action::ViewRollup, province, None).await?;
        let sent = self.store.sent_rollups_of_province(province, year).await?;
        Ok(self
            .store
            .communes_of(province)
            .await?
            .into_iter()
            .map(|c| {
                let rollup = sent.iter().find(|r| r.tenant_code == c.code).cloned();
                CommuneRollup {
                    body: rollup.as_ref().map(|r| parse_body(&r.body)),
                    code: c.code,
                    name: c.name,
                    rollup,
                }
            })
            .collect())
    }

    // ------------------------------------------------------------------ registration

    pub async fn registration(&self, ctx: &Ctx, tenant: &str, unit_id: i64, year: i32) -> Result<RegistrationView> {
        let scope = self.authorize(ctx, Action::ViewUnit, tenant, Some(unit_id)).await?;
        let unit = scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".into()))?;
        let plan = self.commune_plan(tenant, year).await?;
        let period = self.period_for(&scope, &plan, year).await?;
        let current = scope
            .registrations(period.row.id)
            .await?
            .into_iter()
            .find(|r| r.unit_id == unit_id);
        let own = Self::may(ctx, Action::SubmitReport, tenant, Some(unit_id));
        let officer = Self::may(ctx, Action::ActOnBehalf, tenant, None);
        Ok(RegistrationView {
            tenant: tenant.to_owned(),
            body: current.as_ref().map(|r| parse_body(&r.body)).unwrap_or_default(),
            can_edit: own || officer,
            on_behalf: !own && officer,
            unit,
            plan,
            period,
            current,
        })
    }

    /// Records the unit's commitment: a target per content area and the forms it aims for.
    pub async fn register(
        &self,
        ctx: &Ctx,
        tenant: &str,
        unit_id: i64,
        year: i32,
        cmd: &RegistrationCommand,
    ) -> Result<()> {
        let (scope, _) = self.unit_writer(ctx, tenant, unit_id).await?;
        let plan = self.commune_plan(tenant, year).await?;
        let mut body = RegistrationBody::default();
        let mut errors = Vec::new();
        for area in &plan.plan.content_areas {
            let field = reporting::area_field(&area.code);
            let text = cmd.targets.sections.get(&area.code).map_or("", String::as_str);
            if text.chars().count() > 5000 {
                errors.push(FieldError {
                    message: format!("Chỉ tiêu nội dung {}): dài quá 5000 ký tự.", area.code),
                    field,
                });
            } else if !text.is_empty() {
                body.targets.insert(area.code.clone(), thidua_domain::text::nfc(text));
            }
        }
        for v in &cmd.aims {
            if plan.plan.awards.iter().any(|a| a.form.code() == v) {
                if !body.aims.contains(v) {
                    body.aims.push(v.clone());
                }
            } else {
                errors.push(FieldError {
                    field: "aim".into(),
                    message: format!("Danh hiệu, hình thức đăng ký «{v}» không có trong kế hoạch của xã."),
                });
            }
        }
        if body.targets.is_empty() && errors.is_empty() {
            errors.push(FieldError {
                field: reporting::area_field(plan.plan.content_areas.first().map_or("a", |a| a.code.as_str())),
                message: "Hãy ghi chỉ tiêu, cam kết cho ít nhất một nội dung thi đua.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        let period = self.period_for(&scope, &plan, year).await?;
        let late = period
            .registration_due
            .map_or(0, |due| late_seconds(due, OffsetDateTime::now_utc()));
        let json = serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))?;
        scope.register(period.row.id, unit_id, &json, late).await?;
        Ok(())
    }

    // ------------------------------------------------------------------ notifications

    pub async fn notifications(&self, ctx: &Ctx) -> Result<Vec<thidua_store::NotificationRow>> {
        let rows = self.store.notifications(ctx.user.id, 100).await?;
        self.store.mark_notifications_read(ctx.user.id).await?;
        Ok(rows)
    }

    pub async fn unread_notifications(&self, ctx: &Ctx) -> Result<i64> {
        Ok(self.store.unread_notifications(ctx.user.id).await?)
    }
}
