//! A nomination's dossier as the unit writes it, the pieces it still lacks, the council's
//! tally, and the steps of appraisal with their due dates in working days.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Weekday};

use crate::awards::{AwardForm, Occasion};
use crate::calendar::parse_iso_date;
use crate::commendation::money::RecipientKind;
use crate::reporting::FieldError;

/// The unit's meeting that considered the nomination (họp xét), from which the minutes are
/// written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Meeting {
    /// YYYY-MM-DD.
    pub date: String,
    pub chair: String,
    pub members: u32,
    pub present: u32,
    pub votes_for: u32,
    pub votes_against: u32,
}

/// What a nomination says besides who and what.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NominationBody {
    /// Thành tích: the achievements, as they will read in the Tờ trình.
    pub achievements: String,
    /// Báo cáo thành tích: the unit's report, started from a draft we write.
    pub report: String,
    pub meeting: Meeting,
    /// Recognised initiatives cited.
    pub initiatives: Vec<i64>,
}

/// Where a nomination stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Submitted,
    AchievementOk,
    DossierOk,
    Approved,
    Decided,
    Forwarded,
    /// The province (or higher) decided not to award it.
    NotAwarded,
    Returned,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Self::Draft,
        Self::Submitted,
        Self::AchievementOk,
        Self::DossierOk,
        Self::Approved,
        Self::Decided,
        Self::Forwarded,
        Self::NotAwarded,
        Self::Returned,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::AchievementOk => "achievement_ok",
            Self::DossierOk => "dossier_ok",
            Self::Approved => "approved",
            Self::Decided => "decided",
            Self::Forwarded => "forwarded",
            Self::NotAwarded => "not_awarded",
            Self::Returned => "returned",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Bản nháp",
            Self::Submitted => "Chờ thẩm định thành tích",
            Self::AchievementOk => "Chờ thẩm định hồ sơ",
            Self::DossierOk => "Chờ Hội đồng xét",
            Self::Approved => "Hội đồng đã thông qua",
            Self::Decided => "Đã có quyết định khen thưởng",
            Self::Forwarded => "Đã trình cấp trên",
            Self::NotAwarded => "Cấp trên không khen thưởng",
            Self::Returned => "Bị trả lại",
            Self::Withdrawn => "Đã rút",
        }
    }

    /// Who acts at this stage, in the paperwork's words.
    pub fn assignee(self) -> &'static str {
        match self {
            Self::Submitted => "Công chức phụ trách chuyển đổi số",
            Self::AchievementOk => "Công chức thi đua – khen thưởng",
            Self::DossierOk => "Hội đồng Thi đua – Khen thưởng",
            Self::Approved => "Chủ tịch UBND xã",
            Self::Draft | Self::Returned => "Đơn vị đề nghị",
            Self::Forwarded => "Ban Thi đua – Khen thưởng tỉnh",
            Self::Decided | Self::NotAwarded | Self::Withdrawn => "",
        }
    }
}

/// The kind of award an occasion gives: only yearly awards are regular merit.
pub fn award_kind(occasion: Occasion) -> crate::commendation::eligibility::AwardKind {
    use crate::commendation::eligibility::AwardKind;
    match occasion {
        Occasion::Annual => AwardKind::CongTrang,
        Occasion::DotXuat => AwardKind::DotXuat,
        Occasion::SoKet | Occasion::TongKet => AwardKind::ChuyenDe,
    }
}

/// `days` working days after `from`, Saturdays and Sundays skipped (public holidays are not
/// known to the platform yet).
pub fn add_working_days(from: Date, days: u32) -> Date {
    let mut d = from;
    let mut left = days;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    d
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The dossier pieces still missing before the nomination can be sent; empty when complete.
/// The Tờ trình is written by the platform from the nomination itself.
pub fn missing_pieces(body: &NominationBody, has_minutes_file: bool) -> Vec<FieldError> {
    let mut out = Vec::new();
    if body.achievements.trim().is_empty() {
        out.push(err(
            "achievements",
            "Thành tích: chưa nhập (dùng cho Tờ trình và danh sách).",
        ));
    }
    if body.report.trim().is_empty() {
        out.push(err("report", "Báo cáo thành tích: chưa có."));
    }
    if !has_minutes_file && body.meeting.date.is_empty() {
        out.push(err(
            "meeting_date",
            "Biên bản họp xét: ghi cuộc họp xét của đơn vị (ngày, số người dự, kết quả biểu quyết) hoặc tải lên biên bản đã ký.",
        ));
    }
    out
}

/// Reads the meeting fields; every number named when wrong.
pub fn read_meeting(
    date: &str,
    chair: &str,
    members: &str,
    present: &str,
    yes: &str,
    no: &str,
) -> Result<Meeting, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !date.is_empty() && parse_iso_date(date).is_none() {
        errors.push(err("meeting_date", "Ngày họp xét: hãy chọn một ngày."));
    }
    let mut number = |field: &str, label: &str, text: &str| -> u32 {
        if text.is_empty() {
            return 0;
        }
        match text.parse::<u32>() {
            Ok(n) if n <= 10_000 => n,
            _ => {
                errors.push(err(field, format!("{label}: phải là số người (0–10000).")));
                0
            }
        }
    };
    let m = Meeting {
        date: date.to_owned(),
        chair: chair.to_owned(),
        members: number("meeting_members", "Tổng số thành viên", members),
        present: number("meeting_present", "Số người dự họp", present),
        votes_for: number("meeting_for", "Số phiếu đồng ý", yes),
        votes_against: number("meeting_against", "Số phiếu không đồng ý", no),
    };
    if !m.date.is_empty() && errors.is_empty() {
        if m.members == 0 || m.present == 0 {
            errors.push(err(
                "meeting_present",
                "Biên bản họp xét: cần tổng số thành viên và số người dự họp.",
            ));
        } else if m.present > m.members {
            errors.push(err(
                "meeting_present",
                "Số người dự họp: không thể nhiều hơn tổng số thành viên.",
            ));
        } else if m.votes_for + m.votes_against > m.present {
            errors.push(err(
                "meeting_for",
                "Số phiếu: đồng ý và không đồng ý cộng lại vượt số người dự họp.",
            ));
        }
    }
    if errors.is_empty() { Ok(m) } else { Err(errors) }
}

