use super::*;
use crate::awards::{AwardForm, AwardLevel, Occasion};

/// A small but complete plan; tests break one thing at a time.
const MINIMAL: &str = r#"format = 1
movement = "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"
preamble = "UBND xã Hồng Vân ban hành Kế hoạch như sau:"
recipients = ["Lưu: VT."]

[authority]
code = "10210"
name = "Ủy ban nhân dân xã Hồng Vân"

[document]
symbol = "KH-UBND"
place = "Hồng Vân"
year = 2025
title = "Triển khai Phong trào thi đua"

[period]
start_year = 2025
end_year = 2030

[participants]
collectives = "các thôn, xóm"
individuals = "cán bộ, công chức"

[signature]
authority = "TM. ỦY BAN NHÂN DÂN"
position = "CHỦ TỊCH"
name = "Lê Tuấn Dũng"

[[content_areas]]
code = "a"
title = "Nâng cao nhận thức"
text = "Thi đua nâng cao nhận thức."

[[phases]]
number = 1
start_year = 2025
end_year = 2027
review = "so_ket"
review_year = 2027
description = "Giai đoạn 1"

[[phases]]
number = 2
start_year = 2027
end_year = 2030
review = "tong_ket"
review_year = 2030
description = "Giai đoạn 2"

[[criteria_groups]]
id = "co_quan_don_vi"
kind = "collective"
name = "Đối với các cơ quan, đơn vị"

[[criteria]]
group = "co_quan_don_vi"
text = "Nội bộ đoàn kết."

[[awards]]
form = "giay_khen_chu_tich_xa"
name = "Giấy khen UBND xã"
occasions = ["annual", "tong_ket"]
quota = { collective = 2, individual = 4 }

[[deadlines]]
kind = "unit_report"
day = 15
month = 11
bound = "before"
yearly = true
from = "Các cơ quan, đơn vị"
to = "Phòng Văn hóa – Xã hội"
text = "Định kỳ trước ngày 15/11 hằng năm."

[[duties]]
office = "Phòng Văn hóa – Xã hội"
standing_body = true
tasks = ["Chủ trì tham mưu."]
"#;

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle in text") + 1
}

fn errors(text: &str) -> Vec<PlanIssue> {
    parse_plan("kh.toml", text.as_bytes()).expect_err("the plan must be rejected")
}

#[test]
fn the_minimal_plan_is_valid_and_levels_are_derived() {
    let checked = parse_plan("kh.toml", MINIMAL.as_bytes()).unwrap();
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
    let award = &checked.plan.awards[0];
    assert_eq!(award.form, AwardForm::GiayKhenChuTichXa);
    assert_eq!(award.level, Some(AwardLevel::Commune));
    assert_eq!(award.occasions, vec![Occasion::Annual, Occasion::TongKet]);
}

#[test]
fn an_unknown_key_is_an_error_naming_line_and_field() {
    let text = MINIMAL.replace("symbol = \"KH-UBND\"", "symbol = \"KH-UBND\"\nsymbl = \"x\"");
    let e = &errors(&text)[0];
    assert_eq!(e.line, line_of(&text, "symbl"));
    assert_eq!(e.field, "document.symbl");
    assert!(e.message.contains("khóa lạ `symbl`"), "{}", e.message);
    assert!(e.to_string().starts_with(&format!("kh.toml:{}:", e.line)));
}

#[test]
fn a_missing_field_is_named() {
    let text = MINIMAL.replace("name = \"Lê Tuấn Dũng\"\n", "");
    let e = &errors(&text)[0];
    assert_eq!(e.field, "signature.name");
    assert!(e.message.contains("thiếu trường bắt buộc `name`"), "{}", e.message);
    assert_eq!(e.line, line_of(&text, "[signature]"), "points at the signature table");
}

#[test]
fn an_unknown_award_form_lists_the_valid_codes() {
    let text = MINIMAL.replace("form = \"giay_khen_chu_tich_xa\"", "form = \"giay_khen_huyen\"");
    let e = &errors(&text)[0];
    assert_eq!(e.line, line_of(&text, "giay_khen_huyen"));
    assert_eq!(e.field, "awards[0].form");
    assert!(e.message.contains("`giay_khen_huyen` không hợp lệ"));
    assert!(e.message.contains("bang_khen_chu_tich_tinh"));
}

