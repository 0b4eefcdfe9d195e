//! Use cases of Thi Đua. The web layer and the CLI call these; they never reach into the
//! store's internals.

pub mod admin;
pub mod audit_anchors;
pub mod auth;
pub mod commendation;
pub mod demo;
mod doors;
pub mod initiatives;
mod json;
pub mod papers;
pub mod participants;
pub mod plan_document;
pub mod plan_editing;
pub mod province_desk;
pub mod register;
pub mod reporting;
mod seeds;
pub mod uploads;
pub mod waiting;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub use auth::Ctx;
use thidua_domain::directory;
use thidua_domain::plan::{self, PlanIssue};
use thidua_store::{Store, StoreError};

pub use auth::{LoginError, NewSession, Origin};
pub use seeds::SEED_PLANS;
pub use thidua_store::{
    Actor, AuditBreak, AuditEntry, AuditFilter, Backend, CommuneRow, FileRow, InitiativeRow, MailRow, NotificationRow,
    PlanRevisionRow, PlanSummary, ProvinceRow, PublicInitiative, ReplicationRow, RollupRow, SavedPlan, StoredPlan,
    TenantRow, TenantUser, TokenRow, UnitRow, UserRow, VerifiedAward, redact, tenant_kind_of,
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("kế hoạch không hợp lệ:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidPlan(Vec<PlanIssue>),
    /// The caller may not do this here. Already recorded in the audit trail.
    #[error("Bạn không có quyền thực hiện việc này.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    /// The commune has no plan yet: pages say how to bring one in.
    #[error("Xã chưa đưa kế hoạch thực hiện phong trào thi đua lên hệ thống.")]
    NoPlan { tenant: String },
    /// Bad input, with a Vietnamese message naming the field.
    #[error("{0}")]
    Invalid(String),
    /// Bad form input: every field that is wrong, each with its Vietnamese message.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))]
    Fields(Vec<thidua_domain::reporting::FieldError>),
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

type PlanCache = Arc<RwLock<HashMap<(i64, i64, i64), Arc<StoredPlan>>>>;

/// The platform: one per process, cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    /// Parsed plans by (id, revision, loaded at): read on every report, changed rarely.
    plans: PlanCache,
    /// Tenants by code. A tenant is never renamed, moved or deleted once opened, so a row
    /// read once stays true; unknown codes are not cached.
    tenants: Arc<RwLock<HashMap<String, TenantRow>>>,
    /// Where people reach the platform ("https://thidua.angiang.gov.vn"): printed in the QR code
    /// of every certificate. Certificates are refused until it is set, so that no paper points
    /// at whichever address a browser happened to use.
    public_url: Option<Arc<str>>,
}

/// A plan file that was loaded.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub saved: SavedPlan,
    pub commune_name: String,
    pub warnings: Vec<PlanIssue>,
}

impl App {
    /// Opens the database, brings its schema up to date and makes sure the national
    /// directory is loaded.
    pub async fn open(database_url: &str) -> Result<Self> {
        let store = Store::connect(database_url).await?;
        store.migrate().await?;
        if store.sync_directory(directory::national()).await? {
            tracing::info!("đã nạp danh mục 34 tỉnh, 3.321 xã");
        }
        let app = Self {
            store,
            plans: Arc::default(),
            tenants: Arc::default(),
            public_url: None,
        };
        app.seed_commendation().await?;
        Ok(app)
    }

