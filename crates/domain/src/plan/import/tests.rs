use super::*;
use crate::awards::{AwardForm, Occasion};
use crate::plan::{DeadlineKind, Indicator, ParticipantKind, Quota, Ranking, parse_plan};

struct Seed {
    name: &'static str,
    text: &'static str,
    truth_file: &'static str,
    truth: &'static [u8],
    /// Overall agreement this reader reaches on the seed, in percent, minus a small margin:
    /// a change that reads less of a seed fails here.
    floor: f64,
}

const SEEDS: [Seed; 4] = [
    Seed {
        name: "000 Hồng Vân",
        text: include_str!("../../../../../eval/plan-import/000-hong-van.txt"),
        truth_file: "plans/10210-hong-van.toml",
        truth: include_bytes!("../../../../../plans/10210-hong-van.toml"),
        floor: 97.0,
    },
    Seed {
        name: "001 Long Mỹ",
        text: include_str!("../../../../../eval/plan-import/001-long-my.txt"),
        truth_file: "plans/31471-long-my.toml",
        truth: include_bytes!("../../../../../plans/31471-long-my.toml"),
        floor: 97.0,
    },
    Seed {
        name: "002 Vĩnh Linh",
        text: include_str!("../../../../../eval/plan-import/002-vinh-linh.txt"),
        truth_file: "plans/19363-vinh-linh.toml",
        truth: include_bytes!("../../../../../plans/19363-vinh-linh.toml"),
        floor: 97.0,
    },
    Seed {
        name: "003 Phú Tân",
        text: include_str!("../../../../../eval/plan-import/003-phu-tan.txt"),
        truth_file: "plans/30406-phu-tan.toml",
        truth: include_bytes!("../../../../../plans/30406-phu-tan.toml"),
        floor: 97.0,
    },
];

fn read(seed: &Seed) -> (Extraction, Plan) {
    let blocks = blocks_from_text(seed.text);
    let found = read_plan(&blocks).unwrap_or_else(|e| panic!("{}: {}", seed.name, e.0));
    let truth = parse_plan(seed.truth_file, seed.truth)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .plan;
    (found, truth)
}

fn percent(matched: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        100.0 * matched as f64 / total as f64
    }
}

#[test]
fn the_seed_plans_agree_with_their_right_answers() {
    let results: Vec<Vec<Agreement>> = SEEDS
        .iter()
        .map(|s| {
            let (found, truth) = read(s);
            agreement(&found.plan, &truth)
        })
        .collect();
    println!();
    print!("{:<36}", "Nhóm trường");
    for s in &SEEDS {
        print!(" | {:>13}", s.name);
    }
    println!(" | {:>7}", "Tổng");
    println!("{}", "-".repeat(36 + SEEDS.len() * 16 + 10));
    for (g, first) in results[0].iter().enumerate() {
        print!("{:<36}", first.field);
        let (mut m, mut t) = (0, 0);
        for r in &results {
            print!(" | {:>13}", format!("{}/{}", r[g].matched, r[g].total));
            m += r[g].matched;
            t += r[g].total;
        }
        println!(" | {:>6.1}%", percent(m, t));
    }
    println!("{}", "-".repeat(36 + SEEDS.len() * 16 + 10));
    print!("{:<36}", "Toàn bộ");
    let (mut all_m, mut all_t) = (0, 0);
    let mut overall = Vec::new();
    for r in &results {
        let m: usize = r.iter().map(|a| a.matched).sum();
        let t: usize = r.iter().map(|a| a.total).sum();
        all_m += m;
        all_t += t;
        overall.push(percent(m, t));
        print!(" | {:>13}", format!("{m}/{t} {:.0}%", percent(m, t)));
    }
    println!(" | {:>6.1}%", percent(all_m, all_t));
    for (s, o) in SEEDS.iter().zip(overall) {
        assert!(o >= s.floor, "{}: agreement {o:.1}% fell below {:.1}%", s.name, s.floor);
    }
}

