use super::*;
use crate::docx::{self, Block};
use crate::samples;

/// The text a PDF reader extracts, with runs of whitespace made single spaces: line breaks
/// fall where the layout puts them, not where the data has them.
fn text_of(pdf: &[u8]) -> String {
    let raw = pdf_extract::extract_text_from_mem(pdf).expect("a PDF reader opens it");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(haystack: &[u8], needle: &str) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

/// What a reader of the file can check without rendering it: pages, their size, the fonts.
fn pdf_facts(pdf: &[u8]) -> String {
    let doc = pdf_extract::Document::load_mem(pdf).expect("a PDF reader opens it");
    let pages = doc.get_pages();
    let mut sizes: Vec<String> = pages
        .values()
        .filter_map(|id| doc.get_dictionary(*id).ok())
        .filter_map(|page| page.get(b"MediaBox").ok().and_then(|b| b.as_array().ok()).cloned())
        .map(|b| {
            b.iter()
                .map(|n| format!("{:.0}", n.as_float().unwrap_or(-1.0)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    sizes.dedup();
    let mut fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"FontDescriptor".as_slice()))
        .filter_map(|d| d.get(b"FontName").ok().and_then(|n| n.as_name().ok()))
        // Subset fonts are named "ABCDEF+LiberationSerif": the prefix changes with the glyphs.
        .map(|n| {
            String::from_utf8_lossy(n)
                .split('+')
                .next_back()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    fonts.sort();
    fonts.dedup();
    format!(
        "pages: {}\nmedia boxes (pt): {}\nembedded fonts: {}\nfont files: {}\nunicode maps: {}",
        pages.len(),
        sizes.join(" | "),
        fonts.join(", "),
        count(pdf, "/FontFile2") + count(pdf, "/FontFile3"),
        count(pdf, "/ToUnicode") > 0,
    )
}

/// The properties of a DOCX the format fixes: page, margins, fonts and sizes in use.
fn docx_facts(bytes: &[u8]) -> String {
    let xml = docx::docx_part(bytes, "word/document.xml").unwrap();
    let attr = |tag: &str| -> Vec<String> {
        let mut found: Vec<String> = xml
            .split(tag)
            .skip(1)
            .filter_map(|rest| rest.split("/>").next())
            .map(|a| a.trim().to_owned())
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let mut sizes: Vec<u32> = attr("<w:sz ")
        .iter()
        .filter_map(|a| {
            a.trim_start_matches("w:val=\"")
                .trim_end_matches('"')
                .parse::<u32>()
                .ok()
        })
        .map(|half_points| half_points / 2)
        .collect();
    sizes.sort();
    sizes.dedup();
    format!(
        "page: {}\nmargins: {}\nfonts: {}\nsizes (pt): {:?}\nbold runs: {}\nitalic runs: {}\npage-number header: {}",
        attr("<w:pgSz ").join(" | "),
        attr("<w:pgMar ").join(" | "),
        attr("<w:rFonts ").join(" | "),
        sizes,
        xml.matches("<w:b/>").count(),
        xml.matches("<w:i/>").count(),
        docx::docx_part(bytes, "word/header1.xml").unwrap().contains(" PAGE "),
    )
}

#[test]
fn a_decision_pdf_says_what_its_docx_says_in_extractable_vietnamese() {
    let doc = samples::decision(3);
    let pdf = official_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "XÃ PHÚ TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QĐ-UBND",
        "Phú Tân, ngày 20 tháng 12 năm 2026",
        "QUYẾT ĐỊNH",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Điều 1.",
        "Tổng số tiền thưởng là 2.130.000 đồng",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
        "Nguyễn Văn Chủ",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN",
        "Nguyễn Thị Ánh",
        "Trần Thị Ánh",
        "Lê Thị Ánh",
        "710.000",
        "Tổng cộng",
    ] {
        assert!(text.contains(expected), "«{expected}» in\n{text}");
    }
}

#[test]
fn user_text_is_printed_literally_never_read_as_markup() {
    let mut doc = samples::decision(1);
    let odd = "Lê #set $x^2$ *đậm* _nghiêng_ [a] \\ @nhãn <b> `mã` // chú";
    doc.body.push(Block::Text(odd.into()));
    let text = text_of(&official_pdf(&doc).unwrap());
    assert!(text.contains(odd), "«{odd}» in\n{text}");
}

#[test]
fn a_decision_pdf_is_a4_with_liberation_serif_embedded() {
    let pdf = official_pdf(&samples::decision(40)).unwrap();
    insta::assert_snapshot!(pdf_facts(&pdf), @r"
    pages: 3
    media boxes (pt): 0 0 595 842
    embedded fonts: LiberationSerif, LiberationSerif-Bold, LiberationSerif-BoldItalic, LiberationSerif-Italic
    font files: 4
    unicode maps: true
    ");
}

#[test]
fn a_decision_docx_keeps_the_format_of_decree_30() {
    let bytes = docx::docx(&samples::decision(2)).unwrap();
    insta::assert_snapshot!(docx_facts(&bytes), @r#"
    page: w:w="11906" w:h="16838"
    margins: w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"
    fonts: w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"
    sizes (pt): [11, 12, 13, 14]
    bold runs: 21
    italic runs: 5
    page-number header: true
    "#);
    insta::assert_snapshot!(docx::docx_text(&bytes).unwrap(), @r#"
    ỦY BAN NHÂN DÂN
    XÃ PHÚ TÂN
    Số: 12/QĐ-UBND
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Độc lập - Tự do - Hạnh phúc
    Phú Tân, ngày 20 tháng 12 năm 2026
    QUYẾT ĐỊNH
    Về việc tặng Giấy khen cho các cá nhân có thành tích trong phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”
    CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN
    Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
    Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
    QUYẾT ĐỊNH:
    Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 02 cá nhân (có danh sách kèm theo).
    Điều 2. Tổng số tiền thưởng là 1.420.000 đồng, chi từ quỹ thi đua, khen thưởng của xã.
    Quyết định này có hiệu lực kể từ ngày ký.
    Nơi nhận:
    - Như Điều 2;
    - Lưu: VT, VHXH.
    CHỦ TỊCH
    Nguyễn Văn Chủ
    DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN
    (Kèm theo Quyết định số 12/QĐ-UBND ngày 20/12/2026 của Chủ tịch Ủy ban nhân dân xã Phú Tân)
    STT
    Họ và tên
    Đơn vị
    Số tiền (đồng)
    1
    Nguyễn Thị Ánh
    Tổ Công nghệ số cộng đồng ấp 1
    710.000
    2
    Trần Thị Ánh
    Tổ Công nghệ số cộng đồng ấp 2
    710.000
    Tổng cộng
    1.420.000
    "#);
}

#[test]
fn certificates_print_one_page_each_with_the_code_to_verify() {
    let certificates = samples::certificates(3);
    let pdf = certificates_pdf(&certificates).unwrap();
    let text = text_of(&pdf);
    for c in &certificates {
        for expected in [&c.recipient, &c.verify_code, &c.verify_url, &c.decision] {
            assert!(text.contains(expected.as_str()), "«{expected}» in\n{text}");
        }
    }
    assert!(text.contains("GIẤY KHEN") && text.contains("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN"));
    insta::assert_snapshot!(pdf_facts(&pdf), @r"
    pages: 3
    media boxes (pt): 0 0 842 595
    embedded fonts: LiberationSerif, LiberationSerif-Bold, LiberationSerif-BoldItalic, LiberationSerif-Italic
    font files: 4
    unicode maps: true
    ");
}

#[test]
fn the_qr_code_holds_the_verification_address() {
    let svg = qr_svg("https://thidua.example.vn/xac-minh/PT000001").unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
    // The same address always gives the same code, so a reprint matches the original.
    assert_eq!(svg, qr_svg("https://thidua.example.vn/xac-minh/PT000001").unwrap());
    assert_ne!(svg, qr_svg("https://thidua.example.vn/xac-minh/PT000002").unwrap());
}

/// Lengths of the horizontal strokes on the first page of a PDF, in drawing order (points).
fn pdf_rules(pdf: &[u8]) -> Vec<f64> {
    let doc = pdf_extract::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = pdf_extract::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
    let number = |o: &pdf_extract::Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap_or(0.0);
    let mut out = Vec::new();
    let mut from = None;
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("m", [x, y]) => from = Some((number(x), number(y))),
            ("l", [x, y]) => {
                if let Some((x0, y0)) = from
                    && (number(y) - y0).abs() < 0.01
                {
                    out.push(f64::from((number(x) - x0).abs()));
                }
                from = None;
            }
            _ => {}
        }
    }
    out
}

/// Lengths of the rules (bordered empty paragraphs) of a DOCX, in document order (points):
/// the space they stand in less their two indents.
fn docx_rules(bytes: &[u8]) -> Vec<f64> {
    let xml = docx::docx_part(bytes, "word/document.xml").unwrap();
    let widths: Vec<u32> = xml
        .split("<w:tcW w:w=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next()?.parse().ok())
        .collect();
    let text_width = 11906 - 1701 - 851;
    xml.split("<w:pBdr><w:bottom")
        .skip(1)
        .enumerate()
        .map(|(i, rest)| {
            let indent: u32 = rest
                .split("w:left=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            // The first two stand in the header's cells (less their margins), the third in the page.
            let space = match i {
                0 | 1 => widths[i] - 114,
                _ => text_width,
            };
            f64::from(space - 2 * indent) / 20.0
        })
        .collect()
}

#[test]
fn rules_are_in_proportion_to_their_lines_and_the_same_in_docx_and_pdf() {
    use crate::layout::{MOTTO, text_width};
    // A xã, a phường and a đặc khu: issuer lines of different lengths.
    for issuer in ["XÃ PHÚ TÂN", "PHƯỜNG LONG MỸ", "ĐẶC KHU PHÚ QUỐC"] {
        let mut d = samples::decision(3);
        d.issuer = issuer.into();
        let pdf = pdf_rules(&official_pdf(&d).unwrap());
        let docx = docx_rules(&docx::docx(&d).unwrap());
        assert!(pdf.len() >= 3 && docx.len() >= 3, "{pdf:?} {docx:?}");
        for (p, w) in pdf.iter().zip(&docx).take(3) {
            assert!((p - w).abs() <= 1.0, "{issuer}: PDF {pdf:?} and DOCX {docx:?} differ");
        }
        // NĐ 30: under the name, 1/3 to 1/2 of its line; under the tiêu ngữ, its own length.
        let name = text_width(issuer, 13.0, true);
        assert!(
            (name / 3.0..=name / 2.0).contains(&pdf[0]),
            "{issuer}: {} of {name}",
            pdf[0]
        );
        assert!((pdf[1] - text_width(MOTTO, 13.0, true)).abs() <= 1.0, "{pdf:?}");
        // The subject runs over two lines: its rule is 1/3 to 1/2 of a full line.
        let line = crate::layout::TEXT_WIDTH_PT;
        assert!((line / 3.0..=line / 2.0).contains(&pdf[2]), "{pdf:?}");
    }
}
