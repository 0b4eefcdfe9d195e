//! Initiatives ("sáng kiến, giải pháp, mô hình", issue #5): what a unit registers, the checks
//! its form must pass, and how reviewers' scorecards combine.

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::reporting::FieldError;
use crate::text::nfc;

/// What the paperwork calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeKind {
    SangKien,
    GiaiPhap,
    MoHinh,
}

impl InitiativeKind {
    pub const ALL: [Self; 3] = [Self::SangKien, Self::GiaiPhap, Self::MoHinh];

    pub fn code(self) -> &'static str {
        match self {
            Self::SangKien => "sang_kien",
            Self::GiaiPhap => "giai_phap",
            Self::MoHinh => "mo_hinh",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SangKien => "Sáng kiến",
            Self::GiaiPhap => "Giải pháp",
            Self::MoHinh => "Mô hình",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where an initiative is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeStatus {
    Draft,
    Submitted,
    Recognised,
    NotRecognised,
    Withdrawn,
}

impl InitiativeStatus {
    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::Submitted,
        Self::Recognised,
        Self::NotRecognised,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Recognised => "recognised",
            Self::NotRecognised => "not_recognised",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Đang soạn",
            Self::Submitted => "Đã gửi, chờ thẩm định",
            Self::Recognised => "Đã công nhận",
            Self::NotRecognised => "Không công nhận",
            Self::Withdrawn => "Đã rút",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One author and their share of the work, in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    /// The author's unit, by name as the commune lists it (may differ from the proposing unit).
    pub unit: String,
    pub share: u8,
}

/// The registration form of an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InitiativeForm {
    pub kind: String,
    pub title: String,
    /// Content area of the commune's plan it serves.
    pub area: String,
    pub authors: Vec<Author>,
    /// Thực trạng, vấn đề cần giải quyết.
    pub problem: String,
    /// Tính mới, điểm khác biệt.
    pub novelty: String,
    /// Cách thức, thời gian áp dụng.
    pub application: String,
    /// Hiệu quả đo được.
    pub benefits: String,
    /// Phạm vi áp dụng.
    pub scope: String,
    /// Public summary: what the honour pages show.
    pub summary: String,
    /// What is different from the similar initiatives the form showed (may be empty).
    pub difference: String,
}

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_AUTHORS: usize = 20;

/// Field names of the form, shared by the page, the API and the errors.
pub fn author_field(i: usize, part: &str) -> String {
    format!("author_{i}_{part}")
}

/// An initiative's form as typed: every text NFC and trimmed, one author row per position of
/// the form (`author_{i}_name|unit|share`, empty rows kept so errors name the right row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitiativeDraft {
    pub kind: String,
    pub title: String,
    pub area: String,
    pub problem: String,
    pub novelty: String,
    pub application: String,
    pub benefits: String,
    pub scope: String,
    pub summary: String,
    pub difference: String,
    /// (name, unit, share) as typed, row `i` at index `i - 1`.
    pub authors: Vec<(String, String, String)>,
}

impl InitiativeDraft {
    /// The page's form, read once.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let value = |name: &str| nfc(pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim()));
        Self {
            kind: value("kind"),
            title: value("title"),
            area: value("area"),
            problem: value("problem"),
            novelty: value("novelty"),
            application: value("application"),
            benefits: value("benefits"),
            scope: value("scope"),
            summary: value("summary"),
            difference: value("difference"),
            authors: (1..=MAX_AUTHORS)
                .map(|i| {
                    (
                        value(&author_field(i, "name")),
                        value(&author_field(i, "unit")),
                        value(&author_field(i, "share")),
                    )
                })
                .collect(),
        }
    }
}