#[test]
fn every_field_says_where_it_came_from() {
    for s in &SEEDS {
        let (found, _) = read(s);
        let blocks = blocks_from_text(s.text);
        assert!(!found.fields.is_empty());
        for f in &found.fields {
            assert!(f.block < blocks.len(), "{}: {} points past the blocks", s.name, f.field);
            assert!(!f.source.is_empty());
            if !f.sure {
                assert!(
                    f.note.as_deref().is_some_and(|n| !n.is_empty())
                        || f.field.contains("steps")
                        || f.field == "inspection"
                );
            }
        }
        // Headings, items and closing lines are all placed: nothing of substance is left over.
        assert!(
            found.not_understood.len() <= 2,
            "{}: {:?}",
            s.name,
            found.not_understood
        );
    }
}

#[test]
fn dump_seed() {
    // DUMP_SEED=0..3 cargo test -p thidua-domain dump_seed -- --nocapture: what the reader made.
    let Ok(which) = std::env::var("DUMP_SEED") else { return };
    let seed = &SEEDS[which.parse::<usize>().unwrap()];
    if std::env::var("DUMP_BLOCKS").is_ok() {
        for (i, b) in blocks_from_text(seed.text).iter().enumerate() {
            println!("[{i}] {}", b.text);
        }
    }
    let (found, truth) = read(seed);
    println!("{}", serde_json::to_string_pretty(&found.plan).unwrap());
    for u in &found.not_understood {
        println!("UNREAD [{}] {}", u.block, u.text);
    }
    for f in &found.fields {
        if !f.sure {
            println!("UNSURE {} = {} ({:?})", f.field, f.value, f.note);
        }
    }
    for a in agreement(&found.plan, &truth) {
        println!("{:40} {}/{}", a.field, a.matched, a.total);
    }
}

// ---------------------------------------------------------------- lines to paragraphs

#[test]
fn broken_lines_join_into_paragraphs() {
    let text = "KẾ HOẠCH  \n\n Về việc tổ chức phong trào thi đua “Cả nước thi đua \n\nđổi mới sáng tạo” \n\n\
        I. MỤC ĐÍCH, YÊU CẦU \n\n1. Mục đích \n\n- Huy động sức mạnh tổng hợp của hệ thống \n\nchính trị. \n\n\
        - Nghị quyết số 57-\n\nNQ/TW được quán triệt; \n\ncác đơn vị thực hiện. \n\nII. TIÊU CHÍ THI ĐUA VÀ HÌNH \n\nTHỨC KHEN THƯỞNG \n";
    let b: Vec<String> = blocks_from_text(text).into_iter().map(|b| b.text).collect();
    assert_eq!(
        b,
        vec![
            "KẾ HOẠCH",
            "Về việc tổ chức phong trào thi đua “Cả nước thi đua đổi mới sáng tạo”",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "- Huy động sức mạnh tổng hợp của hệ thống chính trị.",
            "- Nghị quyết số 57-NQ/TW được quán triệt; các đơn vị thực hiện.",
            "II. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
        ]
    );
}

#[test]
fn blank_lines_separate_paragraphs_when_they_are_rare() {
    let text = "Căn cứ Luật Thi đua, khen thưởng\nngày 15 tháng 6 năm 2022\n\nỦy ban nhân dân xã ban hành Kế hoạch";
    let b: Vec<String> = blocks_from_text(text).into_iter().map(|b| b.text).collect();
    assert_eq!(b.len(), 2);
    assert_eq!(b[0], "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022");
}

#[test]
fn markdown_from_a_converted_pdf_is_removed() {
    let b = blocks_from_text("## **I. MỤC ĐÍCH**\n(*sau đây viết tắt là Phong trào*)\n* Đối với hồ sơ cấp xã: 01 bộ.");
    let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        t,
        vec![
            "I. MỤC ĐÍCH",
            "(sau đây viết tắt là Phong trào)",
            "* Đối với hồ sơ cấp xã: 01 bộ."
        ]
    );
    assert!(b[0].bold);
}

// ---------------------------------------------------------------- phrases

