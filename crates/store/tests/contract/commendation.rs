use crate::contract;
use thidua_domain::awards::AwardForm;
use thidua_domain::commendation::annulment::AnnulReason;
use thidua_domain::commendation::money::{LegalTable, LegalValue, RecipientKind};
use thidua_domain::commendation::nomination::Stage;
use thidua_domain::register::{DocType, Source};
use thidua_store::{
    Actor, Annulment, NewAwardRecord, NewDecision, NominationText, ProvinceOutcome, RegisterOutcome, Registration,
    Store, SubmitRefused, TenantRow,
};

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
        form: AwardForm::GiayKhenChuTichXa,
        recipient: RecipientKind::Individual,
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
                    .submit_nomination(id, "{}", "2026-12-01", &[])
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
                assert_eq!(scope.submit_nomination(w, "{}", "", &[]).await.unwrap(), Ok(()));
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
    a_decision_waits_for_the_register_and_its_number_reaches_the_registry,
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
            scope.submit_nomination(id, "{}", "", &[]).await.unwrap().unwrap();
            for (from, to) in [("submitted", "achievement_ok"), ("achievement_ok", "dossier_ok")] {
                assert!(scope.advance_nomination(id, from, to, "", None, "").await.unwrap());
            }
            assert!(
                scope
                    .advance_nomination(id, "dossier_ok", "approved", "", Some((7, 6, 1)), "2026-11-20")
                    .await
                    .unwrap()
            );
        }
        // A step is taken once: the second officer finds it moved on.
        assert!(
            !scope
                .advance_nomination(a, "dossier_ok", "approved", "", None, "")
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
            summary: "Về việc tặng Giấy khen cho các cá nhân".into(),
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
        // Signed, not yet numbered: the register holds it as awaiting, the certificate's code
        // confirms nothing yet.
        assert_eq!((first.number, first.symbol.as_str()), (0, ""));
        let ba = format!("MA{a}{}", "Trần Văn Ba".len());
        assert!(store.verified_award(&ba).await.unwrap().is_none());
        let awaiting = scope.awaiting_entries().await.unwrap();
        assert_eq!(awaiting.len(), 1);
        let entry = &awaiting[0];
        assert_eq!(
            (
                entry.doc_type,
                entry.source,
                entry.source_id,
                entry.registered.is_none()
            ),
            (DocType::Decision, Source::Decision, first.id, true)
        );
        assert_eq!(scope.next_number(DocType::Decision, 2026).await.unwrap(), 1);
        let on = |number: i64, date: &'static str| Registration {
            number,
            date,
            year: date[..4].parse().unwrap(),
            issuer: "UBND",
        };
        // Another commune cannot register it.
        let other = store.scope("31471", actor());
        assert_eq!(
            other.register_document(entry.id, &on(12, "2026-12-21")).await.unwrap(),
            RegisterOutcome::NotAwaiting
        );
        let RegisterOutcome::Registered(done) = scope.register_document(entry.id, &on(12, "2026-12-21")).await.unwrap()
        else {
            panic!("the first registration takes");
        };
        assert_eq!(done.registered.as_ref().unwrap().symbol, "12/QĐ-UBND");
        let numbered = scope.decision(first.id).await.unwrap().unwrap();
        assert_eq!(
            (
                numbered.number,
                numbered.symbol.as_str(),
                numbered.decision_date.as_str()
            ),
            (12, "12/QĐ-UBND", "2026-12-21")
        );
        let verified = store.verified_award(&ba).await.unwrap().unwrap();
        assert_eq!(
            (verified.decision_no.as_str(), verified.decision_date.as_str()),
            ("12/QĐ-UBND", "2026-12-21")
        );
        // Registered once only.
        assert_eq!(
            scope.register_document(entry.id, &on(13, "2026-12-21")).await.unwrap(),
            RegisterOutcome::NotAwaiting
        );
        // A decision naming a nomination already decided writes nothing.
        assert!(
            scope
                .record_decision(&decision(vec![award(b, "Lê Thị Hoa"), award(a, "Trần Văn Ba")]))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(scope.awaiting_entries().await.unwrap().len(), 0);
        let second = scope
            .record_decision(&decision(vec![award(b, "Lê Thị Hoa")]))
            .await
            .unwrap()
            .unwrap();
        let second_entry = scope.entry_of(Source::Decision, second.id).await.unwrap().unwrap();
        // A number is given once a year in its series.
        assert_eq!(
            scope
                .register_document(second_entry.id, &on(12, "2026-12-22"))
                .await
                .unwrap(),
            RegisterOutcome::NumberTaken("Về việc tặng Giấy khen cho các cá nhân".into())
        );
        assert_eq!(
            scope.decision(second.id).await.unwrap().unwrap().symbol,
            "",
            "nothing written"
        );
        assert_eq!(scope.next_number(DocType::Decision, 2026).await.unwrap(), 13);
        assert!(matches!(
            scope
                .register_document(second_entry.id, &on(13, "2026-12-22"))
                .await
                .unwrap(),
            RegisterOutcome::Registered(_)
        ));
        let registry = scope.award_records("", 0).await.unwrap();
        assert_eq!(registry.len(), 2);
        assert!(
            registry
                .iter()
                .any(|r| r.name == "Lê Thị Hoa" && r.decision_no == "13/QĐ-UBND")
        );
        // Each certificate's code finds its award on the public page, from any tenant's store.
        let hoa = format!("MA{b}{}", "Lê Thị Hoa".len());
        let verified = store.verified_award(&hoa).await.unwrap().unwrap();
        assert_eq!(
            (verified.name.as_str(), verified.decision_no.as_str(), verified.year),
            ("Lê Thị Hoa", "13/QĐ-UBND", 2026)
        );
        assert!(store.verified_award("").await.unwrap().is_none(), "no code, no award");
        assert!(store.verified_award("KHONGCO").await.unwrap().is_none());
        assert_eq!(scope.decision_awards("13/QĐ-UBND").await.unwrap().len(), 1);
        let decided = scope.nomination(a).await.unwrap().unwrap();
        assert_eq!((decided.status, decided.decision_id), (Stage::Decided, first.id));
        // Numbering restarts with the year: number 12 is free again in 2027.
        let next_year = scope.record_decision(&decision(Vec::new())).await.unwrap().unwrap();
        let next_entry = scope.entry_of(Source::Decision, next_year.id).await.unwrap().unwrap();
        assert!(matches!(
            scope
                .register_document(next_entry.id, &on(12, "2027-01-05"))
                .await
                .unwrap(),
            RegisterOutcome::Registered(_)
        ));
        assert_eq!(scope.registered_entries(2026).await.unwrap().len(), 2);
        assert_eq!(scope.registered_entries(2027).await.unwrap().len(), 1);
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
            "register.entry",
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

/// The văn thư gives a Tờ trình its number, dated 23/12/2026.
async fn register_package(scope: &thidua_store::Scope<'_>, id: i64, number: i64) -> RegisterOutcome {
    let entry = scope.entry_of(Source::Package, id).await.unwrap().unwrap();
    let on = Registration {
        number,
        date: "2026-12-23",
        year: 2026,
        issuer: "UBND",
    };
    scope.register_document(entry.id, &on).await.unwrap()
}

/// A nomination taken to the council's stage (`to` = "dossier_ok") or past it ("approved").
async fn appraised(scope: &thidua_store::Scope<'_>, occasion: i64, unit: i64, name: &str, form: &str, to: &str) -> i64 {
    let mut text = nominee(occasion, unit, name);
    text.form = AwardForm::parse(form).unwrap();
    let id = scope.create_nomination(&text).await.unwrap();
    scope
        .submit_nomination(id, "{}", "2026-12-01", &[])
        .await
        .unwrap()
        .unwrap();
    let mut steps = vec![("submitted", "achievement_ok"), ("achievement_ok", "dossier_ok")];
    if to == "approved" {
        steps.push(("dossier_ok", "approved"));
    }
    for (from, next) in steps {
        assert!(scope.advance_nomination(id, from, next, "", None, "").await.unwrap());
    }
    id
}

contract!(council_members_vote_once_each_while_the_council_sits, |store, _url| {
    let unit = commune(&store).await;
    let scope = store.scope("30406", actor());
    let occasion = scope
        .open_occasion(1, "annual", 2026, "Hằng năm 2026", &[])
        .await
        .unwrap();
    let id = appraised(
        &scope,
        occasion,
        unit,
        "Trần Văn Ba",
        "giay_khen_chu_tich_xa",
        "dossier_ok",
    )
    .await;
    assert!(scope.cast_vote(id, 7, "Ông Bảy", "yes").await.unwrap());
    assert!(scope.cast_vote(id, 8, "Bà Tám", "yes").await.unwrap());
    // A member who changes their mind still has one vote.
    assert!(scope.cast_vote(id, 7, "Ông Bảy", "no").await.unwrap());
    let votes = scope.votes(occasion, 0).await.unwrap();
    assert_eq!(votes.len(), 2);
    assert_eq!(votes.iter().filter(|v| v.vote == "no").count(), 1);
    assert_eq!(scope.votes(0, id).await.unwrap(), votes);
    // Another commune sees none of them and cannot vote on the nomination.
    let other = store.scope("10210", actor());
    assert!(other.votes(occasion, 0).await.unwrap().is_empty());
    assert!(!other.cast_vote(id, 9, "Người lạ", "yes").await.unwrap());
    // Once the council has decided, votes are closed.
    assert!(
        scope
            .advance_nomination(id, "dossier_ok", "approved", "", Some((2, 1, 1)), "2026-11-20")
            .await
            .unwrap()
    );
    assert!(!scope.cast_vote(id, 8, "Bà Tám", "no").await.unwrap());
    assert_eq!(scope.votes(0, id).await.unwrap().len(), 2);
});

contract!(
    a_package_reaches_its_own_province_and_the_outcome_lands_in_the_commune_registry,
    |store, _url| {
        let unit = commune(&store).await;
        for (code, name) in [("91", "Tỉnh An Giang"), ("01", "Thành phố Hà Nội")] {
            let province = TenantRow {
                code: code.into(),
                kind: "province".into(),
                name: name.into(),
                province_code: None,
            };
            store.ensure_tenant(&actor(), &province).await.unwrap();
        }
        let scope = store.scope("30406", actor());
        let occasion = scope
            .open_occasion(1, "annual", 2026, "Hằng năm 2026", &[])
            .await
            .unwrap();
        let form = "bang_khen_chu_tich_tinh";
        let a = appraised(&scope, occasion, unit, "Lê Thị Hoa", form, "approved").await;
        let b = appraised(&scope, occasion, unit, "Võ Văn Em", form, "approved").await;
        let package = |nominations: Vec<i64>| thidua_store::NewPackage {
            province_code: "91".into(),
            occasion_id: occasion,
            form: form.into(),
            summary: "Về việc đề nghị tặng Bằng khen".into(),
            sent_date: "2026-12-22".into(),
            signer_name: "Nguyễn Văn Chủ".into(),
            signer_title: "CHỦ TỊCH".into(),
            nominations,
        };
        let an_giang = store.scope("91", actor());
        let sent = scope.forward_nominations(&package(vec![a, b])).await.unwrap().unwrap();
        // Signed, awaiting its number: the province does not see it yet.
        assert_eq!((sent.symbol.as_str(), sent.status.as_str()), ("", "awaiting"));
        assert!(an_giang.received_packages().await.unwrap().is_empty());
        assert!(an_giang.received_package(sent.id).await.unwrap().is_none());
        assert!(matches!(
            register_package(&scope, sent.id, 1).await,
            RegisterOutcome::Registered(_)
        ));
        let sent = scope.sent_package(sent.id).await.unwrap().unwrap().0;
        assert_eq!(
            (sent.symbol.as_str(), sent.status.as_str(), sent.sent_date.as_str()),
            ("1/TTr-UBND", "sent", "2026-12-23")
        );
        // Sending them again writes nothing.
        assert!(scope.forward_nominations(&package(vec![a])).await.unwrap().is_none());
        let c = appraised(&scope, occasion, unit, "Đặng Thị Giang", form, "approved").await;
        let third = scope.forward_nominations(&package(vec![c])).await.unwrap().unwrap();
        assert!(matches!(
            register_package(&scope, third.id, 2).await,
            RegisterOutcome::Registered(_)
        ));
        assert_eq!(scope.nomination(a).await.unwrap().unwrap().status, Stage::Forwarded);

        // Another province sees nothing and cannot decide.
        let hanoi = store.scope("01", actor());
        assert!(hanoi.received_packages().await.unwrap().is_empty());
        assert!(hanoi.received_package(sent.id).await.unwrap().is_none());
        let outcome = ProvinceOutcome::NotAwarded {
            reason: "Không".into()
        };
        assert!(!hanoi.record_outcome(sent.id, a, &outcome).await.unwrap());
        // Nor can the commune read it as a province would.
        assert!(scope.received_package(sent.id).await.unwrap().is_none());

        assert_eq!(an_giang.received_packages().await.unwrap().len(), 2);
        let (row, list) = an_giang.received_package(sent.id).await.unwrap().unwrap();
        assert_eq!((row.tenant_code.as_str(), list.len()), ("30406", 2));
        let award = NewAwardRecord {
            recipient: "individual".into(),
            subject_id: 0,
            name: "Lê Thị Hoa".into(),
            year: 2026,
            form: form.into(),
            kind: "cong_trang".into(),
            decision_no: "1234/QĐ-UBND".into(),
            decision_date: "2026-12-28".into(),
            amount: 2_340_000,
            nomination_id: a,
            verify_code: String::new(),
        };
        let awarded = ProvinceOutcome::Awarded {
            award,
            note: "Bằng khen theo Quyết định số 1234/QĐ-UBND".into(),
        };
        assert!(an_giang.record_outcome(sent.id, a, &awarded).await.unwrap());
        // Once only: the second is refused and writes no second award.
        assert!(!an_giang.record_outcome(sent.id, a, &awarded).await.unwrap());
        let registry = scope.award_records("", 0).await.unwrap();
        assert_eq!(registry.len(), 1);
        assert_eq!(
            (registry[0].decision_no.as_str(), registry[0].amount),
            ("1234/QĐ-UBND", 2_340_000)
        );
        assert!(
            store
                .scope("91", actor())
                .award_records("", 0)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            scope.sent_package(sent.id).await.unwrap().unwrap().0.status,
            "sent",
            "one nomination still waits"
        );
        assert!(an_giang.record_outcome(sent.id, b, &outcome).await.unwrap());
        let (row, list) = scope.sent_package(sent.id).await.unwrap().unwrap();
        assert_eq!(row.status, "done");
        let em = list.iter().find(|n| n.id == b).unwrap();
        assert_eq!((em.status, em.outcome_note.as_str()), (Stage::NotAwarded, "Không"));
        // Both trails carry the outcome.
        for tenant in ["30406", "91"] {
            let audit = store
                .scope(tenant, actor())
                .audit(&thidua_store::AuditFilter {
                    limit: 1000,
                    ..Default::default()
                })
                .await
                .unwrap();
            assert_eq!(
                audit.iter().filter(|e| e.action == "nomination.outcome").count(),
                2,
                "{tenant}"
            );
        }
    }
);

contract!(
    an_initiative_cited_by_a_pending_nomination_is_held_for_it_until_awarded_or_released,
    |store, _url| {
        let unit = commune(&store).await;
        let scope = store.scope("30406", actor());
        let text = thidua_store::InitiativeText {
            unit_id: unit,
            year: 2026,
            kind: "sang_kien".into(),
            area_code: "1".into(),
            title: "Mã QR ở chợ".into(),
            body: "{}".into(),
            search_text: "ma qr".into(),
        };
        let initiative = scope.create_initiative("91", &text).await.unwrap();
        assert!(scope.submit_initiative(initiative, &text, &[], &[]).await.unwrap());
        let recognised = thidua_store::InitiativeOutcome {
            recognised: true,
            decision_no: "15/QĐ-UBND".into(),
            decision_date: "2026-11-20".into(),
            decided_by: "Chủ tịch".into(),
            ..thidua_store::InitiativeOutcome::default()
        };
        assert!(scope.decide_initiative(initiative, &recognised).await.unwrap());
        let annual = scope
            .open_occasion(1, "annual", 2026, "Khen thưởng năm 2026", &[])
            .await
            .unwrap();
        let other = scope
            .open_occasion(1, "dot_xuat", 2026, "Khen thưởng đột xuất 2026", &[])
            .await
            .unwrap();

        // Several nominations on two occasions race for the one initiative: exactly one holds it,
        // and every other is told which nomination does.
        let ids = [
            scope
                .create_nomination(&nominee(annual, unit, "Trần Văn Ba"))
                .await
                .unwrap(),
            scope
                .create_nomination(&nominee(annual, unit, "Lê Thị Hoa"))
                .await
                .unwrap(),
            scope
                .create_nomination(&nominee(other, unit, "Phạm Văn Tư"))
                .await
                .unwrap(),
        ];
        let sends = ids.iter().map(|id| {
            let store = store.clone();
            let id = *id;
            tokio::spawn(async move {
                (
                    id,
                    store
                        .scope("30406", actor())
                        .submit_nomination(id, "{}", "", &[initiative])
                        .await
                        .unwrap(),
                )
            })
        });
        let results = futures_join(sends).await;
        let winners: Vec<i64> = results.iter().filter(|(_, r)| r.is_ok()).map(|(id, _)| *id).collect();
        assert_eq!(winners.len(), 1, "{results:?}");
        let holder = winners[0];
        let held = scope.initiative(initiative).await.unwrap().unwrap();
        assert_eq!((held.claimed_by, held.used_for.as_str()), (holder, ""));
        let holder_name = scope.nomination(holder).await.unwrap().unwrap().nominee_name;
        for (id, r) in &results {
            if *id == holder {
                continue;
            }
            match r {
                Err(SubmitRefused::InitiativeTaken(h)) => {
                    assert_eq!(
                        (h.nomination_id, h.nominee.as_str(), h.title.as_str()),
                        (holder, holder_name.as_str(), "Mã QR ở chợ")
                    );
                }
                other => panic!("expected a refusal naming the holder, got {other:?}"),
            }
            // A refused submission writes nothing: still a draft.
            assert_eq!(scope.nomination(*id).await.unwrap().unwrap().status, Stage::Draft);
        }

        // Returned: the hold is released and another nomination may take it.
        assert!(scope.return_nomination(holder, "Thiếu biên bản", false).await.unwrap());
        assert_eq!(scope.initiative(initiative).await.unwrap().unwrap().claimed_by, 0);
        let next = ids.iter().copied().find(|id| *id != holder).unwrap();
        assert_eq!(
            scope.submit_nomination(next, "{}", "", &[initiative]).await.unwrap(),
            Ok(())
        );
        // Sent again after a return, a nomination citing nothing no longer holds anything.
        assert_eq!(scope.submit_nomination(holder, "{}", "", &[]).await.unwrap(), Ok(()));
        assert_eq!(scope.initiative(initiative).await.unwrap().unwrap().claimed_by, next);

        // Signed: the initiative is used for that decision and holds for nobody.
        for (from, to) in [("submitted", "achievement_ok"), ("achievement_ok", "dossier_ok")] {
            assert!(scope.advance_nomination(next, from, to, "", None, "").await.unwrap());
        }
        assert!(
            scope
                .advance_nomination(next, "dossier_ok", "approved", "", Some((7, 7, 0)), "2026-11-25")
                .await
                .unwrap()
        );
        assert_eq!(
            scope.nomination(next).await.unwrap().unwrap().council_date,
            "2026-11-25"
        );
        let next_row = scope.nomination(next).await.unwrap().unwrap();
        let decided = scope
            .record_decision(&NewDecision {
                occasion_id: next_row.occasion_id,
                form: "giay_khen_chu_tich_xa".into(),
                summary: "Về việc tặng Giấy khen".into(),
                decision_date: "2026-11-26".into(),
                signer_name: "Nguyễn Văn Chủ".into(),
                signer_title: "CHỦ TỊCH".into(),
                total: 710_000,
                body: "{}".into(),
                awards: vec![NewAwardRecord {
                    recipient: "individual".into(),
                    subject_id: 0,
                    name: next_row.nominee_name.clone(),
                    year: 2026,
                    form: "giay_khen_chu_tich_xa".into(),
                    kind: "cong_trang".into(),
                    decision_no: String::new(),
                    decision_date: "2026-11-26".into(),
                    amount: 710_000,
                    nomination_id: next,
                    verify_code: "MAQR1".into(),
                }],
            })
            .await
            .unwrap()
            .unwrap();
        // Signed, not yet numbered: still held for the nomination.
        assert_eq!(scope.initiative(initiative).await.unwrap().unwrap().claimed_by, next);
        let entry = scope.entry_of(Source::Decision, decided.id).await.unwrap().unwrap();
        let on = Registration {
            number: 5,
            date: "2026-11-27",
            year: 2026,
            issuer: "UBND",
        };
        assert!(matches!(
            scope.register_document(entry.id, &on).await.unwrap(),
            RegisterOutcome::Registered(_)
        ));
        let used = scope.initiative(initiative).await.unwrap().unwrap();
        assert_eq!(
            (used.claimed_by, used.used_for.as_str()),
            (0, "Giấy khen của Chủ tịch Ủy ban nhân dân xã – Quyết định số 5/QĐ-UBND")
        );
        // Once used, it is refused to everyone, with what it supported.
        let last = scope
            .create_nomination(&nominee(other, unit, "Đỗ Văn Năm"))
            .await
            .unwrap();
        match scope.submit_nomination(last, "{}", "", &[initiative]).await.unwrap() {
            Err(SubmitRefused::InitiativeTaken(h)) => {
                assert_eq!((h.nomination_id, h.used_for), (0, used.used_for.clone()))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        for action in ["initiative.release", "initiative.use"] {
            let trail = scope
                .audit(&thidua_store::AuditFilter {
                    action: Some(action.into()),
                    limit: 10,
                    ..thidua_store::AuditFilter::default()
                })
                .await
                .unwrap();
            assert_eq!(trail.len(), 1, "{action} audited once");
        }
    }
);

contract!(an_annulled_award_stays_in_the_registry_marked_once, |store, _url| {
    commune(&store).await;
    let scope = store.scope("30406", actor());
    let id = scope
        .add_award_record(&NewAwardRecord {
            recipient: "individual".into(),
            subject_id: 0,
            name: "Trần Văn Ba".into(),
            year: 2026,
            form: "giay_khen_chu_tich_xa".into(),
            kind: "cong_trang".into(),
            decision_no: "15/QĐ-UBND".into(),
            decision_date: "2026-11-20".into(),
            amount: 710_000,
            nomination_id: 0,
            verify_code: "MAHUYBO01".into(),
        })
        .await
        .unwrap();
    let annulment = Annulment {
        on: "2026-11-28".into(),
        decision_no: "20/QĐ-UBND".into(),
        reason: AnnulReason::FalseClaims,
        note: String::new(),
        recover: 710_000,
    };
    // Another commune cannot touch it.
    assert!(!store.scope("31471", actor()).annul_award(id, &annulment).await.unwrap());
    assert!(scope.annul_award(id, &annulment).await.unwrap());
    assert!(!scope.annul_award(id, &annulment).await.unwrap(), "once only");
    let row = scope.award_record(id).await.unwrap().unwrap();
    assert_eq!(row.annulment.as_ref(), Some(&annulment));
    assert_eq!(
        scope.award_records("", 0).await.unwrap().len(),
        1,
        "kept in the registry"
    );
    let public = store.verified_award("MAHUYBO01").await.unwrap().unwrap();
    assert_eq!(public.annulment.map(|a| a.decision_no), Some("20/QĐ-UBND".into()));
    let trail = scope
        .audit(&thidua_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(trail.iter().any(|e| e.action == "award.annul"));
});

contract!(
    a_nomination_with_a_code_the_platform_does_not_know_is_refused_not_guessed,
    |store, url| {
        let unit = commune(&store).await;
        let scope = store.scope("30406", actor());
        let occasion = scope
            .open_occasion(1, "annual", 2026, "Hằng năm 2026", &[])
            .await
            .unwrap();
        let id = scope
            .create_nomination(&nominee(occasion, unit, "Lê Thị Bốn"))
            .await
            .unwrap();
        assert_eq!(scope.nomination(id).await.unwrap().unwrap().status, Stage::Draft);
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
        for (column, damaged) in [("status", "approvd"), ("recipient", "hộ"), ("form", "bang_khen_xa")] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE nominations SET {column} = '{damaged}' WHERE id = {id}"
            )))
            .execute(&mut raw)
            .await
            .unwrap();
            let e = scope.nomination(id).await.unwrap_err().to_string();
            assert!(
                e.contains(&format!("nominations.{column}")) && e.contains(damaged),
                "{e}"
            );
            // The lists that hold it refuse too: no page shows a guessed stage.
            assert!(scope.nominations(occasion, unit).await.is_err());
            sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE nominations SET status = 'draft', recipient = 'individual', form = 'giay_khen_chu_tich_xa' WHERE id = {id}"
        )))
        .execute(&mut raw)
        .await
        .unwrap();
        }
        raw.close().await.ok();
    }
);

