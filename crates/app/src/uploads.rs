//! Files users send with a report, an initiative or a dossier: what is accepted, checked
//! before anything is stored.

use crate::{AppError, Result};

/// Largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// File types a report may carry: PDF, images, office documents.
pub const ATTACHMENT_TYPES: [(&str, &str); 8] = [
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("doc", "application/msword"),
    ("xls", "application/vnd.ms-excel"),
];

/// The file's bare name and content type, or a Vietnamese message naming the file: empty,
/// too large, a type we do not take, or bytes that are not what the extension says.
pub fn checked_upload(file_name: &str, data: &[u8]) -> Result<(String, &'static str)> {
    let name = clean_file_name(file_name);
    let name = name.as_str();
    if name.is_empty() || data.is_empty() {
        return Err(AppError::Invalid(
            "Tệp đính kèm: hãy chọn một tệp (tệp rỗng không được nhận).".into(),
        ));
    }
    if data.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::Invalid(format!(
            "Tệp đính kèm «{name}»: dung lượng {:.1} MB vượt mức tối đa 10 MB.",
            data.len() as f64 / 1_048_576.0
        )));
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let Some((_, content_type)) = ATTACHMENT_TYPES.iter().find(|(e, _)| *e == ext) else {
        return Err(AppError::Invalid(format!(
            "Tệp đính kèm «{name}»: chỉ nhận PDF, ảnh (PNG, JPG) và tệp Word, Excel."
        )));
    };
    if !content_matches(&ext, data) {
        return Err(AppError::Invalid(format!(
            "Tệp đính kèm «{name}»: nội dung không đúng loại tệp .{ext}."
        )));
    }
    Ok((name.to_owned(), content_type))
}

/// Longest file name kept, in characters: a name is shown and downloaded, never a path.
const MAX_FILE_NAME_CHARS: usize = 120;

/// A file name as stored and shown: the last path segment, NFC, without control characters
/// or the bidirectional marks that make "hoso<U+202E>fdp.exe" read as "hosoexe.pdf", at most 120
/// characters with its extension kept.
pub fn clean_file_name(file_name: &str) -> String {
    let last = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = thidua_domain::text::nfc(last)
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let clean = clean.trim();
    if clean.chars().count() <= MAX_FILE_NAME_CHARS {
        return clean.to_owned();
    }
    let ext = clean
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().count() <= 10)
        .unwrap_or("");
    let keep = MAX_FILE_NAME_CHARS - ext.chars().count() - 1;
    let stem: String = clean.chars().take(keep).collect();
    if ext.is_empty() { stem } else { format!("{stem}.{ext}") }
}

/// The first bytes of a file agree with its extension (so a renamed executable is refused).
fn content_matches(ext: &str, data: &[u8]) -> bool {
    match ext {
        "pdf" => data.starts_with(b"%PDF"),
        "png" => data.starts_with(b"\x89PNG"),
        "jpg" | "jpeg" => data.starts_with(&[0xFF, 0xD8, 0xFF]),
        "docx" | "xlsx" => data.starts_with(b"PK\x03\x04"),
        "doc" | "xls" => data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
        _ => false,
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_controls_and_direction_marks_and_stay_short() {
        assert_eq!(clean_file_name("C:\\Users\\a\\biên bản.pdf"), "biên bản.pdf");
        assert_eq!(clean_file_name("hoso\u{202e}fdp.exe"), "hosofdp.exe");
        assert_eq!(clean_file_name("a\u{0}b\n.pdf"), "ab.pdf");
        let long = format!("{}.pdf", "dài".repeat(200));
        let kept = clean_file_name(&long);
        assert_eq!(kept.chars().count(), 120);
        assert!(kept.ends_with(".pdf"));
    }
}