#[test]
fn deadlines_are_read_from_their_phrases() {
    use super::phrases::due_dates;
    let d = due_dates("Các cơ quan báo cáo trước ngày 15/11 hàng năm.");
    assert_eq!(
        (d[0].day, d[0].month, d[0].yearly, d[0].year, d[0].sure),
        (15, 11, true, None, true)
    );
    let d = due_dates("Định kỳ trước ngày 05 tháng 12 hằng năm, cơ quan, đơn vị báo cáo.");
    assert_eq!((d[0].day, d[0].month, d[0].yearly), (5, 12, true));
    let d = due_dates("Gửi đăng ký thi đua trước ngày 20/8/2025.");
    assert_eq!(
        (d[0].day, d[0].month, d[0].yearly, d[0].year),
        (20, 8, false, Some(2025))
    );
    let d = due_dates("Các đơn vị xây dựng kế hoạch, hoàn thành trong quý III năm 2025.");
    assert_eq!(
        (d[0].day, d[0].month, d[0].yearly, d[0].year),
        (30, 9, false, Some(2025))
    );
    assert!(!d[0].sure && d[0].note.as_deref().unwrap().contains("cuối quý"));
    let d = due_dates("Số liệu tính đến hết ngày 31/12");
    assert_eq!((d[0].day, d[0].month, d[0].yearly, d[0].year), (31, 12, true, None));
    assert_eq!(
        d[0].bound,
        crate::plan::DueBound::Through,
        "«đến hết ngày» keeps the day"
    );
    assert!(!d[0].sure, "no year and no «hằng năm»: flagged");
    let d = due_dates("Gửi về trước ngày 15/11 hằng năm; hồ sơ chậm nhất ngày 25/11 hằng năm.");
    assert_eq!(
        d.iter().map(|x| (x.day, x.bound)).collect::<Vec<_>>(),
        vec![
            (15, crate::plan::DueBound::Before),
            (25, crate::plan::DueBound::Through)
        ]
    );
    assert!(
        due_dates("trước ngày 31/02/2025 và trước ngày 40/13").is_empty(),
        "impossible dates are not deadlines"
    );
    assert!(
        due_dates("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị").is_empty(),
        "a citation is not a deadline"
    );
}

#[test]
fn quotas_are_read_from_their_phrases() {
    use super::phrases::quota_in;
    let q = |s: &str| quota_in(&crate::text::fold(s)).map(|(q, _)| q);
    assert_eq!(
        q("(không quá 02 tập thể, 04 cá nhân đối với Giấy khen UBND xã)"),
        Some(Quota {
            collective: Some(2),
            individual: Some(4)
        })
    );
    assert_eq!(
        q("không quá 03 cá nhân"),
        Some(Quota {
            collective: None,
            individual: Some(3)
        })
    );
    assert_eq!(
        q("tối đa 01 tập thể và 02 cá nhân"),
        Some(Quota {
            collective: Some(1),
            individual: Some(2)
        })
    );
    assert_eq!(q("không quá 3 ngày"), None);
}

#[test]
fn rankings_are_read_from_criteria() {
    use super::phrases::ranking_in;
    let dti = "đơn vị đó nằm trong số các cơ quan có điểm trung bình 5 năm (2025-2030) về chỉ số Chuyển đổi số \
        các cơ quan nhà nước thành phố Hà Nội (DTI) xếp từ thứ 01 đến 05.";
    assert_eq!(
        ranking_in(dti, None),
        Some(Ranking {
            indicator: Indicator::Dti,
            top: 5,
            from_year: 2025,
            to_year: 2030
        })
    );
    let dbi = "Nằm trong số các doanh nghiệp có điểm trung bình 5 năm (2025-2030) về chỉ số Chuyển đổi số xếp từ thứ 01 đến 05.";
    assert_eq!(ranking_in(dbi, None).unwrap().indicator, Indicator::Dbi);
    let no_years = "Xếp từ thứ 1 đến thứ 10 về tỷ lệ hoàn thành kỹ năng số cơ bản.";
    let r = ranking_in(no_years, Some((2026, 2030))).unwrap();
    assert_eq!(
        (r.indicator, r.top, r.from_year, r.to_year),
        (Indicator::DigitalSkills, 10, 2026, 2030)
    );
    assert_eq!(ranking_in("Nội bộ đoàn kết, gương mẫu.", None), None);
}

