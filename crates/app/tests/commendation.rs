//! The commendation rules as use cases, called with typed commands and no HTTP: a quota that
//! is full, a nominee who is not eligible, a council without quorum or majority, and the
//! reward money for each kind of recipient. Phú Tân's demo data, on a fresh SQLite database.

use thidua_app::commendation::{
    AppraisalCommand, AppraisalOutcome, AppraisalStep, CouncilCount, HistoryCommand, HistoryFact, MeetingText,
    NominationCommand, OpenOccasionCommand, SignCommand, Signer,
};
use thidua_app::demo::DEMO_PASSWORD;
use thidua_app::{App, AppError, Ctx, Origin};
use thidua_domain::awards::{AwardForm, Occasion};
use thidua_domain::commendation::eligibility::AwardKind;
use thidua_domain::commendation::money::RecipientKind;
use thidua_domain::commendation::nomination::Stage;
use thidua_store::testing::TestDb;

const PHU_TAN: &str = "30406";

struct Commune {
    app: App,
    db: TestDb,
    occasion: i64,
    /// Thôn Đông, and its head.
    village: i64,
    head: Ctx,
}

fn origin() -> Origin {
    Origin {
        request_id: "test".into(),
        client_addr: "127.0.0.1".into(),
        user_agent: "use-case test".into(),
    }
}

async fn sign_in(app: &App, username: &str) -> Ctx {
    let session = app
        .login(username, DEMO_PASSWORD, None, &origin())
        .await
        .unwrap_or_else(|e| panic!("{username}: {e:?}"));
    app.session_ctx(&session.cookie, &origin()).await.unwrap().unwrap()
}

/// Phú Tân with its 2026 occasion open, as the standing officer opens it.
async fn phu_tan() -> Commune {
    let db = TestDb::sqlite();
    let app = App::open(&db.url).await.unwrap();
    app.load_demo().await.unwrap();
    app.load_seed_plans().await.unwrap();
    let officer = sign_in(&app, "phutan.vhxh").await;
    let occasion = app
        .open_occasion(
            &officer,
            PHU_TAN,
            &OpenOccasionCommand {
                kind: Some(Occasion::Annual),
                year: Some(2026),
                title: String::new(),
            },
        )
        .await
        .unwrap();
    let head = sign_in(&app, "phutan.thondong").await;
    let village = head.grants.units_in(PHU_TAN)[0];
    Commune {
        app,
        db,
        occasion,
        village,
        head,
    }
}

impl Commune {
    /// The village's people, by name.
    async fn person(&self, name: &str) -> i64 {
        let view = self
            .app
            .new_nomination(&self.head, PHU_TAN, self.village, self.occasion)
            .await
            .unwrap();
        view.people.iter().find(|p| p.full_name == name).unwrap().id
    }

    /// A nomination the village's meeting agreed on, sent for appraisal.
    fn sent(&self, form: AwardForm, recipient: RecipientKind) -> NominationCommand {
        NominationCommand {
            form: Some(form),
            recipient: Some(recipient),
            achievements: "Vận động 120 hộ dân cài đặt và kích hoạt VNeID mức 2".into(),
            report: "Báo cáo thành tích năm 2026.".into(),
            meeting: MeetingText {
                date: "2026-11-10".into(),
                chair: "Nguyễn Văn Tư".into(),
                members: "9".into(),
                present: "8".into(),
                votes_for: "8".into(),
                votes_against: "0".into(),
            },
            submit: true,
            ..NominationCommand::default()
        }
    }

    async fn individual(&self, form: AwardForm, name: &str) -> NominationCommand {
        NominationCommand {
            person: Some(self.person(name).await),
            ..self.sent(form, RecipientKind::Individual)
        }
    }

    async fn stage_of(&self, id: i64) -> Stage {
        self.app
            .nomination_view(&self.head, PHU_TAN, self.village, self.occasion, id)
            .await
            .unwrap()
            .stage
    }

