//! Registration and periodic reports in the browser: a unit's report form (draft, submit,
//! files, versions), the standing office's view of a period (who has sent, who is late,
//! dates, reminders), the commune's summary to the province, the province's view of its
//! communes, notifications, and the deadlines as an iCalendar feed.

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

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::routes::{Access, Routes};
use crate::session::{SignedForm, SignedIn, check_csrf};
use crate::uploads::{download, read_upload};

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/bao-cao",
            Access::Tenant(Action::ViewTenant),
            period_now,
        )
        .get(
            "/quan-tri/{tenant}/bao-cao/{year}",
            Access::Tenant(Action::ViewTenant),
            period,
        )
        .post(
            "/quan-tri/{tenant}/bao-cao/{year}/thoi-han",
            Access::Tenant(Action::ReviewReports),
            period_dates,
        )
        .post(
            "/quan-tri/{tenant}/bao-cao/{year}/nhac",
            Access::Tenant(Action::ReviewReports),
            remind,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}",
            Access::Tenant(Action::ViewUnit),
            report,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}/dinh-kem",
            Access::UnitWriter,
            attachment_add,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}",
            Access::UnitWriter,
            report_save,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/tep/{file}",
            Access::Tenant(Action::ViewUnit),
            attachment_get,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}/tiep-nhan",
            Access::Tenant(Action::ReviewReports),
            review,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}",
            Access::Tenant(Action::ViewUnit),
            registration,
        )
        .post(
            "/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}",
            Access::UnitWriter,
            registration_save,
        )
        .get(
            "/quan-tri/{tenant}/tong-hop/{year}",
            Access::Tenant(Action::ViewTenant),
            rollup,
        )
        .post(
            "/quan-tri/{tenant}/tong-hop/{year}",
            Access::Tenant(Action::SendRollup),
            rollup_save,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}",
            Access::Tenant(Action::ViewRollup),
            province_rollups,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}",
            Access::Tenant(Action::ViewRollup),
            commune_summary,
        )
        .post(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}/tra-lai",
            Access::Tenant(Action::ReturnRollups),
            return_summary,
        )
        .post(
            "/quan-tri/{tenant}/tong-hop/{year}/rut-lai",
            Access::Tenant(Action::SendRollup),
            recall_summary,
        )
        .get(
            "/quan-tri/{tenant}/tong-hop/{year}/{format}",
            Access::Tenant(Action::ViewTenant),
            summary_file,
        )
        .get(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}/{format}",
            Access::Tenant(Action::ViewRollup),
            commune_summary_file,
        )
        .get("/thong-bao", Access::SignedIn, notifications)
        .get("/ke-hoach/{id}/lich.ics", Access::Public, ical)
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

#[derive(Template, WebTemplate)]
#[template(path = "admin/report.html")]
struct ReportPage {
    nav: Nav,
    v: UnitReportView,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    /// What was typed, when the form comes back with errors.
    typed: Vec<(String, String)>,
}

impl ReportPage {
    fn val(&self, field: &str) -> String {
        if !self.typed.is_empty() {
            return self
                .typed
                .iter()
                .find(|(k, _)| k == field)
                .map_or_else(String::new, |(_, v)| v.clone());
        }
        let d = &self.v.draft;
        if field == "assessment" {
            return d.assessment.clone();
        }
        if let Some(code) = field.strip_prefix("area_") {
            return d.sections.get(code).cloned().unwrap_or_default();
        }
        if let Some(code) = field.strip_prefix("ind_") {
            return d.indicators.get(code).map(ToString::to_string).unwrap_or_default();
        }
        String::new()
    }

