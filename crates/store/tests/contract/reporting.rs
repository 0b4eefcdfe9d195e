use crate::contract;
use thidua_store::{Actor, Collective, NewNotice, NewPeriod, Person, ReportConflict, TenantRow};

fn actor() -> Actor {
    Actor::system("test")
}

async fn phu_tan(store: &thidua_store::Store) -> (i64, i64) {
    let tenant = TenantRow {
        code: "30406".into(),
        kind: "commune".into(),
        name: "UBND xã Phú Tân".into(),
        province_code: Some("91".into()),
    };
    store.ensure_tenant(&actor(), &tenant).await.unwrap();
    let scope = store.scope("30406", actor());
    let unit = scope.add_unit("Ấp Phú Hữu", "thon_to_dan_pho").await.unwrap().unwrap();
    let period = scope
        .ensure_period(&NewPeriod {
            plan_id: 1,
            year: 2026,
            kind: "annual".into(),
            registration_due: String::new(),
            unit_due: "2026-11-30".into(),
            province_due: "2026-12-10".into(),
            due_source: "commune".into(),
            remind_days: 3,
        })
        .await
        .unwrap();
    (period.id, unit)
}

contract!(
    a_report_goes_draft_submitted_returned_resubmitted_accepted,
    |store, _url| {
        let (period, unit) = phu_tan(&store).await;
        let scope = store.scope("30406", actor());
        let id = scope
            .save_draft(period, unit, r#"{"assessment":"nháp"}"#)
            .await
            .unwrap()
            .unwrap();
        scope
            .add_attachment(period, unit, "anh.png", "image/png", b"\x89PNG....")
            .await
            .unwrap()
            .unwrap();
        let first = scope
            .submit_report(period, unit, r#"{"assessment":"lần 1"}"#, 0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((first.report_id, first.version), (id, 1));
        // Submitted: closed to edits, files and a second submission.
        assert_eq!(
            scope.save_draft(period, unit, "{}").await.unwrap(),
            Err(ReportConflict::NotEditable)
        );
        assert_eq!(
            scope.submit_report(period, unit, "{}", 0).await.unwrap(),
            Err(ReportConflict::NotEditable)
        );
        // The same submission again (a retry on a flaky connection) is answered as the first
        // was, and writes no second version.
        let versions_before = scope.report_versions(id).await.unwrap().len();
        assert_eq!(
            scope
                .submit_report(period, unit, r#"{"assessment":"lần 1"}"#, 0)
                .await
                .unwrap(),
            Ok(first)
        );
        assert_eq!(scope.report_versions(id).await.unwrap().len(), versions_before);
        assert_eq!(
            scope
                .add_attachment(period, unit, "b.pdf", "application/pdf", b"%PDF")
                .await
                .unwrap(),
            Err(ReportConflict::NotEditable)
        );
        scope
            .review_report(id, 1, false, "Thiếu số liệu nội dung 2")
            .await
            .unwrap()
            .unwrap();
        // A second verdict on the same version is refused.
        assert_eq!(
            scope.review_report(id, 1, true, "").await.unwrap(),
            Err(ReportConflict::NotWaiting)
        );
        let row = scope.report(period, unit).await.unwrap().unwrap();
        assert_eq!(row.status, "returned");
        let second = scope
            .submit_report(period, unit, r#"{"assessment":"lần 2"}"#, 3600)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.version, 2);
        scope.review_report(id, 2, true, "").await.unwrap().unwrap();
        let row = scope.report(period, unit).await.unwrap().unwrap();
        assert_eq!(
            (row.status.as_str(), row.version, row.late_seconds),
            ("accepted", 2, 0),
            "lateness of the first submission"
        );
        let versions = scope.report_versions(id).await.unwrap();
        let seen: Vec<(i64, &str, &str, &str)> = versions
            .iter()
            .map(|v| (v.version, v.body.as_str(), v.review.as_str(), v.review_reason.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (1, r#"{"assessment":"lần 1"}"#, "returned", "Thiếu số liệu nội dung 2"),
                (2, r#"{"assessment":"lần 2"}"#, "accepted", ""),
            ]
        );
        let files = scope.attachments(id).await.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].version, 1, "the file went with the first version");
        assert!(
            !scope.remove_attachment(files[0].id).await.unwrap(),
            "a submitted file stays"
        );
        let (_, name, _, data) = scope.attachment_data(files[0].id).await.unwrap().unwrap();
        assert_eq!((name.as_str(), data.as_slice()), ("anh.png", &b"\x89PNG...."[..]));
        assert_eq!(
            scope.latest_versions(period).await.unwrap(),
            [(unit, r#"{"assessment":"lần 2"}"#.to_owned())]
        );
        // Every step is in the trail.
        let actions: Vec<String> = scope
            .audit(&thidua_store::AuditFilter {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("report.") || a.starts_with("attachment."))
            .collect();
        for a in [
            "report.draft",
            "attachment.add",
            "report.submit",
            "report.return",
            "report.accept",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
        }
        // Another tenant sees none of it.
        let other = store.scope("10210", actor());
        assert!(other.report_by_id(id).await.unwrap().is_none());
        assert!(other.attachment_data(files[0].id).await.unwrap().is_none());
    }
);

contract!(concurrent_submissions_of_one_report_store_one_version, |store, url| {
    let (period, unit) = phu_tan(&store).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let store = thidua_store::Store::connect(&url).await.unwrap();
            let scope = store.scope("30406", Actor::system("test"));
            let body = format!(r#"{{"assessment":"{i}"}}"#);
            scope.submit_report(period, unit, &body, 0).await.unwrap().is_ok()
        }));
    }
    let mut won = 0;
    for t in tasks {
        won += u32::from(t.await.unwrap());
    }
    assert_eq!(won, 1);
    let scope = store.scope("30406", actor());
    let row = scope.report(period, unit).await.unwrap().unwrap();
    assert_eq!(scope.report_versions(row.id).await.unwrap().len(), 1);
    assert!(store.verify_audit(None).await.unwrap().is_empty());
});

contract!(
    a_rollup_is_final_once_sent_and_reaches_only_its_province,
    |store, _url| {
        let (period, _) = phu_tan(&store).await;
        let scope = store.scope("30406", actor());
        let p = scope.period(period).await.unwrap().unwrap();
        assert!(
            scope
                .save_rollup(&p, "91", r#"{"assessment":"nháp"}"#, false, 0)
                .await
                .unwrap()
        );
        assert!(
            store.sent_rollups_of_province("91", 2026).await.unwrap().is_empty(),
            "a draft is not sent"
        );
        assert!(
            scope
                .save_rollup(&p, "91", r#"{"assessment":"gửi"}"#, true, 0)
                .await
                .unwrap()
        );
        assert!(
            !scope
                .save_rollup(&p, "91", r#"{"assessment":"sửa"}"#, false, 0)
                .await
                .unwrap()
        );
        let sent = store.sent_rollups_of_province("91", 2026).await.unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].tenant_code.as_str(), sent[0].body.as_str()),
            ("30406", r#"{"assessment":"gửi"}"#)
        );
        assert!(store.sent_rollups_of_province("01", 2026).await.unwrap().is_empty());
    }
);

contract!(
    a_reminder_is_stored_and_mailed_once_whoever_computes_it,
    |store, url| {
        phu_tan(&store).await;
        let user = store
            .scope("30406", actor())
            .create_user("phutan.ap", "Người báo cáo", "x", &[])
            .await
            .unwrap()
            .unwrap();
        let notice = NewNotice {
            tenant_code: "30406",
            user_id: user,
            email: "ap@example.vn",
            text: "Còn 3 ngày",
            link: "/",
            subject: "Nhắc báo cáo",
            dedupe_key: "remind:1:1:2026-11-27:before",
        };
        // Two servers compute the same reminder at once.
        let (a, b) = tokio::join!(
            async {
                let s = thidua_store::Store::connect(&url).await.unwrap();
                s.notify(&notice).await.unwrap()
            },
            async {
                let s = thidua_store::Store::connect(&url).await.unwrap();
                s.notify(&notice).await.unwrap()
            }
        );
        assert!(a ^ b, "exactly one stored it");
        assert_eq!(store.notifications(user, 10).await.unwrap().len(), 1);
        // Two senders race for the outbox: one claims the mail.
        let (x, y) = tokio::join!(store.claim_mail("a", 60), store.claim_mail("b", 60));
        let claimed: Vec<_> = [x.unwrap(), y.unwrap()].into_iter().flatten().collect();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].to_addr, "ap@example.vn");
        assert!(
            store.claim_mail("c", 60).await.unwrap().is_none(),
            "claimed mail is not handed out again"
        );
        let worker = if store.outbox_counts("30406").await.unwrap().0 == 1 {
            "a"
        } else {
            "b"
        };
        store.mail_sent(claimed[0].id, "a").await.unwrap();
        store.mail_sent(claimed[0].id, "b").await.unwrap();
        let _ = worker;
        assert_eq!(store.outbox_counts("30406").await.unwrap(), (0, 1, 0));
    }
);

contract!(imports_apply_changes_once_and_leave_equal_rows_alone, |store, _url| {
    phu_tan(&store).await;
    let scope = store.scope("30406", actor());
    let rows = vec![
        Collective {
            name: "Hội Liên hiệp Phụ nữ xã".into(),
            kind: "mttq_doan_the".into(),
            members: 120,
            women_members: 120,
            ..Default::default()
        },
        Collective {
            name: "Ấp Phú Hữu".into(),
            kind: "thon_to_dan_pho".into(),
            head_name: "Trần Văn Đức".into(),
            cluster: "Cụm 1".into(),
            ..Default::default()
        },
    ];
    let first = scope.save_collectives(&rows).await.unwrap();
    assert_eq!((first.added, first.updated, first.unchanged), (1, 1, 0));
    let again = scope.save_collectives(&rows).await.unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
    let people = vec![Person {
        full_name: "Nguyễn Thị Hồng".into(),
        gender: "nu".into(),
        birth_year: 1988,
        category: "cbccvc".into(),
        match_key: "nguyen thi hong|1988|".into(),
        ..Default::default()
    }];
    assert_eq!(scope.save_people(&people).await.unwrap().added, 1);
    assert_eq!(scope.save_people(&people).await.unwrap().unchanged, 1);
    assert_eq!(scope.people_count().await.unwrap(), 1);
    assert_eq!(store.scope("10210", actor()).people().await.unwrap().len(), 0);
});
