//! Periodic reports: the periods a plan implies, the report form derived from the plan, its
//! states, lateness, and the commune's roll-up to the province.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use crate::calendar::{due_date, late_from};
use crate::plan::{DeadlineKind, Plan, Review};

/// What a reporting year is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Annual,
    SoKet,
    TongKet,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Annual => "annual",
            Self::SoKet => "so_ket",
            Self::TongKet => "tong_ket",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Annual, Self::SoKet, Self::TongKet]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Annual => "Báo cáo hằng năm",
            Self::SoKet => "Báo cáo sơ kết",
            Self::TongKet => "Báo cáo tổng kết",
        }
    }
}

/// Where a period's due dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueSource {
    /// The plan states the deadline.
    Plan,
    /// The plan is silent; the commune's standing office set it (or kept the default).
    Commune,
}

impl DueSource {
    pub fn code(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Commune => "commune",
        }
    }
}

/// A reporting period as the plan implies it for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodSchedule {
    pub year: i32,
    pub kind: PeriodKind,
    pub registration_due: Option<Date>,
    pub unit_due: Date,
    pub province_due: Date,
    pub source: DueSource,
}

/// When a plan names no deadline for units' reports: ten days before the report to the
/// province where the plan gives that one, else 30/11 (see docs/adr/0005).
const DEFAULT_UNIT_DUE: (u8, u8) = (30, 11);
/// Days between the units' deadline and the commune's report to the province when the plan
/// gives only one of them.
const ROLLUP_DAYS: i64 = 10;

/// The period of `year`, or None when the year is outside the plan.
pub fn schedule(plan: &Plan, year: i32) -> Option<PeriodSchedule> {
    if year < plan.period.start_year || year > plan.period.end_year {
        return None;
    }
    let kind = plan
        .phases
        .iter()
        .find(|p| p.review_year == year)
        .map_or(PeriodKind::Annual, |p| match p.review {
            Review::SoKet => PeriodKind::SoKet,
            Review::TongKet => PeriodKind::TongKet,
        });
    let due = |kind: DeadlineKind| {
        plan.deadlines
            .iter()
            .filter(|d| d.kind == kind)
            .find_map(|d| due_date(d, year))
    };
    let unit = due(DeadlineKind::UnitReport);
    let province = due(DeadlineKind::ReportToProvince);
    let (unit_due, province_due, source) = match (unit, province) {
        (Some(u), Some(p)) => (u, p, DueSource::Plan),
        (Some(u), None) => (u, u + Duration::days(ROLLUP_DAYS), DueSource::Plan),
        (None, Some(p)) => (p - Duration::days(ROLLUP_DAYS), p, DueSource::Plan),
        (None, None) => {
            let (d, m) = DEFAULT_UNIT_DUE;
            let u = Date::from_calendar_date(year, time::Month::try_from(m).ok()?, d).ok()?;
            (u, u + Duration::days(ROLLUP_DAYS), DueSource::Commune)
        }
    };
    Some(PeriodSchedule {
        year,
        kind,
        registration_due: due(DeadlineKind::Registration),
        unit_due,
        province_due,
        source,
    })
}

/// A figure every unit reports each period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndicatorDef {
    pub code: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
}

/// The numeric indicators of a report, the same for every plan: what the movement counts
/// nationally (QĐ 923/QĐ-TTg, Bình dân học vụ số).
pub const INDICATORS: [IndicatorDef; 6] = [
    IndicatorDef {
        code: "tap_huan_ky_nang_so",
        label: "Số người được tập huấn, phổ cập kỹ năng số",
        unit: "người",
    },
    IndicatorDef {
        code: "dvc_truc_tuyen",
        label: "Số hồ sơ dịch vụ công trực tuyến đã thực hiện",
        unit: "hồ sơ",
    },
    IndicatorDef {
        code: "sang_kien",
        label: "Số sáng kiến, giải pháp, mô hình mới",
        unit: "sáng kiến",
    },
    IndicatorDef {
        code: "tuyen_truyen",
        label: "Số buổi tuyên truyền, phổ biến về chuyển đổi số",
        unit: "buổi",
    },
    IndicatorDef {
        code: "dinh_danh_dien_tu",
        label: "Số tài khoản định danh điện tử được kích hoạt",
        unit: "tài khoản",
    },
    IndicatorDef {
        code: "thanh_toan_khong_tien_mat",
        label: "Số người sử dụng thanh toán không dùng tiền mặt",
        unit: "người",
    },
];

