//! The award history eligibility reads (sổ vàng) brought in from Excel, as communes keep it:
//! earlier awards and yearly ratings of their people and collectives. The whole file is checked
//! first and applied in one transaction or not at all; each wrong cell is named by row, column
//! and reason; the same file again changes nothing; the template's example row is never data.

use thidua_domain::access::Action;
use thidua_domain::awards::AwardForm;
use thidua_domain::commendation::eligibility::{AwardKind, Rating};
use thidua_domain::commendation::money::RecipientKind;
use thidua_domain::legacy_text::legacy_warning;
use thidua_domain::text::fold;
use thidua_store::{HistoryEntry, NewAwardRecord};

use crate::auth::Ctx;
use crate::participants::{ImportOutcome, RowError, column_of, template_rows};
use crate::{App, AppError, Result};

/// The template's header row, in order.
pub const HEADERS: [&str; 8] = [
    "Cá nhân hay tập thể",
    "Họ và tên hoặc tên tập thể",
    "Đơn vị công tác (khi trùng tên)",
    "Năm",
    "Hình thức khen thưởng hoặc xếp loại",
    "Loại khen (công trạng, đột xuất, theo đợt)",
    "Số quyết định",
    "Ngày quyết định (ngày/tháng/năm)",
];

/// The template's example row: shown to explain the columns, skipped if left in the file.
const EXAMPLE: [&str; 8] = [
    "Cá nhân",
    "Nguyễn Văn Mẫu (dòng ví dụ)",
    "Phòng Văn hóa – Xã hội",
    "2024",
    "Chiến sĩ thi đua cơ sở",
    "công trạng",
    "25/QĐ-UBND",
    "15/12/2024",
];

fn column(index: usize) -> String {
    column_of(index, &HEADERS)
}

/// A form or title as communes write it in their books: the official name, the code, or the
/// short names ("Bằng khen tỉnh", "Giấy khen", "CSTĐCS").
pub fn award_form_named(text: &str) -> Option<AwardForm> {
    let t = fold(text);
    if t.is_empty() {
        return None;
    }
    if let Some(f) = AwardForm::ALL
        .into_iter()
        .find(|f| fold(f.name()) == t || f.code() == text.trim())
    {
        return Some(f);
    }
    // Short names, matched only where they cannot mean another issuer's award: a Bằng khen or
    // Cờ thi đua must name the province, a Giấy khen the commune (a ministry's or a
    // department's is not in the catalogue, so it is named as unknown, not guessed).
    let local = t.split(' ').any(|w| matches!(w, "xa" | "phuong" | "ubnd")) || t.contains("dac khu");
    let province = t.contains("tinh") || t.contains("thanh pho");
    let government = t.contains("chinh phu");
    let rules: [(&str, bool, AwardForm); 11] = [
        ("tap the lao dong xuat sac", true, AwardForm::TapTheLaoDongXuatSac),
        ("tap the lao dong tien tien", true, AwardForm::TapTheLaoDongTienTien),
        ("chien si thi dua co so", true, AwardForm::ChienSiThiDuaCoSo),
        ("cstdcs", true, AwardForm::ChienSiThiDuaCoSo),
        ("lao dong tien tien", true, AwardForm::LaoDongTienTien),
        ("huan chuong lao dong", true, AwardForm::HuanChuongLaoDong),
        ("co thi dua", government, AwardForm::CoThiDuaChinhPhu),
        ("bang khen", t.contains("thu tuong"), AwardForm::BangKhenThuTuong),
        ("co thi dua", province, AwardForm::CoThiDuaTinh),
        ("bang khen", province, AwardForm::BangKhenChuTichTinh),
        ("giay khen", t == "giay khen" || local, AwardForm::GiayKhenChuTichXa),
    ];
    rules.iter().find(|(k, ok, _)| *ok && t.contains(k)).map(|(_, _, f)| *f)
}

fn rating_named(text: &str) -> Option<Rating> {
    let t = fold(text);
    [Rating::Kht, Rating::Htxs, Rating::HtTot, Rating::Ht]
        .into_iter()
        .find(|r| t == fold(r.label()) || t == r.code() || t == fold(r.label()).replace("nhiem vu", "").trim())
}

