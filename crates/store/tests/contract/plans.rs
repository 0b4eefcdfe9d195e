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
