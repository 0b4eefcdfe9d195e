//! Use cases inside a tenant: its work area, accounts, units and audit trail, and the
//! operator's tenants. Every one starts with [`App::authorize`], which either hands out the
//! tenant's [`Scope`] or records the refusal and says no.

use serde::Serialize;
use thidua_domain::access::{Action, PLATFORM, Role, TenantKind, password_problem, username_problem};
use thidua_store::{AuditEntry, AuditFilter, PlanSummary, Reader, TenantRow, TenantUser, UnitRow};

use crate::auth::{Ctx, hash_password};
use crate::{App, AppError, Result};

/// The catalogue of unit kinds a commune starts with (a commune may add its own words).
pub const UNIT_KINDS: [(&str, &str); 8] = [
    ("co_quan", "Cơ quan, phòng, ban thuộc UBND"),
    ("dang", "Ban đảng, Văn phòng Đảng ủy"),
    ("mttq_doan_the", "Mặt trận Tổ quốc, đoàn thể"),
    ("thon_to_dan_pho", "Thôn, xóm, ấp, tổ dân phố"),
    ("truong_hoc", "Trường học"),
    ("doanh_nghiep", "Doanh nghiệp"),
    ("cong_an_quan_su", "Công an, quân sự"),
    ("don_vi_su_nghiep", "Đơn vị sự nghiệp"),
];

pub fn unit_kind_label(code: &str) -> &str {
    UNIT_KINDS.iter().find(|(c, _)| *c == code).map_or(code, |(_, l)| l)
}

#[derive(Debug, Clone, Serialize)]
pub struct TenantDashboard {
    pub tenant: TenantRow,
    pub units: Vec<UnitRow>,
    pub user_count: i64,
    pub plans: Vec<PlanSummary>,
    /// What a commune does on its first day, each with whether it is done.
    pub first_day: Vec<FirstStep>,
}

/// One step of a new commune's first day on the platform.
#[derive(Debug, Clone, Serialize)]
pub struct FirstStep {
    pub label: &'static str,
    pub done: bool,
    /// Where things stand ("3 đơn vị", "chưa có").
    pub state: String,
    /// The page where it is done, under the commune's work area.
    pub link: &'static str,
}

impl TenantDashboard {
    pub fn steps_done(&self) -> usize {
        self.first_day.iter().filter(|s| s.done).count()
    }
}

/// A commune as its province sees it.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneStatus {
    pub code: String,
    pub name: String,
    pub has_tenant: bool,
    pub plan_count: i64,
}

/// A new account from the user-management form.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    pub unit_id: Option<i64>,
}

