//! The two-step appraisal (thẩm định) of a nomination, and the council's decision after it.

use super::*;

/// Where a nomination is judged: the two appraisals, then the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppraisalStep {
    /// Thẩm định thành tích, by the officer for digital transformation.
    Achievements,
    /// Thẩm định hồ sơ, by the officer for emulation and commendation.
    Dossier,
    /// The council's vote, recorded by its secretary.
    Council,
}

impl AppraisalStep {
    /// The step as the last segment of its URL.
    pub fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "thanh-tich" => Some(Self::Achievements),
            "ho-so" => Some(Self::Dossier),
            "hoi-dong" => Some(Self::Council),
            _ => None,
        }
    }

    /// Who may take the step, the stage it starts from and the one it leads to.
    fn path(self) -> (Action, Stage, Stage) {
        match self {
            Self::Achievements => (Action::AppraiseAchievements, Stage::Submitted, Stage::AchievementOk),
            Self::Dossier => (Action::AppraiseDossiers, Stage::AchievementOk, Stage::DossierOk),
            Self::Council => (Action::RecordCouncil, Stage::DossierOk, Stage::Approved),
        }
    }
}

/// How the council's vote is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CouncilCount {
    /// The members voted in the system: those who voted are those present; the day is today.
    InSystem,
    /// A paper tally typed by the secretary; a number that is not one is `None` and is named
    /// back to them. `met_on` is the day as typed (ISO), empty for today.
    Paper {
        members: Option<u32>,
        present: Option<u32>,
        yes: Option<u32>,
        no: Option<u32>,
        met_on: String,
    },
}

/// What the appraiser decided on one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppraisalOutcome {
    /// The step is passed (at the council: approved, with its count).
    Pass(Option<CouncilCount>),
    /// Sent back to the unit; the reason tells it what to add.
    Return { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraisalCommand {
    pub step: AppraisalStep,
    pub outcome: AppraisalOutcome,
}

impl AppraisalCommand {
    /// The appraisal form (`verdict` = dat | tra-lai, `reason`, and at the council `source` =
    /// he-thong or the paper tally's `members`, `present`, `votes_for`, `votes_against`,
    /// `council_date`) for the step named in the URL.
    pub fn from_form(step: AppraisalStep, pairs: &[(String, String)]) -> Self {
        let number = |name: &str| value(pairs, name).parse::<u32>().ok();
        let outcome = if value(pairs, "verdict") == "tra-lai" {
            AppraisalOutcome::Return {
                reason: value(pairs, "reason"),
            }
        } else if step != AppraisalStep::Council {
            AppraisalOutcome::Pass(None)
        } else if value(pairs, "source") == "he-thong" {
            AppraisalOutcome::Pass(Some(CouncilCount::InSystem))
        } else {
            AppraisalOutcome::Pass(Some(CouncilCount::Paper {
                members: number("members"),
                present: number("present"),
                yes: number("votes_for"),
                no: number("votes_against"),
                met_on: value(pairs, "council_date"),
            }))
        };
        Self { step, outcome }
    }
}

impl App {
    /// One appraisal step on a nomination: passed, or returned to the unit with the reason;
    /// the council's step records the count, judged against the commune's quorum and majority.
    pub async fn appraise_nomination(&self, ctx: &Ctx, tenant: &str, id: i64, cmd: &AppraisalCommand) -> Result<()> {
        let (action, from, to) = cmd.step.path();
        let scope = self.authorize(ctx, action, tenant, None).await?;
        let row = scope.nomination(id).await?.ok_or_else(not_found)?;
        if row.status != from {
            return Err(AppError::Invalid(format!(
                "Đề nghị đang ở bước «{}», không ở bước này nữa.",
                row.status.label()
            )));
        }
        let count = match &cmd.outcome {
            AppraisalOutcome::Return { reason } => {
                if reason.is_empty() {
                    return Err(field("reason", "Lý do trả lại: cần ghi để đơn vị biết bổ sung gì."));
                }
                if !scope.return_nomination(id, reason, false).await? {
                    return Err(AppError::Invalid("Đề nghị đã được xử lý bởi người khác.".into()));
                }
                self.announce(tenant, id).await;
                return Ok(());
            }
            AppraisalOutcome::Pass(count) => count,
        };
        let settings = self.commendation_settings_of(&scope).await?;
        // (present, yes, no) and the day the council met.
        let (votes, council_date) = match (to, count) {
            (Stage::Approved, Some(CouncilCount::InSystem)) => {
                let tally = self.tally_of(&scope, row.occasion_id, id).await?;
                if tally.voted() == 0 {
                    return Err(field(
                        "votes_for",
                        "Chưa có thành viên Hội đồng nào biểu quyết trên hệ thống.",
                    ));
                }
                settings
                    .council
                    .judge(tally.members, tally.voted(), tally.yes, tally.no)
                    .map_err(|m| field("votes_for", m))?;
                (
                    Some((i64::from(tally.voted()), i64::from(tally.yes), i64::from(tally.no))),
                    today().to_string(),
                )
            }
            (
                Stage::Approved,
                Some(CouncilCount::Paper {
                    members,
                    present,
                    yes,
                    no,
                    met_on,
                }),
            ) => {
                let number = |n: Option<u32>, name: &str, label: &str| -> Result<u32> {
                    n.ok_or_else(|| field(name, format!("{label}: nhập số người.")))
                };
                let members = number(*members, "members", "Tổng số thành viên Hội đồng")?;
                let present = number(*present, "present", "Số thành viên dự họp")?;
                let yes = number(*yes, "votes_for", "Số phiếu đồng ý")?;
                let no = number(*no, "votes_against", "Số phiếu không đồng ý")?;
                settings
                    .council
                    .judge(members, present, yes, no)
                    .map_err(|m| field("votes_for", m))?;
                (
                    Some((i64::from(present), i64::from(yes), i64::from(no))),
                    council_date(met_on, &row)?.to_string(),
                )
            }
            (Stage::Approved, None) => {
                return Err(field("votes_for", "Kết quả biểu quyết của Hội đồng: cần ghi số phiếu."));
            }
            _ => (None, String::new()),
        };
        let due = if to == Stage::Approved {
            String::new()
        } else {
            add_working_days(today(), settings.step_days).to_string()
        };
        if !scope
            .advance_nomination(id, from.code(), to.code(), &due, votes, &council_date)
            .await?
        {
            return Err(AppError::Invalid("Đề nghị đã được xử lý bởi người khác.".into()));
        }
        self.announce(tenant, id).await;
        Ok(())
    }
}
