//! The work area of a tenant: its dashboard, accounts, units, a unit's own page, the audit
//! trail with exports; a province's view of its communes; the operator's tenants.
//! Handlers only translate HTTP; every permission is checked in the app layer.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use thidua_app::admin::{CommuneStatus, NewUser, TenantDashboard, UNIT_KINDS, unit_kind_label};
use thidua_app::{AuditEntry, AuditFilter, Ctx, TenantRow, TenantUser, UnitRow};
use thidua_domain::access::{Action, Role, TenantKind};

use crate::AppState;
use crate::account::commune_roles;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::routes::{Access, Routes};
use crate::session::{SignedIn, check_csrf};

pub fn routes() -> Routes {
    Routes::new()
        .get("/quan-tri/he-thong", Access::Platform, tenants)
        .post("/quan-tri/he-thong", Access::Platform, tenant_create)
        .get("/quan-tri/{tenant}", Access::Tenant(Action::ViewTenant), dashboard)
        .get(
            "/quan-tri/{tenant}/nguoi-dung",
            Access::Tenant(Action::ManageUsers),
            users,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung",
            Access::Tenant(Action::ManageUsers),
            user_add,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung/{user}/vo-hieu",
            Access::Tenant(Action::ManageUsers),
            user_disable,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung/{user}/kich-hoat",
            Access::Tenant(Action::ManageUsers),
            user_enable,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung/{user}/mat-khau",
            Access::Tenant(Action::ManageUsers),
            user_reset_password,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung/{user}/vai-tro",
            Access::Tenant(Action::ManageUsers),
            user_grant,
        )
        .post(
            "/quan-tri/{tenant}/nguoi-dung/{user}/bo-vai-tro",
            Access::Tenant(Action::ManageUsers),
            user_revoke,
        )
        .get("/quan-tri/{tenant}/don-vi", Access::Tenant(Action::ViewTenant), units)
        .post(
            "/quan-tri/{tenant}/don-vi",
            Access::Tenant(Action::ManageUnits),
            unit_add,
        )
        .get(
            "/quan-tri/{tenant}/don-vi/{unit}",
            Access::Tenant(Action::ViewUnit),
            unit,
        )
        .get("/quan-tri/{tenant}/nhat-ky", Access::Tenant(Action::ViewAudit), audit)
        .get(
            "/quan-tri/{tenant}/nhat-ky.csv",
            Access::Tenant(Action::ViewAudit),
            audit_csv,
        )
        .get(
            "/quan-tri/{tenant}/nhat-ky.xlsx",
            Access::Tenant(Action::ViewAudit),
            audit_xlsx,
        )
}

fn id(raw: &str, what: &str) -> Result<i64, PageError> {
    raw.parse()
        .map_err(|_| PageError::NotFound(format!("Không có {what} “{raw}”.")))
}

/// The success notes a redirect may ask a page to show (never free text from the URL).
fn note(code: &str) -> Option<&'static str> {
    match code {
        "them" => Some("Đã thêm tài khoản. Người dùng sẽ phải đổi mật khẩu tạm ở lần đăng nhập đầu."),
        "vo-hieu" => Some("Đã vô hiệu hóa tài khoản và đăng xuất người dùng khỏi mọi thiết bị."),
        "kich-hoat" => Some("Đã kích hoạt lại tài khoản."),
        "mat-khau" => Some("Đã đặt mật khẩu tạm. Người dùng phải đổi ở lần đăng nhập tới."),
        "vai-tro" => Some("Đã giao thêm vai trò."),
        "bo-vai-tro" => Some("Đã bỏ vai trò."),
        "don-vi" => Some("Đã thêm đơn vị."),
        "xa" => Some("Đã mở tài khoản cho đơn vị hành chính."),
        _ => None,
    }
}

#[derive(Deserialize, Default)]
struct NoteQuery {
    #[serde(default)]
    ok: String,
}

// ---------------------------------------------------------------- dashboard

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    nav: Nav,
    /// The commune's code, for the work area's tabs.
    tenant: String,
    d: TenantDashboard,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/province.html")]
struct ProvincePage {
    nav: Nav,
    tenant: TenantRow,
    /// "Tỉnh An Giang"
    province_name: String,
    communes: Vec<CommuneStatus>,
    started: usize,
    with_plans: usize,
    /// This year's summaries: the year, how many arrived, how many of those late, returned.
    year: i32,
    sent: usize,
    late: usize,
    returned: usize,
}

