//! Importing participants from Excel as a commune officer does: a good file is applied whole,
//! the same file again changes nothing, and a bad file changes nothing and names every wrong
//! cell by row, column and reason.

use crate::Server;
use crate::accounts::Session;

fn people_file(rows: &[[&str; 6]]) -> Vec<u8> {
    thidua_documents::xlsx(&thidua_documents::Table {
        title: "Cá nhân",
        headers: &[
            "Họ và tên",
            "Giới tính",
            "Năm sinh",
            "Chức vụ",
            "Đơn vị công tác",
            "Đối tượng",
        ],
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    })
    .unwrap()
}

fn collectives_file(rows: &[[&str; 7]]) -> Vec<u8> {
    thidua_documents::xlsx(&thidua_documents::Table {
        title: "Tập thể",
        headers: &[
            "Tên tập thể",
            "Loại",
            "Trực thuộc",
            "Người đứng đầu",
            "Số thành viên",
            "Số thành viên nữ",
            "Cụm, khối thi đua",
        ],
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    })
    .unwrap()
}

async fn import(s: &Server, who: &Session, kind: &str, file: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .text("kind", kind.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("danh-sach.xlsx"),
        );
    let res = s
        .client
        .post(format!("{}/quan-tri/30406/doi-tuong/nhap", s.base))
        .header("cookie", &who.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    if status != 303 {
        return (status, crate::unescape(&res.text().await.unwrap()));
    }
    // The import runs in the background; its page reloads itself until the job is done.
    let job = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(job.starts_with("/quan-tri/30406/doi-tuong/nhap/"), "{job}");
    // A bound on waiting, not a speed check: with the whole suite running on two cores the
    // worker shares the machine with every other test.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        let page = s.get_as(&who.cookie, &job).await;
        let status = page.status().as_u16();
        if status == 303 {
            let done = page.headers()["location"].to_str().unwrap().to_owned();
            let page = s.get_as(&who.cookie, &done).await;
            return (303, crate::unescape(&page.text().await.unwrap()));
        }
        let text = crate::unescape(&page.text().await.unwrap());
        if !text.contains("data-import=\"running\"") {
            return (status, text);
        }
        assert!(
            text.contains("http-equiv=\"refresh\""),
            "the progress page reloads itself"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish in 2 minutes");
}

async fn counts(s: &Server) -> (i64, i64, i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&s.db_url).await.unwrap();
    let q = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool);
    let out = (
        q("SELECT COUNT(*) FROM units WHERE tenant_code = '30406'")
            .await
            .unwrap(),
        q("SELECT COUNT(*) FROM people WHERE tenant_code = '30406'")
            .await
            .unwrap(),
        q("SELECT COUNT(*) FROM audit_log WHERE tenant_code = '30406'")
            .await
            .unwrap(),
    );
    pool.close().await;
    out
}