    /// Sets the platform's public address ("https://thidua.angiang.gov.vn"), without a
    /// trailing slash.
    pub fn with_public_url(mut self, url: &str) -> Self {
        let url = url.trim().trim_end_matches('/');
        self.public_url = (!url.is_empty()).then(|| Arc::from(url));
        self
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub async fn healthy(&self) -> bool {
        self.store.ping().await
    }

    /// Checks a plan file and saves it: a new plan, a new revision of a changed plan, or
    /// nothing for a file already loaded. A file with any error changes nothing.
    pub async fn load_plan(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<LoadedPlan> {
        let checked = plan::parse_plan(file, bytes).map_err(AppError::InvalidPlan)?;
        // The file's name carries its commune's code ("10210-hong-van.toml"), so a copy of another
        // commune's plan with its code left in cannot replace that commune's public plan.
        let code = &checked.plan.authority.code;
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        if !base.starts_with(code.as_str()) {
            return Err(AppError::InvalidPlan(vec![PlanIssue {
                file: file.to_owned(),
                line: 0,
                column: 0,
                field: "authority.code".into(),
                message: format!(
                    "tệp ghi mã xã {code} ({}) nhưng tên tệp không bắt đầu bằng mã đó: đặt tên tệp «{code}-….toml» nếu đây đúng là kế hoạch của xã này, hoặc sửa mã xã trong tệp",
                    checked.plan.authority.name
                ),
                detail: None,
            }]));
        }
        let source = String::from_utf8_lossy(bytes);
        let saved = self.store.save_plan(actor, &checked.plan, &source).await?;
        let commune_name = directory::national()
            .commune(&checked.plan.authority.code)
            .map_or_else(|| checked.plan.authority.name.clone(), |c| c.name.clone());
        Ok(LoadedPlan {
            saved,
            commune_name,
            warnings: checked.warnings,
        })
    }

    /// Loads the four seed communes' plans shipped with the program.
    pub async fn load_seed_plans(&self) -> Result<Vec<LoadedPlan>> {
        let actor = Actor::system("dữ liệu mẫu");
        let mut loaded = Vec::new();
        for (name, text) in SEED_PLANS {
            loaded.push(self.load_plan(&actor, name, text.as_bytes()).await?);
        }
        Ok(loaded)
    }

    pub async fn provinces(&self) -> Result<Vec<ProvinceRow>> {
        Ok(self.store.provinces().await?)
    }

    pub async fn province(&self, code: &str) -> Result<Option<ProvinceRow>> {
        Ok(self.store.province(code).await?)
    }

    pub async fn communes_of(&self, province_code: &str) -> Result<Vec<CommuneRow>> {
        Ok(self.store.communes_of(province_code).await?)
    }

    pub async fn commune(&self, code: &str) -> Result<Option<CommuneRow>> {
        Ok(self.store.commune(code).await?)
    }

    pub async fn search_communes(&self, query: &str, limit: u32) -> Result<Vec<CommuneRow>> {
        Ok(self.store.search_communes(query, limit).await?)
    }

    pub async fn plans(&self) -> Result<Vec<PlanSummary>> {
        Ok(self.store.plans().await?)
    }

    pub async fn plans_of(&self, commune_code: &str) -> Result<Vec<PlanSummary>> {
        Ok(self.store.plans_of(commune_code).await?)
    }

    pub async fn plan(&self, id: i64) -> Result<Option<StoredPlan>> {
        Ok(self.store.plan(id).await?)
    }

    pub async fn plan_revisions(&self, id: i64) -> Result<Vec<PlanRevisionRow>> {
        Ok(self.store.plan_revisions(id).await?)
    }

    /// Creates an account from the command line (`thidua user add`), creating the tenant from
    /// the national directory when it is new.
    pub async fn add_user_cli(
        &self,
        tenant: &str,
        role: &str,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> Result<i64> {
        let actor = Actor::system("dòng lệnh");
        let role = thidua_domain::access::Role::parse(role).ok_or_else(|| {
            let all: Vec<&str> = thidua_domain::access::Role::ALL.iter().map(|r| r.code()).collect();
            AppError::Invalid(format!("Vai trò “{role}” không có; chọn một trong: {}", all.join(", ")))
        })?;
        if role.needs_unit() {
            return Err(AppError::Invalid(
                "Vai trò của đơn vị được giao trên trang quản lý tài khoản của xã.".to_owned(),
            ));
        }
        if let Some(p) = thidua_domain::access::username_problem(username) {
            return Err(AppError::Invalid(format!("Tên đăng nhập: {p}")));
        }
        if let Some(p) = thidua_domain::access::password_problem(password, username) {
            return Err(AppError::Invalid(format!("Mật khẩu: {p}")));
        }
        let row = if tenant == thidua_domain::access::PLATFORM {
            TenantRow {
                code: tenant.to_owned(),
                kind: "platform".to_owned(),
                name: "Nền tảng Thi Đua".to_owned(),
                province_code: None,
            }
        } else {
            self.directory_tenant(tenant)?
        };
        if Some(role.tenant_kind()) != thidua_store::tenant_kind_of(tenant) {
            return Err(AppError::Invalid(format!(
                "Vai trò “{}” không dùng cho mã “{tenant}”.",
                role.code()
            )));
        }
        self.store.ensure_tenant(&actor, &row).await?;
        let hash = auth::hash_password(password).await?;
        let grant = thidua_domain::access::Grant {
            tenant_code: tenant.to_owned(),
            role,
            unit_id: None,
        };
        self.store
            .create_user(&actor, username, display_name, &hash, false, &[grant])
            .await?
            .ok_or_else(|| AppError::Invalid(format!("Tên đăng nhập “{username}” đã có người dùng.")))
    }

    /// Creates an API token for a user from the command line; printed once.
    pub async fn create_token_cli(&self, username: &str, name: &str) -> Result<String> {
        let user = self
            .store
            .user_by_name(username)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("Không có người dùng “{username}”.")))?;
        let grants = self.store.grants_of(user.id).await?;
        let ctx = Ctx {
            user,
            grants,
            request_id: String::new(),
            client_addr: String::new(),
            csrf_token: None,
            unread: 0,
        };
        self.issue_token(&ctx, name).await
    }

    /// The tenant `code`, from memory after the first read.
    pub(crate) async fn tenant_row(&self, code: &str) -> Result<Option<TenantRow>> {
        if let Some(hit) = self.tenants.read().ok().and_then(|t| t.get(code).cloned()) {
            return Ok(Some(hit));
        }
        let row = self.store.tenant(code).await?;
        if let (Some(row), Ok(mut tenants)) = (&row, self.tenants.write()) {
            tenants.insert(code.to_owned(), row.clone());
        }
        Ok(row)
    }

    /// The next e-mail of the outbox for `worker`, held for `lease_secs`; no other worker gets
    /// it meanwhile.
    pub async fn claim_mail(&self, worker: &str, lease_secs: i64) -> Result<Option<thidua_store::MailRow>> {
        Ok(self.store.claim_mail(worker, lease_secs).await?)
    }

    pub async fn mail_sent(&self, id: i64, worker: &str) -> Result<()> {
        Ok(self.store.mail_sent(id, worker).await?)
    }

    pub async fn mail_failed(&self, id: i64, worker: &str, error: &str) -> Result<()> {
        Ok(self.store.mail_failed(id, worker, error).await?)
    }

    /// Writes the buffered "last used" times of access tokens.
    pub async fn flush_token_uses(&self) -> Result<usize> {
        Ok(self.store.flush_token_uses().await?)
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
