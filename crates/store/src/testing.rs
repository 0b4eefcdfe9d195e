//! Fresh, throw-away databases for tests: a SQLite file in a temporary folder, or a new
//! PostgreSQL database on the server named by `THIDUA_TEST_PG_URL`.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(unique("thidua_test"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self {
            url: format!("sqlite://{}", dir.join("thidua.db").display()),
            cleanup: Cleanup::Dir(dir),
        }
    }

    /// A new empty database on the test server, or None when no server is configured.
    /// With `THIDUA_REQUIRE_PG=1` (as in CI) a missing server is a failure, not a skip.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var("THIDUA_TEST_PG_URL") else {
            assert!(
                std::env::var("THIDUA_REQUIRE_PG").is_err(),
                "THIDUA_REQUIRE_PG is set but THIDUA_TEST_PG_URL is not"
            );
            eprintln!("THIDUA_TEST_PG_URL is not set: PostgreSQL case skipped");
            return None;
        };
        sqlx::any::install_default_drivers();
        let name = unique("thidua_test");
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .expect("connect to THIDUA_TEST_PG_URL");
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
        Some(Self {
            url: format!("{base}/{name}"),
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Removes the database. Call at the end of a test (Drop cannot await).
    pub async fn drop_db(self) {
        match self.cleanup {
            Cleanup::Dir(dir) => {
                std::fs::remove_dir_all(dir).ok();
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(mut admin) = sqlx::AnyConnection::connect(&admin_url).await {
                    admin
                        .execute(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .await
                        .ok();
                }
            }
        }
    }
}
