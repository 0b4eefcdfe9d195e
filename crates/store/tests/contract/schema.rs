//! The two engines hold the same schema after migration: the same tables, the same columns of
//! the same kind and nullability, the same indexes over the same columns. Migrations are
//! written once per engine; this is what keeps them one schema.

use std::collections::BTreeSet;

use sqlx::{Connection, Row};
use thidua_store::testing::TestDb;

/// "integer", "text", "real", "blob": what a column holds, whatever the engine calls it.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t == "boolean" || t == "bool" {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") || t.contains("numeric") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "blob"
    } else {
        "other"
    }
}

/// (table, column, kind, not null) and (table, indexed columns, unique), sorted.
type Schema = (
    BTreeSet<(String, String, &'static str, bool)>,
    BTreeSet<(String, String, bool)>,
);

async fn sqlite_schema(url: &str) -> Schema {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let (mut columns, mut indexes) = (BTreeSet::new(), BTreeSet::new());
    for t in tables {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"
        )))
        .fetch_all(&mut c)
        .await
        .unwrap();
        for r in rows {
            let declared: String = r.get(1);
            // A primary key is never null, whatever the declaration says.
            let not_null = r.get::<i64, _>(2) == 1 || r.get::<i64, _>(3) > 0;
            columns.insert((t.clone(), r.get::<String, _>(0), kind(&declared), not_null));
        }
        let list = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list('{t}')"
        )))
        .fetch_all(&mut c)
        .await
        .unwrap();
        for i in list {
            let (name, unique, origin): (String, i64, String) = (i.get(0), i.get(1), i.get(2));
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            )))
            .fetch_all(&mut c)
            .await
            .unwrap();
            indexes.insert((t.clone(), cols.join(","), unique == 1));
        }
    }
    c.close().await.ok();
    (columns, indexes)
}

async fn postgres_schema(url: &str) -> Schema {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, \
                (c.is_nullable = 'NO' OR EXISTS (SELECT 1 FROM information_schema.table_constraints tc \
                  JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name \
                  AND k.table_name = tc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' \
                  AND tc.table_name = c.table_name AND k.column_name = c.column_name))::int \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
           AND c.table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let columns = rows
        .iter()
        .map(|r| {
            let declared: String = r.get(2);
            (
                r.get::<String, _>(0),
                r.get::<String, _>(1),
                kind(&declared),
                r.get::<i32, _>(3) == 1,
            )
        })
        .collect();
    let rows = sqlx::query(
        "SELECT t.relname::text, string_agg(a.attname::text, ',' ORDER BY k.n), ix.indisunique::int \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE ns.nspname = current_schema() AND NOT ix.indisprimary AND t.relname NOT LIKE '_sqlx%' \
         GROUP BY t.relname, i.relname, ix.indisunique",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let indexes = rows
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1), r.get::<i32, _>(2) == 1))
        .collect();
    c.close().await.ok();
    (columns, indexes)
}

fn only<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

#[tokio::test]
async fn both_engines_hold_the_same_schema_after_migration() {
    let Some(pg) = TestDb::postgres().await else {
        return;
    };
    let lite = TestDb::sqlite();
    crate::fresh(&lite.url).await;
    crate::fresh(&pg.url).await;
    let (lite_columns, lite_indexes) = sqlite_schema(&lite.url).await;
    let (pg_columns, pg_indexes) = postgres_schema(&pg.url).await;
    assert!(
        lite_columns.len() > 100,
        "the schema was read: {} columns",
        lite_columns.len()
    );
    assert_eq!(
        (only(&lite_columns, &pg_columns), only(&pg_columns, &lite_columns)),
        (vec![], vec![]),
        "columns only on SQLite, only on PostgreSQL"
    );
    assert_eq!(
        (only(&lite_indexes, &pg_indexes), only(&pg_indexes, &lite_indexes)),
        (vec![], vec![]),
        "indexes only on SQLite, only on PostgreSQL"
    );
    lite.drop_db().await;
    pg.drop_db().await;
}