#[test]
fn award_forms_are_matched_to_the_catalogue() {
    use super::phrases::forms_in;
    let f = |s: &str| forms_in(s).into_iter().map(|h| (h.form, h.name)).collect::<Vec<_>>();
    assert_eq!(
        f("- Bằng khen của Chủ tịch UBND Thành phố;"),
        vec![(
            AwardForm::BangKhenChuTichTinh,
            "Bằng khen của Chủ tịch UBND Thành phố".to_owned()
        )]
    );
    assert_eq!(f("Cờ thi đua UBND Thành phố")[0].0, AwardForm::CoThiDuaTinh);
    assert_eq!(f("+ Cờ Thi đua của Chính phủ;")[0].0, AwardForm::CoThiDuaChinhPhu);
    assert_eq!(f("GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ")[0].0, AwardForm::GiayKhenChuTichXa);
    assert_eq!(
        f("danh hiệu Tập thể lao động xuất sắc")[0].0,
        AwardForm::TapTheLaoDongXuatSac
    );
    assert!(
        f("các đơn vị có thi đua sôi nổi").is_empty(),
        "«có thi đua» is not «Cờ thi đua»"
    );
    // A head of agency's Giấy khen keeps who issues it.
    let heads = |s: &str| forms_in(s).into_iter().map(|h| (h.form, h.issuer)).collect::<Vec<_>>();
    assert_eq!(
        heads("- Giấy khen của Thủ trưởng cơ quan, đơn vị: khen thưởng hằng năm;"),
        vec![(
            AwardForm::GiayKhenThuTruong,
            Some("Thủ trưởng cơ quan, đơn vị".to_owned())
        )]
    );
    assert_eq!(
        heads("Hiệu trưởng tặng Giấy khen của Hiệu trưởng nhà trường cho giáo viên tiêu biểu."),
        vec![(AwardForm::GiayKhenThuTruong, Some("Hiệu trưởng nhà trường".to_owned()))]
    );
    assert_eq!(
        heads("Giấy khen của Chủ tịch UBND phường")[0],
        (AwardForm::GiayKhenChuTichXa, None)
    );
}

#[test]
fn abbreviations_defined_in_the_text_are_read() {
    use super::phrases::defined_abbreviations;
    let found = defined_abbreviations(
        "Hội đồng Thi đua – Khen thưởng (HĐTĐKT) phường phát động, nhằm thực hiện Phong trào thi đua \
         “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” (sau đây gọi tắt là Phong trào).",
    );
    assert_eq!(
        found,
        vec![
            ("HĐTĐKT".to_owned(), "Hội đồng Thi đua – Khen thưởng".to_owned(), true),
            (
                "Phong trào".to_owned(),
                "nhằm thực hiện Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”".to_owned(),
                false
            ),
        ]
    );
    assert!(
        defined_abbreviations("các đơn vị (trừ trường học) và (xem Phụ lục)").is_empty(),
        "a remark in brackets is not an abbreviation"
    );
}

#[test]
fn subjects_name_the_office() {
    use super::phrases::subject;
    let s = |t: &str| subject(t).map(|(s, _)| s);
    assert_eq!(
        s("Hội đồng Thi đua - Khen thưởng phường phân công rõ trách nhiệm").as_deref(),
        Some("Hội đồng Thi đua - Khen thưởng phường")
    );
    assert_eq!(
        s("Hằng năm, phòng Văn hóa – Xã hội (cơ quan thường trực) phối hợp kiểm tra").as_deref(),
        Some("phòng Văn hóa – Xã hội")
    );
    assert_eq!(
        s("Trung tâm Dịch vụ tổng hợp: phối hợp Ban Xây dựng đảng").as_deref(),
        Some("Trung tâm Dịch vụ tổng hợp")
    );
    assert_eq!(s("Chủ trì triển khai và đôn đốc"), None);
}

