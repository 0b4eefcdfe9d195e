//! The deadline calendar a unit subscribes to (`/ke-hoach/{id}/lich.ics`) carries the dates the
//! commune holds its units to — the same dates the report pages show — and follows the
//! commune when it moves one.

use crate::Server;

/// The plan id of each seed commune.
async fn plan_of(s: &Server, commune: &str) -> i64 {
    let (status, plans) = s.json("/api/v1/plans").await;
    assert_eq!(status, 200);
    plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["commune_code"] == commune)
        .and_then(|p| p["id"].as_i64())
        .unwrap_or_else(|| panic!("no plan of {commune}"))
}

/// The feed's events as (start date, summary).
async fn events(s: &Server, plan: i64) -> Vec<(String, String)> {
    let res = s.get(&format!("/ke-hoach/{plan}/lich.ics")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    // Unfold long lines (RFC 5545 §3.1) before reading them.
    let text = res.text().await.unwrap().replace("\r\n ", "");
    let mut out = Vec::new();
    let mut start = String::new();
    for line in text.split("\r\n") {
        if let Some(d) = line.strip_prefix("DTSTART;VALUE=DATE:") {
            start = d.to_owned();
        } else if let Some(summary) = line.strip_prefix("SUMMARY:") {
            out.push((start.clone(), summary.replace("\\,", ",")));
        }
    }
    out
}

/// "05/11/2026" → "20261105".
fn ymd(dmy: &str) -> String {
    let mut parts = dmy.split('/');
    let (d, m, y) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    format!("{y}{m}{d}")
}

/// The two dates the officer's period page shows for 2026: the units' and the province's.
async fn period_dates(s: &Server, officer: &str, commune: &str) -> (String, String) {
    let who = s.login(officer).await;
    let res = s
        .get_as(&who.cookie, &format!("/quan-tri/{commune}/bao-cao/2026"))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = res.text().await.unwrap();
    let after = |label: &str| {
        let rest = &page[page
            .find(label)
            .unwrap_or_else(|| panic!("«{label}» on the period page"))
            + label.len()..];
        rest.split("<strong>")
            .nth(1)
            .unwrap()
            .split("</strong>")
            .next()
            .unwrap()
            .to_owned()
    };
    (after("Hạn đơn vị gửi:"), after("hạn gửi tỉnh:"))
}

#[tokio::test]
async fn the_feed_carries_the_dates_each_commune_sets_and_follows_a_moved_date() {
    let s = Server::start().await;
    for (commune, officer) in [
        ("10210", "hongvan.vhxh"),
        ("31471", "longmy.vhxh"),
        ("19363", "vinhlinh.vhxh"),
        ("30406", "phutan.vhxh"),
    ] {
        let (unit_due, province_due) = period_dates(&s, officer, commune).await;
        let feed = events(&s, plan_of(&s, commune).await).await;
        let on = |date: &str, what: &str| {
            feed.iter()
                .any(|(d, summary)| *d == ymd(date) && summary.contains(what))
        };
        assert!(
            on(&unit_due, "Hạn các đơn vị gửi báo cáo năm 2026"),
            "{commune}: units' {unit_due} in {feed:#?}"
        );
        assert!(
            on(&province_due, "gửi báo cáo tổng hợp (báo cáo năm 2026)"),
            "{commune}: the province's {province_due} in {feed:#?}"
        );
    }
    // The dates the verification found missing or wrong.
    let vinh_linh = events(&s, plan_of(&s, "19363").await).await;
    assert!(
        vinh_linh
            .iter()
            .any(|(d, w)| d == "20261104" && w.starts_with("Hạn các đơn vị")),
        "ten days before the province's last day, 14/11 («trước ngày 15/11»)"
    );
    assert!(
        !vinh_linh
            .iter()
            .any(|(d, w)| d == "20261114" && w.starts_with("Hạn các đơn vị")),
        "14/11 is the commune's own date to the province, not the units'"
    );
    let phu_tan_plan = plan_of(&s, "30406").await;
    let phu_tan = events(&s, phu_tan_plan).await;
    for date in ["20261130", "20261210"] {
        assert!(phu_tan.iter().any(|(d, _)| d == date), "{date} in {phu_tan:#?}");
    }

    // Phú Tân moves its units' date: the feed follows, the old date is gone.
    let officer = s.login("phutan.vhxh").await;
    let res = s
        .post_as(
            &officer,
            "/quan-tri/30406/bao-cao/2026/thoi-han",
            &[
                ("registration_due", ""),
                ("unit_due", "2026-12-03"),
                ("province_due", "2026-12-10"),
                ("remind_days", "3"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let moved = events(&s, phu_tan_plan).await;
    let units = |feed: &[(String, String)]| -> Vec<String> {
        feed.iter()
            .filter(|(_, w)| w.starts_with("Hạn các đơn vị gửi báo cáo năm 2026"))
            .map(|(d, _)| d.clone())
            .collect()
    };
    assert_eq!(units(&moved), ["20261203"]);
    s.stop().await;
}

/// The unit's home page shows the date its report page holds it to, and where it stands: the
/// day before, the day of and the day after the deadline (Vietnam time), after sending and after
/// a return. The year's report is the current year's.
#[tokio::test]
async fn a_units_home_page_shows_its_deadline_and_where_it_stands() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let head = s.login("phutan.thondong").await;
    let unit = crate::commendation::count(
        &s.db_url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let year = crate::today().year();
    let home = format!("/quan-tri/30406/don-vi/{unit}");
    let dmy = |d: time::Date| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year());
    let line = |page: String| -> String {
        let list = &page[page.find("id=\"unit-dues\"").expect("the unit's dates")..];
        let list = &list[..list.find("</ol>").unwrap()];
        list.split("<li")
            .find(|l| l.contains("Báo cáo năm"))
            .unwrap_or("")
            .to_owned()
    };
    for (offset, expected) in [
        (1i64, "còn 1 ngày"),
        (0, "hạn hôm nay"),
        (-1, "quá hạn 1 ngày, chưa gửi"),
    ] {
        let due = crate::today() + time::Duration::days(offset);
        let province = due + time::Duration::days(10);
        let res = s
            .post_as(
                &officer,
                &format!("/quan-tri/30406/bao-cao/{year}/thoi-han"),
                &[
                    ("registration_due", ""),
                    ("unit_due", &due.to_string()),
                    ("province_due", &province.to_string()),
                    ("remind_days", "3"),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
        let shown = line(crate::unescape(
            &s.get_as(&head.cookie, &home).await.text().await.unwrap(),
        ));
        assert!(
            shown.contains(&dmy(due)) && shown.contains(expected),
            "{offset}: {shown}"
        );
    }
    // Sent: it says so; returned: it says what to do.
    let report = format!("/quan-tri/30406/don-vi/{unit}/bao-cao/{year}");
    let res = s
        .post_as(
            &head,
            &report,
            &[
                ("area_1", "Tuyên truyền chuyển đổi số tại 3 buổi họp thôn."),
                ("action", "gui"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let shown = line(crate::unescape(
        &s.get_as(&head.cookie, &home).await.text().await.unwrap(),
    ));
    assert!(
        shown.contains("Đã gửi, chờ tiếp nhận") && !shown.contains("quá hạn"),
        "{shown}"
    );
    let res = s
        .post_as(
            &officer,
            &format!("{report}/tiep-nhan"),
            &[("decision", "return"), ("version", "1"), ("reason", "Bổ sung số liệu")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let shown = line(crate::unescape(
        &s.get_as(&head.cookie, &home).await.text().await.unwrap(),
    ));
    assert!(shown.contains("Bị trả lại để bổ sung — cần sửa và gửi lại"), "{shown}");
    // The return reached the head: every page's header says so until the list is read.
    let page = crate::unescape(&s.get_as(&head.cookie, &home).await.text().await.unwrap());
    assert!(
        page.contains("href=\"/thong-bao\">Thông báo <span class=\"badge count\""),
        "{page}"
    );
    let list = crate::unescape(&s.get_as(&head.cookie, "/thong-bao").await.text().await.unwrap());
    assert!(list.contains("bị trả lại để bổ sung: Bổ sung số liệu"), "{list}");
    let page = crate::unescape(&s.get_as(&head.cookie, &home).await.text().await.unwrap());
    assert!(page.contains("href=\"/thong-bao\">Thông báo</a>"), "read: no badge");
    // Sent again and received: the unit is told that too (issue #18).
    let res = s
        .post_as(
            &head,
            &report,
            &[
                (
                    "area_1",
                    "Tuyên truyền chuyển đổi số tại 3 buổi họp thôn; bổ sung số liệu.",
                ),
                ("action", "gui"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let res = s
        .post_as(
            &officer,
            &format!("{report}/tiep-nhan"),
            &[("decision", "accept"), ("version", "2")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let list = crate::unescape(&s.get_as(&head.cookie, "/thong-bao").await.text().await.unwrap());
    assert!(list.contains("đã được tiếp nhận"), "{list}");
    s.stop().await;
}

/// "Nhắc tất cả" says who was reached and who has no way to be: no success where nothing
/// could happen (issue #18).
#[tokio::test]
async fn a_reminder_round_says_who_was_reached_and_who_was_not() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let year = crate::today().year();
    // A unit with no account at all.
    let res = s
        .post_as(
            &officer,
            "/quan-tri/30406/don-vi",
            &[("name", "Ấp Chưa Có Tài Khoản"), ("kind", "thon_to_dan_pho")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = s
        .post_as(&officer, &format!("/quan-tri/30406/bao-cao/{year}/nhac"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let page = crate::unescape(&s.get_as(&officer.cookie, &to).await.text().await.unwrap());
    assert!(
        page.contains("tài khoản nhận thông báo trong ứng dụng; 0 thư điện tử vào hàng chờ gửi."),
        "{page}"
    );
    assert!(
        page.contains("đơn vị chưa có tài khoản nào nên không nhận được nhắc hạn"),
        "{page}"
    );
    assert!(
        page.contains("chưa có địa chỉ thư điện tử: chỉ thấy nhắc hạn khi đăng nhập."),
        "{page}"
    );
    assert!(!page.contains("Đã gửi nhắc hạn"), "no blanket success");
    // Again the same day: nothing new, said as such.
    let res = s
        .post_as(&officer, &format!("/quan-tri/30406/bao-cao/{year}/nhac"), &[])
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let page = crate::unescape(&s.get_as(&officer.cookie, &to).await.text().await.unwrap());
    assert!(page.contains("Không có nhắc hạn mới"), "{page}");
    s.stop().await;
}