pub fn indicator(code: &str) -> Option<&'static IndicatorDef> {
    INDICATORS.iter().find(|i| i.code == code)
}

/// Largest figure accepted in a report: more than the population of the country.
pub const MAX_FIGURE: u64 = 1_000_000_000;
/// Longest text per section.
pub const MAX_SECTION_CHARS: usize = 20_000;

/// The content of a report: one text per content area of the plan, the indicators, and an
/// overall assessment with proposals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportBody {
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub indicators: BTreeMap<String, u64>,
    #[serde(default)]
    pub assessment: String,
}

/// A field of a form and what is wrong with it, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Names of form fields: `area_<code>`, `ind_<code>`, `assessment`.
pub fn area_field(code: &str) -> String {
    format!("area_{code}")
}

pub fn indicator_field(code: &str) -> String {
    format!("ind_{code}")
}

/// A report as typed: the text of each content area and each indicator's figure, by code,
/// and the closing assessment. Read once from the page (`area_<code>`, `ind_<code>`,
/// `assessment`; other fields, the CSRF token and buttons, are not the report's) or built by
/// the API from its JSON; [`read_report_form`] judges it against the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportForm {
    pub sections: BTreeMap<String, String>,
    pub indicators: BTreeMap<String, String>,
    pub assessment: String,
}

impl ReportForm {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        for (k, v) in pairs {
            let v = v.trim().to_owned();
            if let Some(code) = k.strip_prefix("area_") {
                form.sections.entry(code.to_owned()).or_insert(v);
            } else if let Some(code) = k.strip_prefix("ind_") {
                form.indicators.entry(code.to_owned()).or_insert(v);
            } else if k == "assessment" && form.assessment.is_empty() {
                form.assessment = v;
            }
        }
        form
    }
}

/// Judges a report form against the plan: every bad value is reported with the field it came
/// from; areas the plan does not have are not the report's.
pub fn read_report_form(plan: &Plan, form: &ReportForm) -> Result<ReportBody, Vec<FieldError>> {
    let mut body = ReportBody::default();
    let mut errors = Vec::new();
    for area in &plan.content_areas {
        let field = area_field(&area.code);
        let text = crate::text::nfc(form.sections.get(&area.code).map_or("", String::as_str));
        if text.chars().count() > MAX_SECTION_CHARS {
            errors.push(FieldError {
                message: format!(
                    "Nội dung {}) «{}»: dài quá {MAX_SECTION_CHARS} ký tự.",
                    area.code, area.title
                ),
                field,
            });
        } else if !text.is_empty() {
            body.sections.insert(area.code.clone(), text);
        }
    }
    for def in &INDICATORS {
        let field = indicator_field(def.code);
        let raw = form.indicators.get(def.code).map_or("", String::as_str);
        if raw.is_empty() {
            continue;
        }
        // People type thousands with dots or spaces ("1.250").
        let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
        match digits.parse::<u64>() {
            Ok(n) if n <= MAX_FIGURE => {
                body.indicators.insert(def.code.to_owned(), n);
            }
            _ => errors.push(FieldError {
                message: format!(
                    "Chỉ tiêu «{}»: phải là số nguyên không âm, không quá 1 tỷ (đã nhập «{raw}»).",
                    def.label
                ),
                field,
            }),
        }
    }
    let assessment = crate::text::nfc(&form.assessment);
    if assessment.chars().count() > MAX_SECTION_CHARS {
        errors.push(FieldError {
            field: "assessment".to_owned(),
            message: format!("Đánh giá chung, kiến nghị: dài quá {MAX_SECTION_CHARS} ký tự."),
        });
    }
    body.assessment = assessment;
    if errors.is_empty() { Ok(body) } else { Err(errors) }
}

