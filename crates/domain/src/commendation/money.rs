//! Reward money: coefficient × base salary in force on the decision date, doubled (or as the
//! multiplier says) for a collective, rounded as the rounding row says. Every number comes from
//! dated rows the operator can add to; nothing here is a constant of the law.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::awards::AwardForm;
use crate::calendar::{dmy, parse_iso_date};

/// The tables shipped with the platform; the operator adds rows later.
pub const SHIPPED: &str = include_str!("legal-values.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalTable {
    BaseSalary,
    Coefficient,
    Multiplier,
    Rounding,
}

impl LegalTable {
    pub const ALL: [LegalTable; 4] = [Self::BaseSalary, Self::Coefficient, Self::Multiplier, Self::Rounding];

    pub fn code(self) -> &'static str {
        match self {
            Self::BaseSalary => "base_salary",
            Self::Coefficient => "coefficient",
            Self::Multiplier => "multiplier",
            Self::Rounding => "rounding",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::BaseSalary => "Mức lương cơ sở (đồng/tháng)",
            Self::Coefficient => "Hệ số mức tiền thưởng (× 1000)",
            Self::Multiplier => "Hệ số cho tập thể, hộ gia đình (× 1000)",
            Self::Rounding => "Làm tròn (bước, đồng)",
        }
    }
}

/// Who receives an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    Individual,
    Collective,
    Household,
}

impl RecipientKind {
    pub const ALL: [RecipientKind; 3] = [Self::Individual, Self::Collective, Self::Household];

    pub fn code(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Collective => "collective",
            Self::Household => "household",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Individual => "Cá nhân",
            Self::Collective => "Tập thể",
            Self::Household => "Hộ gia đình",
        }
    }

    pub fn allowed(self, form: AwardForm) -> bool {
        let r = form.recipients();
        match self {
            Self::Individual => r.individual,
            Self::Collective => r.collective,
            Self::Household => r.household,
        }
    }
}

/// One row of a table: a value in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalValue {
    pub table: LegalTable,
    #[serde(default)]
    pub key: String,
    pub value: i64,
    /// YYYY-MM-DD.
    pub effective_from: String,
    #[serde(default)]
    pub source: String,
    /// V, P or U.
    #[serde(default)]
    pub confidence: String,
}