/// A commune's work area, or for a province its communes.
async fn dashboard(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    if thidua_app::tenant_kind_of(&tenant) == Some(TenantKind::Province) {
        let communes = s.app.province_overview(&ctx, &tenant).await?;
        let row = s.app.directory_tenant(&tenant)?;
        let year = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).year();
        let rollups = s.app.province_rollups(&ctx, &tenant, year).await?;
        let arrived: Vec<_> = rollups.iter().filter_map(|c| c.rollup.as_ref()).collect();
        let province_name = s
            .app
            .province(&tenant)
            .await?
            .map_or_else(|| row.name.clone(), |p| p.name);
        return Ok(ProvincePage {
            nav: Nav::of(&ctx),
            started: communes.iter().filter(|c| c.has_tenant).count(),
            with_plans: communes.iter().filter(|c| c.plan_count > 0).count(),
            tenant: row,
            province_name,
            communes,
            year,
            sent: arrived.iter().filter(|r| r.status == "sent").count(),
            late: arrived
                .iter()
                .filter(|r| r.status == "sent" && r.late_seconds > 0)
                .count(),
            returned: arrived.iter().filter(|r| r.status == "returned").count(),
        }
        .into_response());
    }
    let d = s.app.tenant_dashboard(&ctx, &tenant).await?;
    Ok(DashboardPage {
        tenant: tenant.clone(),
        nav: Nav::of(&ctx),
        d,
    }
    .into_response())
}

// ---------------------------------------------------------------- users

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Nav,
    tenant: String,
    users: Vec<TenantUser>,
    units: Vec<UnitRow>,
    roles: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
    form: UserForm,
}

impl UsersPage {
    fn unit_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.units.iter().find(|u| u.id == id))
            .map_or_else(String::new, |u| u.name.clone())
    }
}

async fn users_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    message: Option<&'static str>,
    error: Option<String>,
    form: UserForm,
) -> Result<Response, PageError> {
    let (users, units) = s.app.tenant_users(ctx, tenant).await?;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = UsersPage {
        nav: Nav::of(ctx),
        tenant: tenant.to_owned(),
        users,
        units,
        roles: commune_roles(),
        message,
        error,
        form,
    };
    Ok((status, page).into_response())
}

async fn users(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    users_page(&s, &ctx, &tenant, note(&q.ok), None, UserForm::default()).await
}

#[derive(Deserialize, Default, Clone)]
struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

fn optional_id(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

async fn user_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<UserForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let new = NewUser {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        password: f.password.clone(),
        role: f.role.clone(),
        unit_id: optional_id(&f.unit),
    };
    match s.app.add_user(&ctx, &tenant, &new).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/nguoi-dung?ok=them")).into_response()),
        Err(thidua_app::AppError::Invalid(m)) => {
            let keep = UserForm {
                password: String::new(),
                ..f
            };
            users_page(&s, &ctx, &tenant, None, Some(m), keep).await
        }
        Err(e) => Err(e.into()),
    }
}

/// After a change on the accounts page: back to the list with a note, or the list again with
/// the Vietnamese reason the change was refused.
async fn after_user_change(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    result: Result<(), thidua_app::AppError>,
    ok: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/nguoi-dung?ok={ok}")).into_response()),
        Err(thidua_app::AppError::Invalid(m)) => users_page(s, ctx, tenant, None, Some(m), UserForm::default()).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn user_disable(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, user)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    set_disabled(s, ctx, tenant, user, f, true).await
}

async fn user_enable(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, user)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    set_disabled(s, ctx, tenant, user, f, false).await
}

async fn set_disabled(
    s: AppState,
    ctx: Ctx,
    tenant: String,
    user: String,
    f: CsrfForm,
    disabled: bool,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let user = id(&user, "người dùng")?;
    let result = s.app.set_user_disabled(&ctx, &tenant, user, disabled).await;
    after_user_change(
        &s,
        &ctx,
        &tenant,
        result,
        if disabled { "vo-hieu" } else { "kich-hoat" },
    )
    .await
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

async fn user_reset_password(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, user)): Path<(String, String)>,
    Form(f): Form<ResetForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let user = id(&user, "người dùng")?;
    let result = s.app.reset_user_password(&ctx, &tenant, user, &f.password).await;
    after_user_change(&s, &ctx, &tenant, result, "mat-khau").await
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

