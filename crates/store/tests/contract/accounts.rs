use crate::contract;
use thidua_domain::access::{Grant, Role};
use thidua_store::{Actor, Event, Outcome, TenantRow};

fn tenant(code: &str, province: &str) -> TenantRow {
    TenantRow {
        code: code.into(),
        kind: "commune".into(),
        name: format!("UBND {code}"),
        province_code: Some(province.into()),
    }
}

fn actor() -> Actor {
    Actor::system("test")
}

contract!(a_scope_sees_only_its_own_tenant, |store, _url| {
    store.ensure_tenant(&actor(), &tenant("10210", "01")).await.unwrap();
    store.ensure_tenant(&actor(), &tenant("30406", "91")).await.unwrap();
    let hong_van = store.scope("10210", actor());
    let phu_tan = store.scope("30406", actor());
    let thon = hong_van
        .add_unit("Thôn Đông", "thon_to_dan_pho")
        .await
        .unwrap()
        .unwrap();
    assert!(
        hong_van
            .add_unit("Thôn Đông", "thon_to_dan_pho")
            .await
            .unwrap()
            .is_none(),
        "names are unique per tenant"
    );
    phu_tan
        .add_unit("Thôn Đông", "thon_to_dan_pho")
        .await
        .unwrap()
        .expect("the same name in another tenant");
    assert!(
        phu_tan.unit(thon).await.unwrap().is_none(),
        "another tenant's unit is invisible"
    );
    assert_eq!(phu_tan.units().await.unwrap().len(), 1);

    let grant = Grant {
        tenant_code: "10210".into(),
        role: Role::UnitReporter,
        unit_id: Some(thon),
    };
    let user = store
        .create_user(&actor(), "hongvan.thon", "Người báo cáo", "hash", true, &[grant])
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .create_user(&actor(), "hongvan.thon", "x", "h", false, &[])
            .await
            .unwrap()
            .is_none(),
        "usernames are unique"
    );
    assert!(hong_van.user(user).await.unwrap().is_some());
    assert!(
        phu_tan.user(user).await.unwrap().is_none(),
        "a user without a role there is not visible"
    );
    assert!(
        !phu_tan.set_disabled(user, true).await.unwrap(),
        "nor can it be disabled from there"
    );
    assert!(!store.user_by_id(user).await.unwrap().unwrap().disabled);
    assert!(phu_tan.users().await.unwrap().is_empty());
});

contract!(the_audit_chain_detects_edits_and_deletions, |store, url| {
    store.ensure_tenant(&actor(), &tenant("10210", "01")).await.unwrap();
    let scope = store.scope("10210", actor());
    for name in ["Thôn Đông", "Thôn Tây", "Thôn Nam"] {
        scope.add_unit(name, "thon_to_dan_pho").await.unwrap();
    }
    scope
        .record(&Event::new("access", "action", "ManageUsers").outcome(Outcome::Denied))
        .await
        .unwrap();
    assert!(
        store.verify_audit(None).await.unwrap().is_empty(),
        "a clean chain verifies"
    );
    let entries = scope
        .audit(&thidua_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 5, "tenant creation, three units, one refusal");
    assert_eq!(entries[0].outcome, "denied");

    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
    raw.execute("UPDATE audit_log SET after_json = '{\"name\":\"Thôn Giả\"}' WHERE tenant_code = '10210' AND seq = 3")
        .await
        .unwrap();
    let breaks = store.verify_audit(None).await.unwrap();
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert_eq!((breaks[0].tenant_code.as_str(), breaks[0].seq), ("10210", 3));
    assert!(breaks[0].to_string().contains("mục số 3"));

    raw.execute("DELETE FROM audit_log WHERE tenant_code = '10210' AND seq = 5")
        .await
        .unwrap();
    let breaks = store.verify_audit(None).await.unwrap();
    assert!(
        breaks.iter().any(|b| b.seq == 5),
        "the deleted last entry is named: {breaks:?}"
    );
    raw.close().await.ok();
});

contract!(failed_logins_lock_and_sessions_expire, |store, _url| {
    let user = store
        .create_user(&actor(), "khoa", "Khóa", "hash", false, &[])
        .await
        .unwrap()
        .unwrap();
    for _ in 0..4 {
        assert_eq!(store.register_failed_login(user, 5, 999).await.unwrap(), None);
    }
    assert_eq!(
        store.register_failed_login(user, 5, 999).await.unwrap(),
        Some(999),
        "the fifth failure locks"
    );
    assert_eq!(store.user_by_id(user).await.unwrap().unwrap().locked_until, 999);
    store.clear_failed_logins(user).await.unwrap();
    assert_eq!(store.user_by_id(user).await.unwrap().unwrap().locked_until, 0);

    assert_eq!(store.throttle_failure("10.0.0.9", 900).await.unwrap(), 1);
    assert_eq!(store.throttle_failure("10.0.0.9", 900).await.unwrap(), 2);
    assert_eq!(store.throttle_count("10.0.0.9", 900).await.unwrap(), 2);
    assert_eq!(store.throttle_count("10.0.0.8", 900).await.unwrap(), 0);

    store
        .create_session("h1", user, "csrf", "127.0.0.1", "test")
        .await
        .unwrap();
    store
        .create_session("h2", user, "csrf", "127.0.0.1", "test")
        .await
        .unwrap();
    let s = store.session("h1").await.unwrap().expect("a live session");
    assert_eq!((s.user.id, s.csrf_token.as_str()), (user, "csrf"));
    assert!(store.session("nope").await.unwrap().is_none());
    assert_eq!(store.delete_sessions_of(user).await.unwrap(), 2, "sign out everywhere");
    assert!(store.session("h2").await.unwrap().is_none());
});

contract!(tokens_are_revocable_and_die_with_a_disabled_user, |store, _url| {
    store.ensure_tenant(&actor(), &tenant("10210", "01")).await.unwrap();
    let grant = Grant {
        tenant_code: "10210".into(),
        role: Role::StandingOfficer,
        unit_id: None,
    };
    let user = store
        .create_user(&actor(), "vhxh", "VHXH", "hash", false, &[grant])
        .await
        .unwrap()
        .unwrap();
    let id = store
        .create_token(&actor(), "10210", user, "báo cáo", "th1")
        .await
        .unwrap();
    assert_eq!(store.token_user("th1").await.unwrap().unwrap().id, user);
    assert!(store.revoke_token(&actor(), "10210", user, id).await.unwrap());
    assert!(store.token_user("th1").await.unwrap().is_none());
    assert!(
        !store.revoke_token(&actor(), "10210", user, id).await.unwrap(),
        "revoked once"
    );
    store
        .create_token(&actor(), "10210", user, "khác", "th2")
        .await
        .unwrap();
    assert!(store.scope("10210", actor()).set_disabled(user, true).await.unwrap());
    assert!(
        store.token_user("th2").await.unwrap().is_none(),
        "a disabled user's tokens stop working"
    );
});