    async fn save(&self, cmd: &NominationCommand) -> Result<thidua_app::commendation::Saved, AppError> {
        self.app
            .save_nomination(&self.head, PHU_TAN, self.village, self.occasion, 0, cmd)
            .await
    }

    /// Both appraisals passed, and the council's paper tally recorded.
    async fn through_the_council(&self, id: i64, count: CouncilCount) -> Result<(), AppError> {
        let cds = sign_in(&self.app, "phutan.cds").await;
        let tdkt = sign_in(&self.app, "phutan.tdkt").await;
        for (who, step) in [(&cds, AppraisalStep::Achievements), (&tdkt, AppraisalStep::Dossier)] {
            let pass = AppraisalCommand {
                step,
                outcome: AppraisalOutcome::Pass(None),
            };
            self.app.appraise_nomination(who, PHU_TAN, id, &pass).await.unwrap();
        }
        let council = AppraisalCommand {
            step: AppraisalStep::Council,
            outcome: AppraisalOutcome::Pass(Some(count)),
        };
        self.app.appraise_nomination(&tdkt, PHU_TAN, id, &council).await
    }
}

fn paper(members: u32, present: u32, yes: u32, no: u32) -> CouncilCount {
    CouncilCount::Paper {
        members: Some(members),
        present: Some(present),
        yes: Some(yes),
        no: Some(no),
        met_on: String::new(),
    }
}