/// Checks the draft against the plan: `submit` asks for what a submission needs; a draft needs
/// only a title. Empty author rows are skipped.
pub fn read_initiative_form(
    plan: &Plan,
    typed: &InitiativeDraft,
    submit: bool,
) -> Result<InitiativeForm, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    let form = InitiativeForm {
        kind: typed.kind.clone(),
        title: typed.title.clone(),
        area: typed.area.clone(),
        authors: Vec::new(),
        problem: typed.problem.clone(),
        novelty: typed.novelty.clone(),
        application: typed.application.clone(),
        benefits: typed.benefits.clone(),
        scope: typed.scope.clone(),
        summary: typed.summary.clone(),
        difference: typed.difference.clone(),
    };
    let mut form = form;
    let mut share_error = false;
    if form.title.is_empty() {
        error("title", "Tên sáng kiến: chưa nhập.".into());
    } else if form.title.chars().count() > MAX_TITLE_CHARS {
        error("title", format!("Tên sáng kiến: dài quá {MAX_TITLE_CHARS} ký tự."));
    }
    if !form.kind.is_empty() && InitiativeKind::parse(&form.kind).is_none() {
        error(
            "kind",
            format!(
                "Loại: «{}» không có; chọn sáng kiến, giải pháp hoặc mô hình.",
                form.kind
            ),
        );
    }
    if !form.area.is_empty() && !plan.content_areas.iter().any(|a| a.code == form.area) {
        error(
            "area",
            format!("Nội dung thi đua: kế hoạch của xã không có nội dung «{}».", form.area),
        );
    }
    for (field, label, text) in [
        ("problem", "Thực trạng, vấn đề cần giải quyết", &form.problem),
        ("novelty", "Tính mới", &form.novelty),
        ("application", "Cách thức áp dụng", &form.application),
        ("benefits", "Hiệu quả", &form.benefits),
        ("scope", "Phạm vi áp dụng", &form.scope),
        ("summary", "Tóm tắt", &form.summary),
        ("difference", "Điểm khác với sáng kiến tương tự", &form.difference),
    ] {
        if text.chars().count() > MAX_TEXT_CHARS {
            error(field, format!("{label}: dài quá {MAX_TEXT_CHARS} ký tự."));
        }
    }
    for (i, (name, unit, share)) in (1..).zip(typed.authors.iter().cloned()) {
        if name.is_empty() && unit.is_empty() && share.is_empty() {
            continue;
        }
        if name.is_empty() {
            error(
                &author_field(i, "name"),
                format!("Tác giả thứ {i}: chưa nhập họ và tên."),
            );
            continue;
        }
        let share = if share.is_empty() && form.authors.is_empty() {
            100
        } else {
            match share.trim_end_matches('%').trim().parse::<u8>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    share_error = true;
                    error(
                        &author_field(i, "share"),
                        format!("Tác giả thứ {i} ({name}): tỷ lệ đóng góp là số từ 1 đến 100 (đã nhập «{share}»)."),
                    );
                    continue;
                }
            }
        };
        form.authors.push(Author { name, unit, share });
    }
    if submit {
        if form.kind.is_empty() {
            error("kind", "Loại: chọn sáng kiến, giải pháp hoặc mô hình.".into());
        }
        if form.area.is_empty() {
            error(
                "area",
                "Nội dung thi đua: chọn nội dung của Kế hoạch mà sáng kiến phục vụ.".into(),
            );
        }
        for (field, label, text) in [
            ("problem", "Thực trạng, vấn đề cần giải quyết", &form.problem),
            ("novelty", "Tính mới", &form.novelty),
            ("benefits", "Hiệu quả", &form.benefits),
            ("summary", "Tóm tắt", &form.summary),
        ] {
            if text.is_empty() {
                error(field, format!("{label}: cần có trước khi gửi thẩm định."));
            }
        }
        if form.authors.is_empty() {
            error(&author_field(1, "name"), "Tác giả: cần ít nhất một tác giả.".into());
        }
    }
    let total: u32 = form.authors.iter().map(|a| u32::from(a.share)).sum();
    if !form.authors.is_empty() && total != 100 && !share_error {
        error(
            &author_field(1, "share"),
            format!("Tỷ lệ đóng góp của các tác giả cộng lại phải là 100% (đang là {total}%)."),
        );
    }
    if errors.is_empty() { Ok(form) } else { Err(errors) }
}

/// The scorecard's criteria, each scored 0–10 by a reviewer.
pub const CRITERIA: [(&str, &str); 4] = [
    ("novelty", "Tính mới"),
    ("applicability", "Khả năng áp dụng, nhân rộng"),
    ("effectiveness", "Hiệu quả"),
    ("scope", "Phạm vi ảnh hưởng"),
];

