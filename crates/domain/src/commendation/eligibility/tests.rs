use proptest::prelude::*;

use super::*;

fn award(year: i32, form: AwardForm, kind: AwardKind) -> PastAward {
    PastAward { year, form, kind }
}

#[test]
fn two_consecutive_grassroots_titles_earn_a_provincial_certificate() {
    let rules = RuleSet::shipped();
    let record = Record {
        awards: vec![
            award(2025, AwardForm::ChienSiThiDuaCoSo, AwardKind::CongTrang),
            award(2026, AwardForm::ChienSiThiDuaCoSo, AwardKind::CongTrang),
        ],
        ..Record::default()
    };
    let v = rules.judge(AwardForm::BangKhenChuTichTinh, RecipientKind::Individual, 2026, &record);
    assert!(v.eligible);
    assert_eq!(v.summary, "Đủ điều kiện: 02 lần liên tục Chiến sĩ thi đua cơ sở.");
}

#[test]
fn a_missing_year_is_named_in_the_explanation() {
    let rules = RuleSet::shipped();
    let record = Record {
        awards: vec![award(2026, AwardForm::ChienSiThiDuaCoSo, AwardKind::CongTrang)],
        ratings: vec![(2026, Rating::Htxs)],
        usable_initiatives: 1,
        ..Record::default()
    };
    let v = rules.judge(AwardForm::BangKhenChuTichTinh, RecipientKind::Individual, 2026, &record);
    assert!(!v.eligible);
    assert!(
        v.summary
            .contains("cần danh hiệu Chiến sĩ thi đua cơ sở 2 năm liên tục (2025, 2026), còn thiếu năm 2025"),
        "{}",
        v.summary
    );
    assert!(v.summary.contains("chưa đạt năm 2025"), "{}", v.summary);
    assert!(
        v.summary
            .contains("cần 2 sáng kiến được công nhận chưa dùng cho khen thưởng khác, hồ sơ nêu 1"),
        "{}",
        v.summary
    );
}

#[test]
fn extraordinary_and_movement_awards_do_not_count_toward_regular_ones() {
    let rules = RuleSet::shipped();
    let record = Record {
        awards: vec![
            award(2025, AwardForm::ChienSiThiDuaCoSo, AwardKind::DotXuat),
            award(2026, AwardForm::ChienSiThiDuaCoSo, AwardKind::ChuyenDe),
        ],
        ..Record::default()
    };
    let v = rules.judge(AwardForm::BangKhenChuTichTinh, RecipientKind::Individual, 2026, &record);
    assert!(!v.eligible, "{v:?}");
}

#[test]
fn discipline_blocks_whatever_the_record() {
    let rules = RuleSet::shipped();
    let record = Record {
        awards: vec![
            award(2025, AwardForm::ChienSiThiDuaCoSo, AwardKind::CongTrang),
            award(2026, AwardForm::ChienSiThiDuaCoSo, AwardKind::CongTrang),
        ],
        blocked: Some("bị xem xét kỷ luật".into()),
        ..Record::default()
    };
    let v = rules.judge(AwardForm::BangKhenChuTichTinh, RecipientKind::Individual, 2026, &record);
    assert!(!v.eligible);
    assert!(v.summary.contains("đang bị xem xét kỷ luật"));
}

#[test]
fn a_form_without_a_standard_is_left_to_the_council() {
    let v = RuleSet::shipped().judge(
        AwardForm::GiayKhenChuTichXa,
        RecipientKind::Individual,
        2026,
        &Record::default(),
    );
    assert!(v.eligible && v.rule.is_none());
    assert!(v.summary.contains("Hội đồng xét theo thành tích"));
}

#[test]
fn a_rule_set_typed_wrong_names_the_line() {
    let err = RuleSet::parse("version = 2\neffective_from = \"2027-01-01\"\n[[rule]]\nform = \"giay_khen_huyen\"\n")
        .unwrap_err();
    assert!(err.starts_with("Bộ quy tắc, dòng 4:"), "{err}");
    let err = RuleSet::parse(
        "version = 2\neffective_from = \"2027-01-01\"\n[[rule]]\nform = \"co_thi_dua_tinh\"\nrecipient = \"individual\"\ntext = \"x\"\nany_of = [{ label = \"a\", all_of = [{ check = \"held\", form = \"co_thi_dua_tinh\" }] }]\n",
    )
    .unwrap_err();
    assert!(err.contains("không tặng cho cá nhân"), "{err}");
}

fn any_form() -> impl Strategy<Value = AwardForm> {
    prop::sample::select(AwardForm::ALL.to_vec())
}

fn any_kind() -> impl Strategy<Value = AwardKind> {
    prop::sample::select(AwardKind::ALL.to_vec())
}

fn any_rating() -> impl Strategy<Value = Rating> {
    prop::sample::select(Rating::ALL.to_vec())
}

prop_compose! {
    fn any_record()(
        awards in prop::collection::vec((2018..=2027i32, any_form(), any_kind()), 0..12),
        ratings in prop::collection::vec((2018..=2027i32, any_rating()), 0..10),
        usable in 0..4u32,
    ) -> Record {
        Record {
            awards: awards.into_iter().map(|(year, form, kind)| PastAward { year, form, kind }).collect(),
            ratings,
            blocked: None,
            usable_initiatives: usable,
        }
    }
}

proptest! {
    /// Đột xuất and chuyên đề awards never change a verdict.
    #[test]
    fn irregular_awards_never_change_the_verdict(
        record in any_record(),
        extra in prop::collection::vec((2018..=2027i32, any_form(), prop::sample::select(vec![AwardKind::DotXuat, AwardKind::ChuyenDe])), 1..6),
        form in any_form(),
    ) {
        let rules = RuleSet::shipped();
        let mut more = record.clone();
        more.awards.extend(extra.into_iter().map(|(year, form, kind)| PastAward { year, form, kind }));
        for recipient in RecipientKind::ALL {
            prop_assert_eq!(
                rules.judge(form, recipient, 2026, &record).eligible,
                rules.judge(form, recipient, 2026, &more).eligible
            );
        }
    }

    /// More regular titles, better ratings or more initiatives never make a nominee ineligible.
    #[test]
    fn a_better_record_never_loses_eligibility(
        record in any_record(),
        title in (2018..=2027i32, any_form()),
        rating in (2018..=2027i32, any_rating()),
        form in any_form(),
    ) {
        let rules = RuleSet::shipped();
        let mut better = record.clone();
        better.awards.push(PastAward { year: title.0, form: title.1, kind: AwardKind::CongTrang });
        better.ratings.push(rating);
        better.usable_initiatives += 1;
        for recipient in RecipientKind::ALL {
            if rules.judge(form, recipient, 2026, &record).eligible {
                prop_assert!(rules.judge(form, recipient, 2026, &better).eligible);
            }
        }
    }

    /// A blocked nominee is never eligible, and an ineligible verdict always says why.
    #[test]
    fn a_refusal_is_always_explained(record in any_record(), form in any_form(), blocked in any::<bool>()) {
        let rules = RuleSet::shipped();
        let mut record = record;
        if blocked {
            record.blocked = Some("bị điều tra".into());
        }
        for recipient in RecipientKind::ALL {
            let v = rules.judge(form, recipient, 2026, &record);
            if blocked {
                prop_assert!(!v.eligible);
            }
            if !v.eligible {
                prop_assert!(v.summary.starts_with("Không đủ điều kiện"));
                prop_assert!(v.summary.len() > "Không đủ điều kiện".len() + 10);
            }
        }
    }
}
