//! Use cases of Thi Đua. The web layer and the CLI call these; they never reach into the
//! store's internals.

mod seeds;

use thidua_domain::directory;
use thidua_domain::plan::{self, PlanIssue};
use thidua_store::{Store, StoreError};

pub use seeds::SEED_PLANS;
pub use thidua_store::{
    Backend, CommuneRow, PlanRevisionRow, PlanSummary, ProvinceRow, SavedPlan, StoredPlan, redact,
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("kế hoạch không hợp lệ:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidPlan(Vec<PlanIssue>),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The platform: one per process, cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
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
        Ok(Self { store })
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub async fn healthy(&self) -> bool {
        self.store.ping().await
    }

    /// Checks a plan file and saves it: a new plan, a new revision of a changed plan, or
    /// nothing for a file already loaded. A file with any error changes nothing.
    pub async fn load_plan(&self, file: &str, bytes: &[u8]) -> Result<LoadedPlan> {
        let checked = plan::parse_plan(file, bytes).map_err(AppError::InvalidPlan)?;
        let source = String::from_utf8_lossy(bytes);
        let saved = self.store.save_plan(&checked.plan, &source).await?;
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
        let mut loaded = Vec::new();
        for (name, text) in SEED_PLANS {
            loaded.push(self.load_plan(name, text.as_bytes()).await?);
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

    pub async fn close(&self) {
        self.store.close().await;
    }
}
