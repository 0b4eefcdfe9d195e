use crate::contract;
use thidua_store::{
    Actor, InitiativeFilter, InitiativeOutcome, InitiativeText, NewMilestone, Scorecard, Store, TenantRow, UseRefused,
};

fn actor() -> Actor {
    Actor::system("test")
}

async fn commune(store: &Store, code: &str, name: &str) -> i64 {
    let tenant = TenantRow {
        code: code.into(),
        kind: "commune".into(),
        name: name.into(),
        province_code: Some("91".into()),
    };
    store.ensure_tenant(&actor(), &tenant).await.unwrap();
    store
        .scope(code, actor())
        .add_unit("Thôn Đông", "thon_to_dan_pho")
        .await
        .unwrap()
        .unwrap()
}

fn text(unit: i64, title: &str, search: &str) -> InitiativeText {
    InitiativeText {
        unit_id: unit,
        year: 2026,
        kind: "sang_kien".into(),
        area_code: "1".into(),
        title: title.into(),
        body: format!(r#"{{"title":"{title}"}}"#),
        search_text: search.into(),
    }
}

fn terms(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

contract!(
    an_initiative_is_submitted_scored_recognised_and_used_once,
    |store, _url| {
        let unit = commune(&store, "30406", "UBND xã Phú Tân").await;
        let other_unit = commune(&store, "30409", "UBND xã Phú Thạnh").await;
        let scope = store.scope("30406", actor());
        let id = scope
            .create_initiative("91", &text(unit, "Nháp", "nhap"))
            .await
            .unwrap();
        assert!(
            scope
                .save_initiative_draft(id, &text(unit, "Mã QR thanh toán ở chợ", "ma qr chao"))
                .await
                .unwrap()
        );
        // Drafts are nobody's candidates.
        assert!(
            store
                .initiative_candidates("91", &terms(&["qr"]), 0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let t = text(unit, "Mã QR thanh toán ở chợ", "ma qr thanh toan o cho");
        assert!(
            scope
                .submit_initiative(id, &t, &terms(&["qr", "thanhtoan", "cho"]), &[])
                .await
                .unwrap()
        );
        // Sent once only; the draft is closed.
        assert!(!scope.submit_initiative(id, &t, &terms(&["qr"]), &[]).await.unwrap());
        assert!(!scope.save_initiative_draft(id, &t).await.unwrap());

        // Another commune of the province finds it by its words, and the counts say how rare they are.
        let there = store.scope("30409", actor());
        let second = there
            .create_initiative("91", &text(other_unit, "Chợ 4.0 thanh toán QR", "cho 4.0"))
            .await
            .unwrap();
        let found = store
            .initiative_candidates("91", &terms(&["qr", "cho", "zalo"]), second, 10)
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].id, found[0].commune_name.as_str(), found[0].unit_name.as_str()),
            (id, "UBND xã Phú Tân", "Thôn Đông")
        );
        assert!(
            there
                .submit_initiative(
                    second,
                    &text(other_unit, "Chợ 4.0", "cho"),
                    &terms(&["cho", "bon"]),
                    &[(id, 812)]
                )
                .await
                .unwrap()
        );
        let counts = store.term_counts("91", &terms(&["cho", "qr", "zalo"])).await.unwrap();
        assert_eq!(
            (counts[""], counts["cho"], counts["qr"], counts.get("zalo")),
            (2, 2, 1, None)
        );
        // Another province does not see them.
        assert!(
            store
                .initiative_candidates("92", &terms(&["qr"]), 0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let matches = there.initiative_matches(second).await.unwrap();
        assert_eq!(
            (matches.len(), matches[0].other_id, matches[0].score_x1000),
            (1, id, 812)
        );
        // A commune reads only its own initiatives.
        assert!(there.initiative(id).await.unwrap().is_none());
        assert!(scope.initiative_matches(second).await.unwrap().is_empty());

        // Search is on folded words, with filters.
        let hits = |words: &[&str], status: &str| InitiativeFilter {
            words: terms(words),
            status: status.into(),
            ..InitiativeFilter::default()
        };
        assert_eq!(scope.initiatives(&hits(&["qr", "cho"], "")).await.unwrap().len(), 1);
        assert_eq!(scope.initiatives(&hits(&["qr"], "draft")).await.unwrap().len(), 0);
        assert_eq!(scope.initiatives(&hits(&["100%"], "")).await.unwrap().len(), 0);

        // Two reviewers and a declared conflict: the mean leaves the conflict out.
        assert_eq!(scope.initiatives_waiting_for(7).await.unwrap().len(), 1);
        for (reviewer, total, conflict) in [(7, 8000, ""), (8, 6000, ""), (9, 0, "Tôi là người hướng dẫn tác giả")]
        {
            let card = Scorecard {
                reviewer_id: reviewer,
                reviewer_name: format!("Người chấm {reviewer}"),
                scores: [8, 8, 8, 8],
                total_x100: total,
                note: "ghi chú riêng".into(),
                conflict: conflict.into(),
            };
            assert!(scope.save_score(id, &card).await.unwrap());
        }
        assert!(scope.initiatives_waiting_for(7).await.unwrap().is_empty());
        assert_eq!(scope.initiative(id).await.unwrap().unwrap().score_x100, 7000);
        assert_eq!(scope.scores(id).await.unwrap().len(), 3);

        // Not used before recognition; recognised once; used once.
        assert_eq!(
            scope.use_initiative(id, "Giấy khen 2026").await.unwrap(),
            Err(UseRefused::NotRecognised)
        );
        let outcome = InitiativeOutcome {
            recognised: true,
            decision_no: "15/QĐ-UBND".into(),
            decision_date: "2026-11-20".into(),
            decided_by: "Chủ tịch".into(),
            ..InitiativeOutcome::default()
        };
        assert!(scope.decide_initiative(id, &outcome).await.unwrap());
        assert!(!scope.decide_initiative(id, &outcome).await.unwrap());
        assert!(!scope.withdraw_initiative(id).await.unwrap());
        assert_eq!(
            scope.use_initiative(id, "Giấy khen UBND xã 2026").await.unwrap(),
            Ok(())
        );
        assert_eq!(
            scope.use_initiative(id, "Bằng khen tỉnh 2026").await.unwrap(),
            Err(UseRefused::AlreadyUsed("Giấy khen UBND xã 2026".into()))
        );
        assert_eq!(there.use_initiative(id, "x").await.unwrap(), Err(UseRefused::NotFound));

        // Public: the commune page and the province's best.
        assert_eq!(
            store.public_initiatives(Some("30406"), None, 10).await.unwrap().len(),
            1
        );
        assert_eq!(
            store.public_initiatives(Some("30409"), None, 10).await.unwrap().len(),
            0
        );
        let best = store.public_initiatives(None, Some("91"), 10).await.unwrap();
        assert_eq!((best.len(), best[0].score_x100), (1, 7000));

        // Replication: milestones move the progress to the latest date's.
        let rep = scope
            .add_replication(
                id,
                "Xã Phú Thạnh",
                &NewMilestone {
                    on_date: "2026-11-01".into(),
                    progress: 20,
                    note: "Bắt đầu".into(),
                    evidence: String::new(),
                },
            )
            .await
            .unwrap()
            .unwrap();
        assert!(
            scope
                .add_milestone(
                    rep,
                    &NewMilestone {
                        on_date: "2026-12-01".into(),
                        progress: 60,
                        note: "Nửa chợ dùng".into(),
                        evidence: "Biên bản kiểm tra".into()
                    }
                )
                .await
                .unwrap()
        );
        assert!(
            scope
                .add_milestone(
                    rep,
                    &NewMilestone {
                        on_date: "2026-11-15".into(),
                        progress: 40,
                        note: "Ghi muộn".into(),
                        evidence: String::new()
                    }
                )
                .await
                .unwrap()
        );
        let reps = scope.replications(None).await.unwrap();
        assert_eq!((reps.len(), reps[0].progress, reps[0].milestones.len()), (1, 60, 3));
        assert!(there.replications(None).await.unwrap().is_empty());
        assert!(!there.add_milestone(rep, &NewMilestone::default()).await.unwrap());
        // Only recognised initiatives are replicated.
        assert!(
            there
                .add_replication(second, "Ấp 1", &NewMilestone::default())
                .await
                .unwrap()
                .is_none()
        );

        // Every change is in the trail, and the private note's text is not.
        let trail = scope
            .audit(&thidua_store::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap();
        for action in [
            "initiative.create",
            "initiative.submit",
            "initiative.score",
            "initiative.conflict",
            "initiative.decide",
            "initiative.use",
            "replication.create",
            "replication.milestone",
        ] {
            assert!(trail.iter().any(|e| e.action == action), "{action} missing");
        }
        assert!(!trail.iter().any(|e| e.after_json.contains("ghi chú riêng")));
    }
);
