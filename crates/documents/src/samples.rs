//! Realistic documents with made-up Vietnamese names, for the benchmarks in `bench/` and the
//! checks with real office clients. The names cover every tone mark, đ/Đ and ư/ơ.

use crate::docx::{Annex, Block, OfficialDoc, SignatureBlock};
use crate::pdf::Certificate;
use thidua_domain::commendation::money::vnd;

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Bùi"];
const MIDDLE: [&str; 4] = ["Thị", "Văn", "Hữu", "Ngọc"];
const GIVEN: [&str; 10] = ["Ánh", "Bường", "Cẩm", "Dũng", "Đạt", "Hằng", "Khuê", "Lợi", "Mỹ", "Ngữ"];

/// The n-th made-up person, e.g. "Nguyễn Thị Ánh".
pub fn person(n: usize) -> String {
    format!(
        "{} {} {}",
        FAMILY[n % FAMILY.len()],
        MIDDLE[(n / FAMILY.len()) % MIDDLE.len()],
        GIVEN[(n / 3) % GIVEN.len()]
    )
}

/// A commune chairman's decision awarding Giấy khen to `people` individuals at 710.000 đồng.
pub fn decision(people: usize) -> OfficialDoc {
    let rows: Vec<Vec<String>> = (0..people)
        .map(|i| {
            vec![
                (i + 1).to_string(),
                person(i),
                format!("Tổ Công nghệ số cộng đồng ấp {}", i % 12 + 1),
                vnd(710_000),
            ]
        })
        .collect();
    let total = vnd(710_000 * people as i64);
    OfficialDoc {
        issuer_parent: "ỦY BAN NHÂN DÂN".into(),
        issuer: "XÃ PHÚ TÂN".into(),
        number: "Số: 12/QĐ-UBND".into(),
        place_date: "Phú Tân, ngày 20 tháng 12 năm 2026".into(),
        kind: "QUYẾT ĐỊNH".into(),
        subject: "Về việc tặng Giấy khen cho các cá nhân có thành tích trong phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”".into(),
        authority_line: Some("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN".into()),
        bases: vec![
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;".into(),
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into(),
        ],
        body: vec![
            Block::Centered("QUYẾT ĐỊNH:".into()),
            Block::Article {
                label: "Điều 1.".into(),
                text: format!("Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho {people:02} cá nhân (có danh sách kèm theo)."),
            },
            Block::Article {
                label: "Điều 2.".into(),
                text: format!("Tổng số tiền thưởng là {total} đồng, chi từ quỹ thi đua, khen thưởng của xã."),
            },
            Block::Text("Quyết định này có hiệu lực kể từ ngày ký.".into()),
        ],
        recipients: vec!["- Như Điều 2;".into(), "- Lưu: VT, VHXH.".into()],
        signature: SignatureBlock {
            authority: None,
            on_behalf: None,
            position: "CHỦ TỊCH".into(),
            name: "Nguyễn Văn Chủ".into(),
        },
        addressee: None,
        left_signature: None,
        annex: Some(Annex {
            title: "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN".into(),
            subtitle: "(Kèm theo Quyết định số 12/QĐ-UBND ngày 20/12/2026 của Chủ tịch Ủy ban nhân dân xã Phú Tân)".into(),
            headers: vec!["STT".into(), "Họ và tên".into(), "Đơn vị".into(), "Số tiền (đồng)".into()],
            widths: vec![700, 3400, 3300, 1954],
            rows,
            total: Some(vec![String::new(), "Tổng cộng".into(), String::new(), total]),
        }),
    }
}

/// `count` Giấy khen, each with its own verification code.
pub fn certificates(count: usize) -> Vec<Certificate> {
    (0..count)
        .map(|i| {
            let code = format!("PT{i:06}");
            Certificate {
                issuer_parent: "ỦY BAN NHÂN DÂN".into(),
                issuer: "XÃ PHÚ TÂN".into(),
                authority_line: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN".into(),
                title: "GIẤY KHEN".into(),
                recipient: format!("Ông/Bà {}", person(i)),
                detail: format!("Tổ Công nghệ số cộng đồng ấp {}", i % 12 + 1),
                achievement: "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” năm 2026".into(),
                decision: "Quyết định số 12/QĐ-UBND ngày 20/12/2026".into(),
                place_date: "Phú Tân, ngày 20 tháng 12 năm 2026".into(),
                signer_position: "CHỦ TỊCH".into(),
                signer_name: "Nguyễn Văn Chủ".into(),
                verify_url: format!("https://thidua.example.vn/xac-minh/{code}"),
                verify_code: format!("Mã xác minh: {code}"),
            }
        })
        .collect()
}

/// A one-page PDF with no text on it, as a scan's pages carry only an image: what the plan
/// import must call a scan.
pub fn textless_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}
