//! Files Thi Đua hands out. A table (a header row and data rows of text) becomes CSV for
//! any tool or XLSX that Excel and LibreOffice open with Vietnamese intact.

use rust_xlsxwriter::Workbook;

pub mod docx;
pub mod layout;
pub mod payment_list;
pub mod pdf;
pub mod plan_file;
pub mod samples;

/// The two forms an official document is handed out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// To edit in Word or LibreOffice.
    Docx,
    /// To print, sign and publish as it is.
    Pdf,
}

impl Format {
    /// From the last part of a download address: "docx" or "pdf".
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "docx" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Pdf => "pdf",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
        }
    }
}

/// An official document in the chosen form.
pub fn official(doc: &docx::OfficialDoc, format: Format) -> Result<Vec<u8>, DocumentError> {
    match format {
        Format::Docx => docx::docx(doc),
        Format::Pdf => pdf::official_pdf(doc),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("không tạo được tệp Excel: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("không tạo được tệp CSV: {0}")]
    Csv(String),
    #[error("không tạo được tệp Word: {0}")]
    Docx(String),
    #[error("không tạo được tệp PDF: {0}")]
    Pdf(String),
    /// A file that is not a readable workbook: `reason` is what the user reads, `detail` the
    /// reader's own (English) message, for the log only.
    #[error(
        "không đọc được tệp Excel (.xlsx): {reason}. Hãy lưu lại tệp dưới dạng Excel Workbook (.xlsx) rồi nhập lại."
    )]
    Read { reason: &'static str, detail: String },
    #[error("tệp Excel vượt giới hạn: {0}. Không dòng nào được nhập; hãy chia nhỏ hoặc sửa tệp rồi nhập lại.")]
    TooLarge(String),
}

/// How much of a workbook is read: a file over any of these is refused with its reason before
/// it can take the server's memory (issue #16: a 613 KB file once took 3.9 GB).
#[derive(Debug, Clone, Copy)]
pub struct SheetLimits {
    /// Rows, the header included.
    pub rows: usize,
    pub columns: usize,
    /// Characters in one cell.
    pub cell_chars: usize,
}

impl SheetLimits {
    /// What an import of lists takes: 50,000 data rows with a header and a sample row, the
    /// template's columns with room to spare, a long name or address.
    pub const IMPORT: SheetLimits = SheetLimits {
        rows: 50_002,
        columns: 64,
        cell_chars: 2_000,
    };
}

/// Bytes one part of a workbook may unzip to, and all parts together.
const MAX_XLSX_PART: u64 = 40 * 1024 * 1024;
const MAX_XLSX_TOTAL: u64 = 80 * 1024 * 1024;
const MAX_XLSX_ENTRIES: usize = 2_000;

/// "C12" for row 11, column 2 (both from 0).
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// Unzips every part through a counter, never further than the limits, before the workbook is
/// parsed: a part that claims a small size and inflates to gigabytes is stopped at the limit.
fn check_package(bytes: &[u8]) -> Result<(), DocumentError> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(()); // not a zip: the workbook reader names what it is
    };
    let too_large = |what: String| DocumentError::TooLarge(what);
    if zip.len() > MAX_XLSX_ENTRIES {
        return Err(too_large(format!(
            "tệp có {} phần, quá nhiều cho một bảng tính",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(file) = zip.by_index(i) else { continue };
        let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
        let n = std::io::copy(&mut file.take(MAX_XLSX_PART + 1), &mut std::io::sink()).unwrap_or(0);
        if n > MAX_XLSX_PART {
            return Err(too_large(format!(
                "phần «{name}» giải nén ra hơn {} MB",
                MAX_XLSX_PART / 1024 / 1024
            )));
        }
        total += n;
        if total > MAX_XLSX_TOTAL {
            return Err(too_large(format!(
                "tệp giải nén ra hơn {} MB",
                MAX_XLSX_TOTAL / 1024 / 1024
            )));
        }
    }
    Ok(())
}

/// The first worksheet of an .xlsx file as rows of cell text, the header row included, read
/// within [`SheetLimits::IMPORT`]. Numbers come back as Excel shows them without grouping
/// ("1985", "12.5"); empty cells as "".
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, DocumentError> {
    read_xlsx_within(bytes, SheetLimits::IMPORT)
}

/// [`read_xlsx`] within other limits. Cells are read one by one as the sheet streams by, so
/// a sheet that declares a cell at XFD1048576 costs nothing until that cell is refused.
pub fn read_xlsx_within(bytes: &[u8], limits: SheetLimits) -> Result<Vec<Vec<String>>, DocumentError> {
    use calamine::{DataRef, Reader, Xlsx};
    let unreadable = |e: calamine::XlsxError| DocumentError::Read {
        reason: if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            "đây là tệp Excel 97–2003 (.xls) hoặc tệp có đặt mật khẩu"
        } else if bytes.starts_with(b"PK") {
            "tệp bị hỏng hoặc không phải bảng tính Excel"
        } else {
            "tệp không phải định dạng .xlsx"
        },
        detail: e.to_string(),
    };
    check_package(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err(DocumentError::Read {
            reason: "tệp không có trang tính nào",
            detail: String::new(),
        });
    };
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            other => calamine::Data::from(other.clone()).to_string(),
        };
        if r >= limits.rows {
            return Err(DocumentError::TooLarge(format!(
                "trang tính có hơn {} dòng (ô {})",
                limits.rows,
                cell_name(r, c)
            )));
        }
        if c >= limits.columns {
            return Err(DocumentError::TooLarge(format!(
                "ô {} nằm ngoài {} cột đầu của bảng",
                cell_name(r, c),
                limits.columns
            )));
        }
        let chars = text.chars().count();
        if chars > limits.cell_chars {
            return Err(DocumentError::TooLarge(format!(
                "ô {} dài {chars} ký tự, quá mức {} ký tự một ô",
                cell_name(r, c),
                limits.cell_chars
            )));
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    // Every row as wide as the widest, as a range would give them.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Ok(rows)
}

/// A table to export: a title (the sheet name), column headers and rows.
pub struct Table<'a> {
    pub title: &'a str,
    pub headers: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
}

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+…", "-…", "@…") is written
/// as text, with a leading apostrophe, so an export cannot carry a formula into Excel.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Excel's limit for one cell's text.
const XLSX_CELL_CHARS: usize = 32_767;

