//! Eligibility: rules over a nominee's award history and yearly ratings, kept as data so an
//! amended law needs a new rule set, not a release. Each nomination gets an explanation: which
//! rule applies, which alternative holds or which check fails, and why, in Vietnamese.

use serde::{Deserialize, Serialize};

use crate::awards::AwardForm;
use crate::commendation::money::RecipientKind;

/// The rule set shipped with the platform.
pub const SHIPPED: &str = include_str!("eligibility-rules.toml");

/// How a year's work was rated (đánh giá, xếp loại), best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Hoàn thành xuất sắc nhiệm vụ.
    Htxs,
    /// Hoàn thành tốt nhiệm vụ.
    HtTot,
    /// Hoàn thành nhiệm vụ.
    Ht,
    /// Không hoàn thành nhiệm vụ.
    Kht,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Self::Htxs, Self::HtTot, Self::Ht, Self::Kht];

    pub fn code(self) -> &'static str {
        match self {
            Self::Htxs => "htxs",
            Self::HtTot => "ht_tot",
            Self::Ht => "ht",
            Self::Kht => "kht",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Htxs => "hoàn thành xuất sắc nhiệm vụ",
            Self::HtTot => "hoàn thành tốt nhiệm vụ",
            Self::Ht => "hoàn thành nhiệm vụ",
            Self::Kht => "không hoàn thành nhiệm vụ",
        }
    }

    /// At least as good as `other`.
    pub fn meets(self, other: Rating) -> bool {
        self <= other
    }
}

/// The kind of commendation (Luật 2022, điều 8): only regular merit counts toward higher
/// regular awards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    /// Công trạng: yearly, regular merit.
    CongTrang,
    /// Đột xuất: an extraordinary achievement.
    DotXuat,
    /// Theo đợt, chuyên đề, phong trào: a movement's sơ kết or tổng kết.
    ChuyenDe,
}

impl AwardKind {
    pub const ALL: [AwardKind; 3] = [Self::CongTrang, Self::DotXuat, Self::ChuyenDe];

    pub fn code(self) -> &'static str {
        match self {
            Self::CongTrang => "cong_trang",
            Self::DotXuat => "dot_xuat",
            Self::ChuyenDe => "chuyen_de",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CongTrang => "công trạng",
            Self::DotXuat => "đột xuất",
            Self::ChuyenDe => "theo đợt, chuyên đề",
        }
    }
}

/// One past award in a nominee's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastAward {
    pub year: i32,
    pub form: AwardForm,
    pub kind: AwardKind,
}

/// What the rules look at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    pub awards: Vec<PastAward>,
    pub ratings: Vec<(i32, Rating)>,
    /// Why the nominee may not be commended now (discipline, investigation), if so.
    pub blocked: Option<String>,
    /// Recognised initiatives cited by the nomination and not used for another award.
    pub usable_initiatives: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    Title { form: AwardForm, years: u32 },
    TitleCount { form: AwardForm, count: u32, within: u32 },
    Rating { at_least: Rating, years: u32 },
    RatingCount { at_least: Rating, count: u32, within: u32 },
    Held { form: AwardForm },
    Initiatives { count: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub label: String,
    pub all_of: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub form: AwardForm,
    pub recipient: RecipientKind,
    #[serde(default)]
    pub confidence: String,
    pub text: String,
    pub any_of: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    pub version: u32,
    /// YYYY-MM-DD.
    pub effective_from: String,
    #[serde(default)]
    pub source: String,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// One check's outcome, with the years or counts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    pub holds: bool,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlternativeOutcome {
    pub label: String,
    pub holds: bool,
    pub checks: Vec<CheckOutcome>,
}

/// The explanation shown with a nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub eligible: bool,
    /// One line: what decided it.
    pub summary: String,
    /// The standard applied, when the rule set has one for this form and recipient.
    pub rule: Option<String>,
    pub alternatives: Vec<AlternativeOutcome>,
}

impl RuleSet {
    pub fn shipped() -> Self {
        Self::parse(SHIPPED).expect("the shipped eligibility rules parse")
    }