impl App {
    pub async fn tenant_dashboard(&self, ctx: &Ctx, tenant: &str) -> Result<TenantDashboard> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let units = scope.units().await?;
        let user_count = scope.user_count().await?;
        let plans = self.store.plans_of(tenant).await?;
        let users = scope.users().await?;
        let with_email = users.iter().filter(|u| !u.user.email.is_empty()).count();
        let history = scope.award_records("", 0).await?.len();
        let first_day = vec![
            FirstStep {
                label: "Đưa kế hoạch của xã lên hệ thống (từ tệp Word, PDF hoặc soạn trực tiếp)",
                done: !plans.is_empty(),
                state: if plans.is_empty() {
                    "chưa có".into()
                } else {
                    format!("{} kế hoạch", plans.len())
                },
                link: "ke-hoach",
            },
            FirstStep {
                label: "Lập danh sách đơn vị, thôn, tổ dân phố (nhập từ Excel được)",
                done: !units.is_empty(),
                state: format!("{} đơn vị", units.len()),
                link: "doi-tuong",
            },
            FirstStep {
                label: "Tạo tài khoản cho cán bộ và các đơn vị",
                done: user_count > 1,
                state: format!("{user_count} tài khoản"),
                link: "nguoi-dung",
            },
            FirstStep {
                label: "Ghi lịch sử khen thưởng (sổ vàng) để xét điều kiện khen",
                done: history > 0,
                state: format!("{history} lượt khen"),
                link: "so-vang",
            },
            FirstStep {
                label: "Địa chỉ thư điện tử để nhận nhắc hạn",
                done: !users.is_empty() && with_email == users.len(),
                state: format!("{with_email}/{} tài khoản có địa chỉ", users.len()),
                link: "nguoi-dung",
            },
        ];
        Ok(TenantDashboard {
            tenant: self.store.tenant(tenant).await?.ok_or(AppError::Forbidden)?,
            units,
            user_count,
            plans,
            first_day,
        })
    }

    pub async fn tenant_users(&self, ctx: &Ctx, tenant: &str) -> Result<(Vec<TenantUser>, Vec<UnitRow>)> {
        let scope = self.authorize_view(ctx, Action::ManageUsers, tenant, None).await?;
        Ok((scope.users().await?, scope.units().await?))
    }

    /// Invites a user with one role in the tenant. The password is temporary: it must be
    /// changed at the first sign-in.
    pub async fn add_user(&self, ctx: &Ctx, tenant: &str, new: &NewUser) -> Result<i64> {
        let scope = self.authorize_view(ctx, Action::ManageUsers, tenant, None).await?;
        let username = new.username.trim().to_lowercase();
        if let Some(p) = username_problem(&username) {
            return Err(AppError::Invalid(format!("Tên đăng nhập: {p}")));
        }
        let display = thidua_domain::text::nfc(new.display_name.trim());
        if display.is_empty() || display.chars().count() > 120 {
            return Err(AppError::Invalid("Họ và tên: cần từ 1 đến 120 ký tự.".to_owned()));
        }
        if let Some(p) = password_problem(&new.password, &username) {
            return Err(AppError::Invalid(format!("Mật khẩu tạm: {p}")));
        }
        let role = role_for(&new.role, tenant)?;
        let unit = self.unit_for(&scope, role, new.unit_id).await?;
        let hash = hash_password(&new.password).await?;
        scope
            .create_user(&username, &display, &hash, &[(role, unit)])
            .await?
            .ok_or_else(|| AppError::Invalid(format!("Tên đăng nhập “{username}” đã có người dùng.")))
    }

    async fn unit_for(&self, scope: &Reader<'_>, role: Role, unit_id: Option<i64>) -> Result<Option<i64>> {
        match (role.needs_unit(), unit_id) {
            (true, None) => Err(AppError::Invalid("Đơn vị: vai trò này cần chọn một đơn vị.".to_owned())),
            (true, Some(id)) => match scope.unit(id).await? {
                Some(u) => Ok(Some(u.id)),
                None => Err(AppError::Invalid("Đơn vị: không có đơn vị này trong xã.".to_owned())),
            },
            (false, _) => Ok(None),
        }
    }

    pub async fn grant_role(
        &self,
        ctx: &Ctx,
        tenant: &str,
        user_id: i64,
        role: &str,
        unit_id: Option<i64>,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUsers, tenant, None).await?;
        let role = role_for(role, tenant)?;
        let unit = self.unit_for(&scope, role, unit_id).await?;
        if scope.user(user_id).await?.is_none() {
            return Err(AppError::NotFound("Không có người dùng này trong xã.".to_owned()));
        }
        scope.grant(user_id, role, unit).await?;
        Ok(())
    }

    pub async fn revoke_role(
        &self,
        ctx: &Ctx,
        tenant: &str,
        user_id: i64,
        role: &str,
        unit_id: Option<i64>,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUsers, tenant, None).await?;
        let role = Role::parse(role).ok_or_else(|| AppError::Invalid("Vai trò không hợp lệ.".to_owned()))?;
        if user_id == ctx.user.id && role == Role::StandingOfficer {
            return Err(AppError::Invalid(
                "Không thể tự bỏ vai trò quản lý tài khoản của chính mình.".to_owned(),
            ));
        }
        if scope.revoke(user_id, role, unit_id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("Người dùng không giữ vai trò này.".to_owned()))
        }
    }

    pub async fn set_user_disabled(&self, ctx: &Ctx, tenant: &str, user_id: i64, disabled: bool) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUsers, tenant, None).await?;
        if disabled && user_id == ctx.user.id {
            return Err(AppError::Invalid(
                "Không thể tự vô hiệu hóa tài khoản của chính mình.".to_owned(),
            ));
        }
        if scope.set_disabled(user_id, disabled).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("Không có người dùng này trong xã.".to_owned()))
        }
    }

    /// Sets a temporary password for a user of the tenant; they must change it when signing in.
    pub async fn reset_user_password(&self, ctx: &Ctx, tenant: &str, user_id: i64, password: &str) -> Result<()> {
        let scope = self.authorize_view(ctx, Action::ManageUsers, tenant, None).await?;
        let target = scope
            .user(user_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có người dùng này trong xã.".to_owned()))?;
        if let Some(p) = password_problem(password, &target.user.username) {
            return Err(AppError::Invalid(format!("Mật khẩu tạm: {p}")));
        }
        let hash = hash_password(password).await?;
        scope.reset_password(user_id, &hash).await?;
        Ok(())
    }

    pub async fn units(&self, ctx: &Ctx, tenant: &str) -> Result<Vec<UnitRow>> {
        Ok(self
            .authorize(ctx, Action::ViewTenant, tenant, None)
            .await?
            .units()
            .await?)
    }

    pub async fn add_unit(&self, ctx: &Ctx, tenant: &str, name: &str, kind: &str) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManageUnits, tenant, None).await?;
        let name = thidua_domain::text::nfc(name.trim());
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AppError::Invalid("Tên đơn vị: cần từ 1 đến 200 ký tự.".to_owned()));
        }
        if !UNIT_KINDS.iter().any(|(c, _)| *c == kind) {
            return Err(AppError::Invalid(
                "Loại đơn vị: hãy chọn một loại trong danh sách.".to_owned(),
            ));
        }
        scope
            .add_unit(&name, kind)
            .await?
            .ok_or_else(|| AppError::Invalid(format!("Đơn vị “{name}” đã có trong danh sách.")))
    }

    /// A unit's own page: for its head and reporters, and for the commune's officers.
    pub async fn unit(&self, ctx: &Ctx, tenant: &str, unit_id: i64) -> Result<UnitRow> {
        let scope = self
            .authorize_view(ctx, Action::ViewUnit, tenant, Some(unit_id))
            .await?;
        scope
            .unit(unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Không có đơn vị này.".to_owned()))
    }

    pub async fn audit(&self, ctx: &Ctx, tenant: &str, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        Ok(self
            .authorize(ctx, Action::ViewAudit, tenant, None)
            .await?
            .audit(filter)
            .await?)
    }

    /// The communes of a province and whether each has started on the platform.
    pub async fn province_overview(&self, ctx: &Ctx, province: &str) -> Result<Vec<CommuneStatus>> {
        self.authorize_view(ctx, Action::ViewRollup, province, None).await?;
        let tenants = self.store.tenants().await?;
        Ok(self
            .store
            .communes_of(province)
            .await?
            .into_iter()
            .map(|c| CommuneStatus {
                has_tenant: tenants.iter().any(|t| t.code == c.code),
                code: c.code,
                name: c.name,
                plan_count: c.plan_count,
            })
            .collect())
    }

    pub async fn tenants(&self, ctx: &Ctx) -> Result<Vec<TenantRow>> {
        self.authorize_view(ctx, Action::ManageTenants, PLATFORM, None).await?;
        Ok(self.store.tenants().await?)
    }

    /// Opens a commune or province on the platform, with its first officer.
    pub async fn create_tenant(&self, ctx: &Ctx, code: &str, first: &NewUser) -> Result<()> {
        self.authorize_view(ctx, Action::ManageTenants, PLATFORM, None).await?;
        let row = self.directory_tenant(code)?;
        let role = match TenantKind::parse(&row.kind) {
            Some(TenantKind::Province) => Role::ProvinceOfficer,
            _ => Role::StandingOfficer,
        };
        if let Some(p) = username_problem(first.username.trim()) {
            return Err(AppError::Invalid(format!("Tên đăng nhập: {p}")));
        }
        if let Some(p) = password_problem(&first.password, first.username.trim()) {
            return Err(AppError::Invalid(format!("Mật khẩu tạm: {p}")));
        }
        self.store.ensure_tenant(&ctx.actor(), &row).await?;
        let hash = hash_password(&first.password).await?;
        let display = if first.display_name.trim().is_empty() {
            role.label().to_owned()
        } else {
            first.display_name.trim().to_owned()
        };
        self.operator_scope(ctx, code)
            .create_user(first.username.trim(), &display, &hash, &[(role, None)])
            .await?
            .ok_or_else(|| AppError::Invalid(format!("Tên đăng nhập “{}” đã có người dùng.", first.username.trim())))?;
        Ok(())
    }

    /// The tenant row for an official code, named from the national directory.
    pub fn directory_tenant(&self, code: &str) -> Result<TenantRow> {
        let dir = thidua_domain::directory::national();
        if let Some(c) = dir.commune(code) {
            return Ok(TenantRow {
                code: c.code.clone(),
                kind: TenantKind::Commune.code().to_owned(),
                name: format!("UBND {} {}", c.kind.label(), c.short_name()),
                province_code: Some(c.province_code.clone()),
            });
        }
        if let Some(p) = dir.province(code) {
            return Ok(TenantRow {
                code: p.code.clone(),
                kind: TenantKind::Province.code().to_owned(),
                name: format!("UBND {}", p.name),
                province_code: None,
            });
        }
        Err(AppError::Invalid(format!(
            "Mã “{code}” không có trong danh mục đơn vị hành chính."
        )))
    }
}

/// A role that may be given in this tenant.
fn role_for(code: &str, tenant: &str) -> Result<Role> {
    let role = Role::parse(code)
        .ok_or_else(|| AppError::Invalid("Vai trò: hãy chọn một vai trò trong danh sách.".to_owned()))?;
    let kind = thidua_store::tenant_kind_of(tenant);
    if Some(role.tenant_kind()) != kind {
        return Err(AppError::Invalid(format!(
            "Vai trò “{}” không dùng cho đơn vị này.",
            role.label()
        )));
    }
    Ok(role)
}