#[test]
fn a_wrong_type_says_what_is_needed() {
    let text = MINIMAL.replace("day = 15", "day = \"15\"");
    let e = &errors(&text)[0];
    assert_eq!(e.line, line_of(&text, "day = \"15\""));
    assert_eq!(e.field, "deadlines[0].day");
    assert!(e.message.contains("cần một số nguyên"), "{}", e.message);
}

#[test]
fn a_syntax_error_names_the_line() {
    let text = MINIMAL.replace(
        "end_year = 2030\n\n[participants]",
        "end_year = 2030 2031\n\n[participants]",
    );
    let e = &errors(&text)[0];
    assert_eq!(e.line, line_of(&text, "2030 2031"));
    assert!(e.message.contains("cú pháp"));
}

#[test]
fn rule_violations_point_at_their_field() {
    let text = MINIMAL.replace("review_year = 2030", "review_year = 2031");
    let e = &errors(&text)[0];
    assert_eq!(e.field, "phases[1].review_year");
    assert_eq!(e.line, line_of(&text, "review_year = 2031"));
    assert!(e.message.contains("2031"));
}

#[test]
fn every_rule_violation_is_reported_at_once() {
    let text = MINIMAL
        .replace("code = \"10210\"", "code = \"99999\"")
        .replace("month = 11", "month = 13")
        .replace("group = \"co_quan_don_vi\"", "group = \"khong_co\"");
    let fields: Vec<String> = errors(&text).into_iter().map(|e| e.field).collect();
    assert!(fields.contains(&"authority.code".to_owned()), "{fields:?}");
    assert!(fields.contains(&"deadlines[0].month".to_owned()), "{fields:?}");
    assert!(fields.contains(&"criteria[0].group".to_owned()), "{fields:?}");
}

#[test]
fn an_impossible_date_and_a_collective_quota_on_an_individual_title_are_refused() {
    let text = MINIMAL
        .replace("day = 15", "day = 31")
        .replace("month = 11", "month = 4");
    assert_eq!(errors(&text)[0].field, "deadlines[0].day");
    let text = MINIMAL.replace("form = \"giay_khen_chu_tich_xa\"", "form = \"lao_dong_tien_tien\"");
    assert_eq!(errors(&text)[0].field, "awards[0].quota.collective");
}

#[test]
fn a_one_off_deadline_needs_its_year() {
    let text = MINIMAL.replace("yearly = true", "yearly = false");
    let e = &errors(&text)[0];
    assert_eq!(e.field, "deadlines[0].year");
}

#[test]
fn a_deadline_read_against_its_own_sentence_warns() {
    let text = MINIMAL.replace("bound = \"before\"\n", "");
    let checked = parse_plan("kh.toml", text.as_bytes()).unwrap();
    assert_eq!(checked.warnings.len(), 1, "{:?}", checked.warnings);
    assert_eq!(checked.warnings[0].field, "deadlines[0].bound");
    assert!(checked.warnings[0].message.contains("trước ngày"));
}

#[test]
fn a_head_of_agency_gives_a_giay_khen_the_commune_does_not_decide() {
    let text = MINIMAL.replace(
        "[[deadlines]]",
        "[[awards]]\nform = \"giay_khen_thu_truong\"\nname = \"Giấy khen của Hiệu trưởng\"\nissuer = \"Hiệu trưởng các trường học\"\noccasions = [\"annual\"]\n\n[[deadlines]]",
    );
    let plan = parse_plan("kh.toml", text.as_bytes()).unwrap().plan;
    assert_eq!(plan.awards[1].issuer.as_deref(), Some("Hiệu trưởng các trường học"));
    let offered: Vec<AwardForm> = plan.awards_for(Occasion::Annual).iter().map(|a| a.form).collect();
    assert_eq!(offered, vec![AwardForm::GiayKhenChuTichXa]);
    // An issuer on a form whose signer the law already names is refused.
    let wrong = text.replace("form = \"giay_khen_thu_truong\"", "form = \"lao_dong_tien_tien\"");
    let e = errors(&wrong);
    assert!(e.iter().any(|i| i.field == "awards[1].issuer"), "{e:?}");
}

#[test]
fn a_plan_without_participants_only_warns() {
    let text = MINIMAL
        .replace("collectives = \"các thôn, xóm\"", "collectives = \"\"")
        .replace("individuals = \"cán bộ, công chức\"", "individuals = \"\"");
    let checked = parse_plan("kh.toml", text.as_bytes()).unwrap();
    assert_eq!(checked.warnings.len(), 1, "{:?}", checked.warnings);
    assert_eq!(checked.warnings[0].field, "participants");
}