contract!(
    a_scope_held_to_a_unit_finds_none_of_another_units_rows,
    |store, _url| {
        let dong = commune(&store).await;
        let scope = store.scope("30406", actor());
        let tay = scope.add_unit("Thôn Tây", "thon_to_dan_pho").await.unwrap().unwrap();
        let occasion = scope
            .open_occasion(1, "annual", 2026, "Hằng năm 2026", &[])
            .await
            .unwrap();
        let of_dong = scope
            .create_nomination(&nominee(occasion, dong, "Trần Văn Ba"))
            .await
            .unwrap();
        let of_tay = scope
            .create_nomination(&nominee(occasion, tay, "Lê Thị Hoa"))
            .await
            .unwrap();
        let held = store.reader("30406", actor()).held_to_unit(tay);
        assert!(
            held.nomination(of_dong).await.unwrap().is_none(),
            "another unit's id is not found"
        );
        assert_eq!(
            held.nomination(of_tay).await.unwrap().unwrap().nominee_name,
            "Lê Thị Hoa"
        );
        // Asked for every unit's list, it still lists its own.
        let listed: Vec<i64> = held
            .nominations(occasion, 0)
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(listed, vec![of_tay]);
        // The whole tenant's reader finds both.
        let whole = store.reader("30406", actor());
        assert!(whole.nomination(of_dong).await.unwrap().is_some());
        assert_eq!(whole.nominations(occasion, dong).await.unwrap().len(), 1);
    }
);