// ---------------------------------------------------------------- the directory

#[test]
fn communes_are_found_in_the_directory() {
    let exact = lookup_commune("Hồng Vân", Some(crate::directory::CommuneKind::Xa), "");
    assert_eq!(exact.commune.map(|c| c.code.as_str()), Some("10210"));
    assert!(exact.sure && exact.note.is_none());

    let capitals = lookup_commune("HỒNG VÂN", None, "");
    assert_eq!(capitals.commune.map(|c| c.code.as_str()), Some("10210"));
    assert!(capitals.sure);

    let unmarked = lookup_commune("Hong Van", None, "");
    assert_eq!(unmarked.commune.map(|c| c.code.as_str()), Some("10210"));

    // Two "Xã Phú Tân" (An Giang, Cà Mau): the province the plan names decides.
    let an_giang = lookup_commune(
        "Phú Tân",
        Some(crate::directory::CommuneKind::Xa),
        "ke hoach cua ubnd tinh an giang",
    );
    assert_eq!(an_giang.commune.map(|c| c.code.as_str()), Some("30406"));
    assert!(an_giang.sure);
    let unknown = lookup_commune("Phú Tân", Some(crate::directory::CommuneKind::Xa), "");
    assert!(!unknown.sure && unknown.note.unwrap().contains("cùng tên"));
}

#[test]
fn a_misspelt_commune_is_flagged_with_the_nearest_name() {
    let near = lookup_commune("Quảng Trách", Some(crate::directory::CommuneKind::Xa), "");
    assert!(!near.sure);
    assert_eq!(near.commune.map(|c| c.code.as_str()), Some("19057"));
    let note = near.note.unwrap();
    assert!(
        note.contains("Quảng Trách") && note.contains("Xã Quảng Trạch") && note.contains("19057"),
        "{note}"
    );

    let typo = lookup_commune("Hồng Vânn", Some(crate::directory::CommuneKind::Xa), "");
    assert!(!typo.sure);
    assert_eq!(typo.commune.map(|c| c.code.as_str()), Some("10210"));

    let none = lookup_commune("Không Có Thật", None, "");
    assert!(none.commune.is_none() && !none.sure);
}

#[test]
fn a_near_miss_in_a_document_is_flagged_not_accepted() {
    let text = SEEDS[2].text.replace("Vĩnh Linh", "Quảng Trách");
    let found = read_plan(&blocks_from_text(&text)).unwrap();
    assert_eq!(found.plan.authority.code, "19057");
    let f = found.fields.iter().find(|f| f.field == "authority.code").unwrap();
    assert!(!f.sure);
    assert!(f.note.as_deref().unwrap().contains("Quảng Trạch"));
    // The plan carries the directory's name; the document's own spelling stays beside it.
    assert_eq!(found.plan.authority.name, "Ủy ban nhân dân xã Quảng Trạch");
    assert_eq!(
        found.plan.authority.name_as_issued.as_deref(),
        Some("Ủy ban nhân dân xã Quảng Trách")
    );
}

#[test]
fn the_plan_keeps_its_own_order_of_parts_and_duty_numbers() {
    use crate::plan::PlanPart;
    let usual = read_plan(&blocks_from_text(OTHER_PLAN)).unwrap().plan;
    assert!(
        usual.part_order.is_empty(),
        "skipping parts is not another order: {:?}",
        usual.part_order
    );
    assert_eq!(
        usual.duties.iter().map(|d| d.code.as_deref()).collect::<Vec<_>>(),
        vec![Some("1"), Some("2"), Some("3")]
    );
    // The same plan with its commendation part after the duties.
    let start = OTHER_PLAN.find("IV. KHEN THƯỞNG").unwrap();
    let end = OTHER_PLAN.find("V. TỔ CHỨC THỰC HIỆN").unwrap();
    let tail = OTHER_PLAN.find("Trên đây là").unwrap();
    let moved = format!(
        "{}{}{}{}",
        &OTHER_PLAN[..start],
        OTHER_PLAN[end..tail].replacen("V. TỔ CHỨC", "IV. TỔ CHỨC", 1),
        OTHER_PLAN[start..end].replacen("IV. KHEN", "V. KHEN", 1),
        &OTHER_PLAN[tail..]
    );
    let plan = read_plan(&blocks_from_text(&moved)).unwrap().plan;
    assert_eq!(
        plan.part_order,
        vec![
            PlanPart::Purposes,
            PlanPart::Participants,
            PlanPart::Content,
            PlanPart::Duties,
            PlanPart::Commendation
        ]
    );
    assert_eq!(plan.awards.len(), usual.awards.len());
}