    /// Reads a rule set typed by the operator; the message names the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let set: RuleSet = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                .unwrap_or(1);
            format!("Bộ quy tắc, dòng {line}: {}", e.message())
        })?;
        if crate::calendar::parse_iso_date(&set.effective_from).is_none() {
            return Err("Bộ quy tắc: «effective_from» phải là ngày dạng YYYY-MM-DD.".into());
        }
        for (i, rule) in set.rules.iter().enumerate() {
            if !rule.recipient.allowed(rule.form) {
                return Err(format!(
                    "Bộ quy tắc, quy tắc thứ {}: «{}» không tặng cho {}.",
                    i + 1,
                    rule.form.name(),
                    rule.recipient.label().to_lowercase()
                ));
            }
            if rule.any_of.is_empty() || rule.any_of.iter().any(|a| a.all_of.is_empty()) {
                return Err(format!(
                    "Bộ quy tắc, quy tắc thứ {} («{}»): mỗi phương án cần ít nhất một điều kiện.",
                    i + 1,
                    rule.form.name()
                ));
            }
        }
        Ok(set)
    }

    pub fn rule(&self, form: AwardForm, recipient: RecipientKind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.form == form && r.recipient == recipient)
    }

    /// Judges a nomination for `form` in `year`.
    pub fn judge(&self, form: AwardForm, recipient: RecipientKind, year: i32, record: &Record) -> Verdict {
        if let Some(why) = &record.blocked {
            return Verdict {
                eligible: false,
                summary: format!("Không đủ điều kiện: đang {why}; chưa xét khen thưởng trong thời gian này."),
                rule: None,
                alternatives: Vec::new(),
            };
        }
        let Some(rule) = self.rule(form, recipient) else {
            return Verdict {
                eligible: true,
                summary: format!(
                    "Bộ quy tắc không đặt tiêu chuẩn riêng cho {} với {}: Hội đồng xét theo thành tích.",
                    form.name(),
                    recipient.label().to_lowercase()
                ),
                rule: None,
                alternatives: Vec::new(),
            };
        };
        let alternatives: Vec<AlternativeOutcome> = rule
            .any_of
            .iter()
            .map(|alt| {
                let checks: Vec<CheckOutcome> = alt.all_of.iter().map(|c| check(c, year, record)).collect();
                AlternativeOutcome {
                    label: alt.label.clone(),
                    holds: checks.iter().all(|c| c.holds),
                    checks,
                }
            })
            .collect();
        let eligible = alternatives.iter().any(|a| a.holds);
        let summary = match alternatives.iter().find(|a| a.holds) {
            Some(a) => format!("Đủ điều kiện: {}.", a.label),
            None => {
                let failed: Vec<String> = alternatives
                    .iter()
                    .flat_map(|a| a.checks.iter().filter(|c| !c.holds).map(|c| c.why.clone()))
                    .collect();
                format!("Không đủ điều kiện {}: {}", form.name(), failed.join("; "))
            }
        };
        Verdict {
            eligible,
            summary,
            rule: Some(rule.text.clone()),
            alternatives,
        }
    }
}

fn years_label(years: &[i32]) -> String {
    years.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The `n` years ending with `year`, oldest first.
fn window(year: i32, n: u32) -> Vec<i32> {
    let n = i32::try_from(n).unwrap_or(0);
    ((year - n + 1)..=year).collect()
}

fn titled(record: &Record, form: AwardForm, year: i32) -> bool {
    record
        .awards
        .iter()
        .any(|a| a.year == year && a.form == form && a.kind == AwardKind::CongTrang)
}

fn rated(record: &Record, at_least: Rating, year: i32) -> bool {
    record.ratings.iter().any(|(y, r)| *y == year && r.meets(at_least))
}

fn check(c: &Check, year: i32, record: &Record) -> CheckOutcome {
    match *c {
        Check::Title { form, years } => {
            let span = window(year, years);
            let missing: Vec<i32> = span.iter().copied().filter(|y| !titled(record, form, *y)).collect();
            CheckOutcome {
                holds: missing.is_empty(),
                why: if missing.is_empty() {
                    format!("có danh hiệu {} các năm {}", form.name(), years_label(&span))
                } else {
                    format!(
                        "cần danh hiệu {} {} năm liên tục ({}), còn thiếu năm {}",
                        form.name(),
                        years,
                        years_label(&span),
                        years_label(&missing)
                    )
                },
            }
        }
        Check::TitleCount { form, count, within } => {
            let span = window(year, within);
            let had: Vec<i32> = span.iter().copied().filter(|y| titled(record, form, *y)).collect();
            let holds = had.len() >= count as usize;
            CheckOutcome {
                holds,
                why: format!(
                    "cần {count} lần {} trong {within} năm {}–{}, đã có {}",
                    form.name(),
                    span.first().copied().unwrap_or(year),
                    year,
                    had.len()
                ),
            }
        }
        Check::Rating { at_least, years } => {
            let span = window(year, years);
            let missing: Vec<i32> = span.iter().copied().filter(|y| !rated(record, at_least, *y)).collect();
            CheckOutcome {
                holds: missing.is_empty(),
                why: if missing.is_empty() {
                    format!("{} các năm {}", at_least.label(), years_label(&span))
                } else {
                    format!(
                        "cần {} {} năm liên tục ({}), chưa đạt năm {}",
                        at_least.label(),
                        years,
                        years_label(&span),
                        years_label(&missing)
                    )
                },
            }
        }
        Check::RatingCount {
            at_least,
            count,
            within,
        } => {
            let span = window(year, within);
            let had = span.iter().filter(|y| rated(record, at_least, **y)).count();
            CheckOutcome {
                holds: had >= count as usize,
                why: format!(
                    "cần {count} năm {} trong {within} năm {}–{}, đã có {had}",
                    at_least.label(),
                    span.first().copied().unwrap_or(year),
                    year
                ),
            }
        }
        Check::Held { form } => {
            let when: Vec<i32> = record
                .awards
                .iter()
                .filter(|a| a.form == form && a.kind == AwardKind::CongTrang && a.year <= year)
                .map(|a| a.year)
                .collect();
            CheckOutcome {
                holds: !when.is_empty(),
                why: if when.is_empty() {
                    format!("chưa được tặng {} (khen công trạng)", form.name())
                } else {
                    format!("đã được tặng {} năm {}", form.name(), years_label(&when))
                },
            }
        }
        Check::Initiatives { count } => CheckOutcome {
            holds: record.usable_initiatives >= count,
            why: format!(
                "cần {count} sáng kiến được công nhận chưa dùng cho khen thưởng khác, hồ sơ nêu {}",
                record.usable_initiatives
            ),
        },
    }
}

#[cfg(test)]
mod tests;
