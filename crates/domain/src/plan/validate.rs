//! The rules a plan must satisfy beyond its shape.

use std::collections::HashSet;

use super::model::*;
use crate::awards::Occasion;
use crate::calendar::is_valid_day;
use crate::directory;
use crate::text::fold;

/// A rule that failed: the field path, a Vietnamese message, and whether it only warns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub message: String,
    pub warning: bool,
}

#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding {
            path: path.into(),
            message: message.into(),
            warning: false,
        });
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding {
            path: path.into(),
            message: message.into(),
            warning: true,
        });
    }

    fn text(&mut self, path: impl Into<String>, value: &str) {
        if value.trim().is_empty() {
            self.error(path, "không được để trống");
        }
    }

    fn not_empty<T>(&mut self, path: &str, items: &[T]) {
        if items.is_empty() {
            self.error(path, "cần ít nhất một mục");
        }
    }
}

/// Checks every rule; an empty list means the plan is valid.
pub fn validate(plan: &Plan) -> Vec<Finding> {
    let mut f = Findings::default();
    if plan.format != 1 {
        f.error(
            "format",
            format!("phiên bản định dạng {} chưa được hỗ trợ; dùng format = 1", plan.format),
        );
    }
    if plan.revision == 0 {
        f.error("revision", "lần ban hành bắt đầu từ 1");
    }
    authority(plan, &mut f);
    document(plan, &mut f);
    let Period { start_year, end_year } = plan.period;
    if !(2000..=2100).contains(&start_year) || !(2000..=2100).contains(&end_year) {
        f.error("period", "năm phải nằm trong khoảng 2000–2100");
    } else if start_year > end_year {
        f.error(
            "period.end_year",
            format!("năm kết thúc {end_year} trước năm bắt đầu {start_year}"),
        );
    }
    f.text("movement", &plan.movement);
    f.text("preamble", &plan.preamble);
    for (i, b) in plan.legal_bases.iter().enumerate() {
        f.text(format!("legal_bases[{i}].text"), &b.text);
    }
    // Some plans have no "Đối tượng" part: everyone in the commune takes part.
    if plan.participants.collectives.trim().is_empty() && plan.participants.individuals.trim().is_empty() {
        f.warn(
            "participants",
            "kế hoạch không nêu đối tượng thi đua; hiểu là mọi cơ quan, đơn vị, cá nhân trong xã",
        );
    }
    let mut shorts = HashSet::new();
    for (i, a) in plan.abbreviations.iter().enumerate() {
        f.text(format!("abbreviations[{i}].short"), &a.short);
        f.text(format!("abbreviations[{i}].full"), &a.full);
        if !shorts.insert(a.short.trim()) {
            f.error(
                format!("abbreviations[{i}].short"),
                format!("«{}» đã được định nghĩa", a.short),
            );
        }
    }
    let mut parts = HashSet::new();
    for (i, p) in plan.part_order.iter().enumerate() {
        if !parts.insert(*p) {
            f.error(format!("part_order[{i}]"), format!("phần «{}» bị lặp lại", p.label()));
        }
    }
    content_areas(plan, &mut f);
    phases(plan, &mut f);
    criteria(plan, &mut f);
    awards(plan, &mut f);
    deadlines(plan, &mut f);
    f.not_empty("duties", &plan.duties);
    for (i, d) in plan.duties.iter().enumerate() {
        f.text(format!("duties[{i}].office"), &d.office);
        f.not_empty(&format!("duties[{i}].tasks"), &d.tasks);
    }
    if plan.duties.iter().filter(|d| d.standing_body).count() > 1 {
        f.error(
            "duties",
            "chỉ một cơ quan là cơ quan thường trực (standing_body = true)",
        );
    }
    f.not_empty("recipients", &plan.recipients);
    f.text("signature.position", &plan.signature.position);
    f.text("signature.name", &plan.signature.name);
    f.0
}

