//! What a recognised initiative is used for, and where it spreads (nhân rộng).

use super::*;

/// A new place of replication, or a milestone of one already followed (`replication`, its id
/// as the form sent it), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicationCommand {
    pub replication: String,
    pub place: String,
    pub on_date: String,
    /// Percent, as typed ("40" or "40%").
    pub progress: String,
    pub note: String,
    pub evidence: String,
}

impl ReplicationCommand {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            replication: value(pairs, "replication"),
            place: value(pairs, "place"),
            on_date: value(pairs, "on_date"),
            progress: value(pairs, "progress"),
            note: value(pairs, "note"),
            evidence: value(pairs, "evidence"),
        }
    }
}

impl App {
    /// Records the one commendation or title the initiative supports; a second use is refused.
    pub async fn use_initiative(&self, ctx: &Ctx, tenant: &str, id: i64, purpose: &str) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let purpose = thidua_domain::text::nfc(purpose.trim());
        if purpose.is_empty() {
            return Err(field("used_for", "Hình thức khen thưởng: chưa nhập."));
        }
        let title = scope.initiative(id).await?.map(|r| r.title).unwrap_or_default();
        match scope.use_initiative(id, &purpose).await? {
            Ok(()) => Ok(()),
            Err(UseRefused::AlreadyUsed(earlier)) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» đã được dùng làm căn cứ cho «{earlier}». Mỗi sáng kiến chỉ được dùng cho một lần khen thưởng."
            ))),
            Err(UseRefused::HeldBy(nomination)) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» đang là căn cứ của đề nghị khen thưởng số {nomination} chưa có kết quả; chỉ ghi được khi đề nghị đó bị trả lại hoặc rút."
            ))),
            Err(UseRefused::NotRecognised) => Err(AppError::Invalid(format!(
                "Sáng kiến «{title}» chưa được công nhận nên chưa dùng làm căn cứ khen thưởng được."
            ))),
            Err(UseRefused::NotFound) => Err(not_found()),
        }
    }

    /// A new place of replication or a milestone of an existing one: its date, progress
    /// (0–100%), what was done and the evidence.
    pub async fn record_replication(&self, ctx: &Ctx, tenant: &str, id: i64, cmd: &ReplicationCommand) -> Result<()> {
        let scope = self.authorize(ctx, Action::DecideInitiatives, tenant, None).await?;
        let mut errors = Vec::new();
        let mut error = |f: &str, m: String| {
            errors.push(FieldError {
                field: f.into(),
                message: m,
            })
        };
        let on_date = cmd.on_date.clone();
        if parse_iso_date(&on_date).is_none() {
            error("on_date", format!("Ngày: không đọc được «{on_date}»."));
        }
        let raw = &cmd.progress;
        let progress = match raw.trim_end_matches('%').trim().parse::<i64>() {
            Ok(p) if (0..=100).contains(&p) => p,
            _ => {
                error(
                    "progress",
                    format!("Tiến độ: số phần trăm từ 0 đến 100 (đã nhập «{raw}»)."),
                );
                0
            }
        };
        let milestone = NewMilestone {
            on_date,
            progress,
            note: cmd.note.clone(),
            evidence: cmd.evidence.clone(),
        };
        if milestone.note.chars().count() > 2000 || milestone.evidence.chars().count() > 2000 {
            error("note", "Nội dung, minh chứng: dài quá 2000 ký tự.".into());
        }
        let (replication, place) = (&cmd.replication, &cmd.place);
        if replication.is_empty() && place.is_empty() {
            error("place", "Nơi áp dụng: chưa nhập đơn vị hoặc xã áp dụng.".into());
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
        if replication.is_empty() {
            scope
                .add_replication(id, place, &milestone)
                .await?
                .ok_or_else(|| AppError::Invalid("Chỉ theo dõi nhân rộng sáng kiến đã được công nhận.".into()))?;
        } else {
            let rid: i64 = replication.parse().map_err(|_| not_found())?;
            let ours = scope.replications(Some(id)).await?.iter().any(|r| r.id == rid);
            if !ours || !scope.add_milestone(rid, &milestone).await? {
                return Err(AppError::NotFound("Không có nơi nhân rộng này.".into()));
            }
        }
        Ok(())
    }

    /// Every replication of the commune, for the standing office.
    pub async fn all_replications(&self, ctx: &Ctx, tenant: &str) -> Result<Vec<ReplicationRow>> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        Ok(scope.replications(None).await?)
    }
}