/// A cell cut to what Excel takes, so an export never fails on stored text.
fn fits(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.chars().count() <= XLSX_CELL_CHARS {
        std::borrow::Cow::Borrowed(cell)
    } else {
        let kept: String = cell.chars().take(XLSX_CELL_CHARS - 40).collect();
        std::borrow::Cow::Owned(format!("{kept} … [cắt bớt: quá giới hạn ô của Excel]"))
    }
}

/// CSV in UTF-8 with a byte-order mark, so that Excel reads the diacritics right.
pub fn csv(table: &Table<'_>) -> Result<Vec<u8>, DocumentError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(table.headers)
            .map_err(|e| DocumentError::Csv(e.to_string()))?;
        for row in &table.rows {
            w.write_record(row.iter().map(|c| inert(c).into_owned()))
                .map_err(|e| DocumentError::Csv(e.to_string()))?;
        }
        w.flush().map_err(|e| DocumentError::Csv(e.to_string()))?;
    }
    Ok(out)
}

/// One worksheet: bold frozen header row, text cells, sensible column widths.
pub fn xlsx(table: &Table<'_>) -> Result<Vec<u8>, DocumentError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Excel limits sheet names to 31 characters and forbids some punctuation.
    let name: String = table
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(&name)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        let widest = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|v| v.chars().count())
            .chain(std::iter::once(h.chars().count()))
            .max()
            .unwrap_or(10);
        sheet.set_column_width(c as u16, (widest.clamp(8, 60) + 2) as f64)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // A string cell is never run as a formula, so only CSV needs `inert`.
            sheet.write_string((r + 1) as u32, c as u16, fits(v))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn exports_carry_no_formulas_and_never_fail_on_long_text() {
        let table = Table {
            title: "Nhật ký",
            headers: &["Thay mặt đơn vị", "Ghi chú"],
            rows: vec![vec!["=HYPERLINK(\"http://x\",\"bấm\")".into(), "x".repeat(40_000)]],
        };
        let csv = String::from_utf8(super::csv(&table).unwrap()).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        let book = super::xlsx(&table).expect("a 40,000-character cell still exports");
        let whole = super::SheetLimits {
            cell_chars: 40_000,
            ..super::SheetLimits::IMPORT
        };
        let rows = super::read_xlsx_within(&book, whole).unwrap();
        assert!(rows[1][0].starts_with("=HYPERLINK"), "kept as text in a string cell");
        assert!(rows[1][1].chars().count() <= 32_767 && rows[1][1].ends_with("quá giới hạn ô của Excel]"));
    }

    use super::*;
    use calamine::{Reader, Xlsx};

    fn table() -> Table<'static> {
        Table {
            title: "Nhật ký",
            headers: &["Thời gian", "Người thực hiện", "Hành động"],
            rows: vec![
                vec![
                    "21/11/2026 08:00".into(),
                    "hongvan.vhxh".into(),
                    "Thêm đơn vị “Thôn Đông”".into(),
                ],
                vec!["21/11/2026 08:05".into(), "Nguyễn Văn Chì".into(), "a,b \"c\"".into()],
            ],
        }
    }

    #[test]
    fn xlsx_opens_with_vietnamese_intact() {
        let bytes = xlsx(&table()).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Nhật ký").unwrap();
        assert_eq!(range.get_value((0, 1)).unwrap().to_string(), "Người thực hiện");
        assert_eq!(range.get_value((1, 2)).unwrap().to_string(), "Thêm đơn vị “Thôn Đông”");
        assert_eq!(range.height(), 3);
    }

    #[test]
    fn csv_quotes_and_keeps_diacritics() {
        let text = String::from_utf8(csv(&table()).unwrap()).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"a,b \"\"c\"\"\""));
        assert!(text.contains("Nguyễn Văn Chì"));
    }
}
