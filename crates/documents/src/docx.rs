//! Official documents in the format of Nghị định 30/2020/NĐ-CP as DOCX: A4, margins 20/20/30/15
//! mm, Times New Roman, the issuer and the quốc hiệu side by side with their short rules, number
//! and italic place and date, the type and subject centred, the legal bases in italics, a
//! justified body, the signature block beside "Nơi nhận", an annex list on its own page, and
//! page numbers centred at the top from page 2. WordprocessingML is written directly: every
//! property the format fixes is visible here, and nothing else is pulled in.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::DocumentError;

/// Times New Roman is named; Word and LibreOffice substitute a metric-compatible font where it
/// is missing.
pub const FONT: &str = "Times New Roman";
/// A4 in twentieths of a point.
pub const PAGE: (u32, u32) = (11906, 16838);
/// Top, bottom, left, right margins in twips: 20, 20, 30, 15 mm.
pub const MARGINS: (u32, u32, u32, u32) = (1134, 1134, 1701, 851);

/// Who signs: "TM. ỦY BAN NHÂN DÂN" for a collective act, "KT. CHỦ TỊCH" for a deputy.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SignatureBlock {
    pub authority: Option<String>,
    pub on_behalf: Option<String>,
    pub position: String,
    pub name: String,
}

/// A list attached after the document (phụ lục, danh sách).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Annex {
    pub title: String,
    /// "(Kèm theo Quyết định số 12/QĐ-UBND ngày 20/12/2026 của …)"
    pub subtitle: String,
    pub headers: Vec<String>,
    /// Column widths in twips.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<String>>,
    /// A last row in bold ("Tổng cộng").
    pub total: Option<Vec<String>>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Block {
    /// A justified paragraph with a first-line indent.
    Text(String),
    /// A centred bold line ("QUYẾT ĐỊNH:").
    Centered(String),
    /// A paragraph whose first words are bold ("Điều 1.").
    Article { label: String, text: String },
    /// A bold heading inside the body ("I. MỤC ĐÍCH, YÊU CẦU").
    Heading(String),
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OfficialDoc {
    /// "ỦY BAN NHÂN DÂN"
    pub issuer_parent: String,
    /// "XÃ PHÚ TÂN"
    pub issuer: String,
    /// "Số: 12/QĐ-UBND"
    pub number: String,
    /// "Phú Tân, ngày 20 tháng 12 năm 2026"
    pub place_date: String,
    /// "QUYẾT ĐỊNH"
    pub kind: String,
    pub subject: String,
    /// "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN", under the subject, for a decision.
    pub authority_line: Option<String>,
    /// "Kính gửi: Chủ tịch Ủy ban nhân dân xã Phú Tân." under the subject, for a Tờ trình.
    pub addressee: Option<String>,
    /// "Căn cứ …;" in italics.
    pub bases: Vec<String>,
    pub body: Vec<Block>,
    pub recipients: Vec<String>,
    pub signature: SignatureBlock,
    /// A second signer on the left, where a minutes has its secretary instead of "Nơi nhận".
    pub left_signature: Option<SignatureBlock>,
    pub annex: Option<Annex>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Clone, Copy, Default)]
struct Style {
    size: u32,
    bold: bool,
    italic: bool,
}

fn run(text: &str, st: Style) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>{}{}<w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        if st.bold { "<w:b/><w:bCs/>" } else { "" },
        if st.italic { "<w:i/><w:iCs/>" } else { "" },
        st.size * 2,
        st.size * 2,
        // A line break the text asks for ("…GIẤY KHEN\nCỦA CHỦ TỊCH…") is a break in the run.
        esc(text).replace('\n', r#"</w:t><w:br/><w:t xml:space="preserve">"#)
    )
}

/// A paragraph: `jc` = center | both | left | right; `indent` = first-line twips.
/// Space after a body paragraph, in twentieths of a point: 6 pt, the least NĐ 30 asks
/// (the PDF template uses the same 6 pt).
const PARAGRAPH_AFTER: u32 = 120;