async fn user_grant(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, user)): Path<(String, String)>,
    Form(f): Form<RoleForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let user = id(&user, "người dùng")?;
    let result = s
        .app
        .grant_role(&ctx, &tenant, user, &f.role, optional_id(&f.unit))
        .await;
    after_user_change(&s, &ctx, &tenant, result, "vai-tro").await
}

async fn user_revoke(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, user)): Path<(String, String)>,
    Form(f): Form<RoleForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let user = id(&user, "người dùng")?;
    let result = s
        .app
        .revoke_role(&ctx, &tenant, user, &f.role, optional_id(&f.unit))
        .await;
    after_user_change(&s, &ctx, &tenant, result, "bo-vai-tro").await
}

// ---------------------------------------------------------------- units

#[derive(Template, WebTemplate)]
#[template(path = "admin/units.html")]
struct UnitsPage {
    nav: Nav,
    tenant: String,
    units: Vec<UnitRow>,
    kinds: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    message: Option<&'static str>,
    error: Option<String>,
    name: String,
}

impl UnitsPage {
    fn kind_label<'a>(&self, code: &'a str) -> &'a str {
        unit_kind_label(code)
    }
}

async fn units_page(
    s: &AppState,
    ctx: &Ctx,
    tenant: &str,
    message: Option<&'static str>,
    error: Option<String>,
    name: String,
) -> Result<Response, PageError> {
    let units = s.app.units(ctx, tenant).await?;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = UnitsPage {
        nav: Nav::of(ctx),
        tenant: tenant.to_owned(),
        units,
        kinds: UNIT_KINDS.to_vec(),
        can_manage: ctx
            .grants
            .allows(Action::ManageUnits, thidua_domain::access::Target::tenant(tenant)),
        message,
        error,
        name,
    };
    Ok((status, page).into_response())
}

async fn units(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    units_page(&s, &ctx, &tenant, note(&q.ok), None, String::new()).await
}

#[derive(Deserialize)]
struct UnitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

async fn unit_add(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    match s.app.add_unit(&ctx, &tenant, &f.name, &f.kind).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/don-vi?ok=don-vi")).into_response()),
        Err(thidua_app::AppError::Invalid(m)) => units_page(&s, &ctx, &tenant, None, Some(m), f.name).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/unit.html")]
struct UnitPage {
    nav: Nav,
    tenant: String,
    unit: UnitRow,
    kind: String,
    officer: bool,
    /// The commune's current plan, if it has one: (id, period).
    plan: Option<(i64, String)>,
    /// This year's registration and report, from the period the report page shows, with where
    /// the unit stands.
    dues: Vec<thidua_app::reporting::UnitDue>,
    /// What else the plan asks of units next: their own plan, nominations.
    due: Vec<crate::plan_view::UpcomingRow>,
    /// This year in Vietnam: the report and registration the unit works on now.
    year: i32,
}

/// A unit's own page. Its head and reporters see only their unit; officers see every unit.
async fn unit(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, unit)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let unit_id = id(&unit, "đơn vị")?;
    let unit = s.app.unit(&ctx, &tenant, unit_id).await?;
    let today = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc());
    let (mut plan, mut due, mut dues) = (None, Vec::new(), Vec::new());
    if let Some(summary) = s.app.plans_of(&tenant).await?.into_iter().next()
        && let Some(stored) = s.app.plan(summary.id).await?
    {
        use thidua_domain::plan::DeadlineKind as K;
        // Registration and reports come from the period, as the report page has them.
        due = crate::plan_view::upcoming(&stored.plan, today, |d| matches!(d.kind, K::UnitPlan | K::Nomination));
        dues = match s.app.unit_dues(&ctx, &tenant, unit_id).await {
            Ok(d) => d,
            // This year is outside the plan's period (a plan starting next year): nothing due.
            Err(thidua_app::AppError::NotFound(_) | thidua_app::AppError::NoPlan { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        plan = Some((summary.id, format!("{}–{}", summary.start_year, summary.end_year)));
    }
    Ok(UnitPage {
        plan,
        due,
        dues,
        year: thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).year(),
        nav: Nav::of(&ctx),
        kind: unit_kind_label(&unit.kind).to_owned(),
        officer: ctx
            .grants
            .allows(Action::ViewTenant, thidua_domain::access::Target::tenant(&tenant)),
        tenant,
        unit,
    }
    .into_response())
}

// ---------------------------------------------------------------- audit

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    action: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    outcome: String,
    /// dd/mm/yyyy or yyyy-mm-dd
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl AuditQuery {
    fn filter(&self, limit: u32) -> Result<AuditFilter, PageError> {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let day = |s: &str, field: &str| -> Result<Option<i64>, PageError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            let date = thidua_domain::calendar::parse_iso_date(s)
                .or_else(|| {
                    let p: Vec<&str> = s.split('/').collect();
                    (p.len() == 3)
                        .then(|| format!("{:0>4}-{:0>2}-{:0>2}", p[2], p[1], p[0]))
                        .and_then(|iso| thidua_domain::calendar::parse_iso_date(&iso))
                })
                .ok_or_else(|| PageError::BadRequest(format!("{field}: ngày “{s}” không hợp lệ; viết dd/mm/yyyy.")))?;
            let start = time::PrimitiveDateTime::new(date, time::Time::MIDNIGHT)
                .assume_offset(thidua_domain::calendar::VIETNAM);
            Ok(Some(start.unix_timestamp()))
        };
        Ok(AuditFilter {
            action: some(&self.action),
            actor: some(&self.actor),
            outcome: some(&self.outcome),
            from: day(&self.from, "Từ ngày")?,
            // "to" includes the whole day.
            to: day(&self.to, "Đến ngày")?.map(|t| t + 86_400),
            limit,
        })
    }
}

