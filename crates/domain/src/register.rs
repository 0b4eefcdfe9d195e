//! The register of outgoing documents (sổ đăng ký văn bản đi): the văn thư gives each signed
//! paper its number and date (Nghị định 30/2020, Điều 15 and Phụ lục III). Numbers run from 1
//! on 1 January in each series; a paper carries no number until it is registered.

use serde::Serialize;
use time::Date;

/// The series a paper is numbered in, and its abbreviation in the symbol ("12/QĐ-UBND").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocType {
    /// Quyết định
    Decision,
    /// Tờ trình
    Submission,
}

impl DocType {
    pub const ALL: [DocType; 2] = [Self::Decision, Self::Submission];

    /// The abbreviation NĐ 30 (Phụ lục III) gives the type, as stored and as printed.
    pub fn code(self) -> &'static str {
        match self {
            Self::Decision => "QĐ",
            Self::Submission => "TTr",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Decision => "Quyết định",
            Self::Submission => "Tờ trình",
        }
    }

    /// "12/QĐ-UBND": the number, the type and the issuer's abbreviation.
    pub fn symbol(self, number: i64, issuer: &str) -> String {
        format!("{number}/{}-{issuer}", self.code())
    }

    /// "Số:      /QĐ-UBND": the line a draft carries until the văn thư registers it.
    pub fn blank_number_line(self, issuer: &str) -> String {
        format!("Số:        /{}-{issuer}", self.code())
    }
}

/// What a register entry stands for in Thi Đua.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// A commendation decision (`award_decisions`).
    Decision,
    /// A Tờ trình taking nominations to the province (`forward_packages`).
    Package,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Self::Decision => "decision",
            Self::Package => "package",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Decision, Self::Package].into_iter().find(|s| s.code() == code)
    }
}

/// Why a number and date cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationError {
    /// The number is not a whole number from 1.
    Number,
    /// The date lies after today.
    Future { today: Date },
    /// The date precedes a step the paper rests on (the signing, the council's vote).
    BeforeStep { step: String, on: Date },
}

/// Checks a number and date the văn thư typed for a paper resting on `steps` (what, when):
/// the date may not lie in the future nor before any step.
pub fn check_registration(
    number: i64,
    date: Date,
    today: Date,
    steps: &[(String, Date)],
) -> Result<(), RegistrationError> {
    if number < 1 {
        return Err(RegistrationError::Number);
    }
    if date > today {
        return Err(RegistrationError::Future { today });
    }
    if let Some((step, on)) = steps.iter().filter(|(_, on)| date < *on).max_by_key(|(_, on)| *on) {
        return Err(RegistrationError::BeforeStep {
            step: step.clone(),
            on: *on,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn symbols_follow_the_decree() {
        assert_eq!(DocType::Decision.symbol(12, "UBND"), "12/QĐ-UBND");
        assert_eq!(DocType::Submission.symbol(3, "UBND"), "3/TTr-UBND");
        assert!(DocType::Decision.blank_number_line("UBND").ends_with("/QĐ-UBND"));
        for t in DocType::ALL {
            assert_eq!(DocType::parse(t.code()), Some(t));
        }
        assert_eq!(DocType::parse("qđ"), None);
    }

    #[test]
    fn a_date_may_not_lie_ahead_nor_precede_its_steps() {
        let today = date!(2026 - 12 - 20);
        let steps = vec![
            ("ngày ký".to_owned(), date!(2026 - 12 - 18)),
            ("phiên biểu quyết của Hội đồng".to_owned(), date!(2026 - 12 - 15)),
        ];
        assert_eq!(check_registration(5, date!(2026 - 12 - 18), today, &steps), Ok(()));
        assert_eq!(check_registration(5, today, today, &steps), Ok(()));
        assert_eq!(
            check_registration(5, date!(2026 - 12 - 21), today, &steps),
            Err(RegistrationError::Future { today })
        );
        // Before both steps: the latest one is named.
        assert_eq!(
            check_registration(5, date!(2026 - 1 - 2), today, &steps),
            Err(RegistrationError::BeforeStep {
                step: "ngày ký".into(),
                on: date!(2026 - 12 - 18)
            })
        );
        assert_eq!(
            check_registration(0, today, today, &steps),
            Err(RegistrationError::Number)
        );
    }
}