fn kind_named(text: &str) -> Option<AwardKind> {
    let t = fold(text);
    if t.is_empty() || t.contains("cong trang") || t.contains("thuong xuyen") {
        Some(AwardKind::CongTrang)
    } else if t.contains("dot xuat") {
        Some(AwardKind::DotXuat)
    } else if t.contains("dot") || t.contains("chuyen de") {
        Some(AwardKind::ChuyenDe)
    } else {
        AwardKind::parse(text.trim())
    }
}

/// "15/12/2024" or "2024-12-15" as YYYY-MM-DD; "" stays "".
fn date_of(text: &str) -> std::result::Result<String, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    if let Some(d) = thidua_domain::calendar::parse_iso_date(t) {
        return Ok(d.to_string());
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if let [d, m, y] = parts[..]
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u8>(), m.parse::<u8>(), y.parse::<i32>())
        && let Ok(month) = time::Month::try_from(m)
        && let Ok(date) = time::Date::from_calendar_date(y, month, d)
    {
        return Ok(date.to_string());
    }
    Err(())
}

impl App {
    /// The sổ vàng template: the header row and one example row (which an import skips).
    pub fn award_history_template() -> Result<Vec<u8>> {
        thidua_documents::xlsx(&thidua_documents::Table {
            title: "Sổ vàng",
            headers: &HEADERS,
            rows: vec![EXAMPLE.iter().map(|c| (*c).to_owned()).collect()],
        })
        .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Imports the commune's award history from an .xlsx in the template's columns.
    pub async fn import_award_history(&self, ctx: &Ctx, tenant: &str, bytes: &[u8]) -> Result<ImportOutcome> {
        let scope = self.authorize(ctx, Action::AppraiseDossiers, tenant, None).await?;
        let rows = match thidua_documents::read_xlsx(bytes) {
            Ok(rows) => rows,
            Err(e) => {
                return Ok(ImportOutcome::Rejected(vec![RowError {
                    row: 0,
                    column: String::new(),
                    reason: e.to_string(),
                }]));
            }
        };
        let filled = match template_rows(&rows, &HEADERS, &EXAMPLE) {
            Ok(filled) => filled,
            Err(errors) => return Ok(ImportOutcome::Rejected(errors)),
        };
        let mut errors = Vec::new();
        let people = scope.people().await?;
        let units = scope.units().await?;
        let mut entries = Vec::new();
        for (row, cells) in &filled {
            let mut error = |i: usize, reason: String| {
                errors.push(RowError {
                    row: *row,
                    column: column(i),
                    reason,
                })
            };
            for (i, cell) in cells.iter().enumerate() {
                if let Some(w) = legacy_warning(cell) {
                    error(i, w);
                }
            }
            let recipient = match fold(&cells[0]).as_str() {
                "ca nhan" => Some(RecipientKind::Individual),
                "tap the" => Some(RecipientKind::Collective),
                _ => {
                    error(0, format!("ghi «Cá nhân» hoặc «Tập thể» (đang là «{}»).", cells[0]));
                    None
                }
            };
            let name = &cells[1];
            let subject = match recipient {
                Some(RecipientKind::Individual) => {
                    let same: Vec<_> = people
                        .iter()
                        .filter(|p| fold(&p.full_name) == fold(name))
                        .filter(|p| {
                            cells[2].is_empty()
                                || units
                                    .iter()
                                    .any(|u| u.id == p.unit_id && fold(&u.name) == fold(&cells[2]))
                        })
                        .collect();
                    match same.as_slice() {
                        [one] => Some((one.id, one.full_name.clone())),
                        [] => {
                            error(
                                1,
                                format!(
                                    "không có «{name}» trong danh sách cá nhân của xã; hãy nhập danh sách cá nhân trước."
                                ),
                            );
                            None
                        }
                        _ => {
                            error(
                                2,
                                format!(
                                    "có {} người tên «{name}»: ghi đơn vị công tác để phân biệt.",
                                    same.len()
                                ),
                            );
                            None
                        }
                    }
                }
                Some(_) => match units.iter().find(|u| fold(&u.name) == fold(name)) {
                    Some(u) => Some((u.id, u.name.clone())),
                    None => {
                        error(1, format!("không có tập thể «{name}» trong danh sách đơn vị của xã."));
                        None
                    }
                },
                None => None,
            };
            let year = cells[3].parse::<i32>().ok().filter(|y| (1975..=2100).contains(y));
            if year.is_none() {
                error(
                    3,
                    format!("năm là số có 4 chữ số, ví dụ 2024 (đang là «{}»).", cells[3]),
                );
            }
            let what = &cells[4];
            let (form, rating) = (award_form_named(what), rating_named(what));
            if form.is_none() && rating.is_none() {
                error(
                    4,
                    format!(
                        "không nhận ra «{what}»: ghi một hình thức khen thưởng (Giấy khen, Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Bằng khen tỉnh…) hoặc một mức xếp loại (Hoàn thành xuất sắc nhiệm vụ…)."
                    ),
                );
            }
            if let (Some(f), Some(r)) = (form, recipient)
                && !r.allowed(f)
            {
                error(4, format!("{} không tặng cho {}.", f.name(), r.label().to_lowercase()));
            }
            let kind = kind_named(&cells[5]);
            if form.is_some() && kind.is_none() {
                error(
                    5,
                    format!("ghi «công trạng», «đột xuất» hoặc «theo đợt» (đang là «{}»).", cells[5]),
                );
            }
            if form.is_some() && cells[6].is_empty() {
                error(6, "cần số quyết định khen thưởng, ví dụ 25/QĐ-UBND.".into());
            }
            let date = date_of(&cells[7]);
            if date.is_err() {
                error(
                    7,
                    format!(
                        "ngày ghi theo dạng ngày/tháng/năm, ví dụ 15/12/2024 (đang là «{}»).",
                        cells[7]
                    ),
                );
            }
            let (Some(recipient), Some((subject_id, name)), Some(year), Ok(date)) = (recipient, subject, year, date)
            else {
                continue;
            };
            if let (Some(form), Some(kind)) = (form, kind) {
                entries.push(HistoryEntry::Award(NewAwardRecord {
                    recipient: recipient.code().to_owned(),
                    subject_id,
                    name,
                    year,
                    form: form.code().to_owned(),
                    kind: kind.code().to_owned(),
                    decision_no: cells[6].clone(),
                    decision_date: date,
                    amount: 0,
                    nomination_id: 0,
                    verify_code: String::new(),
                }));
            } else if let Some(rating) = rating {
                entries.push(HistoryEntry::Rating {
                    recipient: recipient.code().to_owned(),
                    subject_id,
                    year,
                    rating: rating.code().to_owned(),
                });
            }
        }
        if !errors.is_empty() {
            return Ok(ImportOutcome::rejected(errors));
        }
        let applied = scope.save_history(&entries).await?;
        Ok(ImportOutcome::Applied {
            rows: filled.len(),
            applied,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_ratings_and_dates_are_read_as_communes_write_them() {
        assert_eq!(
            award_form_named("Bằng khen của Chủ tịch UBND tỉnh"),
            Some(AwardForm::BangKhenChuTichTinh)
        );
        assert_eq!(
            award_form_named("Giấy khen UBND xã"),
            Some(AwardForm::GiayKhenChuTichXa)
        );
        assert_eq!(award_form_named("CSTĐCS"), Some(AwardForm::ChienSiThiDuaCoSo));
        assert_eq!(
            award_form_named("Tập thể lao động tiên tiến"),
            Some(AwardForm::TapTheLaoDongTienTien)
        );
        assert_eq!(award_form_named("lao dong tien tien"), Some(AwardForm::LaoDongTienTien));
        assert_eq!(
            award_form_named("Bằng khen Thủ tướng Chính phủ"),
            Some(AwardForm::BangKhenThuTuong)
        );
        assert_eq!(award_form_named("Hoàn thành xuất sắc nhiệm vụ"), None);
        assert_eq!(rating_named("Hoàn thành xuất sắc nhiệm vụ"), Some(Rating::Htxs));
        assert_eq!(rating_named("Không hoàn thành nhiệm vụ"), Some(Rating::Kht));
        assert_eq!(rating_named("Hoàn thành tốt"), Some(Rating::HtTot));
        assert_eq!(date_of("15/12/2024"), Ok("2024-12-15".into()));
        assert_eq!(date_of("2024-12-15"), Ok("2024-12-15".into()));
        assert_eq!(date_of("31/02/2024"), Err(()));
        assert_eq!(kind_named(""), Some(AwardKind::CongTrang));
        assert_eq!(kind_named("Đột xuất"), Some(AwardKind::DotXuat));
    }
}