/// An audit entry as the trail page and the exports show it.
pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub on_behalf_of: String,
    pub action: String,
    pub entity: String,
    pub outcome: &'static str,
    pub detail: String,
    pub client_addr: String,
}

fn outcome_label(o: &str) -> &'static str {
    match o {
        "ok" => "Thành công",
        "denied" => "Bị từ chối",
        "failed" => "Không thành công",
        _ => "Khác",
    }
}

fn action_label(a: &str) -> String {
    let label = match a {
        "login" => "Đăng nhập",
        "logout" => "Đăng xuất",
        "logout_everywhere" => "Đăng xuất mọi nơi",
        "access" => "Truy cập",
        "tenant.create" => "Mở tài khoản đơn vị hành chính",
        "unit.create" => "Thêm đơn vị",
        "user.create" => "Thêm tài khoản",
        "user.grant" => "Giao vai trò",
        "user.revoke" => "Bỏ vai trò",
        "user.disable" => "Vô hiệu hóa tài khoản",
        "user.enable" => "Kích hoạt tài khoản",
        "user.password_change" => "Đổi mật khẩu",
        "user.password_reset" => "Đặt mật khẩu tạm",
        "user.totp_enable" => "Bật xác thực hai bước",
        "user.totp_disable" => "Tắt xác thực hai bước",
        "token.create" => "Tạo mã truy cập",
        "token.revoke" => "Thu hồi mã truy cập",
        "plan.create" => "Nạp kế hoạch",
        "plan.revise" => "Điều chỉnh kế hoạch",
        "unit.update" => "Sửa thông tin tập thể",
        "unit_kind.create" => "Thêm loại tập thể",
        "person.create" => "Thêm cá nhân",
        "person.update" => "Sửa thông tin cá nhân",
        "period.open" => "Mở kỳ báo cáo",
        "period.dates" => "Đặt thời hạn kỳ báo cáo",
        "registration.save" => "Đăng ký thi đua",
        "report.draft" => "Lưu nháp báo cáo",
        "report.submit" => "Gửi báo cáo",
        "report.accept" => "Tiếp nhận báo cáo",
        "report.return" => "Trả lại báo cáo",
        "report.remind" => "Nhắc hạn báo cáo",
        "attachment.add" => "Đính kèm tệp",
        "attachment.remove" => "Gỡ tệp đính kèm",
        "file.add" => "Đính kèm tài liệu",
        "file.remove" => "Gỡ tài liệu",
        "rollup.save" => "Lưu báo cáo tổng hợp",
        "rollup.send" => "Gửi báo cáo tổng hợp lên tỉnh",
        "rollup.recall" => "Rút lại báo cáo tổng hợp (tỉnh chưa mở)",
        "rollup.open" => "Tỉnh mở báo cáo tổng hợp",
        "rollup.return" => "Tỉnh trả lại báo cáo tổng hợp để bổ sung",
        "award.record" => "Ghi khen thưởng vào sổ vàng",
        "block.add" => "Ghi đang bị kỷ luật, điều tra",
        "rating.set" => "Ghi xếp loại hằng năm",
        "history.import" => "Nhập sổ vàng từ Excel",
        "commendation.settings" => "Sửa cài đặt khen thưởng",
        "rules.add" => "Ban hành bộ quy tắc xét khen",
        "legal_value.add" => "Thêm mức lương cơ sở, hệ số tiền thưởng",
        "occasion.open" => "Mở đợt khen thưởng",
        "nomination.create" => "Lập đề nghị khen thưởng",
        "nomination.save" => "Sửa đề nghị khen thưởng",
        "nomination.submit" => "Gửi đề nghị khen thưởng",
        "nomination.advance" => "Thẩm định đề nghị khen thưởng",
        "nomination.vote" => "Biểu quyết trong Hội đồng",
        "nomination.remind" => "Nhắc việc thẩm định",
        "nomination.forward" => "Trình cấp trên khen thưởng",
        "nomination.outcome" => "Ghi kết quả của tỉnh",
        "decision.sign" => "Ký quyết định khen thưởng",
        "award.annul" => "Hủy bỏ khen thưởng",
        "register.entry" => "Vào sổ văn bản đi (cho số, ngày ban hành)",
        "initiative.create" => "Đăng ký sáng kiến",
        "initiative.draft" => "Lưu nháp sáng kiến",
        "initiative.submit" => "Gửi sáng kiến",
        "initiative.withdraw" => "Rút sáng kiến",
        "initiative.score" => "Chấm điểm sáng kiến",
        "initiative.decide" => "Công nhận / không công nhận sáng kiến",
        "initiative.use" => "Ghi sáng kiến đã làm căn cứ khen thưởng",
        "initiative.release" => "Trả sáng kiến về chưa dùng",
        "initiative.settings" => "Sửa cài đặt chấm sáng kiến",
        "replication.create" => "Ghi nhân rộng sáng kiến",
        "replication.milestone" => "Ghi kết quả nhân rộng",
        "registration.remind" => "Nhắc đăng ký thi đua",
        "period.plan_dates" => "Đổi thời hạn theo kế hoạch điều chỉnh",
        "plan_draft.create" => "Lập bản nháp kế hoạch",
        "plan_draft.save" => "Lưu bản nháp kế hoạch",
        "plan_draft.discard" => "Bỏ bản nháp kế hoạch",
        "plan_draft.publish" => "Công bố kế hoạch",
        "password.recheck" => "Nhập lại mật khẩu để xác nhận",
        "token.revoke_all" => "Thu hồi mọi mã truy cập",
        "user.email" => "Đổi địa chỉ thư điện tử",
        other => return other.to_owned(),
    };
    label.to_owned()
}