/// The message of the one field error a refusal carries.
fn refusal(e: &AppError, field: &str) -> String {
    match e {
        AppError::Fields(errors) => errors
            .iter()
            .find(|f| f.field == field)
            .unwrap_or_else(|| panic!("no error on «{field}»: {errors:?}"))
            .message
            .clone(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn the_fifth_individual_giay_khen_is_refused_for_quota_and_kept_as_a_draft() {
    let c = phu_tan().await;
    for name in ["Trần Văn Ba", "Lê Thị Hoa", "Nguyễn Văn Cường", "Phạm Thị Dung"] {
        let saved = c
            .save(&c.individual(AwardForm::GiayKhenChuTichXa, name).await)
            .await
            .unwrap();
        assert!(saved.refused.is_none(), "{name}: {:?}", saved.refused);
    }
    let fifth = c
        .save(&c.individual(AwardForm::GiayKhenChuTichXa, "Võ Văn Em").await)
        .await
        .unwrap();
    let why = refusal(fifth.refused.as_ref().expect("the quota is full"), "form");
    assert!(
        why.starts_with("Đã hết chỉ tiêu: Giấy khen của Chủ tịch Ủy ban nhân dân xã cho cá nhân tối đa 4"),
        "{why}"
    );
    let view = c
        .app
        .nomination_view(&c.head, PHU_TAN, c.village, c.occasion, fifth.id)
        .await
        .unwrap();
    assert_eq!(view.stage, Stage::Draft, "kept, not sent");
    let quota = view
        .quotas
        .iter()
        .find(|q| q.form == "giay_khen_chu_tich_xa" && q.recipient == "individual")
        .unwrap();
    assert_eq!((quota.used, quota.cap), (4, 4));
    c.db.drop_db().await;
}

#[tokio::test]
async fn a_bang_khen_tinh_needs_two_grassroots_titles_on_record() {
    let c = phu_tan().await;
    let cmd = c.individual(AwardForm::BangKhenChuTichTinh, "Đặng Thị Giang").await;
    let e = c.save(&cmd).await.unwrap_err();
    let why = refusal(&e, "form");
    assert!(
        why.contains("cần danh hiệu Chiến sĩ thi đua cơ sở 2 năm liên tục (2025, 2026), còn thiếu năm 2025, 2026"),
        "{why}"
    );
    let unit = c.app.unit_commendation(&c.head, PHU_TAN, c.village).await.unwrap();
    assert!(
        unit.occasions.iter().all(|(_, nominations)| nominations.is_empty()),
        "an ineligible nomination writes nothing"
    );
    // The dossier officer records the two titles; the same nomination then goes through.
    let tdkt = sign_in(&c.app, "phutan.tdkt").await;
    for year in [2025, 2026] {
        let fact = HistoryCommand {
            recipient: Some(RecipientKind::Individual),
            subject: cmd.person,
            year: Some(year),
            fact: Some(HistoryFact::Award {
                form: Some(AwardForm::ChienSiThiDuaCoSo),
                kind: Some(AwardKind::CongTrang),
                decision_no: "05/QĐ-UBND".into(),
                decision_date: String::new(),
            }),
        };
        c.app.record_history(&tdkt, PHU_TAN, &fact).await.unwrap();
    }
    let saved = c.save(&cmd).await.unwrap();
    assert!(saved.refused.is_none(), "{:?}", saved.refused);
    c.db.drop_db().await;
}

#[tokio::test]
async fn the_council_approves_only_with_quorum_and_majority() {
    let c = phu_tan().await;
    let saved = c
        .save(&c.individual(AwardForm::GiayKhenChuTichXa, "Trần Văn Ba").await)
        .await
        .unwrap();
    // Four of nine is not more than half: no quorum.
    let e = c.through_the_council(saved.id, paper(9, 4, 4, 0)).await.unwrap_err();
    assert_eq!(
        refusal(&e, "votes_for"),
        "Hội đồng chưa đủ số thành viên dự họp: 4/9, cần trên 50%."
    );
    let tdkt = sign_in(&c.app, "phutan.tdkt").await;
    let again = |count| AppraisalCommand {
        step: AppraisalStep::Council,
        outcome: AppraisalOutcome::Pass(Some(count)),
    };
    // Four of seven present in favour is under 70%.
    let e = c
        .app
        .appraise_nomination(&tdkt, PHU_TAN, saved.id, &again(paper(9, 7, 4, 3)))
        .await
        .unwrap_err();
    assert!(refusal(&e, "votes_for").starts_with("Chưa đủ tỷ lệ đồng ý: 4/7"));
    assert_eq!(c.stage_of(saved.id).await, Stage::DossierOk, "nothing moved");
    // A number the secretary left out is named.
    let missing = CouncilCount::Paper {
        members: Some(9),
        present: None,
        yes: Some(6),
        no: Some(1),
        met_on: String::new(),
    };
    let e = c
        .app
        .appraise_nomination(&tdkt, PHU_TAN, saved.id, &again(missing))
        .await
        .unwrap_err();
    assert_eq!(refusal(&e, "present"), "Số thành viên dự họp: nhập số người.");
    c.app
        .appraise_nomination(&tdkt, PHU_TAN, saved.id, &again(paper(9, 7, 6, 1)))
        .await
        .unwrap();
    let approved = c
        .app
        .nomination_view(&c.head, PHU_TAN, c.village, c.occasion, saved.id)
        .await
        .unwrap();
    assert_eq!(approved.stage, Stage::Approved);
    let row = approved.row.unwrap();
    assert_eq!((row.members_present, row.votes_for, row.votes_against), (7, 6, 1));
    c.db.drop_db().await;
}

#[tokio::test]
async fn reward_money_follows_the_kind_of_recipient() {
    let c = phu_tan().await;
    let person = c
        .save(&c.individual(AwardForm::GiayKhenChuTichXa, "Lê Thị Hoa").await)
        .await
        .unwrap();
    let collective = c
        .save(&NominationCommand {
            collective: Some(c.village),
            ..c.sent(AwardForm::GiayKhenChuTichXa, RecipientKind::Collective)
        })
        .await
        .unwrap();
    let household = c
        .save(&NominationCommand {
            household: "Hộ ông Nguyễn Văn Sáu, Thôn Đông".into(),
            ..c.sent(AwardForm::GiayKhenChuTichXa, RecipientKind::Household)
        })
        .await
        .unwrap();
    for saved in [&person, &collective, &household] {
        assert!(saved.refused.is_none(), "{:?}", saved.refused);
        c.through_the_council(saved.id, paper(9, 7, 7, 0)).await.unwrap();
    }
    let chairman = sign_in(&c.app, "phutan.chutich").await;
    let sign = SignCommand {
        form: Some(AwardForm::GiayKhenChuTichXa),
        date: Some(thidua_domain::calendar::today_in_vietnam(
            time::OffsetDateTime::now_utc(),
        )),
        signer_name: "Nguyễn Văn Chủ".into(),
        signer: Signer::Chairman,
    };
    let id = c
        .app
        .sign_decision(&chairman, PHU_TAN, c.occasion, &sign)
        .await
        .unwrap();
    let decision = c.app.decision_view(&chairman, PHU_TAN, id).await.unwrap();
    // Nghị định 152/2025: 0,3 × the base salary of 2.340.000 đồng for a person (702.000); a
    // collective twice that (1.404.000), a household one and a half times (1.053.000); each
    // rounded up to the ten thousand đồng.
    let amount = |kind: RecipientKind| {
        decision
            .body
            .lines
            .iter()
            .find(|l| l.recipient == kind)
            .unwrap_or_else(|| panic!("{kind:?} in {:?}", decision.body.lines))
            .amount
    };
    assert_eq!(amount(RecipientKind::Individual), 710_000);
    assert_eq!(amount(RecipientKind::Collective), 1_410_000);
    assert_eq!(amount(RecipientKind::Household), 1_060_000);
    assert_eq!(decision.row.total, 710_000 + 1_410_000 + 1_060_000);
    // The collective comes first, as the law gives it precedence in the list.
    assert_eq!(decision.body.lines[0].recipient, RecipientKind::Collective);
    c.db.drop_db().await;
}

/// The money a decision pays was computed on the tables in force on the day it was signed: a
/// number given on a day under a new base salary would print money the decision does not pay,
/// so the văn thư is refused with the amounts named, and a day under the old tables is taken.
#[tokio::test]
async fn registration_refuses_a_date_under_other_reward_tables() {
    use sqlx::Connection;
    let c = phu_tan().await;
    let saved = c
        .save(&c.individual(AwardForm::GiayKhenChuTichXa, "Lê Thị Hoa").await)
        .await
        .unwrap();
    // The unit sent it on 12/11/2026, as time passing would have it.
    sqlx::any::install_default_drivers();
    let mut raw = sqlx::AnyConnection::connect(&c.db.url).await.unwrap();
    let sent = time::macros::datetime!(2026-11-12 03:00 UTC).unix_timestamp();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE nominations SET submitted_at = {sent} WHERE id = {}",
        saved.id
    )))
    .execute(&mut raw)
    .await
    .unwrap();
    raw.close().await.ok();
    let met = CouncilCount::Paper {
        members: Some(9),
        present: Some(7),
        yes: Some(7),
        no: Some(0),
        met_on: "2026-11-13".into(),
    };
    c.through_the_council(saved.id, met).await.unwrap();
    let chairman = sign_in(&c.app, "phutan.chutich").await;
    let sign = SignCommand {
        form: Some(AwardForm::GiayKhenChuTichXa),
        date: Some(time::macros::date!(2026 - 11 - 14)),
        signer_name: "Nguyễn Văn Chủ".into(),
        signer: Signer::Chairman,
    };
    c.app
        .sign_decision(&chairman, PHU_TAN, c.occasion, &sign)
        .await
        .unwrap();
    // A new base salary from 20/11/2026.
    let operator = sign_in(&c.app, "admin").await;
    let raised = thidua_domain::commendation::money::LegalValue {
        table: thidua_domain::commendation::money::LegalTable::BaseSalary,
        key: String::new(),
        value: 2_530_000,
        effective_from: "2026-11-20".into(),
        source: "Mức giả định cho kiểm thử".into(),
        confidence: "U".into(),
    };
    c.app.add_legal_value(&operator, &raised).await.unwrap();
    let clerk = sign_in(&c.app, "phutan.vanthu").await;
    let register = c.app.register_view(&clerk, PHU_TAN, Some(2026)).await.unwrap();
    let entry = register.awaiting[0].entry.id;
    let on = |date: &str| thidua_app::register::RegisterCommand::parse(entry, "12", date).unwrap();
    let e = c
        .app
        .register_document(&clerk, PHU_TAN, on("2026-11-25"))
        .await
        .unwrap_err();
    assert_eq!(
        refusal(&e, "date"),
        "Ngày 25/11/2026 áp dụng mức lương cơ sở 2.530.000 đồng, khác mức 2.340.000 đồng quyết định đã tính khi ký: \
         tiền thưởng của Lê Thị Hoa sẽ là 760.000 đồng thay vì 710.000 đồng. Hãy chọn ngày ban hành còn áp dụng mức cũ."
    );
    let view = c.app.register_view(&clerk, PHU_TAN, Some(2026)).await.unwrap();
    assert_eq!(view.awaiting.len(), 1, "nothing was numbered");
    let registered = c
        .app
        .register_document(&clerk, PHU_TAN, on("2026-11-16"))
        .await
        .unwrap();
    assert_eq!(registered.registered.unwrap().number, 12);
    c.db.drop_db().await;
}

