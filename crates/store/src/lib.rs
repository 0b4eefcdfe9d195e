//! Persistence for Thi Đua. One code path for SQLite (embedded, the default) and PostgreSQL
//! (many app servers): queries are written once in the SQL both engines share and run through
//! sqlx's `Any` driver; only migrations are per engine (same versions, checked by a test).
//! Callers never learn which engine they are on.

mod accounts;
mod audit;
mod audit_key;
mod bulk;
mod commendation;
mod directory;
mod files;
mod initiatives;
mod jobs;
mod notify;
mod participants;
mod plan_drafts;
mod plans;
mod register;
mod reporting;
mod scope;
#[cfg(feature = "testing")]
pub mod testing;

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use accounts::{SESSION_IDLE_SECS, SessionRow, TenantRow, TokenRow, UnitRow, UserRow, tenant_kind_of};
pub use audit::{Actor, AuditBreak, AuditEntry, AuditFilter, Event, Outcome};
pub use audit_key::{AuditKey, anchor_path};
pub use bulk::Cell;
pub use commendation::{
    Annulment, AwardRecordRow, DecisionRow, HistoryEntry, InitiativeHolder, NewAwardRecord, NewDecision, NewPackage,
    NominationRow, NominationText, OccasionRow, PackageRow, ProvinceOutcome, QuotaRow, SubmitRefused, VerifiedAward,
    VoteRow,
};
pub use directory::{CommuneRow, ProvinceRow};
pub use files::{FileRow, Owner};
pub use initiatives::{
    Candidate, InitiativeFilter, InitiativeRow, InitiativeText, MatchRow, MilestoneRow, NewMilestone,
    Outcome as InitiativeOutcome, PublicInitiative, ReplicationRow, ScoreRow, Scorecard, UseRefused,
};
pub use jobs::ImportJobRow;
pub use notify::{MAX_MAIL_ATTEMPTS, MailRow, NewNotice, NotificationRow};
pub use participants::{Applied, Collective, Person};
pub use plan_drafts::{NewPlanDraft, PlanDraftRow};
pub use plans::{PlanRevisionRow, PlanSummary, RevisionChange, SavedPlan, StoredPlan};
pub use register::{NewEntry, RegisterEntry, RegisterOutcome, Registered, Registration};
pub use reporting::{
    AttachmentRow, FollowedDates, NewPeriod, PeriodRow, RegistrationRow, ReportConflict, ReportRow, ReportVersionRow,
    RollupRow, Submitted, status_of,
};
pub use scope::{Reader, Scope, TenantUser};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("không mở được cơ sở dữ liệu `{url}`: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("địa chỉ cơ sở dữ liệu không được hỗ trợ: `{0}` (dùng sqlite://… hoặc postgres://…)")]
    UnsupportedUrl(String),
    #[error("không tạo được thư mục dữ liệu `{path}`: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("nâng cấp lược đồ cơ sở dữ liệu thất bại: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    #[error("dữ liệu kế hoạch đã lưu bị hỏng: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("dữ liệu đã lưu bị hỏng: cột {column} có giá trị «{value}» mà hệ thống không biết")]
    UnknownValue { column: String, value: String },
    #[error("không đọc hoặc tạo được khóa ký nhật ký `{path}`: {source}")]
    AuditKey {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind the platform.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// This process's turn to write on SQLite: writers queue here instead of spinning in
    /// SQLite's busy handler (which sleeps in growing steps and wrecks the tail latency).
    /// Other processes are still kept out by `BEGIN IMMEDIATE` and `busy_timeout`.
    write_turn: Arc<tokio::sync::Mutex<()>>,
    /// Signs each tenant's chain head; lives outside the database.
    audit_key: audit_key::AuditKey,
    /// Tokens used since the last flush and when; written in one batch by
    /// [`Store::flush_token_uses`] so that a request never pays a second durable write.
    token_uses: Arc<Mutex<HashMap<String, i64>>>,
}

/// A write transaction. On SQLite it also holds the process's writer turn until it ends.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    /// Signs the audit chain heads this transaction moves.
    pub(crate) audit_key: audit_key::AuditKey,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Seconds since the Unix epoch: how every timestamp is stored, the same on both engines.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Opens `url` (`sqlite://path`, `sqlite::memory:` is refused: several connections would
    /// see several databases; `postgres://…`), creating a SQLite file and its folder if needed.
    /// Opens the database with the audit key from its default place ([`AuditKey::path_for`]).
    pub async fn connect(url: &str) -> Result<Self> {
        let key = audit_key::AuditKey::load_or_create(&audit_key::AuditKey::path_for(url))?;
        Self::connect_with_key(url, key).await
    }

    pub async fn connect_with_key(url: &str, audit_key: audit_key::AuditKey) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let connect_url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&connect_url).map_err(|source| StoreError::Connect {
            url: redact(url),
            source,
        })?;
        let pool_options = match backend {
            Backend::Sqlite => AnyPoolOptions::new().max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers run beside the writer; synchronous=FULL makes a
                    // commit durable before it is acknowledged (see docs/adr/0002).
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => AnyPoolOptions::new().max_connections(16),
        };
        let pool = pool_options
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact(url),
                source,
            })?;
        Ok(Self {
            pool,
            backend,
            write_turn: Arc::default(),
            audit_key,
            token_uses: Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date. On PostgreSQL the migrator takes an advisory lock, so
    /// several app servers may start at once.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    /// A consistent copy of an SQLite database taken while it runs (`VACUUM INTO`); the
    /// file must not exist. PostgreSQL is backed up with its own tools (`pg_dump`).
    pub async fn backup_into(&self, path: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::UnsupportedUrl("postgres: dùng pg_dump".into()));
        }
        let quoted = path.display().to_string().replace('\'', "''");
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{quoted}'")))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so a read-then-write transaction waits its turn instead of failing busy.
    pub(crate) async fn write(&self) -> Result<WriteTx> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let turn = self.write_turn.clone().lock_owned().await;
                WriteTx {
                    tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: Some(turn),
                    audit_key: self.audit_key.clone(),
                }
            }
            Backend::Postgres => WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
                audit_key: self.audit_key.clone(),
            },
        })
    }

    /// Writes what is still buffered, then closes the pool.
    pub async fn close(&self) {
        if let Err(e) = self.flush_token_uses().await {
            tracing::warn!(error = %e, "không ghi được thời điểm dùng mã truy cập");
        }
        self.pool.close().await;
    }
}

/// `sqlite://data/thidua.db` → the same with `mode=rwc`, after creating `data/`.
fn sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path.contains(":memory:") || rest.contains("mode=memory") {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    Ok(if rest.contains('?') {
        format!("sqlite://{rest}")
    } else {
        format!("sqlite://{rest}?mode=rwc")
    })
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }

    /// Both engines must have the same migration versions, so a database can move between them.
    #[test]
    fn both_engines_have_the_same_migrations() {
        let versions = |engine: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(engine);
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert!(!versions("sqlite").is_empty());
        assert_eq!(versions("sqlite"), versions("postgres"));
    }

    #[test]
    fn memory_sqlite_is_refused() {
        assert!(matches!(
            sqlite_url("sqlite::memory:"),
            Err(StoreError::UnsupportedUrl(_))
        ));
    }
}