/// A field name of the trail in Vietnamese, where it is a common one.
fn field_label(key: &str) -> &str {
    match key {
        "name" | "title" => "tên",
        "full_name" => "họ và tên",
        "kind" => "loại",
        "status" => "trạng thái",
        "reason" => "lý do",
        "unit" | "unit_id" => "đơn vị",
        "year" => "năm",
        "unit_due" => "hạn đơn vị gửi",
        "province_due" => "hạn gửi tỉnh",
        "registration_due" => "hạn đăng ký",
        "remind_days" => "nhắc trước (ngày)",
        "email" => "thư điện tử",
        "role" => "vai trò",
        "notices" => "số thông báo",
        "accounts" => "số tài khoản",
        "mails" => "số thư",
        "plan" => "kế hoạch",
        "revision" => "lần ban hành",
        "change" => "loại thay đổi",
        "stage" => "bước",
        "verdict" => "kết quả thẩm định",
        "form" => "hình thức",
        "recipient" => "đối tượng",
        "locked" => "bị khóa",
        "days_late" => "số ngày trễ",
        "version" => "lần gửi",
        other => other,
    }
}

/// A stored value as a person reads it: text without quotes, ISO dates as dd/mm/yyyy.
fn readable_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(t) => {
            thidua_domain::calendar::parse_iso_date(t).map_or_else(|| t.clone(), thidua_domain::calendar::dmy)
        }
        serde_json::Value::Bool(b) => if *b { "có" } else { "không" }.to_owned(),
        serde_json::Value::Null => "—".to_owned(),
        other => other.to_string(),
    }
}