fn para(runs: &str, jc: &str, indent: u32, after: u32) -> String {
    let ind = if indent > 0 {
        format!(r#"<w:ind w:firstLine="{indent}"/>"#)
    } else {
        String::new()
    };
    format!(
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="{after}" w:line="264" w:lineRule="auto"/>{ind}<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p>"#
    )
}

/// A short rule `length_pt` long, centred in a space `space` twips wide (crate::layout).
fn rule_of(length_pt: f64, space: u32) -> String {
    let length = (length_pt * 20.0).round() as u32;
    rule(space.saturating_sub(length) / 2)
}

/// Left and right cell margins of every table (twips).
const CELL_MARGINS: u32 = 2 * 57;

/// The short rule under the issuer's name and the tiêu ngữ: a bottom border on an indented
/// empty paragraph, so it is as wide as the indent leaves.
fn rule(side_indent: u32) -> String {
    format!(
        r#"<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="120" w:line="120" w:lineRule="exact"/><w:ind w:left="{side_indent}" w:right="{side_indent}"/><w:jc w:val="center"/></w:pPr></w:p>"#
    )
}

fn cell(width: u32, content: &str, borders: bool) -> String {
    let b = if borders {
        r#"<w:tcBorders><w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:color="000000"/><w:right w:val="single" w:sz="4" w:color="000000"/></w:tcBorders>"#
    } else {
        ""
    };
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{b}</w:tcPr>{content}</w:tc>"#)
}

fn table(widths: &[u32], rows: &[String]) -> String {
    let grid: String = widths.iter().map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#)).collect();
    let total: u32 = widths.iter().sum();
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}

fn row(cells: &str) -> String {
    format!("<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
}

/// A table's header row, repeated at the top of every page the table runs onto.
fn header_row(cells: &str) -> String {
    format!("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
}

/// The text width between the margins.
const TEXT_WIDTH: u32 = PAGE.0 - MARGINS.2 - MARGINS.3;

fn header_block(d: &OfficialDoc, rules: &crate::layout::Rules) -> String {
    let left_w = 3900;
    let right_w = TEXT_WIDTH - left_w;
    let s13 = Style {
        size: 13,
        ..Style::default()
    };
    let b13 = Style { bold: true, ..s13 };
    let b12 = Style {
        size: 12,
        bold: true,
        ..Style::default()
    };
    let i14 = Style {
        size: 14,
        italic: true,
        ..Style::default()
    };
    let left = [
        para(&run(&d.issuer_parent, s13), "center", 0, 0),
        para(&run(&d.issuer, b13), "center", 0, 0),
        rule_of(rules.issuer, left_w - CELL_MARGINS),
        para(&run(&d.number, s13), "center", 0, 0),
    ]
    .concat();
    let right = [
        para(&run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", b12), "center", 0, 0),
        para(&run(crate::layout::MOTTO, b13), "center", 0, 0),
        rule_of(rules.motto, right_w - CELL_MARGINS),
        para(&run(&d.place_date, i14), "center", 0, 0),
    ]
    .concat();
    table(
        &[left_w, right_w],
        &[row(&(cell(left_w, &left, false) + &cell(right_w, &right, false)))],
    )
}

/// A signer's lines, centred: on whose behalf, the position, room to sign, the name.
fn signer(sig: &SignatureBlock) -> String {
    let b14 = Style {
        size: 14,
        bold: true,
        ..Style::default()
    };
    let mut out = String::new();
    for line in [&sig.authority, &sig.on_behalf].into_iter().flatten() {
        out.push_str(&para(&run(line, b14), "center", 0, 0));
    }
    out.push_str(&para(&run(&sig.position, b14), "center", 0, 0));
    for _ in 0..4 {
        out.push_str(&para("", "center", 0, 0));
    }
    out.push_str(&para(&run(&sig.name, b14), "center", 0, 0));
    out
}

fn signature_block(d: &OfficialDoc) -> String {
    let left_w = TEXT_WIDTH / 2;
    let right_w = TEXT_WIDTH - left_w;
    let left = match &d.left_signature {
        Some(sig) => signer(sig),
        None => {
            let mut left = para(
                &run(
                    "Nơi nhận:",
                    Style {
                        size: 12,
                        bold: true,
                        italic: true,
                    },
                ),
                "left",
                0,
                0,
            );
            for r in &d.recipients {
                left.push_str(&para(
                    &run(
                        r,
                        Style {
                            size: 11,
                            ..Style::default()
                        },
                    ),
                    "left",
                    0,
                    0,
                ));
            }
            left
        }
    };
    let right = signer(&d.signature);
    table(
        &[left_w, right_w],
        &[row(&(cell(left_w, &left, false) + &cell(right_w, &right, false)))],
    )
}

fn annex_block(a: &Annex) -> String {
    let b14 = Style {
        size: 14,
        bold: true,
        ..Style::default()
    };
    let mut out = String::from(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
    out.push_str(&para(&run(&a.title, b14), "center", 0, 0));
    out.push_str(&para(
        &run(
            &a.subtitle,
            Style {
                size: 14,
                italic: true,
                ..Style::default()
            },
        ),
        "center",
        0,
        240,
    ));
    let head: String = a
        .headers
        .iter()
        .zip(&a.widths)
        .map(|(h, w)| {
            cell(
                *w,
                &para(
                    &run(
                        h,
                        Style {
                            size: 13,
                            bold: true,
                            ..Style::default()
                        },
                    ),
                    "center",
                    0,
                    0,
                ),
                true,
            )
        })
        .collect();
    let mut rows = vec![header_row(&head)];
    let body_row = |cells: &[String], bold: bool| {
        cells
            .iter()
            .zip(&a.widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let jc = if i == 0 {
                    "center"
                } else if i + 1 == cells.len() {
                    "right"
                } else {
                    "left"
                };
                cell(
                    *w,
                    &para(
                        &run(
                            c,
                            Style {
                                size: 13,
                                bold,
                                ..Style::default()
                            },
                        ),
                        jc,
                        0,
                        0,
                    ),
                    true,
                )
            })
            .collect::<String>()
    };
    for r in &a.rows {
        rows.push(row(&body_row(r, false)));
    }
    if let Some(t) = &a.total {
        rows.push(row(&body_row(t, true)));
    }
    out.push_str(&table(&a.widths, &rows));
    out
}

fn document_xml(d: &OfficialDoc) -> String {
    let b14 = Style {
        size: 14,
        bold: true,
        ..Style::default()
    };
    let r14 = Style {
        size: 14,
        ..Style::default()
    };
    let rules = crate::layout::rules(d);
    let mut body = header_block(d, &rules);
    body.push_str(&para("", "center", 0, 0));
    body.push_str(&para(&run(&d.kind, b14), "center", 0, 0));
    body.push_str(&para(&run(&d.subject, b14), "center", 0, 0));
    body.push_str(&rule_of(rules.subject, TEXT_WIDTH));
    if let Some(a) = &d.authority_line {
        body.push_str(&para(&run(a, b14), "center", 0, 240));
    }
    if let Some(a) = &d.addressee {
        body.push_str(&para(&run(a, r14), "center", 0, 240));
    }
    for b in &d.bases {
        body.push_str(&para(
            &run(
                b,
                Style {
                    size: 14,
                    italic: true,
                    ..Style::default()
                },
            ),
            "both",
            567,
            PARAGRAPH_AFTER,
        ));
    }
    for b in &d.body {
        body.push_str(&match b {
            Block::Text(t) => para(&run(t, r14), "both", 567, PARAGRAPH_AFTER),
            Block::Centered(t) => para(&run(t, b14), "center", 0, PARAGRAPH_AFTER),
            Block::Article { label, text } => para(
                &(run(label, b14) + &run(&format!(" {text}"), r14)),
                "both",
                567,
                PARAGRAPH_AFTER,
            ),
            Block::Heading(t) => para(&run(t, b14), "both", 567, PARAGRAPH_AFTER),
        });
    }
    body.push_str(&para("", "left", 0, 0));
    body.push_str(&signature_block(d));
    if let Some(a) = &d.annex {
        body.push_str(&annex_block(a));
    }
    let (top, bottom, left, right) = MARGINS;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#,
        PAGE.0, PAGE.1
    )
}

/// Page numbers centred in the top margin; `titlePg` leaves page 1 without one.
fn header_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;

fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    )
}

fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>Thi Đua</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"#,
        esc(title)
    )
}

