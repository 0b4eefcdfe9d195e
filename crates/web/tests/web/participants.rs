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
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    match location {
        Some(l) => {
            let page = s.get_as(&who.cookie, &l).await;
            (status, crate::unescape(&page.text().await.unwrap()))
        }
        None => (status, crate::unescape(&res.text().await.unwrap())),
    }
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
    assert_eq!(status, 400);
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
    assert_eq!(status, 400);
    assert!(
        page.contains("tiêu đề cột phải là «Tên tập thể» (đang là «Tên»)"),
        "{page}"
    );
    let (status, page) = import(&s, &officer, "tap-the", b"Ho ten;Gioi tinh\n".to_vec()).await;
    assert_eq!(status, 400);
    assert!(page.contains("không đọc được tệp Excel (.xlsx)"), "{page}");
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
    assert_eq!(status, 400);
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