/// The change an entry records, as "tên: Thôn Đông → Thôn Đông 1; hạn đơn vị gửi: 30/11/2026":
/// what changed where both sides are known, the values otherwise. Text that is not a JSON
/// object is shown as it is.
fn readable_change(before: &str, after: &str) -> String {
    let parse = |s: &str| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(s).ok();
    match (parse(before), parse(after)) {
        (Some(b), Some(a)) => a
            .iter()
            .filter(|(k, v)| b.get(*k) != Some(*v))
            .map(|(k, v)| {
                let was = b.get(k).map_or_else(|| "—".to_owned(), readable_value);
                format!("{}: {was} → {}", field_label(k), readable_value(v))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (None, Some(a)) | (Some(a), None) => a
            .iter()
            .map(|(k, v)| format!("{}: {}", field_label(k), readable_value(v)))
            .collect::<Vec<_>>()
            .join("; "),
        (None, None) => [before, after]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" → "),
    }
}

/// What an entry is about, in the paperwork's words: "đơn vị 12", "đề nghị khen thưởng 7".
fn entity_label(entity: &str) -> &str {
    match entity {
        "action" => "thao tác",
        "api_token" => "mã truy cập",
        "attachment" | "file" => "tệp",
        "award" | "award_records" => "sổ vàng",
        "decision" => "quyết định",
        "eligibility_rules" => "quy tắc xét khen",
        "initiative" => "sáng kiến",
        "legal_value" => "bảng mức tiền",
        "nomination" => "đề nghị khen thưởng",
        "occasion" => "đợt khen thưởng",
        "package" => "hồ sơ trình",
        "register" => "sổ văn bản đi",
        "person" => "cá nhân",
        "plan_draft" => "bản nháp kế hoạch",
        "registration" => "đăng ký thi đua",
        "replication" => "nhân rộng",
        "report" => "báo cáo",
        "report_period" => "kỳ báo cáo",
        "tenant" => "đơn vị hành chính",
        "unit" => "đơn vị",
        "unit_kind" => "loại đơn vị",
        "user" => "tài khoản",
        other => other,
    }
}

fn line(e: &AuditEntry) -> AuditLine {
    let at = thidua_domain::calendar::local_time(e.at, true);
    let detail = readable_change(&e.before_json, &e.after_json);
    AuditLine {
        seq: e.seq,
        at,
        actor: e.actor.clone(),
        on_behalf_of: e.on_behalf_of.clone(),
        action: action_label(&e.action),
        entity: format!("{} {}", entity_label(&e.entity), e.entity_id),
        outcome: outcome_label(&e.outcome),
        detail,
        client_addr: e.client_addr.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Nav,
    tenant: String,
    lines: Vec<AuditLine>,
    q: AuditQuery,
    query_string: String,
}

/// How many entries the trail page shows; exports take up to [`EXPORT_LIMIT`].
const PAGE_LIMIT: u32 = 200;
const EXPORT_LIMIT: u32 = 100_000;

async fn audit(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let entries = s.app.audit(&ctx, &tenant, &q.filter(PAGE_LIMIT)?).await?;
    let query_string = format!(
        "action={}&actor={}&outcome={}&from={}&to={}",
        crate::session::urlencode(&q.action),
        crate::session::urlencode(&q.actor),
        crate::session::urlencode(&q.outcome),
        crate::session::urlencode(&q.from),
        crate::session::urlencode(&q.to)
    );
    Ok(AuditPage {
        nav: Nav::of(&ctx),
        tenant,
        lines: entries.iter().map(line).collect(),
        q,
        query_string,
    }
    .into_response())
}

fn audit_table(lines: &[AuditLine]) -> thidua_documents::Table<'static> {
    thidua_documents::Table {
        title: "Nhật ký",
        headers: &[
            "Số",
            "Thời gian",
            "Người thực hiện",
            "Thay mặt đơn vị",
            "Hành động",
            "Đối tượng",
            "Kết quả",
            "Chi tiết",
            "Địa chỉ",
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.seq.to_string(),
                    l.at.clone(),
                    l.actor.clone(),
                    l.on_behalf_of.clone(),
                    l.action.clone(),
                    l.entity.clone(),
                    l.outcome.to_owned(),
                    l.detail.clone(),
                    l.client_addr.clone(),
                ]
            })
            .collect(),
    }
}