#[tokio::test]
async fn a_good_file_is_applied_once_and_a_bad_file_changes_nothing() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let (units_before, _, _) = counts(&s).await;

    let collectives = collectives_file(&[
        [
            "Hội Liên hiệp Phụ nữ xã",
            "Mặt trận Tổ quốc, đoàn thể",
            "",
            "Nguyễn Thị Hồng",
            "350",
            "350",
            "Khối đoàn thể",
        ],
        [
            "Chi hội Phụ nữ ấp Phú Hữu",
            "mttq_doan_the",
            "Hội Liên hiệp Phụ nữ xã",
            "Lê Thị Thuỷ",
            "1.250",
            "1.250",
            "Khối đoàn thể",
        ],
        [
            "Thôn Đông",
            "Thôn, xóm, ấp, tổ dân phố",
            "",
            "Trần Văn Đức",
            "410",
            "205",
            "Cụm 1",
        ],
    ]);
    let (status, page) = import(&s, &officer, "tap-the", collectives.clone()).await;
    assert_eq!(status, 303, "{page}");
    assert!(
        page.contains("Đã nhập 3 dòng tập thể: thêm mới 2, cập nhật 1, giữ nguyên 0."),
        "{page}"
    );
    assert!(page.contains("1250 (1250 nữ, 100%)"), "thousands with a dot are read");
    let (units, _, trail) = counts(&s).await;
    assert_eq!(units, units_before + 2);
    let (_, page) = import(&s, &officer, "tap-the", collectives).await;
    assert!(
        page.contains("thêm mới 0, cập nhật 0, giữ nguyên 3"),
        "the same file again changes nothing"
    );
    assert_eq!(counts(&s).await.2, trail, "and writes nothing to the trail");

    let people = people_file(&[
        ["Trần Văn Đức", "Nam", "1985", "Trưởng ấp", "Thôn Đông", "Người dân"],
        [
            "Nguyễn Thị Ánh",
            "Nữ",
            "1992",
            "Giáo viên",
            "Trường Tiểu học",
            "Cán bộ, công chức, viên chức",
        ],
        ["Lê Văn Bình", "nam", "", "", "", "doanh_nhan"],
    ]);
    let (status, page) = import(&s, &officer, "ca-nhan", people).await;
    assert_eq!(status, 303);
    assert!(page.contains("thêm mới 3"), "{page}");
    // Listed by given name: Ánh, Bình, Đức.
    let table = &page[page.find("id=\"people\"").unwrap()..];
    let at = |name: &str| table.find(name).unwrap_or_else(|| panic!("{name} listed"));
    assert!(at("Nguyễn Thị Ánh") < at("Lê Văn Bình") && at("Lê Văn Bình") < at("Trần Văn Đức"));

    // A bad file: every wrong cell named, nothing saved.
    let before = counts(&s).await;
    let bad = people_file(&[
        ["Phạm Văn Hùng", "Nam", "1990", "", "", "Người dân"],
        ["NguyÔn V¨n Hïng", "Nam", "1970", "", "", "Người dân"],
        ["Võ Thị Mai", "Nữ", "199", "", "Ấp Không Có", "Thợ lặn"],
        ["Đỗ Văn Tư", "Khác", "1980", "", "", "Người dân"],
        ["Phạm Văn Hùng", "Nam", "1990", "", "", "Người dân"],
    ]);
    let (status, page) = import(&s, &officer, "ca-nhan", bad).await;
    assert_eq!(status, 200, "the finished job shows what is wrong in the file");
    assert!(
        page.contains("Tệp chưa được nhập: có 6 lỗi. Không dòng nào được lưu."),
        "{page}"
    );
    for expected in [
        "TCVN3 (ABC)",
        "Nguyễn Văn Hùng",
        "năm sinh gồm 4 chữ số, từ 1900 đến",
        "chưa có tập thể «Ấp Không Có» trong xã",
        "đối tượng «Thợ lặn» không có trong danh mục",
        "ghi «Nam» hoặc «Nữ» (đang là «Khác»)",
        "đã có ở một dòng trên trong tệp",
        "C (Năm sinh)",
        "E (Đơn vị công tác)",
    ] {
        assert!(page.contains(expected), "the report says {expected}");
    }
    assert_eq!(
        counts(&s).await,
        before,
        "a refused file changes nothing, not even the first good row"
    );

    // The error list downloads as a spreadsheet.
    let json_start = page.find("name=\"errors\" value=\"").unwrap() + "name=\"errors\" value=\"".len();
    // The page was unescaped for reading, so the JSON ends at its closing "}]".
    let json = &page[json_start..json_start + page[json_start..].find("}]").unwrap() + 2];
    let res = s.post_as(&officer, "/bao-cao-loi-nhap", &[("errors", json)]).await;
    assert_eq!(res.status().as_u16(), 200);
    let rows = thidua_documents::read_xlsx(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(rows[0], ["Dòng", "Cột", "Lỗi"]);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[1][0], "3", "the legacy-font name is on spreadsheet row 3");

    // Wrong headers, a file that is not a spreadsheet, women > members, unknown parent.
    let wrong = thidua_documents::xlsx(&thidua_documents::Table {
        title: "x",
        headers: &["Tên", "Loại"],
        rows: vec![vec!["A".into(), "B".into()]],
    })
    .unwrap();
    let (status, page) = import(&s, &officer, "tap-the", wrong).await;
    assert_eq!(status, 200, "the finished job shows what is wrong in the file");
    assert!(
        page.contains("tiêu đề cột phải là «Tên tập thể» (đang là «Tên»)"),
        "{page}"
    );
    let (status, page) = import(&s, &officer, "tap-the", b"Ho ten;Gioi tinh\n".to_vec()).await;
    assert_eq!(status, 200, "the finished job shows what is wrong in the file");
    assert!(
        page.contains("không đọc được tệp Excel (.xlsx): tệp không phải định dạng .xlsx"),
        "{page}"
    );
    // A zip that is not a workbook, and an Excel 97–2003 file: said in Vietnamese, the reader's
    // English stays in the log.
    for (file, reason) in [
        (
            b"PK\x03\x04 broken".to_vec(),
            "tệp bị hỏng hoặc không phải bảng tính Excel",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old".to_vec(),
            "đây là tệp Excel 97–2003 (.xls) hoặc tệp có đặt mật khẩu",
        ),
    ] {
        let (status, page) = import(&s, &officer, "tap-the", file).await;
        assert_eq!(status, 200);
        assert!(page.contains(reason), "«{reason}» in {page}");
        for english in ["Zip", "zip", "archive", "invalid"] {
            assert!(!page.contains(&format!("{english} ")), "English «{english}» in {page}");
        }
    }
    let (status, page) = import(
        &s,
        &officer,
        "tap-the",
        collectives_file(&[[
            "Chi đoàn ấp",
            "Mặt trận Tổ quốc, đoàn thể",
            "Đoàn xã",
            "",
            "30",
            "31",
            "",
        ]]),
    )
    .await;
    assert_eq!(status, 200, "the finished job shows what is wrong in the file");
    assert!(page.contains("số thành viên nữ (31) lớn hơn số thành viên (30)"));
    assert!(page.contains("chưa có tập thể «Đoàn xã» trong xã"));
    assert_eq!(counts(&s).await, before);

    // Export gives the list back in the template's columns.
    let res = s
        .get_as(&officer.cookie, "/quan-tri/30406/doi-tuong/xuat/ca-nhan")
        .await;
    let rows = thidua_documents::read_xlsx(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(rows[0][0], "Họ và tên");
    assert_eq!(
        rows[1],
        [
            "Nguyễn Thị Ánh",
            "Nữ",
            "1992",
            "Giáo viên",
            "Trường Tiểu học",
            "Cán bộ, công chức, viên chức"
        ]
    );
    s.stop().await;
}

