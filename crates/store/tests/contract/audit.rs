//! Seventeen ways to tamper with the audit trail, each named by `verify_audit`: one tenant per
//! case, every chain anchored before the tampering, the database edited behind the store's back.

use crate::contract;
use sqlx::{Connection, Executor};
use thidua_store::{Actor, Event, TenantRow};

/// (what is done, the SQL that does it to tenant `{t}`, words the break must contain).
const CASES: [(&str, &str, &str); 16] = [
    (
        "edit an entry's content",
        "UPDATE audit_log SET after_json = '{}' WHERE tenant_code = '{t}' AND seq = 2",
        "nội dung đã bị sửa",
    ),
    (
        "edit who acted",
        "UPDATE audit_log SET actor = 'người khác' WHERE tenant_code = '{t}' AND seq = 2",
        "nội dung đã bị sửa",
    ),
    (
        "edit when it happened",
        "UPDATE audit_log SET at = at - 86400 WHERE tenant_code = '{t}' AND seq = 3",
        "nội dung đã bị sửa",
    ),
    (
        "edit what it was before",
        "UPDATE audit_log SET before_json = '{\"x\":1}' WHERE tenant_code = '{t}' AND seq = 3",
        "nội dung đã bị sửa",
    ),
    (
        "delete a middle entry",
        "DELETE FROM audit_log WHERE tenant_code = '{t}' AND seq = 2",
        "mục đã bị xóa",
    ),
    (
        "delete the last entry",
        "DELETE FROM audit_log WHERE tenant_code = '{t}' AND seq = 4",
        "mục cuối cùng",
    ),
    (
        "delete the head row",
        "DELETE FROM audit_heads WHERE tenant_code = '{t}'",
        "đầu chuỗi nhật ký đã bị xóa",
    ),
    (
        "recompute the head's hash after editing the last entry",
        "UPDATE audit_heads SET hash = 'ab' WHERE tenant_code = '{t}'",
        "chữ ký đầu chuỗi không khớp",
    ),
    (
        "remove the head's signature",
        "UPDATE audit_heads SET mac = '' WHERE tenant_code = '{t}'",
        "chưa được ký",
    ),
    (
        "swap two entries",
        "UPDATE audit_log SET seq = 1002 WHERE tenant_code = '{t}' AND seq = 2; \
         UPDATE audit_log SET seq = 2 WHERE tenant_code = '{t}' AND seq = 3; \
         UPDATE audit_log SET seq = 3 WHERE tenant_code = '{t}' AND seq = 1002",
        "không nối tiếp",
    ),
    (
        "replace an entry's link to the one before",
        "UPDATE audit_log SET prev_hash = 'ab' WHERE tenant_code = '{t}' AND seq = 3",
        "không nối tiếp",
    ),
    (
        "move an entry to another tenant",
        "UPDATE audit_log SET tenant_code = 'XXXXX' WHERE tenant_code = '{t}' AND seq = 3",
        "mục đã bị xóa",
    ),
    (
        "cut the tail and put back the signed head saved when the chain was shorter",
        "DELETE FROM audit_log WHERE tenant_code = '{t}' AND seq > 2; \
         UPDATE audit_heads SET seq = 2, hash = '{old_hash}', mac = '{old_mac}' WHERE tenant_code = '{t}'",
        "không còn",
    ),
    (
        "delete a tenant's whole trail and its head",
        "DELETE FROM audit_log WHERE tenant_code = '{t}'; DELETE FROM audit_heads WHERE tenant_code = '{t}'",
        "không còn",
    ),
    (
        "delete every entry but keep the head",
        "DELETE FROM audit_log WHERE tenant_code = '{t}'",
        "mục cuối cùng",
    ),
    (
        "append a forged entry and move the head to it",
        "INSERT INTO audit_log (tenant_code, seq, at, actor_id, actor, on_behalf_of, action, entity, entity_id, \
         before_json, after_json, outcome, request_id, client_addr, prev_hash, hash) \
         SELECT tenant_code, 5, at, 0, 'giả', '', 'unit.add', 'unit', '9', '', '{}', 'ok', '', '', hash, 'cd' \
         FROM audit_log WHERE tenant_code = '{t}' AND seq = 4; \
         UPDATE audit_heads SET seq = 5, hash = 'cd' WHERE tenant_code = '{t}'",
        "chữ ký đầu chuỗi không khớp",
    ),
];

/// The case that restores a head saved earlier.
const ROLLBACK: usize = 12;

