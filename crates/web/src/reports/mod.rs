//! Registration and periodic reports in the browser: a unit's report form (draft, submit,
//! files, versions), the standing office's view of a period (who has sent, who is late,
//! dates, reminders), the commune's summary to the province, the province's view of its
//! communes, notifications, and the deadlines as an iCalendar feed.

mod notifications;
mod periods;
mod province;
mod registration;
mod rollup;
mod unit_reports;

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn, check_csrf};
use crate::uploads::{download, read_upload};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use thidua_app::reporting::{
    CommuneRollup, PeriodDates, PeriodOverview, RegistrationView, RollupView, UnitReportView, Verdict,
};
use thidua_app::{AppError, Ctx};
use thidua_domain::access::Action;
use thidua_domain::calendar::today_in_vietnam;
use thidua_domain::reporting::{
    FieldError, INDICATORS, IndicatorDef, ReportBody, ReportStatus, RollupBody, area_field, indicator_field, late_label,
};
use time::OffsetDateTime;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/bao-cao",
            Access::Tenant(Action::ViewTenant),
            periods::period_now,
        )
        .get(
            "/quan-tri/{tenant}/bao-cao/{year}",
            Access::Tenant(Action::ViewTenant),
            periods::period,
        )
        .post(
            "/quan-tri/{tenant}/bao-cao/{year}/thoi-han",
            Access::Tenant(Action::ReviewReports),
            periods::period_dates,
        )
        .post(
            "/quan-tri/{tenant}/bao-cao/{year}/nhac",
            Access::Tenant(Action::ReviewReports),
            periods::remind,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}",
            Access::Tenant(Action::ViewUnit),
            unit_reports::report,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}/dinh-kem",
            Access::UnitWriter,
            unit_reports::attachment_add,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}",
            Access::UnitWriter,
            unit_reports::report_save,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            unit_reports::attachment_get,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}/tiep-nhan",
            Access::Tenant(Action::ReviewReports),
            unit_reports::review,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}",
            Access::Tenant(Action::ViewUnit),
            registration::registration,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}",
            Access::UnitWriter,
            registration::registration_save,
        )
        .get(
            "/quan-tri/{tenant}/tong-hop/{year}",
            Access::Tenant(Action::ViewTenant),
            rollup::rollup,
        )
        .post(
            "/quan-tri/{tenant}/tong-hop/{year}",
            Access::Tenant(Action::SendRollup),
            rollup::rollup_save,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}",
            Access::Tenant(Action::ViewRollup),
            province::province_rollups,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}",
            Access::Tenant(Action::ViewRollup),
            province::commune_summary,
        )
        .post(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}/tra-lai",
            Access::Tenant(Action::ReturnRollups),
            province::return_summary,
        )
        .post(
            "/quan-tri/{tenant}/tong-hop/{year}/rut-lai",
            Access::Tenant(Action::SendRollup),
            province::recall_summary,
        )
        .get(
            "/quan-tri/{tenant}/tong-hop/{year}/{format}",
            Access::Tenant(Action::ViewTenant),
            province::summary_file,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}/{format}",
            Access::Tenant(Action::ViewRollup),
            province::commune_summary_file,
        )
        .get("/thong-bao", Access::SignedIn, notifications::notifications)
        .get("/ke-hoach/{id}/lich.ics", Access::Public, periods::ical)
}

pub(crate) fn number(raw: &str, what: &str) -> Result<i64, PageError> {
    raw.parse()
        .map_err(|_| PageError::NotFound(format!("Không có {what} “{raw}”.")))
}

fn year(raw: &str) -> Result<i32, PageError> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| PageError::NotFound(format!("Không có kỳ báo cáo năm “{raw}”.")))
}

fn this_year() -> i32 {
    today_in_vietnam(OffsetDateTime::now_utc()).year()
}

/// "05/12/2026 14:03", Vietnam time.
pub fn when(unix: i64) -> String {
    thidua_domain::calendar::local_time(unix, false)
}

/// "1.250" — thousands grouped the Vietnamese way.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Form pairs from a URL-encoded body, in order, repeated names kept.
#[derive(Deserialize, Default)]
#[serde(transparent)]
pub(crate) struct Pairs(pub(crate) Vec<(String, String)>);

impl Pairs {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct NoteQuery {
    #[serde(default)]
    pub(crate) ok: String,
    /// After a reminder round: units-accounts-mails-no_account-no_email.
    #[serde(default)]
    pub(crate) nhac: String,
}

fn note(code: &str) -> Option<&'static str> {
    match code {
        "nhap" => Some("Đã lưu bản nháp. Báo cáo chưa được gửi."),
        "gui" => Some("Đã gửi báo cáo. Phòng Văn hóa – Xã hội sẽ tiếp nhận hoặc trả lại để bổ sung."),
        "tep" => Some("Đã đính kèm tệp vào bản nháp."),
        "xoa-tep" => Some("Đã gỡ tệp khỏi bản nháp."),
        "tiep-nhan" => Some("Đã tiếp nhận báo cáo."),
        "tra-lai" => Some("Đã trả lại báo cáo; đơn vị nhận được thông báo kèm lý do."),
        "han" => Some("Đã lưu thời hạn của kỳ báo cáo."),
        "dang-ky" => Some("Đã lưu đăng ký thi đua."),
        "tong-hop" => Some("Đã lưu bản nháp báo cáo tổng hợp."),
        "gui-tinh" => Some("Đã gửi báo cáo tổng hợp lên tỉnh. Khi tỉnh chưa mở, bạn còn rút lại được."),
        "rut-lai" => Some("Đã rút lại báo cáo tổng hợp: báo cáo trở về bản nháp, sửa rồi gửi lại."),
        _ => None,
    }
}

/// Field errors for the page, or the error itself when it is not about the form.
pub(crate) fn field_errors(e: AppError) -> Result<Vec<FieldError>, PageError> {
    match e {
        AppError::Fields(f) => Ok(f),
        AppError::Invalid(m) => Ok(vec![FieldError {
            field: String::new(),
            message: m,
        }]),
        other => Err(other.into()),
    }
}

pub(crate) fn status_of(errors: &[FieldError]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    }
}

// ---------------------------------------------------------------- a unit's report

/// "1.5 MB", "12 KB".
pub(crate) fn file_size(bytes: i64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// Communes per page of the province's table: a phone scrolls one screenful at a time.
const COMMUNES_PER_PAGE: usize = 50;
