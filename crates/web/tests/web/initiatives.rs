//! Initiatives as Phú Tân works with them: a copy is shown its original before it is sent,
//! a reviewer from the authors' unit cannot score, two reviewers' scores are combined, the
//! officer recognises it, it supports one commendation only, and it appears on the public
//! pages, in the search and in the export.

use sqlx::Connection;

use crate::Server;
use crate::accounts::Session;

const ORIGINAL: &str = "Ứng dụng Zalo nhắc lịch tiêm chủng cho người cao tuổi";
/// The original's title without accents, words moved around.
const COPY: &str = "nhac lich tiem chung cho nguoi cao tuoi bang ung dung Zalo";

fn form<'a>(title: &'a str, summary: &'a str, author: &'a str, unit: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("kind", "sang_kien"),
        ("area", "5"),
        ("author_1_name", author),
        ("author_1_unit", unit),
        ("summary", summary),
        (
            "problem",
            "Người cao tuổi hay quên lịch tiêm, trạm y tế phải gọi từng nhà.",
        ),
        ("novelty", "Tin nhắn tự động qua nhóm Zalo của ấp."),
        ("benefits", "Tỷ lệ tiêm đúng lịch tăng từ 62% lên 91%."),
        ("action", "gui"),
    ]
}

async fn post(s: &Server, who: &Session, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let res = s.post_as(who, path, fields).await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, crate::unescape(&res.text().await.unwrap()))
}

async fn page(s: &Server, who: &Session, path: &str) -> String {
    let res = s.get_as(&who.cookie, path).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    crate::unescape(&res.text().await.unwrap())
}

async fn count(url: &str, sql: &str) -> i64 {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut c)
        .await
        .unwrap();
    c.close().await.ok();
    n
}