// ---------------------------------------------------------------- a plan unlike the seeds

/// A ward's plan with other parts, in another order and other words: goals first, participants
/// as "Đối tượng, phạm vi", content numbered 1. 2. 3., awards before the duties, no "Thực hiện".
const OTHER_PLAN: &str = "ỦY BAN NHÂN DÂN
PHƯỜNG HOÀN KIẾM
Số: 12/KH-UBND
Hoàn Kiếm, ngày 05 tháng 9 năm 2025
KẾ HOẠCH
Phát động phong trào thi đua “Hoàn Kiếm chung sức xây dựng đô thị văn minh”
giai đoạn 2025-2027
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Ủy ban nhân dân phường Hoàn Kiếm ban hành Kế hoạch phát động phong trào thi đua như sau:
I. MỤC TIÊU
- Xây dựng các tuyến phố văn minh, sạch đẹp trên toàn phường.
- 100% tổ dân phố đăng ký thi đua.
II. ĐỐI TƯỢNG, PHẠM VI
1. Tập thể: các tổ dân phố, các trường học, các đơn vị thuộc phường.
2. Cá nhân: cán bộ, công chức phường và Nhân dân trên địa bàn.
III. NỘI DUNG
Các tổ dân phố tập trung thi đua thực hiện các nội dung sau:
1. Giữ gìn vệ sinh môi trường, không xả rác nơi công cộng.
2. Xây dựng nếp sống văn minh, ứng xử thanh lịch, giữ gìn truyền thống văn hóa của người
Hà Nội trong mỗi gia đình.
3. Bảo đảm trật tự, an toàn giao thông trên các tuyến phố.
IV. KHEN THƯỞNG
1. Khen thưởng hằng năm
Chủ tịch UBND phường tặng Giấy khen cho các tập thể, cá nhân tiêu biểu (không quá 03 tập thể, 05 cá nhân).
2. Khen thưởng tổng kết
Đề nghị Chủ tịch UBND Thành phố tặng Bằng khen cho tập thể, cá nhân xuất sắc (không quá 01 tập thể, 02 cá nhân).
V. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND phường (cơ quan thường trực)
- Hướng dẫn các tổ dân phố đăng ký thi đua trước ngày 30/9/2025.
- Tổng hợp kết quả, báo cáo Ủy ban nhân dân phường trước ngày 10/12 hằng năm.
2. Các tổ dân phố
- Gửi hồ sơ đề nghị khen thưởng về Văn phòng HĐND và UBND phường trước ngày 15/12 hằng năm.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường phối hợp tuyên truyền, vận động Nhân dân hưởng ứng phong trào.
Trên đây là Kế hoạch phát động phong trào thi đua của Ủy ban nhân dân phường Hoàn Kiếm./.
Nơi nhận:
- UBND Thành phố;
- Các tổ dân phố;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An";