    fn invalid(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn ind_field(&self, code: &str) -> String {
        indicator_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn body(&self, json: &str) -> ReportBody {
        serde_json::from_str(json).unwrap_or_default()
    }

    fn area_title(&self, code: &str) -> String {
        self.v
            .plan
            .plan
            .content_areas
            .iter()
            .find(|a| a.code == code)
            .map_or_else(|| code.to_owned(), |a| format!("{}) {}", a.code, a.title))
    }

    fn indicator_label(&self, code: &str) -> String {
        thidua_domain::reporting::indicator(code).map_or_else(|| code.to_owned(), |d| d.label.to_owned())
    }

    fn days_left(&self) -> String {
        let today = today_in_vietnam(OffsetDateTime::now_utc());
        match (self.v.period.unit_due - today).whole_days() {
            d if d > 0 => format!("còn {d} ngày"),
            0 => "hạn là hôm nay (đến 23 giờ 59)".to_owned(),
            d => format!("đã quá hạn {} ngày — vẫn gửi được, báo cáo sẽ ghi là nộp trễ", -d),
        }
    }
}

/// "1.5 MB", "12 KB".
pub(crate) fn file_size(bytes: i64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// What a page says after an action: a note, or the errors and what was typed.
#[derive(Default)]
struct Feedback {
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
}

async fn report_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    unit: i64,
    year: i32,
    Feedback { message, errors, typed }: Feedback,
) -> Result<Response, PageError> {
    let v = s.app.unit_report(ctx, tenant, unit, year).await?;
    let status = status_of(&errors);
    let page = ReportPage {
        nav: Nav::of(ctx),
        v,
        indicators: &INDICATORS,
        message,
        errors,
        typed,
    };
    Ok((status, page).into_response())
}

async fn report(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let unit = number(&unit, "đơn vị")?;
    let feedback = Feedback {
        message: note(&q.ok),
        ..Feedback::default()
    };
    report_page(&s, &ctx, &tenant, unit, year(&y)?, feedback).await
}

async fn report_save(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let submit = f.get("action") == "gui";
    let form = thidua_domain::reporting::ReportForm::from_form(&f.0);
    let result = match s.app.read_report_form(&tenant, year, &form).await {
        Ok(body) => s
            .app
            .save_unit_report(&ctx, &tenant, unit, year, &body, submit)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let ok = if submit { "gui" } else { "nhap" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                typed: f.0,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

/// A file for the draft (multipart: `csrf`, then `file`), or `remove` = id of a draft file.
async fn attachment_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    form: Multipart,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let upload = read_upload(form).await?;
    check_csrf(&ctx, &upload.csrf)?;
    let (result, ok) = if !upload.remove.is_empty() {
        let id = number(&upload.remove, "tệp")?;
        (s.app.remove_report_attachment(&ctx, &tenant, unit, id).await, "xoa-tep")
    } else {
        let (name, data) = &upload.file;
        let r = s.app.add_report_attachment(&ctx, &tenant, unit, year, name, data).await;
        (r.map(|_| ()), "tep")
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

async fn attachment_get(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (unit, file) = (number(&unit, "đơn vị")?, number(&file, "tệp")?);
    let (name, content_type, data) = s.app.report_attachment(&ctx, &tenant, unit, file).await?;
    Ok(download(&name, content_type, data))
}

async fn review(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let accept = f.get("decision") == "accept";
    let version = f.get("version").parse().unwrap_or(0);
    match s
        .app
        .review_report(
            &ctx,
            &tenant,
            unit,
            year,
            &Verdict {
                version,
                accept,
                reason: f.get("reason").to_owned(),
            },
        )
        .await
    {
        Ok(()) => {
            let ok = if accept { "tiep-nhan" } else { "tra-lai" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}?ok={ok}")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let feedback = Feedback {
                errors,
                ..Feedback::default()
            };
            report_page(&s, &ctx, &tenant, unit, year, feedback).await
        }
    }
}

// ---------------------------------------------------------------- the period

#[derive(Template, WebTemplate)]
#[template(path = "admin/period.html")]
struct PeriodPage {
    nav: Nav,
    o: PeriodOverview,
    can_review: bool,
    message: Option<String>,
    errors: Vec<FieldError>,
    statuses: [ReportStatus; 5],
}

impl PeriodPage {
    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn n(&self, status: &ReportStatus) -> usize {
        self.o.count(*status)
    }

    /// The stacked bar: (status code, x, width) in percent of all units.
    fn segments(&self) -> Vec<(&'static str, f64, f64)> {
        let total = self.o.units.len().max(1) as f64;
        let mut x = 0.0;
        let mut out = Vec::new();
        for st in self.statuses {
            let w = self.o.count(st) as f64 * 100.0 / total;
            if w > 0.0 {
                out.push((st.code(), x, w));
                x += w;
            }
        }
        out
    }

    fn days_left(&self) -> i64 {
        (self.o.period.unit_due - self.o.today).whole_days()
    }
}

async fn period_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    year: i32,
    message: Option<String>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let o = s.app.period_overview(ctx, tenant, year).await?;
    let target = thidua_domain::access::Target::tenant(tenant);
    let status = status_of(&errors);
    let page = PeriodPage {
        nav: Nav::of(ctx),
        can_review: ctx.grants.allows(Action::ReviewReports, target),
        o,
        message,
        errors,
        statuses: [
            ReportStatus::Accepted,
            ReportStatus::Submitted,
            ReportStatus::Returned,
            ReportStatus::Draft,
            ReportStatus::NotStarted,
        ],
    };
    Ok((status, page).into_response())
}

/// This year's period.
async fn period_now(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    period_page(&s, &ctx, &tenant, this_year(), None, Vec::new()).await
}

async fn period(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let message = reminded(&q.nhac).or_else(|| note(&q.ok).map(str::to_owned));
    period_page(&s, &ctx, &tenant, year(&y)?, message, Vec::new()).await
}

async fn period_dates(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let result = s
        .app
        .set_period_dates(
            &ctx,
            &tenant,
            year,
            &PeriodDates {
                registration_due: f.get("registration_due"),
                unit_due: f.get("unit_due"),
                province_due: f.get("province_due"),
                remind_days: f.get("remind_days"),
            },
        )
        .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/bao-cao/{year}?ok=han")).into_response()),
        Err(e) => period_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

async fn remind(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let unit = f.get("unit").parse().ok();
    let r = s.app.remind_units(&ctx, &tenant, year, unit).await?;
    // What happened, as numbers the page turns into a sentence.
    Ok(Redirect::to(&format!(
        "/quan-tri/{tenant}/bao-cao/{year}?nhac={}-{}-{}-{}-{}",
        r.units, r.accounts, r.mails, r.no_account, r.no_email
    ))
    .into_response())
}

/// The sentence a reminder round leaves on the period page: who was reached, how, and who has
/// no way to be reached.
fn reminded(code: &str) -> Option<String> {
    let n: Vec<u32> = code.split('-').filter_map(|x| x.parse().ok()).collect();
    let [units, accounts, mails, no_account, no_email] = n[..] else {
        return None;
    };
    let mut out = if units == 0 {
        "Không có nhắc hạn mới: các đơn vị chưa nộp đã được nhắc hôm nay, hoặc chưa có cách nào nhận.".to_owned()
    } else {
        format!(
            "Đã nhắc {units} đơn vị: {accounts} tài khoản nhận thông báo trong ứng dụng; {mails} thư điện tử vào hàng chờ gửi."
        )
    };
    if no_account > 0 {
        out.push_str(&format!(
            " {no_account} đơn vị chưa có tài khoản nào nên không nhận được nhắc hạn (tạo ở trang Tài khoản)."
        ));
    }
    if no_email > 0 {
        out.push_str(&format!(
            " {no_email} đơn vị chưa có địa chỉ thư điện tử: chỉ thấy nhắc hạn khi đăng nhập."
        ));
    }
    Some(out)
}

// ---------------------------------------------------------------- registration

#[derive(Template, WebTemplate)]
#[template(path = "admin/registration.html")]
struct RegistrationPage {
    nav: Nav,
    v: RegistrationView,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl RegistrationPage {
    fn target(&self, code: &str) -> String {
        self.v.body.targets.get(code).cloned().unwrap_or_default()
    }

    fn aimed(&self, code: &str) -> bool {
        self.v.body.aims.iter().any(|a| a == code)
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }
}

async fn registration(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let v = s
        .app
        .registration(&ctx, &tenant, number(&unit, "đơn vị")?, year(&y)?)
        .await?;
    Ok(RegistrationPage {
        nav: Nav::of(&ctx),
        v,
        message: note(&q.ok),
        errors: Vec::new(),
    }
    .into_response())
}

async fn registration_save(
    State(s): State<AppState>,
    Path((tenant, unit, y)): Path<(String, String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let (unit, year) = (number(&unit, "đơn vị")?, year(&y)?);
    let cmd = thidua_app::reporting::RegistrationCommand::from_form(&f.0);
    match s.app.register(&ctx, &tenant, unit, year, &cmd).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}?ok=dang-ky")).into_response())
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.registration(&ctx, &tenant, unit, year).await?;
            Ok((
                StatusCode::BAD_REQUEST,
                RegistrationPage {
                    nav: Nav::of(&ctx),
                    v,
                    message: None,
                    errors,
                },
            )
                .into_response())
        }
    }
}

// ---------------------------------------------------------------- roll-up

#[derive(Template, WebTemplate)]
#[template(path = "admin/rollup.html")]
struct RollupPage {
    nav: Nav,
    v: RollupView,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
}

impl RollupPage {
    fn total(&self, code: &str) -> String {
        grouped(self.v.assembled.totals.get(code).copied().unwrap_or(0))
    }

    fn section(&self, code: &str) -> String {
        self.v.current().sections.get(code).cloned().unwrap_or_default()
    }

    fn area_field(&self, code: &str) -> String {
        area_field(code)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }
}

async fn rollup_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    year: i32,
    message: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let v = s.app.rollup(ctx, tenant, year).await?;
    let status = status_of(&errors);
    Ok((
        status,
        RollupPage {
            nav: Nav::of(ctx),
            v,
            indicators: &INDICATORS,
            message,
            errors,
        },
    )
        .into_response())
}

async fn rollup(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    rollup_page(&s, &ctx, &tenant, year(&y)?, note(&q.ok), Vec::new()).await
}

async fn rollup_save(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let send = f.get("action") == "gui";
    let cmd = thidua_app::reporting::RollupCommand::from_form(&f.0, send);
    match s.app.save_rollup(&ctx, &tenant, year, &cmd).await {
        Ok(()) => {
            let ok = if send { "gui-tinh" } else { "tong-hop" };
            Ok(Redirect::to(&format!("/quan-tri/{tenant}/tong-hop/{year}?ok={ok}")).into_response())
        }
        Err(e) => rollup_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

// ---------------------------------------------------------------- the province

#[derive(Template, WebTemplate)]
#[template(path = "admin/province_rollup.html")]
struct ProvinceRollupPage {
    nav: Nav,
    province: String,
    province_name: String,
    year: i32,
    /// This page of the communes that match the search and filter.
    communes: Vec<CommuneRollup>,
    arrived: usize,
    /// All communes of the province, those that match, this page and how many pages.
    total: usize,
    found: usize,
    page: usize,
    pages: usize,
    search: String,
    filter: String,
    indicators: &'static [IndicatorDef],
    /// The indicator the chart draws, and the largest value (for the bar scale).
    chart: &'static IndicatorDef,
    chart_max: u64,
}

impl ProvinceRollupPage {
    fn figure(&self, body: &RollupBody, code: &str) -> String {
        grouped(body.totals.get(code).copied().unwrap_or(0))
    }

    fn bar(&self, body: &RollupBody) -> u64 {
        body.totals.get(self.chart.code).copied().unwrap_or(0) * 100 / self.chart_max.max(1)
    }

    fn late(&self, seconds: &i64) -> String {
        late_label(*seconds)
    }

    fn sent(&self) -> Vec<&CommuneRollup> {
        self.communes.iter().filter(|c| c.body.is_some()).collect()
    }

    /// The address of another page of the table, keeping the search and filter.
    fn page_link(&self, page: usize) -> String {
        format!(
            "?q={}&loc={}&trang={page}",
            crate::session::urlencode(&self.search),
            crate::session::urlencode(&self.filter)
        )
    }
}

/// The province's table as Excel: every commune that matches, its state and its figures.
fn province_rollups_xlsx(province: &str, year: i32, communes: &[CommuneRollup]) -> Result<Response, PageError> {
    let mut headers = vec![
        "Mã",
        "Xã, phường, đặc khu",
        "Tình trạng",
        "Gửi lúc",
        "Gửi trễ",
        "Đơn vị đã báo cáo",
    ];
    headers.extend(INDICATORS.iter().map(|i| i.label));
    let rows = communes
        .iter()
        .map(|c| {
            let mut row = vec![c.code.clone(), c.name.clone()];
            match (&c.rollup, &c.body) {
                (Some(r), Some(b)) => {
                    row.push(
                        if r.status == "returned" {
                            "Đã trả lại"
                        } else {
                            "Đã gửi"
                        }
                        .to_owned(),
                    );
                    row.push(when(r.sent_at));
                    row.push(if r.late_seconds > 0 {
                        late_label(r.late_seconds)
                    } else {
                        String::new()
                    });
                    row.push(format!("{}/{}", b.units_reported, b.units_total));
                    row.extend(
                        INDICATORS
                            .iter()
                            .map(|i| b.totals.get(i.code).copied().unwrap_or(0).to_string()),
                    );
                }
                _ => {
                    row.push("Chưa gửi".to_owned());
                    row.extend(std::iter::repeat_n(String::new(), 3 + INDICATORS.len()));
                }
            }
            row
        })
        .collect();
    let table = thidua_documents::Table {
        title: &format!("Báo cáo các xã {year}"),
        headers: &headers,
        rows,
    };
    let bytes = thidua_documents::xlsx(&table).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(crate::uploads::download(
        &format!("bao-cao-cac-xa-{province}-{year}.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        bytes,
    ))
}

// ---------------------------------------------------------------- one commune's summary

#[derive(Template, WebTemplate)]
#[template(path = "admin/commune_summary.html")]
struct CommuneSummaryPage {
    nav: Nav,
    v: thidua_app::province_desk::CommuneSummary,
    indicators: &'static [IndicatorDef],
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    reason: String,
}

impl CommuneSummaryPage {
    fn total(&self, code: &str) -> String {
        grouped(self.v.body.totals.get(code).copied().unwrap_or(0))
    }

    fn section(&self, code: &str) -> String {
        self.v.body.sections.get(code).cloned().unwrap_or_default()
    }
}

async fn summary_page(
    s: &AppState,
    ctx: &thidua_app::Ctx,
    (province, year, commune): (&str, i32, &str),
    message: Option<&'static str>,
    errors: Vec<FieldError>,
    reason: String,
) -> Result<Response, PageError> {
    let v = s.app.commune_summary(ctx, province, year, commune).await?;
    let status = status_of(&errors);
    Ok((
        status,
        CommuneSummaryPage {
            nav: Nav::of(ctx),
            v,
            indicators: &INDICATORS,
            message,
            errors,
            reason,
        },
    )
        .into_response())
}

async fn commune_summary(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune)): Path<(String, String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let message =
        (q.ok == "tra-lai").then_some("Đã trả lại báo cáo cho xã, kèm lý do; xã được báo để bổ sung và gửi lại.");
    summary_page(
        &s,
        &ctx,
        (&province, year, &commune),
        message,
        Vec::new(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
struct ReturnForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

async fn return_summary(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune)): Path<(String, String, String)>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let year = year(&y)?;
    match s.app.return_summary(&ctx, &province, year, &commune, &f.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{province}/cac-xa/{year}/{commune}?ok=tra-lai")).into_response()),
        Err(e) => summary_page(&s, &ctx, (&province, year, &commune), None, field_errors(e)?, f.reason).await,
    }
}

/// The commune's summary as a Báo cáo (DOCX or PDF).
async fn summary_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, y, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let format = crate::commendation::document_format(&format)?;
    let (name, bytes) = s.app.summary_report_file(&ctx, &tenant, year, None, format).await?;
    Ok(crate::uploads::download(&name, format.content_type().to_owned(), bytes))
}

/// A commune's sent summary as a Báo cáo, read by its province.
async fn commune_summary_file(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y, commune, format)): Path<(String, String, String, String)>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let format = crate::commendation::document_format(&format)?;
    let (name, bytes) = s
        .app
        .summary_report_file(&ctx, &province, year, Some(&commune), format)
        .await?;
    Ok(crate::uploads::download(&name, format.content_type().to_owned(), bytes))
}

async fn recall_summary(
    State(s): State<AppState>,
    Path((tenant, y)): Path<(String, String)>,
    SignedForm(ctx, _f): SignedForm,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    match s.app.recall_summary(&ctx, &tenant, year).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/tong-hop/{year}?ok=rut-lai")).into_response()),
        Err(e) => rollup_page(&s, &ctx, &tenant, year, None, field_errors(e)?).await,
    }
}

#[derive(Deserialize, Default)]
struct ChartQuery {
    #[serde(default)]
    chi_tieu: String,
    /// Search in the communes' names.
    #[serde(default)]
    q: String,
    /// gui (sent), tre (late), chua (not yet), tra-lai (returned); empty: all.
    #[serde(default)]
    loc: String,
    #[serde(default)]
    trang: Option<usize>,
    /// "xlsx": the whole filtered table as a spreadsheet instead of the page.
    #[serde(default, rename = "dinh-dang")]
    dinh_dang: String,
}

/// Communes per page of the province's table: a phone scrolls one screenful at a time.
const COMMUNES_PER_PAGE: usize = 50;

async fn province_rollups(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((province, y)): Path<(String, String)>,
    Query(q): Query<ChartQuery>,
) -> Result<Response, PageError> {
    let year = year(&y)?;
    let all = s.app.province_rollups(&ctx, &province, year).await?;
    let arrived_total = all
        .iter()
        .filter(|c| c.rollup.as_ref().is_some_and(|r| r.status == "sent"))
        .count();
    let total = all.len();
    let wanted = thidua_domain::text::fold(&q.q);
    let matching: Vec<CommuneRollup> = all
        .into_iter()
        .filter(|c| wanted.is_empty() || thidua_domain::text::fold(&c.name).contains(&wanted))
        .filter(|c| {
            let status = c.rollup.as_ref().map(|r| (r.status.as_str(), r.late_seconds > 0));
            match q.loc.as_str() {
                "gui" => matches!(status, Some(("sent", _))),
                "tre" => matches!(status, Some(("sent", true))),
                "chua" => status.is_none(),
                "tra-lai" => matches!(status, Some(("returned", _))),
                _ => true,
            }
        })
        .collect();
    if q.dinh_dang == "xlsx" {
        return province_rollups_xlsx(&province, year, &matching);
    }
    let pages = matching.len().div_ceil(COMMUNES_PER_PAGE).max(1);
    let page = q.trang.unwrap_or(1).clamp(1, pages);
    let found = matching.len();
    let communes: Vec<CommuneRollup> = matching
        .into_iter()
        .skip((page - 1) * COMMUNES_PER_PAGE)
        .take(COMMUNES_PER_PAGE)
        .collect();
    let chart = thidua_domain::reporting::indicator(&q.chi_tieu).unwrap_or(&INDICATORS[0]);
    let chart_max = communes
        .iter()
        .filter_map(|c| c.body.as_ref())
        .map(|b| b.totals.get(chart.code).copied().unwrap_or(0))
        .max()
        .unwrap_or(0);
    let province_name = s
        .app
        .province(&province)
        .await?
        .map_or_else(|| province.clone(), |p| p.name);
    Ok(ProvinceRollupPage {
        nav: Nav::of(&ctx),
        arrived: arrived_total,
        total,
        found,
        page,
        pages,
        search: q.q.clone(),
        filter: q.loc.clone(),
        province,
        province_name,
        year,
        communes,
        indicators: &INDICATORS,
        chart,
        chart_max,
    }
    .into_response())
}

// ---------------------------------------------------------------- notifications

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    nav: Nav,
    items: Vec<thidua_app::NotificationRow>,
}

async fn notifications(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Result<Response, PageError> {
    let items = s.app.notifications(&ctx).await?;
    // Opening the list reads them all.
    let nav = Nav {
        unread: 0,
        ..Nav::of(&ctx)
    };
    Ok(NotificationsPage { nav, items }.into_response())
}

// ---------------------------------------------------------------- iCalendar

/// The plan's deadlines for the whole period as an iCalendar feed (RFC 5545), one all-day
/// event per due date, so that a phone calendar shows them.
async fn ical(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = number(&id, "kế hoạch")?;
    let (stored, events) = s
        .app
        .deadline_feed(id)
        .await?
        .ok_or_else(|| PageError::NotFound("Không có kế hoạch này.".into()))?;
    let ymd = |d: time::Date| format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day());
    let now = OffsetDateTime::now_utc();
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ymd(now.date()),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Thi Dua//Ke hoach//VI\r\nCALSCALE:GREGORIAN\r\n");
    push_line(
        &mut out,
        &format!("X-WR-CALNAME:Thời hạn – {}", stored.summary.commune_name),
    );
    // Calendars that subscribe fetch the feed again twice a day, so a date the commune moves
    // reaches them.
    out.push_str("REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n");
    for e in events {
        let next = e.due.next_day().unwrap_or(e.due);
        out.push_str("BEGIN:VEVENT\r\n");
        push_line(&mut out, &format!("UID:{}@thidua", e.uid));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.due)));
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", ymd(next)));
        push_line(&mut out, &format!("SUMMARY:{}", ical_text(&e.summary)));
        if !e.description.is_empty() {
            push_line(&mut out, &format!("DESCRIPTION:{}", ical_text(&e.description)));
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"ke-hoach-{id}.ics\""),
            ),
        ],
        out,
    )
        .into_response())
}

fn ical_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Appends a content line folded at 75 octets, never inside a character.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}
