//! The plan a commune issued, read from the file it has: a Word document (.docx) as the văn thư
//! typed it, a PDF with a text layer as posted on the portal, or pasted text. Each becomes the
//! paragraphs the plan reader (`thidua_domain::plan::import`) reads the structure from.
//!
//! Every file that cannot be read gets a Vietnamese sentence saying why and what to do; no file
//! can make the reader use unbounded memory (sizes are checked before and while unzipping) or
//! bring the server down (the PDF library's panics are caught).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};
use thidua_domain::legacy_text::detect_legacy;
use thidua_domain::plan::import::{Block, blocks_from_text};
use thidua_domain::text::nfc;

/// The largest plan file taken: a plan is 10–40 pages, a few hundred KB even with a scanned
/// annex.
pub const MAX_PLAN_FILE: usize = 10 * 1024 * 1024;
/// The most a part of the .docx may unzip to: a 40-page plan's document.xml is under 1 MB.
const MAX_PART: u64 = 30 * 1024 * 1024;

/// What kind of file the plan came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFileKind {
    Docx,
    Pdf,
    Text,
}

impl PlanFileKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Docx => "Word (.docx)",
            Self::Pdf => "PDF",
            Self::Text => "văn bản dán vào",
        }
    }
}

/// Why a file cannot be read as a plan, as the officer reads it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanFileError {
    #[error("Tệp rỗng: chưa có nội dung nào.")]
    Empty,
    #[error(
        "Tệp nặng {0} MB, quá giới hạn 10 MB cho một kế hoạch. Hãy tải lên tệp Word (.docx) hoặc PDF của riêng văn bản kế hoạch."
    )]
    TooLarge(u64),
    #[error(
        "Tệp này là tệp Word có đặt mật khẩu hoặc tệp .doc của Word 97–2003: hãy mở bằng Word, bỏ mật khẩu và lưu lại dưới dạng .docx rồi tải lên lại."
    )]
    ProtectedOrOldWord,
    #[error("Tệp nén này không phải văn bản Word (.docx).")]
    NotDocx,
    #[error("Tệp Word bị hỏng, không đọc được: hãy mở bằng Word, lưu lại rồi tải lên lại.")]
    DamagedDocx,
    #[error("Tệp Word giải nén ra quá lớn (trên 30 MB), không phải một văn bản kế hoạch bình thường.")]
    Oversized,
    #[error("Tệp PDF có đặt mật khẩu: hãy tải lên bản không đặt mật khẩu hoặc tệp Word (.docx).")]
    ProtectedPdf,
    #[error("Tệp PDF bị hỏng, không đọc được: hãy tải lên tệp Word (.docx) của kế hoạch.")]
    DamagedPdf,
    #[error(
        "Tệp PDF này là bản quét (ảnh chụp văn bản), không có lớp chữ nên không đọc được nội dung. Hãy tải lên tệp Word (.docx) của kế hoạch, hoặc bản PDF xuất từ Word."
    )]
    Scanned,
    #[error(
        "Văn bản gõ bằng bảng mã {0}, không phải Unicode, nên chữ có dấu bị sai. Hãy chuyển mã sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi tải lên lại."
    )]
    LegacyEncoding(&'static str),
    #[error("Không nhận ra loại tệp: hãy tải lên tệp Word (.docx), tệp PDF có lớp chữ, hoặc dán nội dung kế hoạch.")]
    Unknown,
}

/// Reads a plan file into paragraphs, recognising its kind by its first bytes (not its name).
pub fn read_plan_file(bytes: &[u8]) -> Result<(PlanFileKind, Vec<Block>), PlanFileError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PlanFileError::Empty);
    }
    if bytes.len() > MAX_PLAN_FILE {
        return Err(PlanFileError::TooLarge((bytes.len() as u64).div_ceil(1024 * 1024)));
    }
    let (kind, blocks) = if bytes.starts_with(b"PK\x03\x04") {
        (PlanFileKind::Docx, docx_blocks(bytes)?)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An OLE container: Word encrypts a password-protected .docx into one, and .doc is one.
        return Err(PlanFileError::ProtectedOrOldWord);
    } else if bytes.starts_with(b"%PDF") {
        (PlanFileKind::Pdf, pdf_blocks(bytes)?)
    } else {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| PlanFileError::Unknown)?;
        if text.contains('\0') {
            return Err(PlanFileError::Unknown);
        }
        (PlanFileKind::Text, blocks_from_text(&nfc(text)))
    };
    let sample: String = blocks
        .iter()
        .take(400)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(encoding) = detect_legacy(&sample) {
        return Err(PlanFileError::LegacyEncoding(encoding.label()));
    }
    if blocks.is_empty() {
        return Err(match kind {
            PlanFileKind::Pdf => PlanFileError::Scanned,
            _ => PlanFileError::Empty,
        });
    }
    Ok((kind, blocks))
}