#[test]
fn a_plan_in_another_order_and_wording_is_read() {
    let x = read_plan(&blocks_from_text(OTHER_PLAN)).unwrap();
    let p = &x.plan;
    assert_eq!(p.authority.code, "00070");
    assert_eq!(p.authority.name, "Ủy ban nhân dân phường Hoàn Kiếm");
    assert_eq!((p.document.number, p.document.symbol.as_str()), (Some(12), "KH-UBND"));
    assert_eq!(
        (p.document.place.as_str(), p.document.date.as_deref()),
        ("Hoàn Kiếm", Some("2025-09-05"))
    );
    assert_eq!(
        p.document.title,
        "Phát động phong trào thi đua “Hoàn Kiếm chung sức xây dựng đô thị văn minh” giai đoạn 2025-2027"
    );
    assert_eq!(p.movement, "Hoàn Kiếm chung sức xây dựng đô thị văn minh");
    assert_eq!((p.period.start_year, p.period.end_year), (2025, 2027));
    assert_eq!(p.legal_bases.len(), 1);
    assert_eq!(
        p.legal_bases[0].text,
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    );
    assert!(p.preamble.starts_with("Ủy ban nhân dân phường Hoàn Kiếm ban hành"));
    assert_eq!(p.goals.len(), 2);
    assert!(p.purposes.is_empty() && p.requirements.is_empty());
    assert_eq!(
        p.participants.collectives,
        "các tổ dân phố, các trường học, các đơn vị thuộc phường."
    );
    assert_eq!(
        p.participants.individuals,
        "cán bộ, công chức phường và Nhân dân trên địa bàn."
    );
    assert_eq!(
        p.content_intro.as_deref(),
        Some("Các tổ dân phố tập trung thi đua thực hiện các nội dung sau:")
    );
    let codes: Vec<&str> = p.content_areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, vec!["1", "2", "3"]);
    assert_eq!(
        p.content_areas[1].text,
        "Xây dựng nếp sống văn minh, ứng xử thanh lịch, giữ gìn truyền thống văn hóa của người Hà Nội trong mỗi gia đình."
    );
    assert_eq!(p.commendation.len(), 2);
    let awards: Vec<(AwardForm, Vec<Occasion>, Option<Quota>)> = p
        .awards
        .iter()
        .map(|a| (a.form, a.occasions.clone(), a.quota.clone()))
        .collect();
    assert_eq!(
        awards,
        vec![
            (
                AwardForm::GiayKhenChuTichXa,
                vec![Occasion::Annual],
                Some(Quota {
                    collective: Some(3),
                    individual: Some(5)
                })
            ),
            (
                AwardForm::BangKhenChuTichTinh,
                vec![Occasion::TongKet],
                Some(Quota {
                    collective: Some(1),
                    individual: Some(2)
                })
            ),
        ]
    );
    let deadlines: Vec<(DeadlineKind, u32, u32, bool, Option<i32>)> = p
        .deadlines
        .iter()
        .map(|d| (d.kind, d.day, d.month, d.yearly, d.year))
        .collect();
    assert_eq!(
        deadlines,
        vec![
            (DeadlineKind::Registration, 30, 9, false, Some(2025)),
            (DeadlineKind::UnitReport, 10, 12, true, None),
            (DeadlineKind::Nomination, 15, 12, true, None),
        ]
    );
    let duties: Vec<(&str, bool, bool, usize)> = p
        .duties
        .iter()
        .map(|d| (d.office.as_str(), d.standing_body, d.requested, d.tasks.len()))
        .collect();
    assert_eq!(
        duties,
        vec![
            ("Văn phòng HĐND và UBND phường", true, false, 2),
            ("Các tổ dân phố", false, false, 1),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", false, true, 1),
        ]
    );
    assert_eq!(p.deadlines[2].to, "Văn phòng HĐND và UBND phường");
    assert_eq!(p.closing.len(), 1);
    assert_eq!(p.recipients, vec!["UBND Thành phố", "Các tổ dân phố", "Lưu: VT."]);
    assert_eq!(p.signature.authority.as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
    assert_eq!(
        (p.signature.position.as_str(), p.signature.name.as_str()),
        ("CHỦ TỊCH", "Nguyễn Văn An")
    );
    assert!(p.criteria_groups.is_empty() && p.phases.is_empty());
    assert!(x.not_understood.is_empty(), "{:?}", x.not_understood);
}

