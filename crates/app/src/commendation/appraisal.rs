//! The two-step appraisal (thẩm định) of a nomination.

use super::*;

impl App {
    /// One appraisal step on a nomination: `step` = thanh-tich | ho-so | hoi-dong, `verdict` =
    /// dat | tra-lai (with `reason`); the council step records the tally.
    pub async fn appraise_nomination(
        &self,
        ctx: &Ctx,
        tenant: &str,
        id: i64,
        pairs: &[(String, String)],
    ) -> Result<()> {
        let step = value(pairs, "step");
        let (action, from, to) = match step.as_str() {
            "thanh-tich" => (Action::AppraiseAchievements, Stage::Submitted, Stage::AchievementOk),
            "ho-so" => (Action::AppraiseDossiers, Stage::AchievementOk, Stage::DossierOk),
            "hoi-dong" => (Action::RecordCouncil, Stage::DossierOk, Stage::Approved),
            _ => return Err(AppError::Invalid("Bước thẩm định không hợp lệ.".into())),
        };
        let scope = self.authorize(ctx, action, tenant, None).await?;
        let row = scope.nomination(id).await?.ok_or_else(not_found)?;
        if row.status != from.code() {
            return Err(AppError::Invalid(format!(
                "Đề nghị đang ở bước «{}», không ở bước này nữa.",
                row.stage()?.label()
            )));
        }
        if value(pairs, "verdict") == "tra-lai" {
            let reason = value(pairs, "reason");
            if reason.is_empty() {
                return Err(field("reason", "Lý do trả lại: cần ghi để đơn vị biết bổ sung gì."));
            }
            if !scope.return_nomination(id, &reason, false).await? {
                return Err(AppError::Invalid("Đề nghị đã được xử lý bởi người khác.".into()));
            }
            self.announce(tenant, id).await;
            return Ok(());
        }
        let settings = self.commendation_settings_of(&scope).await?;
        let votes = if to == Stage::Approved && value(pairs, "source") == "he-thong" {
            // The members' own votes in the system: those who voted are those present.
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
            Some((i64::from(tally.voted()), i64::from(tally.yes), i64::from(tally.no)))
        } else if to == Stage::Approved {
            let number = |name: &str, label: &str| -> Result<u32> {
                value(pairs, name)
                    .parse::<u32>()
                    .map_err(|_| field(name, format!("{label}: nhập số người.")))
            };
            let members = number("members", "Tổng số thành viên Hội đồng")?;
            let present = number("present", "Số thành viên dự họp")?;
            let yes = number("votes_for", "Số phiếu đồng ý")?;
            let no = number("votes_against", "Số phiếu không đồng ý")?;
            settings
                .council
                .judge(members, present, yes, no)
                .map_err(|m| field("votes_for", m))?;
            Some((i64::from(present), i64::from(yes), i64::from(no)))
        } else {
            None
        };
        let due = if to == Stage::Approved {
            String::new()
        } else {
            add_working_days(today(), settings.step_days).to_string()
        };
        // The day the council met: typed with a paper tally, today when the vote is closed here.
        let council_date = match (to, value(pairs, "source").as_str()) {
            (Stage::Approved, "he-thong") => today().to_string(),
            (Stage::Approved, _) => council_date(&value(pairs, "council_date"), &row)?.to_string(),
            _ => String::new(),
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