/// Weights of the criteria in percent (a tenant may change them; they sum to 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights(pub [u8; 4]);

impl Default for Weights {
    fn default() -> Self {
        Self([30, 25, 30, 15])
    }
}

impl Weights {
    pub fn check(&self) -> Result<(), String> {
        let total: u32 = self.0.iter().map(|w| u32::from(*w)).sum();
        if total == 100 {
            Ok(())
        } else {
            Err(format!("Trọng số các tiêu chí phải cộng lại 100% (đang là {total}%)."))
        }
    }

    /// A reviewer's total on 100: Σ score × weight / 10.
    pub fn total(&self, scores: &[u8; 4]) -> f64 {
        scores
            .iter()
            .zip(self.0)
            .map(|(s, w)| f64::from(*s) * f64::from(w) / 10.0)
            .sum()
    }
}

/// Several reviewers' totals: the mean shown as the result, with the spread (max − min) and
/// the standard deviation so that a split panel is visible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Combined {
    pub reviewers: usize,
    pub mean: f64,
    pub spread: f64,
    pub std_dev: f64,
}

pub fn combine(totals: &[f64]) -> Option<Combined> {
    if totals.is_empty() {
        return None;
    }
    let n = totals.len() as f64;
    let mean = totals.iter().sum::<f64>() / n;
    let max = totals.iter().copied().fold(f64::MIN, f64::max);
    let min = totals.iter().copied().fold(f64::MAX, f64::min);
    let var = totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
    Some(Combined {
        reviewers: totals.len(),
        mean,
        spread: max - min,
        std_dev: var.sqrt(),
    })
}

/// Why a reviewer may not score an initiative: an author, or from the authors' or the
/// proposing unit. `None` when they may.
pub fn conflict_of_interest(
    reviewer_name: &str,
    reviewer_units: &[String],
    proposing_unit: &str,
    authors: &[Author],
) -> Option<String> {
    use crate::text::fold;
    let me = fold(reviewer_name);
    if authors.iter().any(|a| fold(&a.name) == me) {
        return Some("Bạn là tác giả của sáng kiến này nên không chấm điểm.".into());
    }
    for unit in reviewer_units {
        let u = fold(unit);
        if u == fold(proposing_unit) || authors.iter().any(|a| !a.unit.is_empty() && fold(&a.unit) == u) {
            return Some(format!(
                "Bạn thuộc {unit}, đơn vị của tác giả hoặc đơn vị đề xuất, nên không chấm điểm."
            ));
        }
    }
    None
}