impl LegalValue {
    /// Checks a row typed by the operator; the message names the field.
    pub fn check(&self) -> Result<(), String> {
        if parse_iso_date(&self.effective_from).is_none() {
            return Err("Ngày áp dụng: hãy chọn một ngày.".into());
        }
        if self.value <= 0 {
            return Err("Giá trị: phải là số dương.".into());
        }
        let key_ok = match self.table {
            LegalTable::BaseSalary => self.key.is_empty(),
            LegalTable::Coefficient => AwardForm::ALL.iter().any(|f| f.code() == self.key),
            LegalTable::Multiplier => matches!(self.key.as_str(), "collective" | "household"),
            LegalTable::Rounding => matches!(self.key.as_str(), "up" | "nearest" | "none"),
        };
        if !key_ok {
            return Err(format!(
                "Áp dụng cho: «{}» không dùng được với bảng «{}».",
                self.key,
                self.table.label()
            ));
        }
        if !matches!(self.confidence.as_str(), "V" | "P" | "U") {
            return Err("Độ tin cậy: chọn V (đã đối chiếu văn bản), P (nguồn thứ cấp) hoặc U (chưa chắc).".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LegalTables {
    #[serde(rename = "value")]
    pub values: Vec<LegalValue>,
}

/// The money for one recipient, with every number that went into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reward {
    pub base_salary: i64,
    pub coefficient_x1000: i64,
    /// 1000 when no multiplier applies.
    pub multiplier_x1000: i64,
    /// Before rounding, in VND.
    pub exact: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewardError {
    #[error("Chưa có {what} áp dụng vào ngày {date}: hãy bổ sung trong «Mức tiền thưởng».")]
    Missing { what: String, date: String },
}

/// How long a base salary may stand before the operator is asked to check for a new one.
pub const BASE_SALARY_REVIEW_DAYS: i64 = 365;

impl LegalTables {
    pub fn shipped() -> Self {
        toml::from_str(SHIPPED).expect("the shipped legal values parse")
    }

    /// The row of `table` and `key` in force on `on`: the latest that started on or before it.
    pub fn in_force(&self, table: LegalTable, key: &str, on: Date) -> Option<&LegalValue> {
        self.values
            .iter()
            .filter(|v| v.table == table && v.key == key)
            .filter_map(|v| parse_iso_date(&v.effective_from).map(|d| (d, v)))
            .filter(|(d, _)| *d <= on)
            .max_by_key(|(d, _)| *d)
            .map(|(_, v)| v)
    }

    /// "Mức lương cơ sở 2.340.000 đồng (Nghị định 73/2024/NĐ-CP, áp dụng từ 01/07/2024)": the
    /// value a decision of `on` was computed with, and where it comes from.
    pub fn base_salary_basis(&self, base_salary: i64, on: Date) -> String {
        match self.in_force(LegalTable::BaseSalary, "", on) {
            Some(v) if v.value == base_salary && !v.source.is_empty() => format!(
                "Mức lương cơ sở {} đồng ({}, áp dụng từ {})",
                vnd(v.value),
                v.source,
                parse_iso_date(&v.effective_from).map_or_else(|| v.effective_from.clone(), dmy)
            ),
            _ => format!("Mức lương cơ sở {} đồng", vnd(base_salary)),
        }
    }

    /// A warning for the operator when the base salary in force today took effect more than
    /// [`BASE_SALARY_REVIEW_DAYS`] ago: it has been raised every one to two years, and a
    /// table nobody updated pays last year's money without a word.
    pub fn base_salary_review(&self, today: Date) -> Option<String> {
        let v = self.in_force(LegalTable::BaseSalary, "", today)?;
        let from = parse_iso_date(&v.effective_from)?;
        let days = (today - from).whole_days();
        (days > BASE_SALARY_REVIEW_DAYS).then(|| {
            format!(
                "Mức lương cơ sở đang dùng ({} đồng) áp dụng từ {}, đã {} tháng chưa thay đổi. Hãy kiểm tra Chính phủ đã có mức mới chưa; nếu có, thêm mức mới với ngày áp dụng để các quyết định từ ngày đó tính đúng tiền thưởng.",
                vnd(v.value),
                dmy(from),
                days / 30
            )
        })
    }

    fn rounding(&self, on: Date) -> Option<&LegalValue> {
        self.values
            .iter()
            .filter(|v| v.table == LegalTable::Rounding)
            .filter_map(|v| parse_iso_date(&v.effective_from).map(|d| (d, v)))
            .filter(|(d, _)| *d <= on)
            .max_by_key(|(d, _)| *d)
            .map(|(_, v)| v)
    }

    /// The money for `form` given to `recipient` by a decision dated `on`.
    pub fn reward(&self, form: AwardForm, recipient: RecipientKind, on: Date) -> Result<Reward, RewardError> {
        let missing = |what: String| RewardError::Missing { what, date: dmy(on) };
        let base = self
            .in_force(LegalTable::BaseSalary, "", on)
            .ok_or_else(|| missing("mức lương cơ sở".into()))?
            .value;
        let coefficient = self
            .in_force(LegalTable::Coefficient, form.code(), on)
            .ok_or_else(|| missing(format!("hệ số tiền thưởng của «{}»", form.name())))?
            .value;
        let multiplier = if form.recipients().individual && recipient != RecipientKind::Individual {
            self.in_force(LegalTable::Multiplier, recipient.code(), on)
                .ok_or_else(|| missing(format!("hệ số cho {}", recipient.label().to_lowercase())))?
                .value
        } else {
            1000
        };
        let exact = i64::try_from(i128::from(base) * i128::from(coefficient) * i128::from(multiplier) / 1_000_000)
            .unwrap_or(i64::MAX);
        let amount = match self.rounding(on) {
            Some(r) if r.value > 0 && r.key == "up" => (exact + r.value - 1) / r.value * r.value,
            Some(r) if r.value > 0 && r.key == "nearest" => (exact + r.value / 2) / r.value * r.value,
            _ => exact,
        };
        Ok(Reward {
            base_salary: base,
            coefficient_x1000: coefficient,
            multiplier_x1000: multiplier,
            exact,
            amount,
        })
    }
}

/// "710.000" — VND with dots between thousands, as Vietnamese documents write it.
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

/// "0,3" — a coefficient × 1000 as written in a decision.
pub fn coefficient_label(x1000: i64) -> String {
    let whole = x1000 / 1000;
    let frac = x1000 % 1000;
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:03}");
    format!("{whole},{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_old_base_salary_is_flagged_and_a_decision_names_its_source() {
        let t = LegalTables::shipped();
        // In force from 01/07/2024: fresh at the end of 2024, stale by the end of 2026.
        assert_eq!(t.base_salary_review(date!(2024 - 12 - 01)), None);
        let warning = t.base_salary_review(date!(2026 - 11 - 29)).unwrap();
        assert!(
            warning.contains("2.340.000 đồng") && warning.contains("01/07/2024"),
            "{warning}"
        );
        let basis = t.base_salary_basis(2_340_000, date!(2026 - 11 - 29));
        assert!(
            basis.starts_with("Mức lương cơ sở 2.340.000 đồng (") && basis.ends_with("áp dụng từ 01/07/2024)"),
            "{basis}"
        );
        // A decision computed on another value names only the value.
        assert_eq!(
            t.base_salary_basis(1_800_000, date!(2026 - 11 - 29)),
            "Mức lương cơ sở 1.800.000 đồng"
        );
    }

    #[test]
    fn a_commune_certificate_is_three_tenths_of_base_salary_rounded_up_to_ten_thousand() {
        let t = LegalTables::shipped();
        let r = t
            .reward(
                AwardForm::GiayKhenChuTichXa,
                RecipientKind::Individual,
                date!(2026 - 01 - 05),
            )
            .unwrap();
        assert_eq!(
            (r.base_salary, r.coefficient_x1000, r.exact, r.amount),
            (2_340_000, 300, 702_000, 710_000)
        );
        let c = t
            .reward(
                AwardForm::GiayKhenChuTichXa,
                RecipientKind::Collective,
                date!(2026 - 01 - 05),
            )
            .unwrap();
        assert_eq!((c.multiplier_x1000, c.exact, c.amount), (2000, 1_404_000, 1_410_000));
    }

    #[test]
    fn the_values_in_force_on_the_decision_date_apply() {
        let t = LegalTables::shipped();
        // Under Nghị định 98 (before 01/7/2025) the coefficient was 0.15.
        let before = t
            .reward(
                AwardForm::GiayKhenChuTichXa,
                RecipientKind::Individual,
                date!(2025 - 06 - 30),
            )
            .unwrap();
        assert_eq!(
            (before.coefficient_x1000, before.exact, before.amount),
            (150, 351_000, 360_000)
        );
        // A new base salary added by the operator applies from its date only.
        let mut t2 = t.clone();
        t2.values.push(LegalValue {
            table: LegalTable::BaseSalary,
            key: String::new(),
            value: 2_530_000,
            effective_from: "2026-07-01".into(),
            source: "đề xuất".into(),
            confidence: "P".into(),
        });
        let on = |d| {
            t2.reward(AwardForm::GiayKhenChuTichXa, RecipientKind::Individual, d)
                .unwrap()
                .amount
        };
        assert_eq!(on(date!(2026 - 06 - 30)), 710_000);
        assert_eq!(on(date!(2026 - 07 - 01)), 760_000); // 759.000 rounded up
    }

    /// docs/reward-money.md: the collective's and household's multiplier applies to the exact
    /// amount, which is rounded once; it is not a multiple of the rounded individual amount.
    #[test]
    fn multipliers_apply_to_the_exact_amount_which_is_rounded_once() {
        let t = LegalTables::shipped();
        let paid = |recipient, on| {
            let r = t.reward(AwardForm::GiayKhenChuTichXa, recipient, on).unwrap();
            (r.exact, r.amount)
        };
        let now = date!(2026 - 01 - 05);
        assert_eq!(paid(RecipientKind::Individual, now), (702_000, 710_000));
        assert_eq!(paid(RecipientKind::Collective, now), (1_404_000, 1_410_000));
        assert_eq!(paid(RecipientKind::Household, now), (1_053_000, 1_060_000));
        // Under Nghị định 98 (coefficient 0.15): 2 × 351.000 = 702.000 → 710.000, not 2 × 360.000.
        let before = date!(2025 - 06 - 30);
        assert_eq!(paid(RecipientKind::Individual, before), (351_000, 360_000));
        assert_eq!(paid(RecipientKind::Collective, before), (702_000, 710_000));
    }

    #[test]
    fn a_flag_takes_its_own_coefficient_without_the_collective_multiplier() {
        let r = LegalTables::shipped()
            .reward(
                AwardForm::CoThiDuaTinh,
                RecipientKind::Collective,
                date!(2026 - 01 - 05),
            )
            .unwrap();
        assert_eq!((r.multiplier_x1000, r.amount), (1000, 18_720_000));
    }

    #[test]
    fn a_missing_value_is_named() {
        let err = LegalTables::default()
            .reward(
                AwardForm::GiayKhenChuTichXa,
                RecipientKind::Individual,
                date!(2026 - 01 - 05),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Chưa có mức lương cơ sở áp dụng vào ngày 05/01/2026: hãy bổ sung trong «Mức tiền thưởng»."
        );
    }

    #[test]
    fn money_and_coefficients_are_written_the_vietnamese_way() {
        assert_eq!(vnd(710_000), "710.000");
        assert_eq!(vnd(18_720_000), "18.720.000");
        assert_eq!(vnd(999), "999");
        assert_eq!(coefficient_label(300), "0,3");
        assert_eq!(coefficient_label(1500), "1,5");
        assert_eq!(coefficient_label(12000), "12");
    }

    #[test]
    fn operator_rows_are_checked_field_by_field() {
        let mut v = LegalValue {
            table: LegalTable::Coefficient,
            key: "giay_khen_huyen".into(),
            value: 300,
            effective_from: "2026-01-01".into(),
            source: String::new(),
            confidence: "P".into(),
        };
        assert!(v.check().unwrap_err().starts_with("Áp dụng cho"));
        v.key = "giay_khen_chu_tich_xa".into();
        v.effective_from = "01/01/2026".into();
        assert!(v.check().unwrap_err().starts_with("Ngày áp dụng"));
        v.effective_from = "2026-01-01".into();
        assert_eq!(v.check(), Ok(()));
    }
}