/// An initiative sent for appraisal reaches those who score it, and its result reaches the unit
/// that sent it (issue #18): each as a notice with the link to the initiative.
#[tokio::test]
async fn an_initiative_reaches_its_reviewers_and_its_result_reaches_the_unit() {
    use thidua_app::initiatives::{DecideCommand, Intent};
    use thidua_domain::initiative::InitiativeDraft;
    let c = phu_tan().await;
    let view = c.app.new_initiative(&c.head, PHU_TAN, c.village).await.unwrap();
    let mut authors = vec![(String::new(), String::new(), String::new()); 20];
    authors[0] = ("Nguyễn Văn An".into(), "Thôn Đông".into(), "100".into());
    let draft = InitiativeDraft {
        kind: "sang_kien".into(),
        title: "Sổ tay thôn trên Zalo cho người cao tuổi".into(),
        area: view.plan.plan.content_areas[0].code.clone(),
        problem: "Người cao tuổi không tra được thủ tục.".into(),
        novelty: "Một trang hỏi đáp bằng giọng nói.".into(),
        benefits: "120 lượt hỏi mỗi tháng.".into(),
        summary: "Sổ tay thủ tục hành chính đọc thành tiếng.".into(),
        difference: "Đọc thành tiếng, không cần gõ chữ.".into(),
        authors,
        ..InitiativeDraft::default()
    };
    let (id, sent) = c
        .app
        .save_initiative(&c.head, PHU_TAN, c.village, 0, &draft, Intent::Submit)
        .await
        .unwrap();
    assert!(sent, "sent for appraisal");
    let link = format!("/quan-tri/{PHU_TAN}/don-vi/{}/sang-kien/{id}", c.village);
    for reviewer in ["phutan.hoidong", "phutan.cds"] {
        let ctx = sign_in(&c.app, reviewer).await;
        let notices = c.app.notifications(&ctx).await.unwrap();
        assert!(
            notices.iter().any(|n| n.text
                == "Sáng kiến «Sổ tay thôn trên Zalo cho người cao tuổi» của Thôn Đông chờ bạn chấm điểm."
                && n.link == link),
            "{reviewer}: {notices:?}"
        );
    }
    let chairman = sign_in(&c.app, "phutan.chutich").await;
    let decide = DecideCommand {
        recognised: Some(true),
        decision_no: "21/QĐ-UBND".into(),
        decision_date: thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).to_string(),
        ..DecideCommand::default()
    };
    assert_eq!(
        c.app
            .decide_initiatives(&chairman, PHU_TAN, &[id], &decide)
            .await
            .unwrap(),
        1
    );
    let notices = c.app.notifications(&c.head).await.unwrap();
    assert!(
        notices.iter().any(|n| n.text
            == "Sáng kiến «Sổ tay thôn trên Zalo cho người cao tuổi» đã được công nhận theo Quyết định số 21/QĐ-UBND."
            && n.link == link),
        "{notices:?}"
    );
    c.db.drop_db().await;
}