#[test]
fn a_misspelt_commune_name_only_warns() {
    // A wrong diacritic is not even a warning: names match accent-insensitively.
    let text = MINIMAL.replace("nhân dân xã Hồng Vân\"", "nhân dân xã Hồng Văn\"");
    assert!(parse_plan("kh.toml", text.as_bytes()).unwrap().warnings.is_empty());
    let text = MINIMAL.replace("nhân dân xã Hồng Vân\"", "nhân dân xã Hồng Vang\"");
    let checked = parse_plan("kh.toml", text.as_bytes()).unwrap();
    assert_eq!(checked.warnings.len(), 1);
    assert_eq!(checked.warnings[0].field, "authority.name");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_line() {
    let mut bytes = MINIMAL.as_bytes().to_vec();
    let at = MINIMAL.find("Lê Tuấn").unwrap();
    bytes[at] = 0xff;
    let e = &parse_plan("kh.toml", &bytes).unwrap_err()[0];
    assert_eq!(e.line, line_of(MINIMAL, "Lê Tuấn"));
    assert!(e.message.contains("UTF-8"));
}

#[test]
fn decomposed_text_is_stored_composed() {
    let text = MINIMAL.replace("Lê Tuấn Dũng", "Le\u{302} Tua\u{302}\u{301}n Du\u{303}ng");
    let checked = parse_plan("kh.toml", text.as_bytes()).unwrap();
    assert_eq!(checked.plan.signature.name, "Lê Tuấn Dũng");
}

/// Every plan shipped in `plans/` loads, with nothing to warn about.
#[test]
fn the_seed_plans_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plans");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            match parse_plan(&name, &bytes) {
                Ok(c) => assert!(c.warnings.is_empty(), "{:?}", c.warnings),
                Err(errs) => panic!(
                    "{}",
                    errs.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
                ),
            }
            count += 1;
        }
    }
    assert!(count >= 4, "the four seed plans are in plans/");
}

/// A plan that names no form for annual or sơ kết commendation ("theo thẩm quyền") still offers
/// the forms the commune's chairman gives, without quota; it invents nothing for tổng kết.
#[test]
fn an_occasion_the_plan_names_no_form_for_offers_the_chairmans_own() {
    let mut plan = parse_plan("x", include_bytes!("../../../../plans/19363-vinh-linh.toml"))
        .unwrap()
        .plan;
    plan.awards.clear();
    let annual = plan.awards_for(Occasion::Annual);
    let forms: Vec<AwardForm> = annual.iter().map(|a| a.form).collect();
    assert_eq!(
        forms,
        [
            AwardForm::GiayKhenChuTichXa,
            AwardForm::LaoDongTienTien,
            AwardForm::ChienSiThiDuaCoSo,
            AwardForm::TapTheLaoDongTienTien
        ]
    );
    assert!(
        annual
            .iter()
            .all(|a| a.quota.is_none() && a.occasions == [Occasion::Annual])
    );
    assert_eq!(plan.awards_for(Occasion::SoKet).len(), 4);
    assert!(plan.awards_for(Occasion::TongKet).is_empty());
    // Where the plan names forms, those are the offer.
    let named = parse_plan("x", include_bytes!("../../../../plans/30406-phu-tan.toml"))
        .unwrap()
        .plan;
    assert!(
        named
            .awards_for(Occasion::Annual)
            .iter()
            .all(|a| named.awards.contains(a))
    );
}

/// A file repeating one award two thousand times gets one error per repeat, each against the
/// first declaration: no error per pair of repeats.
#[test]
fn repeated_awards_are_named_once_each() {
    let repeat = "\n[[awards]]\nform = \"giay_khen_chu_tich_xa\"\nname = \"Giấy khen\"\noccasions = [\"annual\"]\n";
    let text = format!("{MINIMAL}{}", repeat.repeat(2000));
    let issues = parse_plan("lap.toml", text.as_bytes()).unwrap_err();
    let repeats: Vec<_> = issues
        .iter()
        .filter(|i| i.message.contains("đã được khai báo cho cùng dịp"))
        .collect();
    assert_eq!(repeats.len(), 2000);
    assert!(
        repeats.iter().all(|i| i.message.ends_with("ở awards[0]")),
        "{:?}",
        repeats[1]
    );
    assert!(repeats.iter().all(|i| i.line > 0), "each placed at its line");
}