/// The number at the end of a redirect to an initiative's page.
fn id_in(location: &str) -> String {
    location
        .split("/sang-kien/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap_or_else(|| panic!("no initiative in {location}"))
        .to_owned()
}

#[tokio::test]
async fn an_initiative_goes_from_registration_to_one_commendation() {
    let s = Server::start().await;
    sqlx::any::install_default_drivers();
    let unit = |name: &'static str| {
        let url = s.db_url.clone();
        async move {
            count(
                &url,
                &format!("SELECT id FROM units WHERE tenant_code = '30406' AND name = '{name}'"),
            )
            .await
        }
    };
    let (thon_dong, school) = (unit("Thôn Đông").await, unit("Trường Tiểu học").await);

    // Thôn Đông registers the original.
    let head = s.login("phutan.thondong").await;
    let summary = "Gửi tin nhắn Zalo nhắc người cao tuổi lịch tiêm chủng hằng tháng.";
    let (status, location, body) = post(
        &s,
        &head,
        &format!("/quan-tri/30406/don-vi/{thon_dong}/sang-kien/moi"),
        &form(ORIGINAL, summary, "Trần Văn Ba", "Thôn Đông"),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let original = id_in(&location);

    // The school sends a copy: it is held back and shown the original, and nothing is stored.
    let reporter = s.login("phutan.truong").await;
    let copy_summary = "Nhắc lịch tiêm chủng hằng tháng cho người cao tuổi qua tin nhắn Zalo.";
    let new = format!("/quan-tri/30406/don-vi/{school}/sang-kien/moi");
    let copy = form(COPY, copy_summary, "Lê Thị Hoa", "Trường Tiểu học");
    let (status, _, body) = post(&s, &reporter, &new, &copy).await;
    assert_eq!(status, 400);
    assert!(body.contains(ORIGINAL), "the original is shown");
    assert!(
        body.contains("Thôn Đông") && body.contains("giống"),
        "with its unit and likeness"
    );
    assert!(body.contains("ghi rõ điểm khác biệt"), "and what to do");
    assert_eq!(count(&s.db_url, "SELECT COUNT(*) FROM initiatives").await, 1);

    // Saying what is different lets it through; the appraiser sees the match.
    let mut different = copy.clone();
    different.push((
        "difference",
        "Áp dụng cho phụ huynh học sinh, không chỉ người cao tuổi.",
    ));
    let (status, location, body) = post(&s, &reporter, &new, &different).await;
    assert_eq!(status, 303, "{body}");
    let id = id_in(&location);
    let path = format!("/quan-tri/30406/don-vi/{school}/sang-kien/{id}");
    let matched = count(
        &s.db_url,
        &format!("SELECT other_id FROM initiative_matches WHERE initiative_id = {id}"),
    )
    .await;
    assert_eq!(matched.to_string(), original, "the match is recorded for the appraiser");

    // The principal sits on the council but heads the school: refused, and it is recorded.
    let principal = s.login("phutan.hieutruong").await;
    assert!(
        page(&s, &principal, &path)
            .await
            .contains("Bạn không chấm sáng kiến này")
    );
    let scores = [
        ("score_novelty", "8"),
        ("score_applicability", "7"),
        ("score_effectiveness", "9"),
        ("score_scope", "6"),
        ("note", "Cần số liệu sau 6 tháng"),
    ];
    let score_path = format!("/quan-tri/30406/sang-kien/{id}/cham-diem");
    let (status, _, body) = post(&s, &principal, &score_path, &scores).await;
    assert_eq!(status, 400);
    assert!(body.contains("Bạn thuộc Trường Tiểu học"), "{body}");
    assert_eq!(count(&s.db_url, "SELECT COUNT(*) FROM initiative_scores").await, 0);
    assert_eq!(
        count(
            &s.db_url,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'initiative.score' AND outcome = 'denied'"
        )
        .await,
        1
    );

    // Two reviewers score; a score out of range is refused by name.
    let digital = s.login("phutan.cds").await;
    let council = s.login("phutan.hoidong").await;
    let waiting = page(&s, &council, "/quan-tri/30406/sang-kien").await;
    assert!(
        waiting.contains("Chờ tôi chấm điểm (2)"),
        "both wait for the council member"
    );
    let (status, _, body) = post(&s, &digital, &score_path, &[("score_novelty", "11")]).await;
    assert_eq!(status, 400);
    assert!(body.contains("Tính mới: điểm là số nguyên từ 0 đến 10 (đã nhập «11»)"));
    let (status, _, _) = post(&s, &digital, &score_path, &scores).await;
    assert_eq!(status, 303);
    let flat = [
        ("score_novelty", "6"),
        ("score_applicability", "6"),
        ("score_effectiveness", "6"),
        ("score_scope", "6"),
    ];
    let (status, _, _) = post(&s, &council, &score_path, &flat).await;
    assert_eq!(status, 303);
    // 77.5 and 60 with the weights 30/25/30/15: mean 68.75, spread 17.5.
    let seen = page(&s, &council, &path).await;
    assert!(seen.contains("chênh lệch cao – thấp 17,5 điểm"), "spread shown");
    assert!(seen.contains("của 2 người chấm"));
    assert!(
        !seen.contains("Cần số liệu sau 6 tháng"),
        "another reviewer's note stays private"
    );
    assert!(page(&s, &digital, &path).await.contains("Cần số liệu sau 6 tháng"));
    assert!(seen.contains(ORIGINAL), "the look-alike found at submission");

    // The standing officer recognises it; a decision number is needed.
    let officer = s.login("phutan.vhxh").await;
    let decide = format!("/quan-tri/30406/sang-kien/{id}/ket-qua");
    let (status, _, body) = post(&s, &officer, &decide, &[("decision", "recognise")]).await;
    assert_eq!(status, 400);
    assert!(body.contains("Số quyết định công nhận: chưa nhập"));
    let recognise = [
        ("decision", "recognise"),
        ("decision_no", "15/QĐ-UBND"),
        ("decision_date", "2026-11-20"),
    ];
    let (status, _, _) = post(&s, &officer, &decide, &recognise).await;
    assert_eq!(status, 303);
    assert!(page(&s, &officer, &path).await.contains("Quyết định số 15/QĐ-UBND"));

    // One commendation only.
    let use_path = format!("/quan-tri/30406/sang-kien/{id}/su-dung");
    let (status, _, _) = post(&s, &officer, &use_path, &[("used_for", "Giấy khen UBND xã 2026")]).await;
    assert_eq!(status, 303);
    let (status, _, body) = post(&s, &officer, &use_path, &[("used_for", "Bằng khen tỉnh 2026")]).await;
    assert_eq!(status, 400);
    assert!(
        body.contains("đã được dùng làm căn cứ cho «Giấy khen UBND xã 2026»"),
        "{body}"
    );

    // Replication with a milestone; a progress over 100% is refused by name.
    let rep = format!("/quan-tri/30406/sang-kien/{id}/nhan-rong");
    let milestone = |progress: &'static str| {
        vec![
            ("place", "Xã Phú Thạnh"),
            ("on_date", "2026-11-21"),
            ("progress", progress),
            ("note", "Hai ấp đã lập nhóm"),
        ]
    };
    let (status, _, body) = post(&s, &officer, &rep, &milestone("150")).await;
    assert_eq!(status, 400);
    assert!(body.contains("Tiến độ: số phần trăm từ 0 đến 100"));
    let (status, _, _) = post(&s, &officer, &rep, &milestone("40")).await;
    assert_eq!(status, 303);
    let all = page(&s, &officer, "/quan-tri/30406/sang-kien/nhan-rong").await;
    assert!(all.contains("Xã Phú Thạnh") && all.contains("40%"));

    // Search ignores accents and word order; filters narrow it; the export holds the list.
    let found = page(&s, &officer, "/quan-tri/30406/sang-kien?q=tiem+zalo").await;
    assert!(found.contains("2 sáng kiến"), "both match");
    let found = page(&s, &officer, "/quan-tri/30406/sang-kien?q=zalo&trang-thai=recognised").await;
    assert!(found.contains("1 sáng kiến") && found.contains(COPY));
    let res = s
        .get_as(&officer.cookie, "/quan-tri/30406/sang-kien/xuat?trang-thai=recognised")
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let rows = thidua_documents::read_xlsx(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(rows.len(), 2, "header and one initiative");
    assert!(rows[1].iter().any(|c| c == COPY) && rows[1].iter().any(|c| c.contains("Lê Thị Hoa (100%)")));

    // Public: the commune page and the province's best show it, with nothing private.
    let (_, commune) = s.text("/xa/30406").await;
    let commune = crate::unescape(&commune);
    assert!(commune.contains(COPY) && commune.contains("Tỷ lệ tiêm đúng lịch tăng"));
    assert!(!commune.contains(ORIGINAL), "not recognised yet, not public");
    assert!(!commune.contains("Cần số liệu"), "no reviewer notes");
    let (_, province) = s.text("/tinh/91").await;
    assert!(crate::unescape(&province).contains(COPY));
    s.stop().await;
}

#[tokio::test]
async fn bad_initiative_forms_change_nothing_and_name_the_field() {
    let s = Server::start().await;
    let head = s.login("phutan.thondong").await;
    let unit: i64 = count(
        &s.db_url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let new = format!("/quan-tri/30406/don-vi/{unit}/sang-kien/moi");
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("action", "nhap")], "Tên sáng kiến: chưa nhập."),
        (
            &[("title", "Sổ tay"), ("action", "gui")],
            "Tính mới: cần có trước khi gửi thẩm định.",
        ),
        (
            &[("title", "Sổ tay"), ("area", "99"), ("action", "nhap")],
            "Nội dung thi đua: kế hoạch của xã không có nội dung «99».",
        ),
        (
            &[
                ("title", "Sổ tay"),
                ("author_1_name", "A"),
                ("author_1_share", "60"),
                ("author_2_name", "B"),
                ("author_2_share", "30"),
                ("action", "nhap"),
            ],
            "cộng lại phải là 100% (đang là 90%)",
        ),
    ];
    for (fields, message) in cases {
        let (status, _, body) = post(&s, &head, &new, fields).await;
        assert_eq!(status, 400, "{message}");
        assert!(body.contains(message), "{message} in {body}");
    }
    assert_eq!(count(&s.db_url, "SELECT COUNT(*) FROM initiatives").await, 0);
    let officer = s.login("phutan.vhxh").await;
    let (status, _, body) = post(
        &s,
        &officer,
        "/quan-tri/30406/sang-kien/cai-dat",
        &[
            ("weight_novelty", "50"),
            ("weight_applicability", "50"),
            ("weight_effectiveness", "10"),
            ("weight_scope", "abc"),
            ("threshold", "5"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("Trọng số «Phạm vi ảnh hưởng»") && body.contains("Ngưỡng giống nhau"));
    assert_eq!(count(&s.db_url, "SELECT COUNT(*) FROM initiative_settings").await, 0);
    s.stop().await;
}

/// Sends `file` with the initiative's document form; (status, body).
async fn upload(s: &Server, who: &Session, path: &str, name: &str, bytes: &[u8]) -> (u16, String) {
    let res = s.post_file_as(who, &format!("{path}/tep"), name, bytes.to_vec()).await;
    let status = res.status().as_u16();
    (status, crate::unescape(&res.text().await.unwrap()))
}

#[tokio::test]
async fn an_initiative_carries_its_documents_to_the_reviewers_only() {
    let s = Server::start().await;
    let unit: i64 = count(
        &s.db_url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let head = s.login("phutan.thondong").await;
    let mut draft = form(ORIGINAL, "Nhắc lịch tiêm qua Zalo.", "Trần Văn Ba", "Thôn Đông");
    draft.retain(|(k, _)| *k != "action");
    draft.push(("action", "nhap"));
    let (status, location, body) = post(
        &s,
        &head,
        &format!("/quan-tri/30406/don-vi/{unit}/sang-kien/moi"),
        &draft,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let path = format!("/quan-tri/30406/don-vi/{unit}/sang-kien/{}", id_in(&location));
    let files = "SELECT COUNT(*) FROM files WHERE owner_kind = 'initiative'";

    // A description and a photo; the page lists them and the description downloads intact.
    let pdf = b"%PDF-1.4 ban mo ta sang kien".to_vec();
    assert_eq!(upload(&s, &head, &path, "Bản mô tả.pdf", &pdf).await.0, 303);
    assert_eq!(
        upload(&s, &head, &path, "anh.png", b"\x89PNG\r\n\x1a\n....").await.0,
        303
    );
    let shown = page(&s, &head, &path).await;
    assert!(shown.contains("Bản mô tả.pdf") && shown.contains("anh.png"), "{shown}");
    let file_id = count(&s.db_url, "SELECT MIN(id) FROM files WHERE owner_kind = 'initiative'").await;
    let res = s.get_as(&head.cookie, &format!("{path}/tep/{file_id}")).await;
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.contains("B%E1%BA%A3n"),
        "the Vietnamese name is kept: {disposition}"
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);

    // Wrong files are refused by name and nothing is stored.
    let (status, body) = upload(&s, &head, &path, "gia.pdf", b"not a pdf").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Tệp đính kèm «gia.pdf»: nội dung không đúng loại tệp .pdf."),
        "{body}"
    );
    let (status, body) = upload(&s, &head, &path, "virus.exe", b"MZ").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("chỉ nhận PDF, ảnh (PNG, JPG) và tệp Word, Excel"),
        "{body}"
    );
    assert_eq!(count(&s.db_url, files).await, 2);

    // Another commune cannot read it, even with the right numbers.
    let outsider = s.login("hongvan.vhxh").await;
    let res = s.get_as(&outsider.cookie, &format!("{path}/tep/{file_id}")).await;
    assert!(matches!(res.status().as_u16(), 403 | 404), "{}", res.status());

    // Once sent, the reviewers rely on the documents: they can be added to, not taken away.
    let mut send = draft.clone();
    send.retain(|(k, _)| *k != "action");
    send.push(("action", "gui"));
    let (status, _, body) = post(&s, &head, &path, &send).await;
    assert_eq!(status, 303, "{body}");
    let (status, _, body) = post(&s, &head, &format!("{path}/tep"), &[]).await;
    assert_ne!(status, 303, "a form without a file does nothing: {body}");
    let remove = reqwest::multipart::Form::new()
        .text("csrf", head.csrf.clone())
        .text("remove", file_id.to_string());
    let res = s
        .client
        .post(format!("{}{path}/tep", s.base))
        .header("cookie", &head.cookie)
        .multipart(remove)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert!(crate::unescape(&res.text().await.unwrap()).contains("không xóa được tệp đính kèm"));
    assert_eq!(count(&s.db_url, files).await, 2);
    s.stop().await;
}