contract!(seventeen_ways_to_tamper_are_each_named, |store, url| {
    let actor = Actor::system("test");
    sqlx::any::install_default_drivers();
    let mut saved_head = (String::new(), String::new());
    let codes: Vec<String> = thidua_domain::directory::national()
        .communes
        .iter()
        .take(CASES.len())
        .map(|c| c.code.clone())
        .collect();
    for code in &codes {
        let commune = thidua_domain::directory::national().commune(code).unwrap();
        store
            .ensure_tenant(
                &actor,
                &TenantRow {
                    code: code.clone(),
                    kind: "commune".into(),
                    name: commune.name.clone(),
                    province_code: Some(commune.province_code.clone()),
                },
            )
            .await
            .unwrap();
        let scope = store.scope(code, actor.clone());
        for name in ["Thôn Một", "Thôn Hai", "Thôn Ba"] {
            scope.add_unit(name, "thon_to_dan_pho").await.unwrap();
            if code == &codes[ROLLBACK] && name == "Thôn Một" {
                // What a writer could have copied aside while the chain had two entries.
                let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
                let head: (i64, String, String) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT seq, hash, mac FROM audit_heads WHERE tenant_code = '{code}'"
                )))
                .fetch_one(&mut raw)
                .await
                .unwrap();
                assert_eq!(head.0, 2);
                saved_head = (head.1, head.2);
                raw.close().await.ok();
            }
        }
    }
    assert!(
        store.verify_audit(None).await.unwrap().is_empty(),
        "clean chains verify"
    );
    let anchors = store.audit_anchor_lines().await.unwrap().join("\n");
    assert!(store.verify_audit(Some(&anchors)).await.unwrap().is_empty());

    let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
    for ((_, sql, _), code) in CASES.iter().zip(&codes) {
        let sql = sql
            .replace("{t}", code)
            .replace("{old_hash}", &saved_head.0)
            .replace("{old_mac}", &saved_head.1);
        for statement in sql.split("; ") {
            raw.execute(sqlx::AssertSqlSafe(statement.to_owned())).await.unwrap();
        }
    }
    // The seventeenth: a line of the anchors file edited to pin an older head.
    let edited = anchors.replacen(&format!("{}\t4\t", codes[0]), &format!("{}\t3\t", codes[0]), 1);
    assert_ne!(edited, anchors);
    let breaks = store.verify_audit(Some(&edited)).await.unwrap();
    raw.close().await.ok();

    for ((what, _, words), code) in CASES.iter().zip(&codes) {
        let named: Vec<String> = breaks
            .iter()
            .filter(|b| &b.tenant_code == code)
            .map(ToString::to_string)
            .collect();
        assert!(
            !named.is_empty() && named.iter().any(|b| b.contains(words)),
            "«{what}» is not named with «{words}»: {named:#?}"
        );
    }
    assert!(
        breaks
            .iter()
            .any(|b| b.reason.starts_with("dòng neo số") && b.reason.ends_with("đã bị sửa")),
        "the edited anchor line is named: {breaks:#?}"
    );
    assert!(
        breaks.iter().any(|b| b.tenant_code == "XXXXX"),
        "an entry moved to a tenant with no chain is named there too"
    );
    // Tampering with one tenant names no untouched one.
    assert!(
        breaks
            .iter()
            .all(|b| b.tenant_code.is_empty() || b.tenant_code == "XXXXX" || codes.contains(&b.tenant_code))
    );
});

contract!(
    heads_from_before_signing_are_sealed_only_when_their_chains_verify,
    |store, url| {
        let actor = Actor::system("test");
        store
            .record("10210", &actor, &Event::new("access", "action", "x"))
            .await
            .unwrap();
        sqlx::any::install_default_drivers();
        let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
        raw.execute("UPDATE audit_heads SET mac = ''").await.unwrap();
        assert!(
            store.verify_audit(None).await.unwrap()[0]
                .reason
                .contains("chưa được ký")
        );
        assert_eq!(store.seal_audit().await.unwrap(), Ok(1));
        assert!(store.verify_audit(None).await.unwrap().is_empty());
        // A chain that was edited is not sealed: the edit is reported instead.
        raw.execute("UPDATE audit_heads SET mac = ''").await.unwrap();
        raw.execute("UPDATE audit_log SET actor = 'khác'").await.unwrap();
        let refused = store.seal_audit().await.unwrap().unwrap_err();
        assert!(refused[0].reason.contains("nội dung đã bị sửa"), "{refused:?}");
        raw.close().await.ok();
    }
);