/// The council's rules: a quorum (share of members present) and the share of those present
/// who must agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRule {
    /// More than this percentage of members present.
    pub quorum_percent: u32,
    /// At least this percentage of those present agree.
    pub approval_percent: u32,
}

impl Default for CouncilRule {
    fn default() -> Self {
        Self {
            quorum_percent: 50,
            approval_percent: 70,
        }
    }
}

impl CouncilRule {
    /// Whether the tally approves; otherwise the message says which rule failed.
    pub fn judge(self, members: u32, present: u32, yes: u32, no: u32) -> Result<(), String> {
        if members == 0 || present > members || yes + no > present {
            return Err("Kết quả họp Hội đồng: số thành viên, số dự họp và số phiếu không khớp nhau.".into());
        }
        if u64::from(present) * 100 <= u64::from(members) * u64::from(self.quorum_percent) {
            return Err(format!(
                "Hội đồng chưa đủ số thành viên dự họp: {present}/{members}, cần trên {}%.",
                self.quorum_percent
            ));
        }
        if u64::from(yes) * 100 < u64::from(present) * u64::from(self.approval_percent) {
            return Err(format!(
                "Chưa đủ tỷ lệ đồng ý: {yes}/{present} thành viên dự họp, cần từ {}% trở lên.",
                self.approval_percent
            ));
        }
        Ok(())
    }
}

/// A nominee must be someone the form may go to.
pub fn check_recipient(form: AwardForm, recipient: RecipientKind) -> Result<(), FieldError> {
    if recipient.allowed(form) {
        Ok(())
    } else {
        Err(err(
            "recipient",
            format!(
                "Đối tượng: {} không tặng cho {}.",
                form.name(),
                recipient.label().to_lowercase()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn working_days_skip_weekends() {
        // Friday 20/11/2026 + 3 working days = Wednesday 25/11/2026.
        assert_eq!(add_working_days(date!(2026 - 11 - 20), 3), date!(2026 - 11 - 25));
        assert_eq!(add_working_days(date!(2026 - 11 - 16), 0), date!(2026 - 11 - 16));
    }

    #[test]
    fn the_council_needs_a_quorum_and_the_approval_share() {
        let rule = CouncilRule::default();
        assert_eq!(rule.judge(9, 7, 6, 1), Ok(()));
        assert!(rule.judge(9, 4, 4, 0).unwrap_err().contains("4/9, cần trên 50%"));
        assert!(rule.judge(9, 7, 4, 3).unwrap_err().contains("4/7"));
        assert!(rule.judge(9, 10, 4, 3).is_err());
    }

    #[test]
    fn missing_pieces_are_named() {
        let missing = missing_pieces(&NominationBody::default(), false);
        let fields: Vec<&str> = missing.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["achievements", "report", "meeting_date"]);
        assert_eq!(missing_pieces(&NominationBody::default(), true).len(), 2);
    }

    #[test]
    fn a_meeting_that_does_not_add_up_is_refused() {
        let e = read_meeting("2026-11-10", "A", "9", "10", "5", "0").unwrap_err();
        assert_eq!(e[0].field, "meeting_present");
        let e = read_meeting("2026-11-10", "A", "9", "x", "5", "0").unwrap_err();
        assert_eq!(e[0].message, "Số người dự họp: phải là số người (0–10000).");
        assert!(read_meeting("2026-11-10", "A", "9", "8", "8", "0").is_ok());
    }
}
