//! The storage contract: every test runs on SQLite and on PostgreSQL (when
//! `THIDUA_TEST_PG_URL` is set; CI sets it and `THIDUA_REQUIRE_PG=1`).

mod accounts;
mod audit;
mod commendation;
mod directory;
mod initiatives;
mod plans;
mod reporting;
mod schema;

use thidua_store::Store;

/// Runs `$body` with a migrated store holding the national directory, once per engine.
macro_rules! contract {
    ($name:ident, |$store:ident, $url:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use thidua_store::Store;
            use thidua_store::testing::TestDb;

            async fn run($store: Store, $url: String) {
                let _ = &$url;
                $body
            }

            #[tokio::test]
            async fn sqlite() {
                let db = TestDb::sqlite();
                run(crate::fresh(&db.url).await, db.url.clone()).await;
                db.drop_db().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = TestDb::postgres().await else {
                    return;
                };
                run(crate::fresh(&db.url).await, db.url.clone()).await;
                db.drop_db().await;
            }
        }
    };
}
pub(crate) use contract;

pub(crate) async fn fresh(url: &str) -> Store {
    let store = Store::connect(url).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
        .sync_directory(thidua_domain::directory::national())
        .await
        .expect("directory");
    store
}