fn authority(plan: &Plan, f: &mut Findings) {
    let code = &plan.authority.code;
    if !directory::is_commune_code(code) {
        f.error(
            "authority.code",
            format!("mã xã `{code}` phải gồm đúng 5 chữ số (theo QĐ 19/2025/QĐ-TTg)"),
        );
        return;
    }
    match directory::national().commune(code) {
        None => f.error(
            "authority.code",
            format!("không có xã, phường, đặc khu nào mang mã `{code}` trong danh mục"),
        ),
        Some(c) => {
            if !format!(" {} ", fold(&plan.authority.name)).contains(&format!(" {} ", fold(c.short_name()))) {
                f.warn(
                    "authority.name",
                    format!(
                        "tên “{}” không khớp với tên trong danh mục của mã {code}: “{}”",
                        plan.authority.name, c.name
                    ),
                );
            }
        }
    }
    f.text("authority.name", &plan.authority.name);
}

fn document(plan: &Plan, f: &mut Findings) {
    let d = &plan.document;
    f.text("document.symbol", &d.symbol);
    f.text("document.place", &d.place);
    f.text("document.title", &d.title);
    if d.number == Some(0) {
        f.error("document.number", "số văn bản bắt đầu từ 1; bỏ trống nếu chưa vào sổ");
    }
    if let Some(date) = &d.date {
        match crate::calendar::parse_iso_date(date) {
            None => f.error(
                "document.date",
                format!("ngày `{date}` không hợp lệ; viết theo dạng NNNN-TT-NN, ví dụ 2025-08-20"),
            ),
            Some(parsed) => {
                if d.year.is_some_and(|y| y != parsed.year()) {
                    f.error("document.year", "năm không khớp với ngày ban hành");
                }
            }
        }
    }
}

fn content_areas(plan: &Plan, f: &mut Findings) {
    f.not_empty("content_areas", &plan.content_areas);
    let mut seen = HashSet::new();
    for (i, a) in plan.content_areas.iter().enumerate() {
        f.text(format!("content_areas[{i}].code"), &a.code);
        f.text(format!("content_areas[{i}].title"), &a.title);
        f.text(format!("content_areas[{i}].text"), &a.text);
        if !seen.insert(a.code.as_str()) {
            f.error(
                format!("content_areas[{i}].code"),
                format!("mã nội dung `{}` bị trùng", a.code),
            );
        }
    }
}

