use crate::contract;
use thidua_domain::commendation::money::{LegalTable, LegalValue};
use thidua_store::{Actor, NewAwardRecord, NewDecision, NominationText, Store, SubmitRefused, TenantRow};

fn actor() -> Actor {
    Actor::system("test")
}

async fn commune(store: &Store) -> i64 {
    let tenant = TenantRow {
        code: "30406".into(),
        kind: "commune".into(),
        name: "UBND xã Phú Tân".into(),
        province_code: Some("91".into()),
    };
    store.ensure_tenant(&actor(), &tenant).await.unwrap();
    store
        .scope("30406", actor())
        .add_unit("Thôn Đông", "thon_to_dan_pho")
        .await
        .unwrap()
        .unwrap()
}

fn nominee(occasion: i64, unit: i64, name: &str) -> NominationText {
    NominationText {
        occasion_id: occasion,
        unit_id: unit,
        form: "giay_khen_chu_tich_xa".into(),
        recipient: "individual".into(),
        person_id: 0,
        subject_unit_id: 0,
        nominee_name: name.into(),
        nominee_detail: "Trưởng ấp".into(),
        female: false,
        body: "{}".into(),
    }
}

/// A small deterministic generator for the scenarios below.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

contract!(racing_submissions_never_overshoot_a_quota, |store, _url| {
    let unit = commune(&store).await;
    let scope = store.scope("30406", actor());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // Scenarios: a cap, more nominations than places sent at once, some returned, then sent again.
    for round in 0..6 {
        let cap = rng.below(4) as i64;
        let count = 2 + rng.below(6) as usize;
        let occasion = scope
            .open_occasion(
                1,
                "annual",
                2026,
                &format!("Đợt {round}"),
                &[("giay_khen_chu_tich_xa".into(), "individual".into(), cap)],
            )
            .await
            .unwrap();
        let mut ids = Vec::new();
        for i in 0..count {
            ids.push(
                scope
                    .create_nomination(&nominee(occasion, unit, &format!("Người {i}")))
                    .await
                    .unwrap(),
            );
        }
        let sends = ids.iter().map(|id| {
            let store = store.clone();
            let id = *id;
            tokio::spawn(async move {
                store
                    .scope("30406", actor())
                    .submit_nomination(id, "{}", "2026-12-01")
                    .await
                    .unwrap()
            })
        });
        let results: Vec<_> = futures_join(sends).await;
        let accepted = results.iter().filter(|r| r.is_ok()).count() as i64;
        assert_eq!(
            accepted,
            cap.min(count as i64),
            "round {round}: cap {cap}, {count} sent"
        );
        assert!(
            results
                .iter()
                .filter(|r| r.is_err())
                .all(|r| *r == Err(SubmitRefused::QuotaFull { cap }))
        );
        let used = |q: Vec<thidua_store::QuotaRow>| q[0].used;
        assert_eq!(used(scope.quotas(occasion).await.unwrap()), accepted);

        // Returning frees a place; the place goes to the next sender only.
        let holders: Vec<i64> = scope
            .nominations(occasion, 0)
            .await
            .unwrap()
            .into_iter()
            .filter(|n| n.holds_place)
            .map(|n| n.id)
            .collect();
        assert_eq!(holders.len() as i64, accepted);
        if let Some(first) = holders.first() {
            assert!(scope.return_nomination(*first, "Thiếu biên bản", false).await.unwrap());
            assert_eq!(used(scope.quotas(occasion).await.unwrap()), accepted - 1);
            let waiting = ids.iter().find(|id| !holders.contains(id)).copied();
            if let Some(w) = waiting {
                assert_eq!(scope.submit_nomination(w, "{}", "").await.unwrap(), Ok(()));
                assert_eq!(used(scope.quotas(occasion).await.unwrap()), accepted);
            }
        }
        let holding = scope
            .nominations(occasion, 0)
            .await
            .unwrap()
            .iter()
            .filter(|n| n.holds_place)
            .count() as i64;
        assert_eq!(
            used(scope.quotas(occasion).await.unwrap()),
            holding,
            "the counter is the truth"
        );
        assert!(holding <= cap);
    }
});

async fn futures_join<T: Send + 'static>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        out.push(t.await.unwrap());
    }
    out
}