#[test]
fn criteria_groups_get_snake_ids_and_kinds() {
    use super::sections::group_id;
    assert_eq!(group_id("Đối với các cơ quan, đơn vị"), "co_quan_don");
    assert_eq!(
        group_id("Đối với Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội xã"),
        "mttq_doan_the"
    );
    assert_eq!(group_id("Đối với Ủy ban nhân dân phường"), "ubnd_phuong");
    let x = read_plan(&blocks_from_text(SEEDS[0].text)).unwrap();
    let kinds: Vec<ParticipantKind> = x.plan.criteria_groups.iter().map(|g| g.kind).collect();
    assert_eq!(kinds[3], ParticipantKind::Individual);
    assert!(x.plan.criteria_groups.iter().all(|g| {
        g.id.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }));
}

// ---------------------------------------------------------------- not a plan, garbage, size

#[test]
fn a_document_that_is_not_a_plan_is_refused_in_vietnamese() {
    let e = read_plan(&[]).unwrap_err();
    assert!(e.0.contains("quá ít"), "{}", e.0);
    let letter = "Kính gửi: Ủy ban nhân dân xã.\n".repeat(3)
        + &"Đơn vị chúng tôi xin báo cáo tình hình thực hiện nhiệm vụ trong tháng.\n".repeat(20);
    let e = read_plan(&blocks_from_text(&letter)).unwrap_err();
    assert!(e.0.contains("KẾ HOẠCH"), "{}", e.0);
}

#[test]
fn garbage_never_panics() {
    let samples: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "KẾ HOẠCH\n".repeat(50),
        "I.\nII.\nIII.\na)\n-\n+\n1.\n1.1.\nNơi nhận:\nTM.\n".repeat(20),
        "I. A\n".repeat(30) + "Giai đoạn 1 (2030-2025): sơ kết vào năm 1999\nGiai đoạn x ()\n",
        "KẾ HOẠCH\n".to_owned()
            + &"II. TIÊU CHÍ\nĐối với :\n- xếp từ thứ 99999 đến 0\n- trước ngày 0/0/0 và quý IX\n".repeat(30),
        "\u{0}\u{feff}\u{202e}ǅ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 Ⅻ. ＫẾ ＨOẠCH (((((“““\n".repeat(40),
        "KẾ HOẠCH\n".to_owned() + &"đ) Đề nghị : (không quá tập thể, cá nhân đối với Bằng khen)\n".repeat(40),
        "Số: /\n, ngày tháng năm\nKẾ HOẠCH\nCăn cứ ;\nThực hiện ,\nI. NỘI DUNG\n1.\nNơi nhận:\n- \nTM.\nKT.\n"
            .repeat(3),
        "KẾ HOẠCH\nxã\nphường\nI. KHEN THƯỞNG\nGiấy khen\nCờ thi đua\n".repeat(10),
        "a".repeat(10_000),
        "ư̛̛̛̛̛̛̛̛̛̛".repeat(500),
    ];
    for s in samples {
        let blocks = blocks_from_text(&s);
        let _ = read_plan(&blocks);
    }
    // Blocks as a Word reader gives them: marks outside the text, cells, empty paragraphs.
    let blocks: Vec<Block> = (0..40)
        .map(|i| Block {
            text: if i % 3 == 0 {
                String::new()
            } else {
                format!("Đoạn {i}")
            },
            list_mark: (i % 2 == 0).then(|| ["-", "a)", "1.", "IV.", "•", "???"][i % 6].to_owned()),
            cell: (i > 35).then_some((0, (i % 2) as u16)),
            ..Block::default()
        })
        .collect();
    let _ = read_plan(&blocks);
}

#[test]
fn a_huge_text_is_read_to_the_end() {
    // About 4 MB (uploads stop at 10 MB): the seeds over and over, then one long line with no
    // break. The reader is linear; a quadratic one would not finish this in the suite's time.
    let size: usize = std::env::var("HUGE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    let mut text = String::new();
    while text.len() < size * 1_000_000 {
        for s in &SEEDS {
            text.push_str(s.text);
            text.push('\n');
        }
    }
    text.push_str(&"trước ngày 15/11 hằng năm không quá 02 tập thể “(Giấy khen trình ".repeat(size * 1_000));
    let blocks = blocks_from_text(&text);
    assert!(blocks.len() > 1000);
    assert!(read_plan(&blocks).is_ok());
}
