//! Issue #18: "Việc chờ tôi", the page every role lands on after signing in. Each waiting item
//! names what, for whom and by when, links to where it is done, and leaves the list once done;
//! the next holder sees it arrive.

use crate::Server;
use crate::commendation::{count, nomination, open_annual_occasion, page, post};

fn items(html: &str) -> String {
    let html = crate::unescape(html);
    match (html.find("id=\"work-list\""), html.find("id=\"no-work\"")) {
        (Some(i), _) => html[i..html[i..].find("</ol>").map_or(html.len(), |j| i + j)].to_owned(),
        (None, Some(_)) => String::new(),
        (None, None) => panic!("not the waiting page:\n{html}"),
    }
}

#[tokio::test]
async fn work_reaches_each_role_and_leaves_when_done() {
    let s = Server::start().await;
    let url = s.db_url.clone();
    // Signing in lands on the waiting page.
    let res = s
        .client
        .post(format!("{}/dang-nhap", s.base))
        .form(&[
            ("username", "phutan.thondong"),
            ("password", thidua_app::demo::DEMO_PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/viec-cho-toi");

    // The village's year report waits for its head, with the same date its report page holds.
    let head = s.login("phutan.thondong").await;
    let village = count(
        &url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let mine = items(&page(&s, &head, "/viec-cho-toi").await);
    let year = crate::today().year();
    let report_link = format!("/quan-tri/30406/don-vi/{village}/bao-cao/{year}");
    assert!(
        mine.contains(&format!("Báo cáo năm {year}")) && mine.contains(&report_link) && mine.contains("Thôn Đông"),
        "{mine}"
    );
    let report_page = page(&s, &head, &report_link).await;
    let due = crate::unescape(&mine)
        .split("Hạn ")
        .nth(1)
        .map(|r| r[..10].to_owned())
        .expect("a due date");
    assert!(report_page.contains(&due), "the report page holds the same date {due}");
    // Its workplace is named, not numbered.
    let landing = crate::unescape(&page(&s, &head, "/viec-cho-toi").await);
    assert!(
        landing.contains("Phú Tân — Thôn Đông") && !landing.contains("đơn vị số"),
        "{landing}"
    );

    // A nomination sent by the village waits for the digital officer, not yet for the others.
    let officer = s.login("phutan.vhxh").await;
    let occasion = open_annual_occasion(&s, &officer, "30406").await;
    let person = count(
        &url,
        "SELECT id FROM people WHERE tenant_code = '30406' AND full_name = 'Trần Văn Ba'",
    )
    .await
    .to_string();
    let new = format!("/quan-tri/30406/don-vi/{village}/khen-thuong/{occasion}/moi");
    let (status, _, body) = post(&s, &head, &new, &nomination("giay_khen_chu_tich_xa", &person)).await;
    assert_eq!(status, 303, "{body}");
    let id = count(&url, "SELECT MAX(id) FROM nominations").await;
    let anchor = format!("/quan-tri/30406/khen-thuong/{occasion}#de-nghi-{id}");
    let cds = s.login("phutan.cds").await;
    let tdkt = s.login("phutan.tdkt").await;
    let waiting = items(&page(&s, &cds, "/viec-cho-toi").await);
    assert!(
        waiting.contains("Thẩm định thành tích") && waiting.contains("Trần Văn Ba") && waiting.contains(&anchor),
        "{waiting}"
    );
    assert!(!items(&page(&s, &tdkt, "/viec-cho-toi").await).contains("Trần Văn Ba"));
    // …and is told so: counted on every page, then a notification with the link.
    assert!(
        page(&s, &cds, "/viec-cho-toi").await.contains("1 chưa đọc"),
        "the unread badge"
    );
    let told = crate::unescape(&page(&s, &cds, "/thong-bao").await);
    assert!(
        told.contains("Trần Văn Ba (Thôn Đông) chờ bạn: thẩm định thành tích") && told.contains(&anchor),
        "{told}"
    );

    // Done in one step: it leaves the digital officer's list and arrives on the next holder's.
    let (status, _, body) = post(
        &s,
        &cds,
        &format!("/quan-tri/30406/khen-thuong/de-nghi/{id}/thanh-tich"),
        &[("verdict", "dat")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert!(!items(&page(&s, &cds, "/viec-cho-toi").await).contains("Trần Văn Ba"));
    let next = items(&page(&s, &tdkt, "/viec-cho-toi").await);
    assert!(
        next.contains("Thẩm định hồ sơ") && next.contains("Trần Văn Ba"),
        "{next}"
    );
    let told = crate::unescape(&page(&s, &tdkt, "/thong-bao").await);
    assert!(told.contains("chờ bạn: thẩm định hồ sơ"), "{told}");
    // Returned for a missing paper: the village is told why, and it waits on its list.
    let (status, _, body) = post(
        &s,
        &tdkt,
        &format!("/quan-tri/30406/khen-thuong/de-nghi/{id}/ho-so"),
        &[("verdict", "tra-lai"), ("reason", "Thiếu biên bản họp xét có chữ ký")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let told = crate::unescape(&page(&s, &head, "/thong-bao").await);
    assert!(told.contains("bị trả lại: Thiếu biên bản họp xét có chữ ký"), "{told}");
    let back = items(&page(&s, &head, "/viec-cho-toi").await);
    assert!(
        back.contains("Sửa và gửi lại đề nghị khen thưởng") && back.contains("Trần Văn Ba"),
        "{back}"
    );
    assert!(!items(&page(&s, &tdkt, "/viec-cho-toi").await).contains("Trần Văn Ba"));
    // Another commune's officer sees none of it.
    let other = s.login("hongvan.tdkt").await;
    assert!(!items(&page(&s, &other, "/viec-cho-toi").await).contains("Trần Văn Ba"));
    s.stop().await;
}

/// Issue #18: the commune's summary goes to the province for good, so with units still
/// missing the first "send" names them and sends nothing; only a deliberate second step sends.
#[tokio::test]
async fn a_summary_with_units_missing_is_sent_only_when_confirmed() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let year = crate::today().year();
    let path = format!("/quan-tri/30406/tong-hop/{year}");
    let sent = "SELECT COUNT(*) FROM rollups WHERE tenant_code = '30406' AND status = 'sent'";
    let (status, _, body) = post(
        &s,
        &officer,
        &path,
        &[("assessment", "Đánh giá chung"), ("action", "gui")],
    )
    .await;
    assert_eq!(status, 400);
    let body = crate::unescape(&body);
    assert!(
        body.contains("Mới có 0/") && body.contains("chưa gửi: ") && body.contains("Chưa có gì được gửi"),
        "{body}"
    );
    assert_eq!(count(&s.db_url, sent).await, 0);
    assert!(body.contains("Đánh giá chung"), "what was typed is kept");
    let (status, _, body) = post(
        &s,
        &officer,
        &path,
        &[
            ("assessment", "Đánh giá chung"),
            ("confirm_missing", "1"),
            ("action", "gui"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(count(&s.db_url, sent).await, 1);

    // Until the province opens it, the commune may take it back, and send it again.
    let recall = format!("{path}/rut-lai");
    let (status, _, body) = post(&s, &officer, &recall, &[]).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(count(&s.db_url, sent).await, 0);
    let resend = [
        (
            "assessment",
            "Đánh giá chung. Kiến nghị tỉnh hỗ trợ thiết bị cho tổ công nghệ số.",
        ),
        ("confirm_missing", "1"),
        ("action", "gui"),
    ];
    assert_eq!(post(&s, &officer, &path, &resend).await.0, 303);

    // The province's desk: progress on its landing, the commune in its table, the whole
    // summary readable — and from then on no recall.
    let snv = s.login("angiang.snv").await;
    let landing = crate::unescape(&page(&s, &snv, "/quan-tri/91").await);
    assert!(
        landing.contains("Sở Nội vụ – ") && landing.contains("<strong>1</strong>/"),
        "{landing}"
    );
    let table = crate::unescape(&page(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}?q=phu+tan")).await);
    assert!(table.contains(&format!("/quan-tri/91/cac-xa/{year}/30406")), "{table}");
    assert!(table.contains("1 xã khớp"), "the search narrows the table: {table}");
    // The same table as Excel: every commune of An Giang, Phú Tân marked sent.
    let res = s
        .get_as(&snv.cookie, &format!("/quan-tri/91/cac-xa/{year}?dinh-dang=xlsx"))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let rows = thidua_documents::read_xlsx(&res.bytes().await.unwrap()).unwrap();
    let phu_tan = rows.iter().find(|r| r[0] == "30406").expect("Phú Tân in the export");
    assert_eq!(phu_tan[2], "Đã gửi");
    assert!(
        rows.len() > 50,
        "every commune of the province, not one page: {}",
        rows.len()
    );
    // Ordered by when the summaries came, the one that came is on top; by name it is not, and
    // each order keeps to its page links and tells a screen reader which column orders it.
    let first_row = |html: &str| {
        let body = &html[html.find("<tbody>").unwrap()..];
        let start = body.find("<th scope=\"row\"").unwrap();
        body[start..start + body[start..].find("</th>").unwrap()].to_owned()
    };
    // (askama writes the ampersands of the links as &#38;)
    let by_arrival = crate::unescape(&page(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}?sap-xep=gui")).await)
        .replace("&#38;", "&");
    assert!(
        first_row(&by_arrival).contains("/30406\">"),
        "{}",
        first_row(&by_arrival)
    );
    assert!(
        by_arrival.contains("aria-sort=\"ascending\"><a href=\"?q=&loc=&sap-xep=gui\""),
        "{by_arrival}"
    );
    assert!(
        by_arrival.contains("sap-xep=gui&trang=2"),
        "the next page keeps the order"
    );
    let by_name = crate::unescape(&page(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}?sap-xep=ten")).await);
    assert!(!first_row(&by_name).contains("/30406\">"), "{}", first_row(&by_name));
    let waiting = crate::unescape(&page(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}?loc=chua")).await);
    assert!(!waiting.contains(&format!("/cac-xa/{year}/30406")), "{waiting}");
    let summary = crate::unescape(&page(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}/30406")).await);
    assert!(
        summary.contains("Kiến nghị tỉnh hỗ trợ thiết bị cho tổ công nghệ số"),
        "{summary}"
    );
    let (status, _, body) = post(&s, &officer, &recall, &[]).await;
    assert_eq!(status, 400);
    assert!(crate::unescape(&body).contains("tỉnh đã mở báo cáo này"), "{body}");
    // The summary as the official Báo cáo, read by the province as the commune sent it.
    let report = crate::commendation::document_text(&s, &snv, &format!("/quan-tri/91/cac-xa/{year}/30406/pdf")).await;
    for expected in [
        "BÁO CÁO",
        "Số: /BC-UBND",
        "Kết quả thực hiện phong trào thi đua",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ",
        "Kiến nghị tỉnh hỗ trợ thiết bị cho tổ công nghệ số.",
        "TM. ỦY BAN NHÂN DÂN",
        "SỐ LIỆU TỔNG HỢP NĂM",
    ] {
        assert!(report.contains(expected), "«{expected}» in\n{report}");
    }
    let own = crate::commendation::document_text(&s, &officer, &format!("{path}/docx")).await;
    assert!(own.contains("Kiến nghị tỉnh hỗ trợ thiết bị"), "{own}");
    // Another province reads nothing.
    let hanoi = s.login("hanoi.snv").await;
    let res = s
        .get_as(&hanoi.cookie, &format!("/quan-tri/91/cac-xa/{year}/30406"))
        .await;
    assert_eq!(res.status().as_u16(), 403);

    // Returned with a reason: the commune is told, and may edit and send again.
    let back = format!("/quan-tri/91/cac-xa/{year}/30406/tra-lai");
    let (status, _, body) = post(&s, &snv, &back, &[("reason", " ")]).await;
    assert_eq!(status, 400);
    assert!(crate::unescape(&body).contains("Lý do trả lại"), "{body}");
    let (status, _, body) = post(&s, &snv, &back, &[("reason", "Bổ sung số liệu của 5 đơn vị còn thiếu")]).await;
    assert_eq!(status, 303, "{body}");
    let told = crate::unescape(&page(&s, &officer, "/thong-bao").await);
    assert!(
        told.contains("trả lại báo cáo tổng hợp năm") && told.contains("Bổ sung số liệu"),
        "{told}"
    );
    let own = crate::unescape(&page(&s, &officer, &path).await);
    assert!(
        own.contains("Tỉnh đã trả lại báo cáo để bổ sung: Bổ sung số liệu"),
        "{own}"
    );
    assert_eq!(post(&s, &officer, &path, &resend).await.0, 303);
    assert_eq!(count(&s.db_url, sent).await, 1);
    s.stop().await;
}

/// Issue #18: every deadline kind reminds the people it binds — units that have not
/// registered before the registration date, and the standing office before its own date to the
/// province while the summary is not sent — once per day however often the round runs.
#[tokio::test]
async fn registration_and_province_deadlines_remind_those_they_bind() {
    let s = Server::start().await;
    let url = s.db_url.clone();
    let officer = s.login("phutan.vhxh").await;
    let year = crate::today().year();
    let dates = |registration: &str, province: &str| {
        [
            ("registration_due".to_owned(), registration.to_owned()),
            ("unit_due".to_owned(), format!("{year}-12-03")),
            ("province_due".to_owned(), province.to_owned()),
            ("remind_days".to_owned(), "3".to_owned()),
        ]
    };
    let registration = format!("{year}-12-01");
    let fields = dates(&registration, &format!("{year}-12-10"));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = s
        .post_as(&officer, &format!("/quan-tri/30406/bao-cao/{year}/thoi-han"), &pairs)
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());

    let app = thidua_app::App::open(&url).await.unwrap();
    let at = |date: &str| {
        let d = time::Date::parse(date, time::macros::format_description!("[year]-[month]-[day]")).unwrap();
        d.with_hms(9, 0, 0).unwrap().assume_offset(time::macros::offset!(+7))
    };
    // Three days before the registration date: the village head is told, once.
    app.run_reminders(at(&format!("{year}-11-28"))).await.unwrap();
    app.run_reminders(at(&format!("{year}-11-28"))).await.unwrap();
    let told = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                WHERE u.username = 'phutan.thondong' AND n.text LIKE 'Đăng ký thi đua năm %chưa đăng ký, còn 3 ngày%'";
    assert_eq!(count(&url, told).await, 1);
    // On the province date, with the summary not sent, the standing office is told.
    app.run_reminders(at(&format!("{year}-12-10"))).await.unwrap();
    let office = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                  WHERE u.username = 'phutan.vhxh' AND n.text LIKE 'Báo cáo tổng hợp năm % gửi tỉnh chưa gửi, hạn là hôm nay%'";
    assert_eq!(count(&url, office).await, 1);
    let others = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                  WHERE u.username LIKE 'hongvan.%' AND n.text LIKE 'Báo cáo tổng hợp%'";
    assert_eq!(
        count(&url, others).await,
        0,
        "another commune's office is not told Phú Tân's date"
    );
    app.close().await;
    s.stop().await;
}