// ------------------------------------------------------------------ PDF

fn pdf_blocks(bytes: &[u8]) -> Result<Vec<Block>, PlanFileError> {
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(PlanFileError::ProtectedPdf);
    }
    // The PDF library panics on some malformed files; a bad upload must not take the worker.
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| PlanFileError::DamagedPdf)?
        .map_err(|_| PlanFileError::DamagedPdf)?;
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    // A scan has no text layer, or only a page number or a stamp's few letters.
    if letters < 200 {
        return Err(PlanFileError::Scanned);
    }
    Ok(blocks_from_text(&nfc(&text)))
}

// ------------------------------------------------------------------ DOCX

fn docx_blocks(bytes: &[u8]) -> Result<Vec<Block>, PlanFileError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PlanFileError::DamagedDocx)?;
    let document = part(&mut zip, "word/document.xml")?.ok_or(PlanFileError::NotDocx)?;
    let styles = part(&mut zip, "word/styles.xml")?.unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?.unwrap_or_default();
    let styles = Styles::read(&styles);
    let mut lists = Lists::read(&numbering);
    let doc = Document::parse(&document).map_err(|_| PlanFileError::DamagedDocx)?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or(PlanFileError::NotDocx)?;
    let mut out = Vec::new();
    for node in body.children() {
        if is(&node, "p") {
            paragraph(node, None, &styles, &mut lists, &mut out);
        } else if is(&node, "tbl") {
            table(node, 0, &styles, &mut lists, &mut out);
        }
    }
    Ok(out)
}

/// One part of the package as text, read no further than [`MAX_PART`] bytes.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, PlanFileError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(PlanFileError::DamagedDocx),
    };
    let mut text = String::new();
    file.take(MAX_PART + 1)
        .read_to_string(&mut text)
        .map_err(|_| PlanFileError::DamagedDocx)?;
    if text.len() as u64 > MAX_PART {
        return Err(PlanFileError::Oversized);
    }
    Ok(Some(text))
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is(n, name))
}

