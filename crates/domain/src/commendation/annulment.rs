//! Annulling an award (hủy bỏ quyết định khen thưởng, Luật Thi đua, khen thưởng 2022): the
//! award stays in the registry marked annulled, with the annulling decision and why; it no
//! longer counts for eligibility; its certificate's code answers "đã bị hủy bỏ"; the money is
//! to be recovered.
//!
//! The four grounds below are our reading of the law (confidence P); the operator should check
//! them against the text in force.

use serde::Serialize;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AnnulReason {
    /// Gian dối trong kê khai thành tích.
    FalseClaims,
    /// Không đủ tiêu chuẩn, điều kiện khi được khen.
    NotEligible,
    /// Đề nghị, quyết định sai thẩm quyền, trình tự.
    WrongAuthority,
    /// Trường hợp khác theo quy định của pháp luật (with the note naming it).
    Other,
}

impl AnnulReason {
    pub const ALL: [AnnulReason; 4] = [Self::FalseClaims, Self::NotEligible, Self::WrongAuthority, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::FalseClaims => "gian_doi",
            Self::NotEligible => "khong_du_tieu_chuan",
            Self::WrongAuthority => "sai_tham_quyen",
            Self::Other => "khac",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::FalseClaims => "Gian dối trong việc kê khai thành tích để được khen thưởng",
            Self::NotEligible => "Không đủ tiêu chuẩn, điều kiện khen thưởng tại thời điểm được khen",
            Self::WrongAuthority => "Đề nghị, quyết định khen thưởng không đúng thẩm quyền, trình tự",
            Self::Other => "Trường hợp khác theo quy định của pháp luật",
        }
    }
}

/// What is wrong with an annulment as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnulError {
    /// The annulling decision's date lies ahead.
    Future,
    /// It precedes the award it annuls.
    BeforeAward { awarded: Date },
    /// "Other" without saying which.
    NoteNeeded,
    /// More to recover than was paid, or less than nothing.
    Recover { paid: i64 },
}

/// Checks an annulment of an award made on `awarded` that paid `paid`.
pub fn check_annulment(
    reason: AnnulReason,
    note: &str,
    on: Date,
    today: Date,
    awarded: Option<Date>,
    paid: i64,
    recover: i64,
) -> Result<(), AnnulError> {
    if on > today {
        return Err(AnnulError::Future);
    }
    if let Some(awarded) = awarded
        && on < awarded
    {
        return Err(AnnulError::BeforeAward { awarded });
    }
    if reason == AnnulReason::Other && note.trim().is_empty() {
        return Err(AnnulError::NoteNeeded);
    }
    if recover < 0 || recover > paid {
        return Err(AnnulError::Recover { paid });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_annulment_follows_its_award_and_recovers_at_most_what_was_paid() {
        let today = date!(2026 - 11 - 29);
        let awarded = Some(date!(2026 - 1 - 10));
        let ok = |r, note, on, recover| check_annulment(r, note, on, today, awarded, 710_000, recover);
        assert_eq!(ok(AnnulReason::FalseClaims, "", date!(2026 - 11 - 20), 710_000), Ok(()));
        assert_eq!(
            ok(AnnulReason::FalseClaims, "", date!(2026 - 11 - 30), 0),
            Err(AnnulError::Future)
        );
        assert_eq!(
            ok(AnnulReason::NotEligible, "", date!(2025 - 12 - 31), 0),
            Err(AnnulError::BeforeAward {
                awarded: date!(2026 - 1 - 10)
            })
        );
        assert_eq!(ok(AnnulReason::Other, " ", today, 0), Err(AnnulError::NoteNeeded));
        assert_eq!(
            ok(AnnulReason::WrongAuthority, "", today, 710_001),
            Err(AnnulError::Recover { paid: 710_000 })
        );
        for r in AnnulReason::ALL {
            assert_eq!(AnnulReason::parse(r.code()), Some(r));
        }
    }
}
