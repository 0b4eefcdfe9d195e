//! The accountant's copy of a decision: who receives how much, with a column to sign on
//! receipt ("Ký nhận"), amounts as numbers Excel can sum, and the total.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::DocumentError;

/// One payee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payee {
    pub name: String,
    /// "Trưởng thôn, Thôn Đông"
    pub detail: String,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentList {
    /// "ỦY BAN NHÂN DÂN XÃ PHÚ TÂN"
    pub issuer: String,
    /// "Kèm theo Quyết định số 15/QĐ-UBND ngày 29/11/2026 của Chủ tịch UBND xã Phú Tân"
    pub reference: String,
    /// "Giấy khen của Chủ tịch Ủy ban nhân dân xã"
    pub form_name: String,
    /// "Mức lương cơ sở 2.340.000 đồng (Nghị định 73/2024/NĐ-CP, từ 01/07/2024)"
    pub basis: String,
    pub payees: Vec<Payee>,
}

const HEADERS: [&str; 6] = [
    "STT",
    "Tên tập thể, cá nhân",
    "Chức vụ, đơn vị",
    "Hình thức khen thưởng",
    "Số tiền (đồng)",
    "Ký nhận",
];

/// One worksheet, A4 landscape, the header row repeated on every printed page.
pub fn payment_list_xlsx(list: &PaymentList) -> Result<Vec<u8>, DocumentError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách chi tiền thưởng")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let center = Format::new().set_align(FormatAlign::Center);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let head = cell.clone().set_bold().set_align(FormatAlign::Center);
    let money = cell.clone().set_num_format("#,##0");
    let total = money.clone().set_bold();
    sheet.write_string_with_format(0, 0, &list.issuer, &bold)?;
    sheet.merge_range(1, 0, 1, 5, "DANH SÁCH CHI TIỀN THƯỞNG", &title)?;
    sheet.merge_range(2, 0, 2, 5, &list.reference, &center)?;
    sheet.merge_range(3, 0, 3, 5, &list.basis, &center)?;
    let first = 5u32;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(first, c as u16, *h, &head)?;
    }
    for (i, p) in list.payees.iter().enumerate() {
        let r = first + 1 + i as u32;
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        sheet.write_string_with_format(r, 1, &p.name, &cell)?;
        sheet.write_string_with_format(r, 2, &p.detail, &cell)?;
        sheet.write_string_with_format(r, 3, &list.form_name, &cell)?;
        sheet.write_number_with_format(r, 4, p.amount as f64, &money)?;
        sheet.write_string_with_format(r, 5, "", &cell)?;
    }
    let last = first + 1 + list.payees.len() as u32;
    sheet.merge_range(last, 0, last, 3, "Tổng cộng", &head)?;
    sheet.write_number_with_format(
        last,
        4,
        list.payees.iter().map(|p| p.amount).sum::<i64>() as f64,
        &total,
    )?;
    sheet.write_string_with_format(last, 5, "", &cell)?;
    for (c, width) in [6.0, 28.0, 34.0, 30.0, 16.0, 16.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(first, first)?;
    sheet.set_freeze_panes(first + 1, 0)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_numbers_and_the_total_adds_up() {
        let list = PaymentList {
            issuer: "ỦY BAN NHÂN DÂN XÃ PHÚ TÂN".into(),
            reference: "Kèm theo Quyết định số 15/QĐ-UBND ngày 29/11/2026".into(),
            form_name: "Giấy khen của Chủ tịch Ủy ban nhân dân xã".into(),
            basis: "Mức lương cơ sở 2.340.000 đồng".into(),
            payees: vec![
                Payee {
                    name: "Trần Văn Ba".into(),
                    detail: "Trưởng thôn, Thôn Đông".into(),
                    amount: 710_000,
                },
                Payee {
                    name: "Thôn Đông".into(),
                    detail: "Thôn Đông".into(),
                    amount: 1_420_000,
                },
            ],
        };
        let bytes = payment_list_xlsx(&list).unwrap();
        let rows = crate::read_xlsx(&bytes).unwrap();
        let header = rows.iter().position(|r| r.first().is_some_and(|c| c == "STT")).unwrap();
        assert_eq!(rows[header + 1][1], "Trần Văn Ba");
        assert_eq!(rows[header + 1][4], "710000");
        let total = &rows[header + 3];
        assert_eq!((total[0].as_str(), total[4].as_str()), ("Tổng cộng", "2130000"));
    }
}