impl ReportBody {
    /// What must be filled in before a report can be submitted.
    pub fn missing_for_submission(&self, plan: &Plan) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.sections.is_empty() {
            let first = plan.content_areas.first().map_or("a", |a| a.code.as_str());
            out.push(FieldError {
                field: area_field(first),
                message: "Báo cáo chưa có nội dung: hãy ghi kết quả ở ít nhất một nội dung thi đua.".to_owned(),
            });
        }
        out
    }
}

/// Seconds past the end of the due day in Vietnam, or 0 when on time.
pub fn late_seconds(due: Date, at: OffsetDateTime) -> i64 {
    (at - late_from(due)).whole_seconds().max(0)
}

/// "trễ 2 ngày 3 giờ", "trễ 40 phút"; empty when on time.
pub fn late_label(seconds: i64) -> String {
    if seconds <= 0 {
        return String::new();
    }
    let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60);
    match (days, hours) {
        (0, 0) => format!("trễ {} phút", minutes.max(1)),
        (0, h) => format!("trễ {h} giờ"),
        (d, 0) => format!("trễ {d} ngày"),
        (d, h) => format!("trễ {d} ngày {h} giờ"),
    }
}

/// Where a unit's report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Not started: no row yet.
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Accepted,
}

impl ReportStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Accepted => "accepted",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::NotStarted,
            Self::Draft,
            Self::Submitted,
            Self::Returned,
            Self::Accepted,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Chưa lập",
            Self::Draft => "Đang soạn",
            Self::Submitted => "Đã gửi, chờ tiếp nhận",
            Self::Returned => "Bị trả lại để bổ sung",
            Self::Accepted => "Đã tiếp nhận",
        }
    }

    /// The unit may edit its working copy and submit.
    pub fn editable(self) -> bool {
        matches!(self, Self::NotStarted | Self::Draft | Self::Returned)
    }

    /// The unit has sent something the commune can count.
    pub fn counted(self) -> bool {
        matches!(self, Self::Submitted | Self::Accepted)
    }
}

/// One unit's latest submitted report, as the roll-up reads it.
#[derive(Debug, Clone)]
pub struct UnitReport<'a> {
    pub unit_name: &'a str,
    pub status: ReportStatus,
    pub late_seconds: i64,
    pub body: Option<&'a ReportBody>,
}

/// The commune's summary to the province, assembled from the units' reports and then edited
/// by the standing office before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollupBody {
    pub totals: BTreeMap<String, u64>,
    /// Per content area code: the units' texts, one paragraph each ("Thôn Đông: …").
    pub sections: BTreeMap<String, String>,
    pub units_total: u32,
    pub units_reported: u32,
    /// "Thôn Bắc (trễ 2 ngày)".
    pub late: Vec<String>,
    pub missing: Vec<String>,
    pub assessment: String,
}