contract!(
    a_decision_is_numbered_from_the_register_and_writes_the_registry,
    |store, _url| {
        let unit = commune(&store).await;
        let scope = store.scope("30406", actor());
        let occasion = scope
            .open_occasion(1, "annual", 2026, "Hằng năm 2026", &[])
            .await
            .unwrap();
        let a = scope
            .create_nomination(&nominee(occasion, unit, "Trần Văn Ba"))
            .await
            .unwrap();
        let b = scope
            .create_nomination(&nominee(occasion, unit, "Lê Thị Hoa"))
            .await
            .unwrap();
        for id in [a, b] {
            scope.submit_nomination(id, "{}", "").await.unwrap().unwrap();
            for (from, to) in [("submitted", "achievement_ok"), ("achievement_ok", "dossier_ok")] {
                assert!(scope.advance_nomination(id, from, to, "", None).await.unwrap());
            }
            assert!(
                scope
                    .advance_nomination(id, "dossier_ok", "approved", "", Some((7, 6, 1)))
                    .await
                    .unwrap()
            );
        }
        // A step is taken once: the second officer finds it moved on.
        assert!(
            !scope
                .advance_nomination(a, "dossier_ok", "approved", "", None)
                .await
                .unwrap()
        );
        let award = |id: i64, name: &str| NewAwardRecord {
            recipient: "individual".into(),
            subject_id: 0,
            name: name.into(),
            year: 2026,
            form: "giay_khen_chu_tich_xa".into(),
            kind: "cong_trang".into(),
            decision_no: String::new(),
            decision_date: "2026-12-20".into(),
            amount: 710_000,
            nomination_id: id,
            verify_code: format!("MA{id}{}", name.len()),
        };
        let decision = |awards: Vec<NewAwardRecord>| NewDecision {
            occasion_id: occasion,
            form: "giay_khen_chu_tich_xa".into(),
            year: 2026,
            doc_type: "QĐ".into(),
            issuer: "UBND".into(),
            decision_date: "2026-12-20".into(),
            signer_name: "Nguyễn Văn Chủ".into(),
            signer_title: "CHỦ TỊCH".into(),
            total: 710_000 * awards.len() as i64,
            body: "{}".into(),
            awards,
        };
        let first = scope
            .record_decision(&decision(vec![award(a, "Trần Văn Ba")]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((first.number, first.symbol.as_str()), (1, "1/QĐ-UBND"));
        // A decision naming a nomination already decided writes nothing, not even a number.
        assert!(
            scope
                .record_decision(&decision(vec![award(b, "Lê Thị Hoa"), award(a, "Trần Văn Ba")]))
                .await
                .unwrap()
                .is_none()
        );
        let second = scope
            .record_decision(&decision(vec![award(b, "Lê Thị Hoa")]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.symbol, "2/QĐ-UBND");
        let registry = scope.award_records("", 0).await.unwrap();
        assert_eq!(registry.len(), 2);
        assert!(
            registry
                .iter()
                .any(|r| r.name == "Lê Thị Hoa" && r.decision_no == "2/QĐ-UBND")
        );
        // Each certificate's code finds its award on the public page, from any tenant's store.
        let hoa = format!("MA{b}{}", "Lê Thị Hoa".len());
        let verified = store.verified_award(&hoa).await.unwrap().unwrap();
        assert_eq!(
            (verified.name.as_str(), verified.decision_no.as_str(), verified.year),
            ("Lê Thị Hoa", "2/QĐ-UBND", 2026)
        );
        assert!(store.verified_award("").await.unwrap().is_none(), "no code, no award");
        assert!(store.verified_award("KHONGCO").await.unwrap().is_none());
        assert_eq!(scope.decision_awards("2/QĐ-UBND").await.unwrap().len(), 1);
        let decided = scope.nomination(a).await.unwrap().unwrap();
        assert_eq!((decided.status.as_str(), decided.decision_id), ("decided", first.id));
        // Numbering restarts with the year.
        let mut next_year = decision(Vec::new());
        next_year.year = 2027;
        assert_eq!(
            scope.record_decision(&next_year).await.unwrap().unwrap().symbol,
            "1/QĐ-UBND"
        );
        // Every step is in the audit trail.
        let audit = scope
            .audit(&thidua_store::AuditFilter {
                limit: 1000,
                ..thidua_store::AuditFilter::default()
            })
            .await
            .unwrap();
        for action in [
            "occasion.open",
            "nomination.submit",
            "nomination.advance",
            "decision.sign",
        ] {
            assert!(audit.iter().any(|e| e.action == action), "{action}");
        }
    }
);

contract!(legal_values_are_dated_rows_added_once, |store, _url| {
    let platform = store.scope(thidua_domain::access::PLATFORM, actor());
    let row = LegalValue {
        table: LegalTable::BaseSalary,
        key: String::new(),
        value: 2_530_000,
        effective_from: "2026-07-01".into(),
        source: "Nghị định (dự kiến)".into(),
        confidence: "P".into(),
    };
    assert!(platform.add_legal_value(&row).await.unwrap());
    assert!(!platform.add_legal_value(&row).await.unwrap());
    let tables = store.legal_tables().await.unwrap();
    assert_eq!(tables.values, vec![row]);
    assert!(platform.add_rule_set(2, "2027-01-01", "version = 2").await.unwrap());
    assert!(!platform.add_rule_set(2, "2027-01-01", "version = 2").await.unwrap());
    assert_eq!(store.rule_sets().await.unwrap()[0].0, 2);
});