/// Who a nomination names, as an initiative's credit sees them.
#[derive(Debug, Clone, Copy)]
pub enum Nominee<'a> {
    Person { name: &'a str },
    Collective { name: &'a str },
    Household,
}

/// Whether an initiative may support a nomination of `nominee`: a person must be one of its
/// authors; a collective must be the unit that proposed it or an author's unit. Names compare
/// folded, as people type them with or without diacritics.
pub fn credits(form: &InitiativeForm, proposing_unit: &str, nominee: Nominee<'_>) -> bool {
    match nominee {
        Nominee::Person { name } => {
            let name = crate::text::fold(name);
            !name.is_empty() && form.authors.iter().any(|a| crate::text::fold(&a.name) == name)
        }
        Nominee::Collective { name } => {
            let name = crate::text::fold(name);
            !name.is_empty()
                && (crate::text::fold(proposing_unit) == name
                    || form.authors.iter().any(|a| crate::text::fold(&a.unit) == name))
        }
        Nominee::Household => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        let text = include_bytes!("../../../plans/30406-phu-tan.toml");
        crate::plan::parse_plan("30406-phu-tan.toml", text).unwrap().plan
    }

    fn pairs(list: &[(&str, &str)]) -> InitiativeDraft {
        let pairs: Vec<(String, String)> = list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        InitiativeDraft::from_form(&pairs)
    }

    #[test]
    fn a_submission_needs_its_parts_and_shares_that_add_up() {
        let p = plan();
        let draft = read_initiative_form(&p, &pairs(&[("title", "Thu phí chợ bằng mã QR")]), false).unwrap();
        assert_eq!(draft.title, "Thu phí chợ bằng mã QR");
        let errors = read_initiative_form(&p, &pairs(&[("title", "Thu phí chợ bằng mã QR")]), true).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "kind",
            "area",
            "problem",
            "novelty",
            "benefits",
            "summary",
            "author_1_name",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let errors = read_initiative_form(
            &p,
            &pairs(&[
                ("title", "Thu phí chợ bằng mã QR"),
                ("author_1_name", "Nguyễn Văn An"),
                ("author_1_share", "60"),
                ("author_2_name", "Lê Thị Bình"),
                ("author_2_share", "30"),
                ("area", "9"),
            ]),
            false,
        )
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        assert!(
            text.iter().any(|m| m.contains("cộng lại phải là 100% (đang là 90%)")),
            "{text:?}"
        );
        assert!(text.iter().any(|m| m.contains("không có nội dung «9»")), "{text:?}");
        let one = read_initiative_form(
            &p,
            &pairs(&[("title", "Sổ tay điện tử"), ("author_1_name", "Trần Văn Cường")]),
            false,
        )
        .unwrap();
        assert_eq!(one.authors[0].share, 100, "a single author needs no share");
    }

    #[test]
    fn scorecards_weigh_and_combine() {
        let w = Weights::default();
        assert_eq!(w.check(), Ok(()));
        assert!((w.total(&[10, 10, 10, 10]) - 100.0).abs() < 1e-9);
        assert!((w.total(&[8, 6, 7, 5]) - (24.0 + 15.0 + 21.0 + 7.5)).abs() < 1e-9);
        assert!(Weights([30, 30, 30, 30]).check().unwrap_err().contains("120%"));
        let c = combine(&[80.0, 60.0, 70.0]).unwrap();
        assert!((c.mean - 70.0).abs() < 1e-9 && (c.spread - 20.0).abs() < 1e-9);
        assert!(combine(&[]).is_none());
    }

    #[test]
    fn authors_and_their_units_may_not_score() {
        let authors = vec![Author {
            name: "Nguyễn Văn An".into(),
            unit: "Trường Tiểu học".into(),
            share: 100,
        }];
        assert!(conflict_of_interest("nguyen van an", &[], "Thôn Đông", &authors).is_some());
        assert!(conflict_of_interest("Lê Bình", &["Trường Tiểu học".into()], "Thôn Đông", &authors).is_some());
        assert!(conflict_of_interest("Lê Bình", &["Thôn Đông".into()], "Thôn Đông", &authors).is_some());
        assert_eq!(
            conflict_of_interest("Lê Bình", &["Công an xã".into()], "Thôn Đông", &authors),
            None
        );
    }

    #[test]
    fn an_initiative_credits_its_authors_and_their_units_only() {
        let form = InitiativeForm {
            authors: vec![
                Author {
                    name: "Nguyễn Văn An".into(),
                    unit: "Thôn Đông".into(),
                    share: 60,
                },
                Author {
                    name: "Lê Thị Bình".into(),
                    unit: "Trường Tiểu học".into(),
                    share: 40,
                },
            ],
            ..InitiativeForm::default()
        };
        assert!(credits(&form, "Thôn Đông", Nominee::Person { name: "nguyen van an" }));
        assert!(credits(
            &form,
            "Thôn Đông",
            Nominee::Person {
                name: "Lê Thị  Bình"
            }
        ));
        assert!(!credits(&form, "Thôn Đông", Nominee::Person { name: "Trần Văn Ba" }));
        assert!(credits(&form, "Thôn Đông", Nominee::Collective { name: "Thôn Đông" }));
        assert!(credits(
            &form,
            "Thôn Đông",
            Nominee::Collective {
                name: "Trường Tiểu học"
            }
        ));
        assert!(!credits(&form, "Thôn Đông", Nominee::Collective { name: "Thôn Tây" }));
        assert!(!credits(&form, "Thôn Đông", Nominee::Household));
    }
}