/// Adds up the units' reports: totals of every indicator, every area's texts, who is late,
/// who has not reported.
pub fn assemble_rollup(plan: &Plan, reports: &[UnitReport<'_>]) -> RollupBody {
    let mut out = RollupBody {
        units_total: u32::try_from(reports.len()).unwrap_or(u32::MAX),
        ..RollupBody::default()
    };
    for def in &INDICATORS {
        out.totals.insert(def.code.to_owned(), 0);
    }
    for r in reports {
        let body = match (r.status.counted(), r.body) {
            (true, Some(body)) => body,
            _ => {
                out.missing.push(r.unit_name.to_owned());
                continue;
            }
        };
        out.units_reported += 1;
        if r.late_seconds > 0 {
            out.late
                .push(format!("{} ({})", r.unit_name, late_label(r.late_seconds)));
        }
        for (code, n) in &body.indicators {
            *out.totals.entry(code.clone()).or_default() += n;
        }
        for area in &plan.content_areas {
            if let Some(text) = body.sections.get(&area.code) {
                let section = out.sections.entry(area.code.clone()).or_default();
                if !section.is_empty() {
                    section.push_str("\n\n");
                }
                section.push_str(&format!("{}: {}", r.unit_name, text));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_plan;
    use time::macros::{date, datetime};

    fn seed(name: &str) -> Plan {
        let path = format!("{}/../../plans/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        parse_plan(&path, &bytes).unwrap().plan
    }

    #[test]
    fn each_seed_plan_gives_its_own_report_deadlines() {
        // "trước ngày 15/11": the 14th is the last day on time.
        let hong_van = schedule(&seed("10210-hong-van"), 2026).unwrap();
        assert_eq!(
            (hong_van.unit_due, hong_van.source),
            (date!(2026 - 11 - 14), DueSource::Plan)
        );
        let long_my = schedule(&seed("31471-long-my"), 2026).unwrap();
        assert_eq!(long_my.unit_due, date!(2026 - 12 - 04));
        // Vĩnh Linh gives only the report to the province (before 15/11): units report ten days
        // earlier.
        let vinh_linh = schedule(&seed("19363-vinh-linh"), 2026).unwrap();
        assert_eq!(
            (vinh_linh.unit_due, vinh_linh.province_due),
            (date!(2026 - 11 - 04), date!(2026 - 11 - 14))
        );
        // Phú Tân states no date: the commune's default applies and says so.
        let phu_tan = schedule(&seed("30406-phu-tan"), 2026).unwrap();
        assert_eq!(
            (phu_tan.unit_due, phu_tan.province_due, phu_tan.source),
            (date!(2026 - 11 - 30), date!(2026 - 12 - 10), DueSource::Commune)
        );
    }

    #[test]
    fn review_years_are_so_ket_and_tong_ket() {
        let plan = seed("30406-phu-tan");
        assert_eq!(schedule(&plan, 2026).unwrap().kind, PeriodKind::Annual);
        assert_eq!(schedule(&plan, 2027).unwrap().kind, PeriodKind::SoKet);
        assert_eq!(schedule(&plan, 2030).unwrap().kind, PeriodKind::TongKet);
        assert_eq!(schedule(&plan, 2031), None);
        assert_eq!(schedule(&plan, 2024), None);
    }

    #[test]
    fn a_report_is_late_from_midnight_in_vietnam() {
        let due = date!(2026 - 11 - 15);
        assert_eq!(late_seconds(due, datetime!(2026-11-15 23:59:59 +07:00)), 0);
        assert_eq!(late_seconds(due, datetime!(2026-11-16 00:00:00 +07:00)), 0);
        assert_eq!(late_seconds(due, datetime!(2026-11-16 00:00:01 +07:00)), 1);
        // 23:30 UTC on the 15th is already 06:30 on the 16th in Vietnam.
        assert_eq!(late_seconds(due, datetime!(2026-11-15 23:30:00 UTC)), 6 * 3600 + 1800);
        assert_eq!(late_seconds(due, datetime!(2026-11-15 16:59:59 UTC)), 0);
        assert_eq!(late_label(6 * 3600 + 1800), "trễ 6 giờ");
        assert_eq!(late_label(2 * 86_400 + 3 * 3600), "trễ 2 ngày 3 giờ");
        assert_eq!(late_label(59), "trễ 1 phút");
        assert_eq!(late_label(0), "");
    }

    #[test]
    fn a_deadline_on_29_february_falls_on_28_february_in_common_years() {
        let mut plan = seed("10210-hong-van");
        for d in &mut plan.deadlines {
            if d.kind == DeadlineKind::UnitReport {
                (d.day, d.month, d.bound) = (29, 2, crate::plan::DueBound::Through);
            }
        }
        assert_eq!(schedule(&plan, 2028).unwrap().unit_due, date!(2028 - 02 - 29));
        assert_eq!(schedule(&plan, 2027).unwrap().unit_due, date!(2027 - 02 - 28));
        assert_eq!(
            late_seconds(date!(2028 - 02 - 29), datetime!(2028-02-29 23:59:59 +07:00)),
            0
        );
        assert!(late_seconds(date!(2027 - 02 - 28), datetime!(2027-03-01 00:00:01 +07:00)) > 0);
    }

    #[test]
    fn a_plan_starting_in_2026_has_no_2025_period() {
        let mut plan = seed("31471-long-my");
        plan.period.start_year = 2026;
        assert_eq!(schedule(&plan, 2025), None);
        assert_eq!(schedule(&plan, 2026).unwrap().unit_due, date!(2026 - 12 - 04));
    }

    fn pairs(items: &[(&str, &str)]) -> ReportForm {
        let pairs: Vec<(String, String)> = items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        ReportForm::from_form(&pairs)
    }

    #[test]
    fn the_form_names_every_bad_figure() {
        let plan = seed("30406-phu-tan");
        let errors = read_report_form(
            &plan,
            &pairs(&[
                ("area_1", "Đã tổ chức"),
                ("ind_sang_kien", "ba"),
                ("ind_dvc_truc_tuyen", "-4"),
            ]),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["ind_dvc_truc_tuyen", "ind_sang_kien"]);
        assert!(errors[1].message.contains("Số sáng kiến, giải pháp, mô hình mới"));
        assert!(errors[1].message.contains("«ba»"));
        let body = read_report_form(&plan, &pairs(&[("area_1", " Đã tổ chức "), ("ind_sang_kien", "1.250")])).unwrap();
        assert_eq!(body.sections["1"], "Đã tổ chức");
        assert_eq!(body.indicators["sang_kien"], 1250);
        assert!(body.missing_for_submission(&plan).is_empty());
        assert_eq!(ReportBody::default().missing_for_submission(&plan).len(), 1);
    }

    #[test]
    fn the_rollup_adds_figures_and_names_late_and_missing_units() {
        let plan = seed("30406-phu-tan");
        let mut a = ReportBody::default();
        a.indicators.insert("sang_kien".into(), 2);
        a.sections.insert("1".into(), "Tuyên truyền 4 buổi".into());
        let mut b = ReportBody::default();
        b.indicators.insert("sang_kien".into(), 3);
        b.sections.insert("1".into(), "Tập huấn".into());
        let reports = [
            UnitReport {
                unit_name: "Ấp Phú Hữu",
                status: ReportStatus::Accepted,
                late_seconds: 0,
                body: Some(&a),
            },
            UnitReport {
                unit_name: "Trường Tiểu học",
                status: ReportStatus::Submitted,
                late_seconds: 90_000,
                body: Some(&b),
            },
            UnitReport {
                unit_name: "Công an xã",
                status: ReportStatus::Draft,
                late_seconds: 0,
                body: None,
            },
        ];
        let r = assemble_rollup(&plan, &reports);
        assert_eq!(r.totals["sang_kien"], 5);
        assert_eq!(r.totals["tuyen_truyen"], 0);
        assert_eq!((r.units_total, r.units_reported), (3, 2));
        assert_eq!(r.late, ["Trường Tiểu học (trễ 1 ngày 1 giờ)"]);
        assert_eq!(r.missing, ["Công an xã"]);
        assert_eq!(
            r.sections["1"],
            "Ấp Phú Hữu: Tuyên truyền 4 buổi\n\nTrường Tiểu học: Tập huấn"
        );
    }
}
