//! What every official paper shares, whichever capability makes it: the Nghị định 30 wording
//! of dates, the commune and the plan as they are cited, counts and titles, and rendering.

use thidua_documents::Format;
use thidua_documents::docx::OfficialDoc;
use thidua_domain::calendar::parse_iso_date;
use time::Date;

use crate::{AppError, Result};

pub(crate) fn render(doc: &OfficialDoc, format: Format) -> Result<Vec<u8>> {
    thidua_documents::official(doc, format).map_err(|e| AppError::Invalid(e.to_string()))
}

/// "04 cá nhân", "01 tập thể và 03 cá nhân": only what there is, never "00 tập thể".
pub(crate) fn counted(collectives: usize, individuals: usize) -> String {
    match (collectives, individuals) {
        (0, i) => format!("{i:02} cá nhân"),
        (c, 0) => format!("{c:02} tập thể"),
        (c, i) => format!("{c:02} tập thể và {i:02} cá nhân"),
    }
}

/// "các cá nhân", "các tập thể", "các tập thể, cá nhân": who a paper is about, as they are.
pub(crate) fn who_phrase(collectives: usize, individuals: usize) -> &'static str {
    match (collectives, individuals) {
        (0, _) => "các cá nhân",
        (_, 0) => "các tập thể",
        _ => "các tập thể, cá nhân",
    }
}

/// "ngày    tháng    năm 2026": the date a unit writes by hand when it signs.
pub(crate) fn blank_date(year: i32) -> String {
    format!("ngày      tháng      năm {year}")
}

/// "ngày 20 tháng 12 năm 2026", days 01–09 and months 01–02 with a leading zero.
pub fn long_date(d: Date) -> String {
    let month = u8::from(d.month());
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// "xã Phú Tân" from "Ủy ban nhân dân xã Phú Tân".
pub(crate) fn commune_part(authority: &str) -> String {
    thidua_domain::plan::without_ubnd(authority)
}

/// "Căn cứ Kế hoạch số 12/KH-UBND ngày … của … về …;": the plan as a legal basis. A plan
/// whose number or date the commune has not entered is cited with blanks for the văn thư to
/// fill, never without them.
pub(crate) fn plan_basis(p: &thidua_domain::plan::Plan) -> String {
    let number = p.document.number.map_or_else(
        || format!("      /{}", p.document.symbol),
        |n| format!("{n}/{}", p.document.symbol),
    );
    let date = p.document.date.as_deref().and_then(parse_iso_date).map_or_else(
        || {
            p.document.year.map_or_else(
                || "ngày      tháng      năm      ".to_owned(),
                crate::papers::blank_date,
            )
        },
        long_date,
    );
    format!(
        "Căn cứ Kế hoạch số {number} {date} của {} về {};",
        p.authority.name,
        cited_title(&p.document.title)
    )
}

/// A plan's title as it reads after "về": without a leading "Về việc"/"Về", its first letter
/// small ("Phát động phong trào …" → "phát động phong trào …").
pub(crate) fn cited_title(title: &str) -> String {
    let title = title.trim().trim_end_matches('.');
    let title = ["Về việc ", "về việc ", "Về ", "về "]
        .iter()
        .find_map(|p| title.strip_prefix(p))
        .unwrap_or(title);
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An annex title in two lines that break where the sense does, naming who gives the award
/// in full: "DANH SÁCH CÁC CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN\nCỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN".
/// `place` ("xã Phú Tân", "tỉnh An Giang") replaces the form's bare level word at its end.
pub(crate) fn annex_title(lead: &str, form_name: &str, place: &str) -> String {
    let form = ["đặc khu", "thành phố", "phường", "tỉnh", "xã"]
        .iter()
        .find_map(|level| form_name.strip_suffix(level))
        .map_or_else(|| form_name.to_owned(), |head| format!("{head}{place}"));
    format!("{lead} {form}").to_uppercase().replacen(" CỦA ", "\nCỦA ", 1)
}

/// "xã", "phường" or "đặc khu": the commune's own kind, in every sentence that names it.
pub(crate) fn unit_kind(p: &thidua_domain::plan::Plan) -> &'static str {
    thidua_domain::directory::national()
        .commune(&p.authority.code)
        .map_or("xã", |c| c.kind.label())
}

/// "tỉnh An Giang", "thành phố Hà Nội": the province as a document names it.
pub(crate) fn province_title(code: &str) -> String {
    match thidua_domain::directory::national().province(code) {
        Some(p) if p.kind == "tỉnh" && !p.name.starts_with("Tỉnh") => format!("tỉnh {}", p.name),
        Some(p) => {
            let mut chars = p.name.chars();
            chars
                .next()
                .map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
        }
        None => "tỉnh".to_owned(),
    }
}