fn val(node: Option<Node<'_, '_>>) -> Option<String> {
    node.and_then(|n| n.attribute((W, "val"))).map(str::to_owned)
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`) as it is set on `props`, if it is.
fn toggle(props: Option<Node<'_, '_>>, name: &str) -> Option<bool> {
    let n = child(props?, name)?;
    Some(!matches!(n.attribute((W, "val")), Some("0" | "false" | "off")))
}

/// How deep tables inside tables are read: a plan's layout tables are one or two deep; a file
/// nesting thousands would exhaust the stack.
const MAX_TABLE_DEPTH: usize = 8;

fn table(tbl: Node<'_, '_>, depth: usize, styles: &Styles, lists: &mut Lists, out: &mut Vec<Block>) {
    if depth > MAX_TABLE_DEPTH {
        return;
    }
    for (r, row) in tbl.children().filter(|n| is(n, "tr")).enumerate() {
        for (c, cell) in row.children().filter(|n| is(n, "tc")).enumerate() {
            let at = Some((
                u16::try_from(r).unwrap_or(u16::MAX),
                u16::try_from(c).unwrap_or(u16::MAX),
            ));
            for node in cell.children() {
                if is(&node, "p") {
                    paragraph(node, at, styles, lists, out);
                } else if is(&node, "tbl") {
                    table(node, depth + 1, styles, lists, out);
                }
            }
        }
    }
}

/// Appends the paragraph's lines as blocks: a manual line break starts a new block, as the
/// header and signature lines are often typed one paragraph with breaks.
fn paragraph(p: Node<'_, '_>, cell: Option<(u16, u16)>, styles: &Styles, lists: &mut Lists, out: &mut Vec<Block>) {
    let ppr = child(p, "pPr");
    let style = val(ppr.and_then(|n| child(n, "pStyle")));
    let style_bold = style.as_deref().is_some_and(|s| styles.bold.contains_key(s));
    let centered = matches!(val(ppr.and_then(|n| child(n, "jc"))).as_deref(), Some("center"));
    let numbered = ppr
        .and_then(|n| child(n, "numPr"))
        .map(|n| (val(child(n, "numId")), val(child(n, "ilvl"))))
        .or_else(|| {
            style
                .as_deref()
                .and_then(|s| styles.numbered.get(s))
                .map(|id| (Some(id.clone()), None))
        });
    let mut lines = vec![(String::new(), true, true)];
    for run in p.descendants().filter(|n| is(n, "r")) {
        // Text boxes and drawings (the rule under the header) are not the paragraph's words.
        if run
            .ancestors()
            .any(|a| is(&a, "txbxContent") || a.tag_name().name() == "Fallback")
        {
            continue;
        }
        let rpr = child(run, "rPr");
        let bold = toggle(rpr, "b").unwrap_or(style_bold);
        let italic = toggle(rpr, "i").unwrap_or(false);
        for piece in run.children() {
            let text = if is(&piece, "t") {
                piece.text().unwrap_or("").to_owned()
            } else if is(&piece, "tab") {
                " ".to_owned()
            } else if is(&piece, "br") || is(&piece, "cr") {
                lines.push((String::new(), true, true));
                continue;
            } else {
                continue;
            };
            let line = lines.last_mut().expect("one line at least");
            if !text.trim().is_empty() {
                line.1 &= bold;
                line.2 &= italic;
            }
            line.0.push_str(&text);
        }
    }
    let mut mark = numbered.and_then(|(id, level)| {
        let level = level.and_then(|l| l.parse().ok()).unwrap_or(0);
        lists.next_mark(id.as_deref()?, level)
    });
    for (text, bold, italic) in lines {
        let text = nfc(&text.split_whitespace().collect::<Vec<_>>().join(" "));
        if text.is_empty() {
            continue;
        }
        out.push(Block {
            text,
            bold,
            italic,
            centered,
            list_mark: mark.take(),
            cell,
        });
    }
}

/// Paragraph styles that make text bold or draw list marks (List Bullet, List Number …).
#[derive(Default)]
struct Styles {
    bold: HashMap<String, ()>,
    numbered: HashMap<String, String>,
}

impl Styles {
    fn read(xml: &str) -> Self {
        let mut out = Self::default();
        let Ok(doc) = Document::parse(xml) else { return out };
        for style in doc.root_element().children().filter(|n| is(n, "style")) {
            let Some(id) = style.attribute((W, "styleId")) else {
                continue;
            };
            if toggle(child(style, "rPr"), "b") == Some(true) {
                out.bold.insert(id.to_owned(), ());
            }
            if let Some(num) = child(style, "pPr")
                .and_then(|p| child(p, "numPr"))
                .and_then(|n| val(child(n, "numId")))
            {
                out.numbered.insert(id.to_owned(), num);
            }
        }
        out
    }
}

/// Word's list numbering: each list's levels (format, text pattern, start) and where each
/// list's counters stand, so a numbered paragraph gets the mark Word draws ("a)", "2.", "-").
#[derive(Default)]
struct Lists {
    /// numId → levels by ilvl: (numFmt, lvlText, start).
    levels: HashMap<String, Vec<(String, String, u32)>>,
    counters: HashMap<String, Vec<u32>>,
}

impl Lists {
    fn read(xml: &str) -> Self {
        let mut out = Self::default();
        let Ok(doc) = Document::parse(xml) else { return out };
        let mut abstracts: HashMap<String, Vec<(String, String, u32)>> = HashMap::new();
        for a in doc.root_element().children().filter(|n| is(n, "abstractNum")) {
            let Some(id) = a.attribute((W, "abstractNumId")) else {
                continue;
            };
            let mut levels = Vec::new();
            for lvl in a.children().filter(|n| is(n, "lvl")) {
                let format = val(child(lvl, "numFmt")).unwrap_or_else(|| "decimal".into());
                let text = val(child(lvl, "lvlText")).unwrap_or_default();
                // A list starts low; a huge start would only make huge numerals.
                let start = val(child(lvl, "start"))
                    .and_then(|s| s.parse::<u32>().ok())
                    .unwrap_or(1)
                    .min(1000);
                levels.push((format, text, start));
            }
            abstracts.insert(id.to_owned(), levels);
        }
        for num in doc.root_element().children().filter(|n| is(n, "num")) {
            let (Some(id), Some(abs)) = (num.attribute((W, "numId")), val(child(num, "abstractNumId"))) else {
                continue;
            };
            if let Some(levels) = abstracts.get(&abs) {
                out.levels.insert(id.to_owned(), levels.clone());
            }
        }
        out
    }

    /// The mark of the next item at `level` of list `id`; deeper levels restart.
    fn next_mark(&mut self, id: &str, level: usize) -> Option<String> {
        let levels = self.levels.get(id)?;
        let (format, pattern, _) = levels.get(level)?.clone();
        if id == "0" {
            return None;
        }
        let counters = self
            .counters
            .entry(id.to_owned())
            .or_insert_with(|| vec![0; levels.len()]);
        counters[level] = if counters[level] == 0 {
            levels[level].2
        } else {
            counters[level].saturating_add(1)
        };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        if format == "bullet" {
            // Symbol-font bullets are private-use characters; "-" and "+" are typed as such.
            return Some(match pattern.as_str() {
                "-" | "–" | "+" => pattern,
                _ => "•".to_owned(),
            });
        }
        let mut mark = pattern;
        for (i, (format, _, _)) in levels.iter().enumerate().take(level + 1) {
            mark = mark.replace(&format!("%{}", i + 1), &number(format, counters[i].max(1)));
        }
        Some(mark)
    }
}

/// A list counter in Word's format.
fn number(format: &str, n: u32) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";
    match format {
        "lowerLetter" | "upperLetter" => {
            let i = ((n - 1) % 26) as usize;
            let c = &LETTERS[i..=i];
            if format == "upperLetter" {
                c.to_uppercase()
            } else {
                c.to_owned()
            }
        }
        "upperRoman" | "lowerRoman" if n < 4000 => {
            let mut n = n;
            let mut out = String::new();
            for (value, digits) in [
                (1000, "M"),
                (900, "CM"),
                (500, "D"),
                (400, "CD"),
                (100, "C"),
                (90, "XC"),
                (50, "L"),
                (40, "XL"),
                (10, "X"),
                (9, "IX"),
                (5, "V"),
                (4, "IV"),
                (1, "I"),
            ] {
                while n >= value {
                    out.push_str(digits);
                    n -= value;
                }
            }
            if format == "lowerRoman" {
                out.to_lowercase()
            } else {
                out
            }
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG_MY_DOCX: &[u8] = include_bytes!("../../../eval/plan-import/001-long-my.docx");
    const PHU_TAN_DOCX: &[u8] = include_bytes!("../../../eval/plan-import/003-phu-tan.docx");
    const PHU_TAN_PDF: &[u8] = include_bytes!("../../../eval/plan-import/003-phu-tan.pdf");

    #[test]
    fn a_docx_reads_as_paragraphs_with_its_tables_bold_and_list_marks() {
        let (kind, blocks) = read_plan_file(LONG_MY_DOCX).unwrap();
        assert_eq!(kind, PlanFileKind::Docx);
        // The header table: authority in the left cell, quốc hiệu in the right.
        let first = &blocks[0];
        assert_eq!(
            (first.text.as_str(), first.cell, first.bold),
            ("ỦY BAN NHÂN DÂN", Some((0, 0)), true)
        );
        assert!(
            blocks
                .iter()
                .any(|b| b.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" && b.cell == Some((0, 1)))
        );
        // Word's bullets in Nơi nhận come as marks, not text.
        let store = blocks.iter().find(|b| b.text == "Lưu: VT, VHXXH.").unwrap();
        assert!(store.list_mark.is_some() && store.cell.is_some(), "{store:?}");
        assert!(blocks.iter().any(|b| b.text == "TM. ỦY BAN NHÂN DÂN" && b.bold));
        assert!(
            blocks.iter().any(|b| b.bold && b.text.starts_with("I. ")),
            "a bold Roman heading"
        );
        assert!(!blocks.iter().any(|b| b.text.is_empty()));
    }

    #[test]
    fn a_pdf_with_a_text_layer_reads_as_the_same_words() {
        let (kind, blocks) = read_plan_file(PHU_TAN_PDF).unwrap();
        assert_eq!(kind, PlanFileKind::Pdf);
        let (_, from_word) = read_plan_file(PHU_TAN_DOCX).unwrap();
        let words = |blocks: &[Block]| -> Vec<String> {
            blocks
                .iter()
                .flat_map(|b| b.text.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .collect()
        };
        let (pdf, word) = (words(&blocks), words(&from_word));
        let common = pdf.iter().filter(|w| word.contains(w)).count();
        assert!(
            common * 100 >= pdf.len() * 95,
            "{common} of {} PDF words are in the DOCX",
            pdf.len()
        );
        assert!(blocks.iter().any(|b| b.text.contains("Nguyễn Quốc Bảo")));
    }

    #[test]
    fn hostile_word_files_cannot_exhaust_memory_or_the_stack() {
        const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        let zip_of = |parts: &[(&str, String)]| {
            let mut out = Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut out);
            for (name, body) in parts {
                zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
                std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
            }
            zip.finish().unwrap();
            out.into_inner()
        };
        // Five thousand tables, each inside the last: read to a bounded depth, no overflow.
        let nested = format!(
            "<w:document {W_NS}><w:body>{}<w:p><w:r><w:t>giữa</w:t></w:r></w:p>{}<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p></w:body></w:document>",
            "<w:tbl><w:tr><w:tc>".repeat(5000),
            "</w:tc></w:tr></w:tbl>".repeat(5000)
        );
        let (_, blocks) = read_plan_file(&zip_of(&[("word/document.xml", nested)])).unwrap();
        assert_eq!(blocks.last().unwrap().text, "KẾ HOẠCH");
        // A list that starts at four billion in Roman numerals: numbered in digits, capped.
        let numbering = format!(
            "<w:numbering {W_NS}><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"4000000000\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum><w:num w:numId=\"5\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
        );
        let item = "<w:p><w:pPr><w:numPr><w:numId w:val=\"5\"/></w:numPr></w:pPr><w:r><w:t>Mục</w:t></w:r></w:p>";
        let document = format!("<w:document {W_NS}><w:body>{}</w:body></w:document>", item.repeat(3));
        let (_, blocks) = read_plan_file(&zip_of(&[
            ("word/document.xml", document),
            ("word/numbering.xml", numbering),
        ]))
        .unwrap();
        let marks: Vec<&str> = blocks.iter().filter_map(|b| b.list_mark.as_deref()).collect();
        assert_eq!(marks, ["M.", "MI.", "MII."]);
    }

    #[test]
    fn files_that_are_not_plans_are_named_and_never_panic() {
        let zip_of = |name: &str, body: &[u8]| {
            let mut out = Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut out);
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, body).unwrap();
            zip.finish().unwrap();
            out.into_inner()
        };
        let bomb = zip_of("word/document.xml", &vec![b' '; 31 * 1024 * 1024]);
        assert!(bomb.len() < 200 * 1024, "a zip bomb is small: {}", bomb.len());
        for (bytes, expected) in [
            (Vec::new(), PlanFileError::Empty),
            (vec![0u8; MAX_PLAN_FILE + 1], PlanFileError::TooLarge(11)),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
                PlanFileError::ProtectedOrOldWord,
            ),
            (zip_of("hello.txt", b"hi"), PlanFileError::NotDocx),
            (b"PK\x03\x04 truncated".to_vec(), PlanFileError::DamagedDocx),
            (bomb, PlanFileError::Oversized),
            (b"%PDF-1.4 garbage".to_vec(), PlanFileError::DamagedPdf),
            (b"\x89PNG\r\n\x1a\n\0\0".to_vec(), PlanFileError::Unknown),
            (
                "KÕ ho¹ch ph¸t ®éng phong trµo thi ®ua cña ñy ban nh©n d©n x· ®æi míi s¸ng t¹o"
                    .as_bytes()
                    .to_vec(),
                PlanFileError::LegacyEncoding("TCVN3 (ABC)"),
            ),
        ] {
            assert_eq!(read_plan_file(&bytes).map(|(k, _)| k), Err(expected));
        }
        // A PDF whose page carries no text, as a scan's pages carry only an image.
        assert_eq!(
            read_plan_file(&crate::samples::textless_pdf()).map(|(k, _)| k),
            Err(PlanFileError::Scanned)
        );
    }
}