/// A large list is imported in the background: the page shows the step it is at and reloads
/// itself, a job cut short by a stopped server says so, and only its starter sees it.
#[tokio::test]
async fn a_large_file_is_imported_with_progress() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let (_, people_before, _) = counts(&s).await;
    let rows: Vec<Vec<String>> = (0..20_000)
        .map(|i| {
            vec![
                format!("Nguyễn Văn Số {i:05}"),
                if i % 2 == 0 { "Nam" } else { "Nữ" }.to_owned(),
                (1950 + i % 50).to_string(),
                String::new(),
                String::new(),
                "Người dân".to_owned(),
            ]
        })
        .collect();
    let file = thidua_documents::xlsx(&thidua_documents::Table {
        title: "Cá nhân",
        headers: &[
            "Họ và tên",
            "Giới tính",
            "Năm sinh",
            "Chức vụ",
            "Đơn vị công tác",
            "Đối tượng",
        ],
        rows,
    })
    .unwrap();
    let (status, page) = import(&s, &officer, "ca-nhan", file).await;
    assert_eq!(status, 303, "{page}");
    assert!(page.contains("Đã nhập 20000 dòng cá nhân: thêm mới 20000"), "{page}");
    assert_eq!(counts(&s).await.1, people_before + 20_000);

    // A job at its second step, as another server would leave it in the database.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&s.db_url).await.unwrap();
    let officer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'phutan.vhxh'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let job: i64 = sqlx::query_scalar(
        "INSERT INTO import_jobs (tenant_code, user_id, list_kind, stage, done_rows, total_rows, created_at, \
         updated_at) VALUES ('30406', $1, 'ca-nhan', 'Đang kiểm tra từng dòng', 0, 45000, $2, $2) RETURNING id",
    )
    .bind(officer_id)
    .bind(now)
    .fetch_one(&pool)
    .await
    .unwrap();
    let path = format!("/quan-tri/30406/doi-tuong/nhap/{job}");
    let page = crate::unescape(&s.get_as(&officer.cookie, &path).await.text().await.unwrap());
    assert!(
        page.contains("Bước 2/3: Đang kiểm tra từng dòng — 45000 dòng"),
        "{page}"
    );
    assert!(page.contains(r#"<progress max="3" value="1">"#), "{page}");
    assert!(page.contains(r#"http-equiv="refresh""#));
    // A second standing officer of Phú Tân may import too, but not follow this one's job.
    let res = s
        .post_as(
            &officer,
            "/quan-tri/30406/nguoi-dung",
            &[
                ("display_name", "Trần Văn Phó"),
                ("username", "phutan.pho"),
                ("password", "Tam-thoi-2026"),
                ("role", "standing_officer"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let other = s.try_login("phutan.pho", "Tam-thoi-2026").await.unwrap();
    let res = s
        .post_as(
            &other,
            "/tai-khoan/mat-khau",
            &[
                ("current", "Tam-thoi-2026"),
                ("new", "Phó văn hóa 2026"),
                ("repeat", "Phó văn hóa 2026"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = s.get_as(&other.cookie, &path).await;
    assert_eq!(res.status().as_u16(), 404, "another officer's import is not shown");
    sqlx::query("UPDATE import_jobs SET updated_at = $1 WHERE id = $2")
        .bind(now - 600)
        .bind(job)
        .execute(&pool)
        .await
        .unwrap();
    let page = crate::unescape(&s.get_as(&officer.cookie, &path).await.text().await.unwrap());
    assert!(page.contains("Việc nhập bị gián đoạn"), "{page}");
    assert!(
        !page.contains(r#"http-equiv="refresh""#),
        "a stalled job stops reloading"
    );
    pool.close().await;
    s.stop().await;
}

/// A list saved by LibreOffice Calc (number cells for the years, its own styles) imports like
/// the platform's own template.
#[tokio::test]
async fn a_file_saved_by_libreoffice_is_imported() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let (_, people_before, _) = counts(&s).await;
    let file = include_bytes!("../fixtures/ca-nhan-libreoffice.xlsx").to_vec();
    let (status, page) = import(&s, &officer, "ca-nhan", file).await;
    assert_eq!(status, 303, "{page}");
    assert!(page.contains("Đã nhập 3 dòng cá nhân: thêm mới 3"), "{page}");
    assert_eq!(counts(&s).await.1, people_before + 3);
    let table = &page[page.find("id=\"people\"").unwrap()..];
    for expected in [
        "Nguyễn Thị Ánh",
        "1992",
        "Trường Tiểu học",
        "Trần Văn Đức",
        "Thôn Đông",
        "Lê Hoàng Yến",
    ] {
        assert!(table.contains(expected), "{expected} listed");
    }
    s.stop().await;
}

/// The sổ vàng comes in from Excel: the template's example row is never data, a file with any
/// wrong cell stores nothing and names each, a good file is applied whole, and the same file
/// again adds nothing.
#[tokio::test]
async fn the_award_history_is_imported_whole_or_not_at_all() {
    let s = Server::start().await;
    let tdkt = s.login("phutan.tdkt").await;
    let url = s.db_url.clone();
    let awards = "SELECT COUNT(*) FROM award_records WHERE tenant_code = '30406'";
    let ratings = "SELECT COUNT(*) FROM ratings WHERE tenant_code = '30406'";
    let before = (
        crate::commendation::count(&url, awards).await,
        crate::commendation::count(&url, ratings).await,
    );
    let send = |file: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", tdkt.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(file).file_name("so-vang.xlsx"));
        let request = s
            .client
            .post(format!("{}/quan-tri/30406/so-vang/nhap", s.base))
            .header("cookie", &tdkt.cookie)
            .multipart(form);
        let (server, cookie) = (&s, tdkt.cookie.clone());
        async move {
            let res = request.send().await.unwrap();
            if res.status().as_u16() == 303 {
                // Applied: the registry says what was done.
                let to = res.headers()["location"].to_str().unwrap().to_owned();
                let page = server.get_as(&cookie, &to).await;
                return (200, crate::unescape(&page.text().await.unwrap()));
            }
            (res.status().as_u16(), crate::unescape(&res.text().await.unwrap()))
        }
    };
    // The template as downloaded: headers and an example row, which is not imported.
    let res = s.get("/mau-nhap/so-vang").await;
    assert_eq!(res.status().as_u16(), 200);
    let template = res.bytes().await.unwrap().to_vec();
    let rows = thidua_documents::read_xlsx(&template).unwrap();
    assert_eq!(rows.len(), 2);
    let headers = rows[0].clone();
    let (status, page) = send(template).await;
    assert_eq!(status, 400);
    assert!(page.contains("dòng ví dụ của tệp mẫu không được nhập"), "{page}");

    let file = |rows: &[[&str; 8]]| {
        thidua_documents::xlsx(&thidua_documents::Table {
            title: "Sổ vàng",
            headers: &headers.iter().map(String::as_str).collect::<Vec<_>>(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect(),
        })
        .unwrap()
    };
    let good = [
        [
            "Cá nhân",
            "Trần Văn Ba",
            "",
            "2024",
            "Chiến sĩ thi đua cơ sở",
            "công trạng",
            "25/QĐ-UBND",
            "15/12/2024",
        ],
        [
            "Cá nhân",
            "Trần Văn Ba",
            "",
            "2025",
            "CSTĐCS",
            "",
            "31/QĐ-UBND",
            "20/12/2025",
        ],
        [
            "Tập thể",
            "Thôn Đông",
            "",
            "2025",
            "Tập thể lao động tiên tiến",
            "công trạng",
            "32/QĐ-UBND",
            "20/12/2025",
        ],
        [
            "Cá nhân",
            "Lê Thị Hoa",
            "",
            "2025",
            "Hoàn thành xuất sắc nhiệm vụ",
            "",
            "",
            "",
        ],
    ];
    // One good row among wrong ones: nothing is stored, every wrong cell is named.
    let mut bad = good.to_vec();
    bad.push([
        "Cá nhân",
        "Người Không Có",
        "",
        "2025",
        "Giấy khen",
        "công trạng",
        "40/QĐ-UBND",
        "",
    ]);
    bad.push([
        "Tập thể",
        "Thôn Đông",
        "",
        "hai nghìn",
        "Lao động tiên tiến",
        "công trạng",
        "",
        "31/02/2025",
    ]);
    bad.push(["Hộ", "Lê Thị Hoa", "", "2025", "Huy chương vàng", "", "", ""]);
    let (status, page) = send(file(&bad)).await;
    assert_eq!(status, 400, "{page}");
    for expected in [
        "Dòng 6, cột B (Họ và tên hoặc tên tập thể): không có «Người Không Có» trong danh sách cá nhân của xã",
        "Dòng 7, cột D (Năm): năm là số có 4 chữ số, ví dụ 2024 (đang là «hai nghìn»)",
        "Dòng 7, cột E (Hình thức khen thưởng hoặc xếp loại): Lao động tiên tiến không tặng cho tập thể",
        "Dòng 7, cột G (Số quyết định): cần số quyết định khen thưởng",
        "Dòng 7, cột H (Ngày quyết định (ngày/tháng/năm)): ngày ghi theo dạng ngày/tháng/năm",
        "Dòng 8, cột A (Cá nhân hay tập thể): ghi «Cá nhân» hoặc «Tập thể» (đang là «Hộ»)",
        "Dòng 8, cột E (Hình thức khen thưởng hoặc xếp loại): không nhận ra «Huy chương vàng»",
    ] {
        assert!(page.contains(expected), "«{expected}» in {page}");
    }
    assert_eq!(
        (
            crate::commendation::count(&url, awards).await,
            crate::commendation::count(&url, ratings).await
        ),
        before,
        "nothing stored"
    );
    // The good rows are applied whole; the same file again adds nothing.
    let (status, page) = send(file(&good)).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Đã nhập sổ vàng: 4 dòng — 4 mới, 0 cập nhật, 0 đã có từ trước."),
        "{page}"
    );
    assert_eq!(crate::commendation::count(&url, awards).await, before.0 + 3);
    assert_eq!(crate::commendation::count(&url, ratings).await, before.1 + 1);
    let (status, page) = send(file(&good)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Đã nhập sổ vàng: 4 dòng — 0 mới, 0 cập nhật, 4 đã có từ trước."),
        "{page}"
    );
    assert_eq!(crate::commendation::count(&url, awards).await, before.0 + 3);
    // The registry shows the imported awards; a unit head may not import.
    let page = crate::unescape(
        &s.get_as(&tdkt.cookie, "/quan-tri/30406/so-vang")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(page.contains("31/QĐ-UBND"), "{page}");
    let head = s.login("phutan.thondong").await;
    let form = reqwest::multipart::Form::new().text("csrf", head.csrf.clone()).part(
        "file",
        reqwest::multipart::Part::bytes(file(&good)).file_name("so-vang.xlsx"),
    );
    let res = s
        .client
        .post(format!("{}/quan-tri/30406/so-vang/nhap", s.base))
        .header("cookie", &head.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    s.stop().await;
}

/// A village that merged away and a person who moved: no longer asked to report or offered for
/// nomination, kept with their history, and taken back with one click.
#[tokio::test]
async fn participants_no_longer_followed_leave_the_lists_and_come_back() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let url = s.db_url.clone();
    let res = s
        .post_as(
            &officer,
            "/quan-tri/30406/don-vi",
            &[("name", "Ấp Sáp Nhập"), ("kind", "thon_to_dan_pho")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let unit = crate::commendation::count(&url, "SELECT id FROM units WHERE name = 'Ấp Sáp Nhập'").await;
    let person = crate::commendation::count(
        &url,
        "SELECT id FROM people WHERE tenant_code = '30406' AND full_name = 'Trần Văn Ba'",
    )
    .await;
    let village = crate::commendation::count(
        &url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let period = |who: &Session| {
        let (s, cookie) = (&s, who.cookie.clone());
        async move { crate::unescape(&s.get_as(&cookie, "/quan-tri/30406/bao-cao").await.text().await.unwrap()) }
    };
    assert!(
        period(&officer).await.contains("Ấp Sáp Nhập"),
        "a new unit is asked to report"
    );
    let occasion = crate::commendation::open_annual_occasion(&s, &officer, "30406").await;
    let form_path = format!("/quan-tri/30406/don-vi/{village}/khen-thuong/{occasion}/moi");
    let form = crate::unescape(&s.get_as(&officer.cookie, &form_path).await.text().await.unwrap());
    assert!(form.contains("Trần Văn Ba"));

    for (kind, id) in [("tap-the", unit), ("ca-nhan", person)] {
        let res = s
            .post_as(
                &officer,
                &format!("/quan-tri/30406/doi-tuong/{kind}/{id}/theo-doi"),
                &[("active", "0")],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "{kind}");
    }
    assert!(
        !period(&officer).await.contains("Ấp Sáp Nhập"),
        "no longer asked to report"
    );
    // Nor nominated as a collective, even by its id.
    let mut fields = crate::commendation::nomination("giay_khen_chu_tich_xa", "");
    fields.retain(|(k, _)| *k != "person" && *k != "recipient");
    let unit_id = unit.to_string();
    fields.extend([("recipient", "collective"), ("collective", unit_id.as_str())]);
    let res = s.post_as(&officer, &form_path, &fields).await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(crate::unescape(&res.text().await.unwrap()).contains("Tập thể được đề nghị: chọn một đơn vị của xã."));
    let form = crate::unescape(&s.get_as(&officer.cookie, &form_path).await.text().await.unwrap());
    assert!(!form.contains("Trần Văn Ba"), "no longer offered for nomination");
    let list = crate::unescape(
        &s.get_as(&officer.cookie, "/quan-tri/30406/doi-tuong")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(
        list.contains("Ấp Sáp Nhập <span class=\"badge\">ngừng theo dõi</span>"),
        "{list}"
    );
    assert!(list.contains("Trần Văn Ba <span class=\"badge\">ngừng theo dõi</span>"));
    // Twice is a 404, not a silent success; another commune cannot touch them.
    let res = s
        .post_as(
            &officer,
            &format!("/quan-tri/30406/doi-tuong/ca-nhan/{person}/theo-doi"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let other = s.login("hongvan.vhxh").await;
    let res = s
        .post_as(
            &other,
            &format!("/quan-tri/30406/doi-tuong/ca-nhan/{person}/theo-doi"),
            &[("active", "1")],
        )
        .await;
    assert!(matches!(res.status().as_u16(), 403 | 404));
    let res = s
        .post_as(
            &other,
            &format!("/quan-tri/10210/doi-tuong/ca-nhan/{person}/theo-doi"),
            &[("active", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404, "Phú Tân's person is not in Hồng Vân");
    // Taken back.
    let res = s
        .post_as(
            &officer,
            &format!("/quan-tri/30406/doi-tuong/tap-the/{unit}/theo-doi"),
            &[("active", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(period(&officer).await.contains("Ấp Sáp Nhập"));
    s.stop().await;
}