/// An initiative supports one commendation: cited by a pending nomination it is held for it,
/// refused to every other nomination with the holder named, offered only for its authors,
/// released when the nomination is withdrawn, and marked used by the signed decision.
#[tokio::test]
async fn a_cited_initiative_is_held_for_one_nomination_and_used_by_its_decision() {
    let s = Server::start().await;
    sqlx::any::install_default_drivers();
    let url = s.db_url.clone();
    let person = |name: &'static str| {
        let url = url.clone();
        async move {
            count(
                &url,
                &format!("SELECT id FROM people WHERE tenant_code = '30406' AND full_name = '{name}'"),
            )
            .await
            .to_string()
        }
    };
    let (ba, hoa, cuong) = (
        person("Trần Văn Ba").await,
        person("Lê Thị Hoa").await,
        person("Nguyễn Văn Cường").await,
    );
    let village = count(
        &url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;

    // Thôn Đông's initiative by Trần Văn Ba and Lê Thị Hoa, recognised by the commune.
    let head = s.login("phutan.thondong").await;
    let mut fields = form(ORIGINAL, "Nhắc lịch tiêm qua Zalo.", "Trần Văn Ba", "Thôn Đông");
    fields.retain(|(k, _)| *k != "author_1_name" && *k != "author_1_unit");
    fields.extend([
        ("author_1_name", "Trần Văn Ba"),
        ("author_1_unit", "Thôn Đông"),
        ("author_1_share", "60"),
        ("author_2_name", "Lê Thị Hoa"),
        ("author_2_unit", "Thôn Đông"),
        ("author_2_share", "40"),
    ]);
    let (status, location, body) = post(
        &s,
        &head,
        &format!("/quan-tri/30406/don-vi/{village}/sang-kien/moi"),
        &fields,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let initiative = id_in(&location);
    let officer = s.login("phutan.vhxh").await;
    let (status, _, body) = post(
        &s,
        &officer,
        &format!("/quan-tri/30406/sang-kien/{initiative}/ket-qua"),
        &[
            ("decision", "recognise"),
            ("decision_no", "15/QĐ-UBND"),
            ("decision_date", "2026-11-20"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");

    let occasion = crate::commendation::open_annual_occasion(&s, &officer, "30406").await;
    let new = format!("/quan-tri/30406/don-vi/{village}/khen-thuong/{occasion}/moi");
    let citing = |who: &str| {
        let mut f = crate::commendation::nomination("giay_khen_chu_tich_xa", who);
        f.push(("initiative", initiative.as_str()));
        f.into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    let send = |fields: Vec<(String, String)>, path: String| {
        let s = &s;
        let head = &head;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post(s, head, &path, &fields).await
        }
    };

    // The form names the authors; someone who is not one of them cannot cite it.
    let form_page = page(&s, &head, &new).await;
    assert!(form_page.contains("tác giả: Trần Văn Ba, Lê Thị Hoa"), "{form_page}");
    let nominations = "SELECT COUNT(*) FROM nominations";
    let (status, _, body) = send(citing(&cuong), new.clone()).await;
    assert_eq!(status, 400);
    assert!(
        body.contains(&format!(
            "Sáng kiến «{ORIGINAL}» của tác giả Trần Văn Ba, Lê Thị Hoa nên không làm căn cứ khen thưởng cho Nguyễn Văn Cường được."
        )),
        "{body}"
    );
    assert_eq!(count(&url, nominations).await, 0, "nothing stored");

    // Trần Văn Ba's nomination cites it and holds it.
    let (status, location, body) = send(citing(&ba), new.clone()).await;
    assert_eq!(status, 303, "{body}");
    let ba_nomination = location
        .split('/')
        .nth(7)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let held = format!("SELECT claimed_by FROM initiatives WHERE id = {initiative}");
    assert_eq!(count(&url, &held).await.to_string(), ba_nomination);
    let shown = page(
        &s,
        &officer,
        &format!("/quan-tri/30406/don-vi/{village}/sang-kien/{initiative}"),
    )
    .await;
    assert!(
        shown.contains(&format!("Đang là căn cứ của đề nghị khen thưởng số {ba_nomination}")),
        "{shown}"
    );

    // Lê Thị Hoa, a co-author, is refused while Ba's nomination is pending, with it named, and
    // nothing is stored.
    let (status, _, body) = send(citing(&hoa), new.clone()).await;
    assert_eq!(status, 400);
    assert!(
        body.contains(&format!(
            "Sáng kiến «{ORIGINAL}» đang là căn cứ của đề nghị khen thưởng Trần Văn Ba (số {ba_nomination}, Khen thưởng năm 2026)"
        )),
        "{body}"
    );
    assert_eq!(count(&url, nominations).await, 1);
    // Nor can the officer mark it used by hand meanwhile.
    let (status, _, body) = post(
        &s,
        &officer,
        &format!("/quan-tri/30406/sang-kien/{initiative}/su-dung"),
        &[("used_for", "Bằng khen tỉnh 2026")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("đang là căn cứ của đề nghị khen thưởng số"), "{body}");

    // The unit withdraws Ba's nomination: the hold is released and Hoa's goes through.
    let ba_path = format!("/quan-tri/30406/don-vi/{village}/khen-thuong/{occasion}/{ba_nomination}");
    let (status, _, body) = post(&s, &head, &ba_path, &[("action", "rut")]).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(count(&url, &held).await, 0);
    let (status, location, body) = send(citing(&hoa), new.clone()).await;
    assert_eq!(status, 303, "{body}");
    let hoa_nomination = location
        .split('/')
        .nth(7)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(count(&url, &held).await.to_string(), hoa_nomination);

    // Appraised, approved, signed: the initiative is used by that decision and held by nobody.
    let cds = s.login("phutan.cds").await;
    let tdkt = s.login("phutan.tdkt").await;
    let step = format!("/quan-tri/30406/khen-thuong/de-nghi/{hoa_nomination}");
    assert_eq!(
        post(&s, &cds, &format!("{step}/thanh-tich"), &[("verdict", "dat")])
            .await
            .0,
        303
    );
    assert_eq!(
        post(&s, &tdkt, &format!("{step}/ho-so"), &[("verdict", "dat")]).await.0,
        303
    );
    let council = [
        ("verdict", "dat"),
        ("members", "9"),
        ("present", "7"),
        ("votes_for", "7"),
        ("votes_against", "0"),
    ];
    assert_eq!(post(&s, &tdkt, &format!("{step}/hoi-dong"), &council).await.0, 303);
    let chairman = s.login("phutan.chutich").await;
    let today = crate::today_iso();
    let (status, _, body) = post(
        &s,
        &chairman,
        &format!("/quan-tri/30406/khen-thuong/{occasion}/quyet-dinh"),
        &[
            ("form", "giay_khen_chu_tich_xa"),
            ("date", &today),
            ("signer_name", "Nguyễn Văn Chủ"),
            ("signer_title", "chu"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    // Held until the văn thư gives the decision its number; then used for it.
    assert_ne!(count(&url, &held).await, 0, "still held for the nomination");
    assert_eq!(s.register_awaiting("phutan", "30406").await, 1);
    assert_eq!(count(&url, &held).await, 0);
    let shown = page(
        &s,
        &officer,
        &format!("/quan-tri/30406/don-vi/{village}/sang-kien/{initiative}"),
    )
    .await;
    assert!(
        shown.contains("Đã dùng làm căn cứ cho: <strong>Giấy khen của Chủ tịch Ủy ban nhân dân xã – Quyết định số 1/QĐ-UBND</strong>"),
        "{shown}"
    );
    s.stop().await;
}