async fn export(s: AppState, ctx: Ctx, tenant: String, q: AuditQuery, xlsx: bool) -> Result<Response, PageError> {
    let entries = s.app.audit(&ctx, &tenant, &q.filter(EXPORT_LIMIT)?).await?;
    let lines: Vec<AuditLine> = entries.iter().map(line).collect();
    let table = audit_table(&lines);
    let (bytes, mime, ext) = if xlsx {
        (
            thidua_documents::xlsx(&table).map_err(|e| PageError::Internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        (
            thidua_documents::csv(&table).map_err(|e| PageError::Internal(e.to_string()))?,
            "text/csv; charset=utf-8",
            "csv",
        )
    };
    let disposition = format!("attachment; filename=\"nhat-ky-{tenant}.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

async fn audit_csv(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    export(s, ctx, tenant, q, false).await
}

async fn audit_xlsx(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    export(s, ctx, tenant, q, true).await
}

// ---------------------------------------------------------------- operator

#[derive(Template, WebTemplate)]
#[template(path = "admin/tenants.html")]
struct TenantsPage {
    nav: Nav,
    tenants: Vec<TenantRow>,
    message: Option<&'static str>,
    error: Option<String>,
    code: String,
    username: String,
}

async fn tenants_page(
    s: &AppState,
    ctx: &Ctx,
    message: Option<&'static str>,
    error: Option<String>,
    code: String,
    username: String,
) -> Result<Response, PageError> {
    let tenants = s.app.tenants(ctx).await?;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        TenantsPage {
            nav: Nav::of(ctx),
            tenants,
            message,
            error,
            code,
            username,
        },
    )
        .into_response())
}

async fn tenants(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoteQuery>,
) -> Result<Response, PageError> {
    tenants_page(&s, &ctx, note(&q.ok), None, String::new(), String::new()).await
}

#[derive(Deserialize)]
struct TenantForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

async fn tenant_create(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Form(f): Form<TenantForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let first = NewUser {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        password: f.password.clone(),
        role: Role::StandingOfficer.code().to_owned(),
        unit_id: None,
    };
    match s.app.create_tenant(&ctx, f.code.trim(), &first).await {
        Ok(()) => Ok(Redirect::to("/quan-tri/he-thong?ok=xa").into_response()),
        Err(thidua_app::AppError::Invalid(m)) => tenants_page(&s, &ctx, None, Some(m), f.code, f.username).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod audit_label_tests {
    use super::*;

    #[test]
    fn a_change_reads_as_fields_and_dates_people_know() {
        assert_eq!(
            readable_change(
                r#"{"unit_due":"2026-11-30","province_due":"2026-12-10"}"#,
                r#"{"unit_due":"2026-12-03","province_due":"2026-12-10"}"#
            ),
            "hạn đơn vị gửi: 30/11/2026 → 03/12/2026"
        );
        assert_eq!(
            readable_change("", r#"{"reason":"wrong_password","locked":true}"#),
            "bị khóa: có; lý do: wrong_password"
        );
        assert_eq!(readable_change("", "văn bản"), "văn bản");
    }

    /// Every action the code writes to the trail reads in Vietnamese on the audit page.
    #[test]
    fn every_audited_action_has_a_vietnamese_label() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut missing = Vec::new();
        let mut seen = 0;
        for krate in ["app", "store", "web", "thidua"] {
            let dir = std::path::Path::new(root).join(krate).join("src");
            let mut stack = vec![dir];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).unwrap().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                        continue;
                    }
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for piece in text.split("Event::new(").skip(1) {
                        let Some(code) = piece
                            .trim_start()
                            .strip_prefix('"')
                            .and_then(|r| r.split('"').next())
                            .filter(|c| {
                                !c.is_empty() && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_')
                            })
                        else {
                            continue;
                        };
                        seen += 1;
                        if action_label(code) == code {
                            missing.push(code.to_owned());
                        }
                    }
                }
            }
        }
        assert!(seen > 50, "the audited actions were found: {seen}");
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "actions without a Vietnamese label: {missing:?}");
    }
}