fn phases(plan: &Plan, f: &mut Findings) {
    f.not_empty("phases", &plan.phases);
    let Period { start_year, end_year } = plan.period;
    let last = plan.phases.len().saturating_sub(1);
    for (i, p) in plan.phases.iter().enumerate() {
        let at = |field: &str| format!("phases[{i}].{field}");
        if p.number as usize != i + 1 {
            f.error(at("number"), format!("giai đoạn thứ {} phải mang số {}", i + 1, i + 1));
        }
        if p.start_year > p.end_year {
            f.error(at("end_year"), "giai đoạn kết thúc trước khi bắt đầu");
        }
        if p.start_year < start_year || p.end_year > end_year {
            f.error(
                at("start_year"),
                format!(
                    "giai đoạn {}–{} nằm ngoài thời gian của kế hoạch {start_year}–{end_year}",
                    p.start_year, p.end_year
                ),
            );
        }
        if !(p.start_year..=p.end_year).contains(&p.review_year) {
            f.error(
                at("review_year"),
                format!(
                    "năm sơ kết/tổng kết {} phải nằm trong giai đoạn {}–{}",
                    p.review_year, p.start_year, p.end_year
                ),
            );
        }
        if i > 0 && p.start_year < plan.phases[i - 1].end_year {
            f.error(
                at("start_year"),
                "giai đoạn sau không được bắt đầu trước khi giai đoạn trước kết thúc",
            );
        }
        let expected = if i == last { Review::TongKet } else { Review::SoKet };
        if p.review != expected {
            let want = if i == last {
                "tong_ket (giai đoạn cuối kết thúc bằng tổng kết)"
            } else {
                "so_ket (chỉ giai đoạn cuối là tổng kết)"
            };
            f.error(at("review"), format!("cần là {want}"));
        }
        f.text(at("description"), &p.description);
    }
    if let (Some(first), Some(final_phase)) = (plan.phases.first(), plan.phases.last()) {
        if first.start_year != start_year {
            f.error(
                "phases[0].start_year",
                format!("giai đoạn 1 phải bắt đầu từ năm {start_year} như thời gian của kế hoạch"),
            );
        }
        if final_phase.end_year != end_year {
            f.error(
                format!("phases[{last}].end_year"),
                format!("giai đoạn cuối phải kết thúc năm {end_year} như thời gian của kế hoạch"),
            );
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn criteria(plan: &Plan, f: &mut Findings) {
    f.not_empty("criteria_groups", &plan.criteria_groups);
    let mut ids = HashSet::new();
    for (i, g) in plan.criteria_groups.iter().enumerate() {
        if !is_identifier(&g.id) {
            f.error(
                format!("criteria_groups[{i}].id"),
                format!("mã nhóm `{}` chỉ gồm chữ thường không dấu, số và dấu _", g.id),
            );
        }
        if !ids.insert(g.id.as_str()) {
            f.error(
                format!("criteria_groups[{i}].id"),
                format!("mã nhóm `{}` bị trùng", g.id),
            );
        }
        f.text(format!("criteria_groups[{i}].name"), &g.name);
    }
    for (i, c) in plan.criteria.iter().enumerate() {
        if !ids.contains(c.group.as_str()) {
            f.error(
                format!("criteria[{i}].group"),
                format!("không có nhóm đối tượng `{}` trong criteria_groups", c.group),
            );
        }
        f.text(format!("criteria[{i}].text"), &c.text);
        if let Some(r) = &c.ranking {
            if r.top == 0 {
                f.error(format!("criteria[{i}].ranking.top"), "thứ hạng bắt đầu từ 1");
            }
            if r.from_year > r.to_year {
                f.error(
                    format!("criteria[{i}].ranking.to_year"),
                    "năm cuối của kỳ tính trung bình trước năm đầu",
                );
            }
        }
    }
    for (i, g) in plan.criteria_groups.iter().enumerate() {
        if !plan.criteria.iter().any(|c| c.group == g.id) {
            f.error(
                format!("criteria_groups[{i}]"),
                format!("nhóm `{}` chưa có tiêu chí nào", g.id),
            );
        }
    }
}

fn awards(plan: &Plan, f: &mut Findings) {
    f.not_empty("awards", &plan.awards);
    // Where each form was first declared for each occasion: a repeat is named once, against
    // the first, in linear time however many repeats a file has.
    let mut first: std::collections::HashMap<(crate::awards::AwardForm, Occasion), usize> =
        std::collections::HashMap::new();
    for (i, a) in plan.awards.iter().enumerate() {
        let at = |field: &str| format!("awards[{i}].{field}");
        f.text(at("name"), &a.name);
        if let Some(level) = a.level.filter(|l| *l != a.form.level()) {
            f.error(
                at("level"),
                format!(
                    "{} thuộc {}, không phải {}",
                    a.form.name(),
                    a.form.level().label().to_lowercase(),
                    level.label().to_lowercase()
                ),
            );
        }
        if a.occasions.is_empty() {
            f.error(
                at("occasions"),
                "cần ít nhất một dịp khen thưởng (annual, so_ket, tong_ket, dot_xuat)",
            );
        }
        let mut seen = HashSet::new();
        for o in &a.occasions {
            if !seen.insert(*o) {
                f.error(at("occasions"), format!("dịp `{}` bị lặp lại", occasion_code(*o)));
            }
        }
        let earlier = a
            .occasions
            .iter()
            .filter_map(|o| first.get(&(a.form, *o)).copied())
            .min();
        for o in &a.occasions {
            first.entry((a.form, *o)).or_insert(i);
        }
        if let Some(j) = earlier {
            f.error(
                at("occasions"),
                format!(
                    "hình thức `{}` đã được khai báo cho cùng dịp ở awards[{j}]",
                    a.form.code()
                ),
            );
        }
        if a.issuer.is_some() && a.form.decided_by_commune_or_above() {
            f.error(
                at("issuer"),
                format!(
                    "{} đã có người ký theo luật; chỉ ghi người ký với Giấy khen của Thủ trưởng cơ quan, đơn vị",
                    a.form.name()
                ),
            );
        }
        if let Some(q) = &a.quota {
            let who = a.form.recipients();
            if q.collective.is_none() && q.individual.is_none() {
                f.error(
                    at("quota"),
                    "ghi số lượng tối đa cho tập thể (collective) và/hoặc cá nhân (individual), hoặc bỏ quota",
                );
            }
            if q.collective.is_some() && !who.collective {
                f.error(
                    at("quota.collective"),
                    format!("{} không tặng cho tập thể", a.form.name()),
                );
            }
            if q.individual.is_some() && !who.individual {
                f.error(
                    at("quota.individual"),
                    format!("{} không tặng cho cá nhân", a.form.name()),
                );
            }
        }
    }
}

fn occasion_code(o: Occasion) -> &'static str {
    match o {
        Occasion::Annual => "annual",
        Occasion::SoKet => "so_ket",
        Occasion::TongKet => "tong_ket",
        Occasion::DotXuat => "dot_xuat",
    }
}

fn deadlines(plan: &Plan, f: &mut Findings) {
    let Period { start_year, end_year } = plan.period;
    for (i, d) in plan.deadlines.iter().enumerate() {
        let at = |field: &str| format!("deadlines[{i}].{field}");
        if !(1..=12).contains(&d.month) {
            f.error(at("month"), format!("tháng {} không hợp lệ (1–12)", d.month));
            continue;
        }
        // A yearly 29/02 is valid: in other years it falls on 28/02.
        let check_year = if d.yearly { 2028 } else { d.year.unwrap_or(2028) };
        if !is_valid_day(check_year, d.month, d.day) {
            f.error(
                at("day"),
                format!("ngày {:02}/{:02} không có trong lịch", d.day, d.month),
            );
        }
        match (d.yearly, d.year) {
            (true, Some(_)) => f.error(at("year"), "thời hạn hằng năm (yearly = true) không ghi năm"),
            (false, None) => f.error(at("year"), "thời hạn một lần (yearly = false) cần ghi năm"),
            (false, Some(y)) if !(start_year - 1..=end_year).contains(&y) => f.error(
                at("year"),
                format!("năm {y} nằm ngoài thời gian của kế hoạch {start_year}–{end_year}"),
            ),
            _ => {}
        }
        f.text(at("from"), &d.from);
        f.text(at("to"), &d.to);
        f.text(at("text"), &d.text);
        // The sentence decides whether the stated day is on time; say so where they disagree.
        let sentence = fold(&d.text);
        let says_before = sentence.contains("truoc ngay");
        let says_through = ["den het ngay", "cham nhat"].iter().any(|w| sentence.contains(w));
        match d.bound {
            DueBound::Through if says_before && !says_through => f.warn(
                at("bound"),
                "câu trong kế hoạch ghi «trước ngày» (hạn cuối là ngày hôm trước) nhưng thời hạn đặt là «đến hết ngày»",
            ),
            DueBound::Before if says_through && !says_before => f.warn(
                at("bound"),
                "câu trong kế hoạch ghi «đến hết ngày»/«chậm nhất» nhưng thời hạn đặt là «trước ngày»",
            ),
            _ => {}
        }
    }
}