/// The document as a .docx file.
pub fn docx(d: &OfficialDoc) -> Result<Vec<u8>, DocumentError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let title = format!("{} {}", d.kind, d.subject);
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document_xml(d)),
        ("word/styles.xml", styles_xml()),
        ("word/header1.xml", header_xml()),
        ("docProps/core.xml", core_xml(&title)),
    ];
    for (name, content) in parts {
        zip.start_file(name, options)
            .map_err(|e| DocumentError::Docx(e.to_string()))?;
        zip.write_all(content.as_bytes())
            .map_err(|e| DocumentError::Docx(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| DocumentError::Docx(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// The text of a .docx we wrote, one line per paragraph, for checking what it says.
pub fn docx_text(bytes: &[u8]) -> Result<String, DocumentError> {
    let xml = docx_part(bytes, "word/document.xml")?;
    let mut out = String::new();
    for para in xml.split("</w:p>") {
        let mut line = String::new();
        for piece in para.split("<w:t").skip(1) {
            if let Some(start) = piece.find('>')
                && let Some(end) = piece.find("</w:t>")
                && start < end
            {
                line.push_str(&piece[start + 1..end]);
                // A line break inside the paragraph, as `run` writes a "\n".
                if piece[end..].contains("<w:br/>") {
                    line.push('\n');
                }
            }
        }
        let line = line
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        if !line.trim().is_empty() {
            out.push_str(line.trim());
            out.push('\n');
        }
    }
    Ok(out)
}

/// One part of a .docx as text.
pub fn docx_part(bytes: &[u8], name: &str) -> Result<String, DocumentError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocumentError::Docx(e.to_string()))?;
    let mut file = zip.by_name(name).map_err(|e| DocumentError::Docx(e.to_string()))?;
    let mut s = String::new();
    std::io::Read::read_to_string(&mut file, &mut s).map_err(|e| DocumentError::Docx(e.to_string()))?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NĐ 30: at least 6 pt between the paragraphs of the body, read back from the file.
    #[test]
    fn body_paragraphs_are_at_least_six_points_apart() {
        let doc = crate::samples::decision(3);
        let xml = docx_part(&docx(&doc).unwrap(), "word/document.xml").unwrap();
        let justified: Vec<u32> = xml
            .split("<w:p>")
            .filter(|p| p.contains(r#"<w:jc w:val="both"/>"#))
            .filter_map(|p| p.split(r#"w:after=""#).nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert!(justified.len() >= 3, "the body's paragraphs were found: {justified:?}");
        assert!(
            justified.iter().all(|after| *after >= 120),
            "{justified:?} twentieths of a point"
        );
    }
}
