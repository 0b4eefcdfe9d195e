use crate::contract;
use thidua_domain::plan::parse_plan;

pub(crate) fn seed(name: &str) -> (thidua_domain::plan::Plan, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../plans")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (parse_plan(name, text.as_bytes()).unwrap().plan, text)
}

contract!(a_plan_is_saved_once_and_revised_when_it_changes, |store, _url| {
    let (plan, source) = crate::plans::seed("30406-phu-tan.toml");
    let first = store
        .save_plan(&thidua_store::Actor::system("test"), &plan, &source)
        .await
        .unwrap();
    assert_eq!((first.revision, first.changed), (1, true));
    let again = store
        .save_plan(&thidua_store::Actor::system("test"), &plan, &source)
        .await
        .unwrap();
    assert_eq!((again.id, again.revision, again.changed), (first.id, 1, false));

    let mut amended = plan.clone();
    amended.revision = 2;
    amended.deadlines[0].day = 15;
    let revised = store
        .save_plan(&thidua_store::Actor::system("test"), &amended, &source)
        .await
        .unwrap();
    assert_eq!((revised.id, revised.revision, revised.changed), (first.id, 2, true));

    let stored = store.plan(first.id).await.unwrap().unwrap();
    assert_eq!(stored.plan, amended, "the current revision is the amended plan");
    assert_eq!(stored.summary.commune_name, "Xã Phú Tân");
    assert_eq!(stored.summary.province_name, "An Giang");
    let revisions = store.plan_revisions(first.id).await.unwrap();
    assert_eq!(revisions.iter().map(|r| r.revision).collect::<Vec<_>>(), vec![1, 2]);
});

contract!(plans_are_listed_per_commune_and_province, |store, _url| {
    for name in ["10210-hong-van.toml", "31471-long-my.toml"] {
        let (plan, source) = crate::plans::seed(name);
        store
            .save_plan(&thidua_store::Actor::system("test"), &plan, &source)
            .await
            .unwrap();
    }
    let all = store.plans().await.unwrap();
    assert_eq!(
        all.iter().map(|p| p.tenant_code.as_str()).collect::<Vec<_>>(),
        vec!["10210", "31471"]
    );
    assert_eq!(store.plans_of("31471").await.unwrap()[0].start_year, 2026);
    assert!(
        store
            .plans_of("10210")
            .await
            .unwrap()
            .iter()
            .all(|p| p.tenant_code == "10210")
    );
    assert!(store.plan(9_999).await.unwrap().is_none());
    let provinces = store.provinces().await.unwrap();
    let hanoi = provinces.iter().find(|p| p.code == "01").unwrap();
    assert_eq!(hanoi.plan_count, 1);
    let hong_van = store.commune("10210").await.unwrap().unwrap();
    assert_eq!(hong_van.plan_count, 1);
});

contract!(a_saved_plan_survives_reopening, |store, url| {
    let (plan, source) = crate::plans::seed("19363-vinh-linh.toml");
    let saved = store
        .save_plan(&thidua_store::Actor::system("test"), &plan, &source)
        .await
        .unwrap();
    store.close().await;
    let reopened = thidua_store::Store::connect(&url).await.unwrap();
    reopened.migrate().await.unwrap();
    let stored = reopened.plan(saved.id).await.unwrap().expect("still there");
    assert_eq!(stored.plan, plan);
    reopened.close().await;
});

contract!(
    an_amendment_moves_the_periods_still_on_the_plan_s_dates_in_its_own_transaction,
    |store, _url| {
        use thidua_store::{AuditFilter, FollowedDates, NewPeriod, RevisionChange, TenantRow};
        let (plan, source) = crate::plans::seed("10210-hong-van.toml");
        let actor = thidua_store::Actor::system("test");
        store
            .ensure_tenant(
                &actor,
                &TenantRow {
                    code: "10210".into(),
                    kind: "commune".into(),
                    name: "UBND xã Hồng Vân".into(),
                    province_code: Some("01".into()),
                },
            )
            .await
            .unwrap();
        let saved = store.save_plan(&actor, &plan, &source).await.unwrap();
        let scope = store.scope("10210", actor.clone());
        let period = |year: i32, due: &str| NewPeriod {
            plan_id: saved.id,
            year,
            kind: "annual".into(),
            registration_due: String::new(),
            unit_due: format!("{year}-{due}"),
            province_due: format!("{year}-11-24"),
            due_source: "plan".into(),
            remind_days: 3,
        };
        let on_plan = scope.ensure_period(&period(2027, "11-14")).await.unwrap();
        let own = scope.ensure_period(&period(2028, "11-14")).await.unwrap();
        // Between reading the periods and publishing, the commune sets 2028's dates itself.
        let moves: Vec<FollowedDates> = [&on_plan, &own]
            .into_iter()
            .map(|p| FollowedDates {
                before: p.clone(),
                registration_due: String::new(),
                unit_due: format!("{}-11-04", p.year),
                province_due: format!("{}-11-14", p.year),
            })
            .collect();
        assert!(
            scope
                .set_period_dues(own.id, "", "2028-11-20", "2028-11-30", 3)
                .await
                .unwrap()
        );
        let mut amended = plan.clone();
        amended.deadlines[0].day = 5;
        let change = RevisionChange {
            change: "amendment".into(),
            note: "Đưa hạn báo cáo lên ngày 05/11".into(),
            doc_symbol: "15/KH-UBND".into(),
            doc_date: "2026-11-20".into(),
        };
        let published = scope
            .publish_plan(&amended, &serde_json::to_string(&amended).unwrap(), &change, &moves)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(published.revision, 2);
        let periods = scope.periods().await.unwrap();
        let of = |id: i64| periods.iter().find(|p| p.id == id).unwrap();
        assert_eq!(
            (of(on_plan.id).unit_due.as_str(), of(on_plan.id).province_due.as_str()),
            ("2027-11-04", "2027-11-14"),
            "the period still on the plan's dates follows the amendment"
        );
        assert_eq!(of(own.id).unit_due, "2028-11-20", "a date the commune set itself stays");
        let moved = scope
            .audit(&AuditFilter {
                action: Some("period.plan_dates".into()),
                limit: 10,
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(moved.len(), 1, "one audit entry for the one period that moved");
        assert_eq!(moved[0].entity_id, on_plan.id.to_string());
    }
);
