use crate::contract;

contract!(directory_loads_once, |store, _url| {
    let provinces = store.provinces().await.unwrap();
    assert_eq!(provinces.len(), 34);
    assert_eq!(provinces.iter().map(|p| p.commune_count).sum::<i64>(), 3321);
    assert_eq!(provinces[0].code, "01");
    assert_eq!(provinces[0].name, "Thành phố Hà Nội");
    let again = store
        .sync_directory(thidua_domain::directory::national())
        .await
        .unwrap();
    assert!(!again, "a second sync writes nothing");
});

contract!(search_ignores_diacritics_and_case, |store, _url| {
    let names = |rows: Vec<thidua_store::CommuneRow>| rows.into_iter().map(|c| c.name).collect::<Vec<_>>();
    let found = names(store.search_communes("quang trach", 20).await.unwrap());
    assert!(found.contains(&"Xã Quảng Trạch".to_owned()), "{found:?}");
    let found = store.search_communes("hong van", 20).await.unwrap();
    assert_eq!(found[0].name, "Xã Hồng Vân", "the exact name comes first");
    assert_eq!(found[0].code, "10210");
    assert_eq!(found[0].province_name, "Thành phố Hà Nội");
    let shouted = store.search_communes("  HỒNG   VÂN ", 20).await.unwrap();
    assert_eq!(shouted[0].code, "10210");
    // Words in any order, and the province narrows it down.
    let with_province = store.search_communes("phu tan an giang", 20).await.unwrap();
    assert_eq!(with_province[0].code, "30406", "{with_province:?}");
    assert!(
        with_province.iter().all(|c| c.province_code == "91"),
        "{with_province:?}"
    );
    // Words match from their start: "tan" does not find "Xã Phú Tân" by the middle of a word.
    let prefix = store.search_communes("an phu tan", 20).await.unwrap();
    assert!(prefix.iter().any(|c| c.name == "Xã An Phú Tân"), "{prefix:?}");
});

contract!(search_handles_nothing_and_wildcards, |store, _url| {
    assert!(store.search_communes("", 20).await.unwrap().is_empty());
    assert!(store.search_communes("%_%", 20).await.unwrap().is_empty());
    assert!(store.search_communes("zzzz khong co", 20).await.unwrap().is_empty());
    assert_eq!(
        store.search_communes("xa", 5).await.unwrap().len(),
        5,
        "the limit holds"
    );
});

contract!(communes_of_a_province, |store, _url| {
    let an_giang = store.communes_of("91").await.unwrap();
    assert!(an_giang.iter().any(|c| c.code == "30406" && c.name == "Xã Phú Tân"));
    assert!(an_giang.iter().all(|c| c.province_code == "91"));
    assert!(an_giang.windows(2).all(|w| w[0].code < w[1].code));
    assert!(store.communes_of("99").await.unwrap().is_empty());
    let c = store.commune("31471").await.unwrap().unwrap();
    assert_eq!((c.name.as_str(), c.kind.as_str()), ("Phường Long Mỹ", "phường"));
    assert!(store.commune("00000").await.unwrap().is_none());
});
