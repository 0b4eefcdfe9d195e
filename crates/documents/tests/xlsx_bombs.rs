//! Issue #16: spreadsheets built to exhaust the server are refused by `read_xlsx` with their
//! reason, before they are parsed whole. How much memory reading them takes is measured by
//! `bench/xlsx-bombs.sh`, not here.

use std::io::Write;

use thidua_documents::{DocumentError, read_xlsx};

/// A minimal .xlsx package around one sheet (and its shared strings, if any).
pub fn workbook(sheet: &str, shared: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, deflate).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    add(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    add(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    add(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#
        ),
    );
    add(
        "xl/sharedStrings.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>"#,
            shared.unwrap_or("")
        ),
    );
    zip.finish().unwrap().into_inner()
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn too_large(bytes: &[u8]) -> String {
    match read_xlsx(bytes) {
        Err(e @ DocumentError::TooLarge(_)) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_small_sheet_reads_as_its_rows() {
    let sheet = format!(
        r#"<row r="1">{}{}</row><row r="3">{}</row>"#,
        inline("A1", "Tên"),
        inline("B1", "Loại"),
        inline("B3", "Thôn Đông")
    );
    let rows = read_xlsx(&workbook(&sheet, None)).unwrap();
    assert_eq!(rows, vec![vec!["Tên", "Loại"], vec!["", ""], vec!["", "Thôn Đông"]]);
}

#[test]
fn a_cell_at_the_far_corner_is_refused_not_allocated() {
    let sheet = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        inline("A1", "Tên"),
        inline("XFD1048576", "x")
    );
    let message = too_large(&workbook(&sheet, None));
    assert!(
        message.contains("hơn 50002 dòng") && message.contains("XFD1048576"),
        "{message}"
    );
    let wide = format!(r#"<row r="1">{}</row>"#, inline("XFD1", "x"));
    assert!(too_large(&workbook(&wide, None)).contains("ô XFD1 nằm ngoài 64 cột"));
}

#[test]
fn rows_past_the_limit_stop_the_reading() {
    let sheet: String = (1..=200_000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let file = workbook(&sheet, None);
    assert!(file.len() < 2_000_000, "a small file: {} bytes", file.len());
    assert!(too_large(&file).contains("hơn 50002 dòng"));
}

#[test]
fn an_oversized_cell_is_named() {
    let sheet = format!(
        r#"<row r="1">{}</row><row r="7">{}</row>"#,
        inline("A1", "Tên"),
        inline("C7", &"a".repeat(33_009))
    );
    let message = too_large(&workbook(&sheet, None));
    assert!(message.contains("ô C7 dài 33009 ký tự"), "{message}");
}

#[test]
fn a_part_that_inflates_past_the_limit_is_refused_before_parsing() {
    // 60 MB of one shared string deflates to a few hundred kilobytes.
    let shared = format!("<si><t>{}</t></si>", "a".repeat(60 * 1024 * 1024));
    let file = workbook(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&shared));
    assert!(file.len() < 1_000_000, "{} bytes", file.len());
    let message = too_large(&file);
    assert!(
        message.contains("xl/sharedStrings.xml") && message.contains("giải nén ra hơn 40 MB"),
        "{message}"
    );
}
